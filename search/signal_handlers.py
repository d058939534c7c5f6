"""Keep what the search knows of an item in step with what it depends on."""

from collections import defaultdict

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Locale
from wagtail.search.backends import get_search_backends_with_name
from wagtail.search.index import insert_or_update_object
from wagtail.signals import post_page_move

from kb.documents.recovery import recovery_ran
from kb.models import AlorDocument, GatheringPage
from search.engines.pending import replay_at_recovery
from search.facets import forget_locales


@receiver(post_save, sender=Locale)
@receiver(post_delete, sender=Locale)
def locales_changed(sender, **kwargs):
    """A page's language key (search.facets.site_language) comes from its locale."""
    forget_locales()


@receiver(post_save, sender=GatheringPage)
def reindex_gathering_documents(sender, instance, raw=False, update_fields=None, **kwargs):
    """A document without a year of its own has its gathering's (search.facets.document_dates):
    when the gathering's date may have changed, index those documents again."""
    if raw or (update_fields is not None and "start_date" not in update_fields):
        return
    for document in AlorDocument.objects.filter(gathering_id=instance.pk, year__isnull=True):
        document.gathering = instance
        insert_or_update_object(document)


@receiver(m2m_changed, sender=AlorDocument.speakers.through)
def reindex_document_speakers(sender, instance, action, reverse, pk_set, **kwargs):
    """A document's speakers are in its full-text body (their names find it) and in its
    facets: when they change, from either side, index the documents again."""
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        if action != "pre_clear":
            insert_or_update_object(instance)
        return
    # person.documents.add/remove/clear: the documents named, or, on a clear, all of the
    # person's (read before they are cleared, indexed after).
    if action == "pre_clear":
        instance._cleared_document_ids = list(instance.documents.values_list("pk", flat=True))
        return
    ids = pk_set if action != "post_clear" else getattr(instance, "_cleared_document_ids", [])
    for document in AlorDocument.objects.filter(pk__in=ids or []):
        insert_or_update_object(document)


@receiver(post_page_move)
def reindex_moved_subtree(sender, instance, **kwargs):
    """Elasticsearch filters visibility and networks by each page's indexed tree path
    (search.backends.elasticsearch): a moved page and every page under it are indexed again
    there, so a subtree moved under a restricted section stops counting for those who may not
    see it. (The database backends read paths from the pages themselves.)"""
    backends = [
        backend
        for _name, backend in get_search_backends_with_name(with_auto_update=True)
        if getattr(backend, "alor_engine", None) == "elasticsearch"
    ]
    if not backends:
        return
    by_model = defaultdict(list)
    for page in instance.get_descendants(inclusive=True).specific().iterator(chunk_size=500):
        by_model[type(page)].append(page)
    for backend in backends:
        for model, pages in by_model.items():
            for start in range(0, len(pages), 500):
                backend.add_bulk(model, pages[start : start + 500])


recovery_ran.connect(replay_at_recovery, dispatch_uid="search-replay-pending-updates")
