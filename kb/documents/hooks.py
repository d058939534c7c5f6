"""Wagtail admin hooks of the document pipeline."""

from django.http import Http404
from django.urls import path
from wagtail import hooks

from kb.documents import admin_views, views
from kb.privacy import can_view_document


@hooks.register("before_serve_document")
def hide_private_documents(document, request):
    """A signed-in user who may not see a private collection gets a 404, not a hint.

    Visitors who are not signed in fall through to Wagtail's own check, which asks them to log in.
    """
    if request.user.is_authenticated and not can_view_document(request.user, document):
        raise Http404


@hooks.register("register_admin_urls", order=-1)
def register_document_admin_urls():
    """Our own admin URLs, and Wagtail's document views that save a file in place of its own
    (kb.documents.admin_views), at the same addresses; listed before wagtaildocs' so they win."""
    return [
        path("documents/add/", admin_views.CreateView.as_view()),
        path("documents/edit/<int:document_id>/", admin_views.EditView.as_view()),
        path("documents/multiple/add/", admin_views.AddView.as_view()),
        path(
            "documents/multiple/create_from_uploaded_document/<int:uploaded_file_id>/",
            admin_views.CreateFromUploadedDocumentView.as_view(),
        ),
        path(
            "alor-dokumenter/<int:pk>/behandle-igjen/",
            views.retry_processing,
            name="kb_document_retry",
        ),
    ]
