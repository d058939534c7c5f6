"""Load for tests/test_writes.py: one role per process, on the SQLite file in DATABASE_URL.

    python -m tests.write_load setup
    python -m tests.write_load search STOP_FILE
    python -m tests.write_load publish PAGE_ID [PAGE_ID ...]
    python -m tests.write_load bulk PAGE_ID [PAGE_ID ...]

Each role prints one JSON line with what it did, so the test can add it up. Searches go
through the site (the search page and the API, as a visitor would), publishes through
Wagtail's own publish and the admin's bulk publish, so every write a real request makes is
made here too.
"""

import json
import os
import sys
import time

SEARCH_WORDS = ["sykefravær", "alkohol", "arbeidsliv", "rus", "pårørende", "ledelse"]
MAX_SEARCH_SECONDS = 45


def setup():
    """The site tree, the articles the publishers publish, and an admin for the bulk publish."""
    import datetime

    from django.contrib.auth import get_user_model
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage
    from kb.models import ArticlePage, KnowledgeIndexPage

    locale, _ = Locale.objects.get_or_create(language_code="nb")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="alor", slug="alor-home", locale=locale))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    knowledge = home.add_child(instance=KnowledgeIndexPage(title="Kunnskap", slug="kunnskap"))
    ids = []
    for n in range(int(os.environ.get("ALOR_LOAD_PAGES", "30"))):
        word = SEARCH_WORDS[n % len(SEARCH_WORDS)]
        page = knowledge.add_child(
            instance=ArticlePage(
                title=f"Artikkel {n} om {word}",
                slug=f"artikkel-{n}",
                intro=f"Om {word} i arbeidslivet.",
                date=datetime.date(2025, 1, 1),
                live=False,
            )
        )
        if n % 2:  # half of them already live, so searches find something
            page.save_revision().publish()
        ids.append(page.pk)
    get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    return {"pages": ids}


def search(stop_file):
    """Search until `stop_file` exists: the search page and the API by turns."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    done = failed = 0
    started = time.monotonic()
    while not os.path.exists(stop_file) and time.monotonic() - started < MAX_SEARCH_SECONDS:
        word = SEARCH_WORDS[done % len(SEARCH_WORDS)]
        url = "/search/" if done % 2 else "/api/search/"
        response = client.get(url, {"q": word})
        done += 1
        if response.status_code != 200:
            failed += 1
    return {"searches": done, "failed": failed}


def _failed_tasks():
    """Background tasks that end FAILED in this process (the immediate backend keeps quiet)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks.signals import task_finished

    failed = []

    def seen(sender, task_result, **kwargs):
        if task_result.status == TaskResultStatus.FAILED:
            failed.append(f"{task_result.task.name}: {task_result.errors[-1].exception_class_path}")

    task_finished.connect(seen, weak=False)
    return failed


def publish(ids):
    """Publish each page as an editor does (a new revision, then publish it)."""
    from wagtail.models import Page

    failed_tasks = _failed_tasks()
    errors = []
    started = time.monotonic()
    for pk in ids:
        try:
            page = Page.objects.get(pk=pk).specific
            page.intro = f"{page.intro} Oppdatert."
            page.save_revision().publish()
        except Exception as error:  # noqa: BLE001 - counted and reported
            errors.append(f"{pk}: {error}")
    return {
        "published": len(ids) - len(errors),
        "errors": errors,
        "failed_tasks": failed_tasks,
        "seconds": round(time.monotonic() - started, 1),
    }


def bulk(ids):
    """Publish the pages with the admin's bulk action, as an editor in the page listing does."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    failed_tasks = _failed_tasks()
    client = Client(HTTP_HOST="localhost", raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="admin"))
    query = "&".join(f"id={pk}" for pk in ids)
    started = time.monotonic()
    response = client.post(f"/admin/bulk/wagtailcore/page/publish/?{query}")
    return {
        "status": response.status_code,
        "failed_tasks": failed_tasks,
        "seconds": round(time.monotonic() - started, 1),
    }


def main(argv):
    import faulthandler

    import django

    # A process stuck past the test's patience says where, and ends.
    faulthandler.dump_traceback_later(170, exit=True)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alor.settings.test")
    django.setup()
    role, args = argv[0], argv[1:]
    if role == "setup":
        out = setup()
    elif role == "search":
        out = search(args[0])
    elif role == "publish":
        out = publish([int(a) for a in args])
    elif role == "bulk":
        out = bulk([int(a) for a in args])
    else:
        raise SystemExit(f"unknown role {role!r}")
    from django.db import connections

    from search import querylog

    querylog.flush()
    connections.close_all()
    print(json.dumps(out), flush=True)
    # Done and said so: skip the interpreter's teardown, which on a loaded machine took longer
    # than the test waits.
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
