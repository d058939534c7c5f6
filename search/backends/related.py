"""Read each related set of an indexed object once, and a chunk's page relations in one query.

The stock indexers (PostgreSQL and SQLite) walk the search fields once per index column
(PostgreSQL: title, body, autocomplete and two plain texts; SQLite: title, body, autocomplete),
prepare every field again and read a RelatedFields relation on every walk.
`get_indexed_objects` prefetches ordinary relations, but not a ParentalManyToManyField (a page's
topics), so a full reindex ran five (three) queries per page. `RelatedOnceIndexerMixin`
prepares each field and reads each relation once per object, and `preload_cluster_relations`
reads a page relation for a whole chunk in one query.
"""

from collections import defaultdict
from typing import TYPE_CHECKING

from django.core.exceptions import FieldDoesNotExist
from django.db.models.manager import Manager
from modelcluster.fields import ParentalManyToManyField
from modelsearch.index import RelatedFields

if TYPE_CHECKING:
    # The mixin stands on a database backend's ObjectIndexer (modelsearch has no types).
    from modelsearch.backends.database.sqlite.sqlite import ObjectIndexer as _ObjectIndexer
else:
    _ObjectIndexer = object


class RelatedOnceIndexerMixin(_ObjectIndexer):
    """For an ObjectIndexer: the objects of each RelatedFields relation, read once."""

    def __init__(self, obj, backend):
        super().__init__(obj, backend)
        self.related = {}  # RelatedFields field name -> the related objects, in order
        self.prepared = {}  # id(search field) -> what prepare_field yields for the object

    def related_objects(self, field):
        """What the stock `prepare_field` iterates for `field` on the indexed object."""
        if field.field_name not in self.related:
            sub_obj = field.get_value(self.obj)
            if sub_obj is None:
                objs = []
            elif isinstance(sub_obj, Manager):
                objs = list(sub_obj.all())
            else:
                objs = [sub_obj() if callable(sub_obj) else sub_obj]
            self.related[field.field_name] = objs
        return self.related[field.field_name]

    def prepare_field(self, obj, field):
        """As the stock indexer's, read once per field of the object: each index column walks
        every search field again (a hundred calls per page), and the values do not change."""
        if obj is not self.obj:
            yield from super().prepare_field(obj, field)
            return
        if id(field) not in self.prepared:
            self.prepared[id(field)] = list(self._prepare_own_field(field))
        yield from self.prepared[id(field)]

    def _prepare_own_field(self, field):
        if not isinstance(field, RelatedFields):
            yield from super().prepare_field(self.obj, field)
            return
        for sub_obj in self.related_objects(field):
            for sub_field in field.fields:
                yield from self.prepare_field(sub_obj, sub_field)


def _cluster_relations(model):
    """The RelatedFields of `model` over a ParentalManyToManyField (never prefetched)."""
    for field in model.get_search_fields():
        if isinstance(field, RelatedFields):
            try:
                model_field = field.get_field(model)
            except FieldDoesNotExist:
                continue
            if isinstance(model_field, ParentalManyToManyField):
                yield field


def preload_cluster_relations(model, indexers):
    """Read the ParentalManyToMany relations of all `indexers` in one query per relation.

    Uses the relation manager's own prefetch query (what `obj.topics.all()` runs, for many
    objects at once, in the same order) and hands the objects to each indexer without touching
    the model instances. An object holding unsaved relation values in memory
    (`_cluster_related_objects`) or already prefetched is left to the stock path.
    """
    for field in _cluster_relations(model):
        name = field.field_name
        pending = [
            indexer
            for indexer in indexers
            if indexer.obj.pk is not None
            and name not in indexer.related
            and name not in getattr(indexer.obj, "_cluster_related_objects", {})
            and name not in getattr(indexer.obj, "_prefetched_objects_cache", {})
        ]
        if len(pending) < 2:
            continue
        manager = getattr(pending[0].obj, name)
        queryset, rel_obj_attr, instance_attr, *_rest = manager.get_prefetch_querysets(
            [indexer.obj for indexer in pending]
        )
        by_owner = defaultdict(list)
        for related in queryset:
            by_owner[rel_obj_attr(related)].append(related)
        for indexer in pending:
            indexer.related[name] = by_owner.get(instance_attr(indexer.obj), [])
