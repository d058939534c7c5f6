"""Public document URLs: a permanent link, the thumbnail, earlier versions."""

from django.urls import path, re_path

from kb.documents import views

urlpatterns = [
    # Wagtail's own document URL, answered by Wagtail's view with the privacy cache headers.
    re_path(r"^documents/(\d+)/(.*)$", views.serve, name="kb_document_serve"),
    path("dokumenter/<int:pk>/", views.permalink, name="kb_document_permalink"),
    path("dokumenter/<int:pk>/miniatyr.png", views.thumbnail, name="kb_document_thumbnail"),
    path(
        "dokumenter/<int:pk>/versjoner/<int:number>/",
        views.version_download,
        name="kb_document_version",
    ),
]
