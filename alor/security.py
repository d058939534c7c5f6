"""Security headers Django does not set itself: Content-Security-Policy and Permissions-Policy.

The policy (`CONTENT_SECURITY_POLICY` in alor.settings.base, django-csp's format) lets a page
load scripts, styles, images and fonts from the site itself and nothing from anywhere else: no
inline script or style, no plug-in, no form posting to another host, no framing. The site's
templates keep to that (every script and style is a file under static/).

Wagtail's admin does not: its panels and widgets start with small inline scripts (an inline
panel, a date chooser) and its components set inline styles. Under `/admin/` and
`/django-admin/` the directives in `CONTENT_SECURITY_POLICY_ADMIN` replace the site's; they
allow inline scripts and styles there, and still nothing from other hosts.

The admin's page preview is the site's page, rendered by Wagtail through the whole middleware
chain for a made-up request to the page's own URL (`request.is_dummy`): it gets the site's
policy, so a preview shows what the policy lets the page do, with `CONTENT_SECURITY_POLICY_PREVIEW`
on top (the admin may show it in a frame).

Only HTML gets the header: a PDF shown in the browser's viewer, a thumbnail or a JSON answer
has no use for it.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


def is_admin_path(path: str) -> bool:
    return path.startswith(tuple(settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES))


def is_html(response) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().lower() == "text/html"


class ContentSecurityPolicy(CSPMiddleware):
    """django-csp's middleware: HTML only, and the admin's directives under the admin."""

    def process_response(self, request, response):
        if not is_html(response):
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if getattr(request, "is_dummy", False):
            parts.replace = {**settings.CONTENT_SECURITY_POLICY_PREVIEW, **(parts.replace or {})}
        elif is_admin_path(request.path_info):
            parts.replace = {**settings.CONTENT_SECURITY_POLICY_ADMIN, **(parts.replace or {})}
            # A nonce would make the browser ignore 'unsafe-inline' (CSP level 2 and later).
            parts.nonce = None
        return parts


class PermissionsPolicy:
    """Middleware: the browser features no page of the site uses are turned off for it and
    for anything it frames (`PERMISSIONS_POLICY`: feature → allowed origins, empty for none).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
