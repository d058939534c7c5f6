"""Production's security settings and the headers every page carries.

`check --deploy` runs in a process of its own with the production settings, as a deployment
would run it; the headers are checked on the site, the admin, the admin's page preview and the
JSON API.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory, override_settings

from alor.settings.base import proxy_ssl_header
from kb.models import ArticlePage

BASE_DIR = Path(__file__).resolve().parent.parent


def production_env(tmp_path, **extra):
    """The environment a deployment gives the production settings, and nothing of this one's
    Django or Sentry configuration."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SENTRY_"))}
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="alor.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ALLOWED_HOSTS="kunnskap.example.no",
        **extra,
    )
    return env


def manage(env, *args):
    return subprocess.run(  # noqa: S603 - our own manage.py, our own arguments
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_check_deploy_finds_nothing_with_the_production_settings(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_when_https_is_turned_off(tmp_path):
    env = production_env(tmp_path, SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0")
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout
    assert "security.W008" in result.stderr + result.stdout


PRODUCTION_VALUES = (
    "SECURE_SSL_REDIRECT", "SECURE_REDIRECT_EXEMPT", "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "LANGUAGE_COOKIE_SECURE", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
)  # fmt: skip


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """The production settings' values, as a deployment's process reads them (in a process of
    its own: importing them here would change the settings this one runs with)."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {PRODUCTION_VALUES!r}}}))"
    )
    result = subprocess.run(  # noqa: S603 - our own code, our own arguments
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=production_env(tmp_path_factory.mktemp("production")),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return SimpleNamespace(**values)


def test_the_proxy_header_is_read_from_the_environment(production):
    assert production.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert proxy_ssl_header("X-Forwarded-Scheme: https") == ("HTTP_X_FORWARDED_SCHEME", "https")
    assert proxy_ssl_header("") is None
    with pytest.raises(ImproperlyConfigured):
        proxy_ssl_header("X-Forwarded-Proto")


def test_every_cookie_is_secure_in_production(production):
    assert production.SESSION_COOKIE_SECURE is True
    assert production.CSRF_COOKIE_SECURE is True
    assert production.LANGUAGE_COOKIE_SECURE is True


@pytest.mark.django_db
def test_plain_http_is_redirected_except_the_health_checks(production, tree):
    with override_settings(
        SECURE_SSL_REDIRECT=production.SECURE_SSL_REDIRECT,
        SECURE_REDIRECT_EXEMPT=production.SECURE_REDIRECT_EXEMPT,
        SECURE_PROXY_SSL_HEADER=production.SECURE_PROXY_SSL_HEADER,
        SECURE_HSTS_SECONDS=production.SECURE_HSTS_SECONDS,
        SECURE_HSTS_INCLUDE_SUBDOMAINS=production.SECURE_HSTS_INCLUDE_SUBDOMAINS,
        SECURE_HSTS_PRELOAD=production.SECURE_HSTS_PRELOAD,
    ):
        client = Client()
        response = client.get("/kunnskap/")
        assert response.status_code == 301
        assert response["Location"] == "https://testserver/kunnskap/"
        for health in ("/health/", "/ready/"):
            assert client.get(health).status_code != 301, health
        # Behind the proxy, which says the visitor came over HTTPS.
        secure = client.get("/kunnskap/", headers={"X-Forwarded-Proto": "https"})
        assert secure.status_code == 200
        assert secure["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )


@pytest.mark.django_db
def test_the_language_cookie_is_secure_same_site_and_hidden_from_scripts(production):
    with override_settings(LANGUAGE_COOKIE_SECURE=production.LANGUAGE_COOKIE_SECURE):
        response = Client().post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True


def _directives(header):
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.django_db
def test_site_pages_allow_only_their_own_scripts_and_styles(client, tree):
    for url in (tree.home.url, tree.knowledge.url, "/search/?q=rus", "/finnes-ikke/"):
        response = client.get(url)
        policy = _directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"], url
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_admin_may_run_its_inline_scripts_and_nothing_from_elsewhere(client, superuser):
    login = client.get("/admin/login/")
    client.force_login(superuser)
    for response in (login, client.get("/admin/"), client.get("/django-admin/")):
        policy = _directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert not any("http" in value for values in policy.values() for value in values)


@pytest.mark.django_db
def test_the_preview_is_held_to_the_site_policy_and_may_be_framed_by_the_admin(tree, superuser):
    article = tree.knowledge.add_child(
        instance=ArticlePage(title="Forhåndsvist", slug="forhandsvist", intro="Ingress.")
    )
    request = RequestFactory().get(f"/admin/pages/{article.pk}/edit/preview/")
    request.user = superuser
    response = article.make_preview_request(request)
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]


@pytest.mark.django_db
def test_json_and_files_carry_no_policy(client, tree):
    response = client.get("/api/search/", {"q": "rus"})
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    assert response["X-Content-Type-Options"] == "nosniff"


# An inline script or style, or a style or event-handler attribute, which the site's policy
# blocks. Templates of the admin (they extend Wagtail's) run under the admin's policy.
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def test_the_site_templates_have_nothing_inline_the_policy_would_block():
    offenders = []
    for path in sorted((BASE_DIR / "templates").rglob("*.html")):
        text = path.read_text()
        relative = path.relative_to(BASE_DIR / "templates")
        if relative.parts[0].startswith("wagtail") or '{% extends "wagtailadmin/' in text:
            continue
        offenders += [f"{relative}: {match.group(0)}" for match in INLINE.finditer(text)]
    assert offenders == []
