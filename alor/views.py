"""The files crawlers and browsers ask for at the site's root: sitemap.xml, robots.txt and
favicon.ico."""

from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView
from django.views.generic.base import TemplateView
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from alor.sitemap import AlorSitemap

# The same answer for everyone (alor/sitemap.py), so caches may share it.
ONE_HOUR = 3600


@require_safe
@cache_control(public=True, max_age=ONE_HOUR)
def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": AlorSitemap})


class RobotsTxt(TemplateView):
    """robots.txt: the search, the admin and the API are not for crawlers; the sitemap is."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sitemap_url"] = self.request.build_absolute_uri(reverse("sitemap"))
        return context


robots_txt = cache_control(public=True, max_age=ONE_HOUR)(RobotsTxt.as_view())


class FaviconRedirect(RedirectView):
    """/favicon.ico, which browsers ask for by themselves: the icon in static/ (its name there
    changes with its content in production, so the redirect is not permanent)."""

    permanent = False
    http_method_names = ["get", "head"]

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.ico")


favicon = cache_control(public=True, max_age=ONE_HOUR * 24)(FaviconRedirect.as_view())
