"""Keep what the search knows of an item in step with what it depends on."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.search.index import insert_or_update_object

from kb.models import AlorDocument, GatheringPage


@receiver(post_save, sender=GatheringPage)
def reindex_gathering_documents(sender, instance, raw=False, update_fields=None, **kwargs):
    """A document without a year of its own has its gathering's (search.facets.document_dates):
    when the gathering's date may have changed, index those documents again."""
    if raw or (update_fields is not None and "start_date" not in update_fields):
        return
    for document in AlorDocument.objects.filter(gathering_id=instance.pk, year__isnull=True):
        document.gathering = instance
        insert_or_update_object(document)
