from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from alor import views
from kb import admin_privacy
from kb.documents import urls as documents_urls
from kb.governance import urls as governance_urls
from search import urls as search_urls

# The database down answers 503 (alor.middleware), whichever part of a request it failed in.
handler500 = "alor.middleware.server_error"

urlpatterns = [
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("django-admin/", admin.site.urls),
    # Wagtail admin views that would name pages the user may not know, overridden (same paths).
    path("admin/", include(admin_privacy.urlpatterns)),
    # Wagtail's workflow action, sending a reviewer whose step is done to the dashboard.
    path("admin/", include(governance_urls.admin_overrides)),
    path("admin/", include(wagtailadmin_urls)),
    # Before Wagtail's document URLs: it answers their serve URL with its privacy headers.
    path("", include("kb.documents.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include(search_urls.api_patterns)),
    path("", include("kb.governance.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Images only: documents (and their thumbnails) are served by views that check who may
    # see them, never straight from MEDIA_ROOT.
    for folder in ("images", "original_images"):
        urlpatterns += static(
            f"{settings.MEDIA_URL}{folder}/", document_root=settings.MEDIA_ROOT / folder
        )

urlpatterns += i18n_patterns(
    path("search/", include(search_urls.page_patterns)),
    # In the page's language: /en/feed/… lists the English articles and the English site's feeds.
    path("", include("kb.feeds")),
    path("", include(documents_urls.page_patterns)),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
