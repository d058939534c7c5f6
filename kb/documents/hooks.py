"""Wagtail admin hooks of the document pipeline."""

from django.http import Http404
from django.urls import path
from wagtail import hooks

from kb.documents import views
from kb.privacy import can_view_document


@hooks.register("before_serve_document")
def hide_private_documents(document, request):
    """A signed-in user who may not see a private collection gets a 404, not a hint.

    Visitors who are not signed in fall through to Wagtail's own check, which asks them to log in.
    """
    if request.user.is_authenticated and not can_view_document(request.user, document):
        raise Http404


@hooks.register("register_admin_urls")
def register_document_admin_urls():
    return [
        path(
            "alor-dokumenter/<int:pk>/behandle-igjen/",
            views.retry_processing,
            name="kb_document_retry",
        ),
    ]
