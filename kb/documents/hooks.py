"""Wagtail admin hooks of the document pipeline."""

from django.http import Http404
from django.urls import path
from wagtail import hooks
from wagtail.documents.views.chooser import viewset as chooser_viewset

from kb.documents import admin_views, views
from kb.privacy import turned_away_by_sign_in, visibility_of


@hooks.register("before_serve_document")
def hide_private_documents(document, request):
    """Whoever may not see a private collection gets the same 404 as for an unknown document.

    Signed in or not: a login redirect for a private document's id and name, and a 404 for a
    made-up one, would tell a visitor which documents exist. The 404 page offers to log in. A
    password-protected collection keeps Wagtail's password form (the next hook).
    """
    visibility = visibility_of(request)
    restrictions = visibility.collection_restrictions_of(document)
    visibility.served_restricted_document = bool(restrictions)
    if turned_away_by_sign_in(restrictions, request):
        raise Http404


@hooks.register("register_admin_urls", order=-1)
def register_document_admin_urls():
    """Our own admin URLs, and Wagtail's document views that store a file through
    kb.documents.ingest in place of its own (kb.documents.admin_views), at the same addresses;
    listed before wagtaildocs' so they win."""
    return [
        path("documents/", admin_views.IndexView.as_view()),
        path("documents/results/", admin_views.IndexView.as_view(results_only=True)),
        path("documents/add/", admin_views.CreateView.as_view()),
        path("documents/edit/<int:document_id>/", admin_views.EditView.as_view()),
        path("documents/multiple/add/", admin_views.AddView.as_view()),
        path(
            "documents/multiple/create_from_uploaded_document/<int:uploaded_file_id>/",
            admin_views.CreateFromUploadedDocumentView.as_view(),
        ),
        path(
            f"{chooser_viewset.url_prefix}/create/",
            chooser_viewset.construct_view(admin_views.ChooserUploadView),
        ),
        path(
            "alor-dokumenter/<int:pk>/behandle-igjen/",
            views.retry_processing,
            name="kb_document_retry",
        ),
    ]
