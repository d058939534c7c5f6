"""Public document URLs: the document's page, its file, the thumbnail, earlier versions,
a gathering's presentations in one zip."""

from django.urls import path, re_path

from kb.documents import views

# The document's page, in the site's language (alor.urls puts it in i18n_patterns): an English
# visitor reads it in English at /en/dokumenter/<id>/. The files below are the same for both.
page_patterns = [
    path("dokumenter/<int:pk>/", views.document_page, name="kb_document_page"),
]

urlpatterns = [
    # Wagtail's own document URL, answered by Wagtail's view with the privacy cache headers.
    re_path(r"^documents/(\d+)/(.*)$", views.serve, name="kb_document_serve"),
    path("dokumenter/<int:pk>/last-ned/", views.download, name="kb_document_download"),
    path("dokumenter/<int:pk>/miniatyr.png", views.thumbnail, name="kb_document_thumbnail"),
    path(
        "dokumenter/<int:pk>/side-<int:number>.png",
        views.page_preview,
        name="kb_document_page_preview",
    ),
    path("samlinger/<int:pk>/presentasjoner.zip", views.gathering_zip, name="kb_gathering_zip"),
    path(
        "dokumenter/<int:pk>/versjoner/<int:number>/",
        views.version_download,
        name="kb_document_version",
    ),
]
