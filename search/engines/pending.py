"""The index updates an external search backend (Elasticsearch) missed, and their replay.

While a cluster's circuit breaker is open (`search.engines.breaker`) an index update is
skipped, and one that fails on the way is lost; the database backend is updated as always.
Without more, a page unpublished, made private or moved into the RAG section during an outage
(or a document moved to a private collection, or deleted) would stay in the cluster as it was:
never shown (the engine checks the hits against the database) but still counted in the total
and the facets. So:

1. **Recorded.** `record()` writes a `PendingIndexUpdate` row per object (backend alias,
   content type, id; one row per object however often it changes) where the backend logs the
   skip or the failure. The row is written in the transaction of the save that caused it,
   under a savepoint: a save that is rolled back leaves no row (and the cluster, which heard
   nothing, agrees with the database); one that commits cannot lose it, which a write
   deferred to `on_commit` could (a process ending between the commit and the write). The
   save's transaction already holds SQLite's write lock, so the one small INSERT adds no
   lock of its own. A failure to record is logged, never raised: the save goes on.
2. **Excluded meanwhile.** `excluded_ids()` gives the engine the pending pages and
   documents, which every search over that cluster leaves out (`must_not` on their ids), so
   counts and facets never include an object whose new state the cluster has not heard of.
   Above `ALOR_SEARCH_PENDING_BOUND` (1,000) pending objects the search answers from the
   database backend instead (`TooManyPending`, logged).
3. **Replayed.** `replay()` sends each pending object again as the database has it now:
   added if it still exists and is indexable, else deleted from the cluster; a row is
   deleted only after the cluster accepted it, and only if no newer update was missed
   meanwhile. It runs in batches of `BATCH`, as a background task (`replay_pending_updates`),
   queued when a process's breaker closes (`schedule_replay`); in the worker's recovery loop
   (kb.documents.recovery.Heartbeat); and `update_index` clears the rows its full rebuild
   made moot (`clear_before`).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task
from modelsearch.conf import get_app_config
from modelsearch.index import Indexed
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from kb.models import AlorDocument
from search.engines.base import FallBack
from search.engines.breaker import breaker_for, external_errors
from search.models import PendingIndexUpdate

logger = logging.getLogger("alor.search")

BATCH = 100


def bound() -> int:
    return int(getattr(settings, "ALOR_SEARCH_PENDING_BOUND", 1_000))


class TooManyPending(FallBack):
    """More pending updates than a search may leave out: answer from the database."""


# Which backend -------------------------------------------------------------------------------


def backend_alias(backend) -> str:
    """The WAGTAILSEARCH_BACKENDS alias a backend instance was made from (its `params`)."""
    alias = getattr(backend, "alor_alias", None)
    if alias:
        return alias
    for name, conf in get_app_config().get_search_backend_config().items():
        if {k: v for k, v in conf.items() if k != "BACKEND"} == backend.alor_params:
            backend.alor_alias = name
            return name
    backend.alor_alias = backend.breaker_key[:100]
    return backend.alor_alias


def external_backends():
    """(alias, backend) of the configured backends that keep pending updates."""
    for name, conf in get_app_config().get_search_backend_config().items():
        if "elasticsearch" not in conf["BACKEND"]:
            continue
        backend = get_search_backend(name)
        if hasattr(backend, "replay_pending"):
            backend.alor_alias = name
            yield name, backend


# 1. Recording --------------------------------------------------------------------------------


def record(backend, objs, what: str) -> None:
    """Remember that the cluster of `backend` missed the update of `objs` (never raises)."""
    alias = backend_alias(backend)
    now = timezone.now()
    try:
        rows = {
            (ContentType.objects.get_for_model(obj, for_concrete_model=True).pk, int(obj.pk))
            for obj in objs
            if obj.pk is not None
        }
        if not rows:
            return
        with transaction.atomic():  # a savepoint inside the save's transaction
            PendingIndexUpdate.objects.bulk_create(
                [
                    PendingIndexUpdate(
                        backend=alias,
                        content_type_id=ct,
                        object_id=pk,
                        created_at=now,
                        updated_at=now,
                    )
                    for ct, pk in sorted(rows)
                ],
                update_conflicts=True,
                unique_fields=["backend", "content_type_id", "object_id"],
                update_fields=["updated_at"],
            )
    except Exception:  # the save must not fail for the search index's sake
        logger.exception(
            "Could not record the missed search index update (%s) for %r: run update_index "
            "once the cluster answers",
            what,
            alias,
        )


# 2. Excluded meanwhile -----------------------------------------------------------------------


def excluded_ids(backend) -> dict[str, list[int]]:
    """{"page": ids, "document": ids} the cluster of `backend` may hold stale (one query).

    Raises TooManyPending above the bound: the request would grow with the outage."""
    alias = backend_alias(backend)
    rows = list(
        PendingIndexUpdate.objects.filter(backend=alias).values_list(
            "content_type_id", "object_id"
        )[: bound() + 1]
    )
    if len(rows) > bound():
        logger.warning(
            "More than %d search index updates pending for %r: answering from the database "
            "until they are replayed",
            bound(),
            alias,
        )
        raise TooManyPending(alias)
    out: dict[str, set[int]] = {"page": set(), "document": set()}
    for ct, pk in rows:
        model = ContentType.objects.get_for_id(ct).model_class()
        if model is not None and issubclass(model, Page):
            out["page"].add(pk)
        elif model is not None and issubclass(model, AlorDocument):
            out["document"].add(pk)
    return {kind: sorted(ids) for kind, ids in out.items()}


# 3. Replay -----------------------------------------------------------------------------------


@dataclass
class ReplayReport:
    added: int = 0
    deleted: int = 0
    refused: int = 0  # the cluster answered but would not take them (logged; kept)
    left: int = 0  # still pending (cluster down again, or the limit reached)
    backends: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Search index updates replayed: {self.added} added, {self.deleted} deleted, "
            f"{self.refused} refused, {self.left} still pending"
        )


def _resolve(rows):
    """{row: indexed instance or None (delete it)}: each row's object as it is now."""
    by_ct = defaultdict(list)
    for row in rows:
        by_ct[row.content_type_id].append(row)
    current = {}
    for ct, ct_rows in by_ct.items():
        model = ContentType.objects.get_for_id(ct).model_class()
        found = {}
        if model is not None:
            for obj in model._default_manager.filter(pk__in=[r.object_id for r in ct_rows]):
                indexed = (
                    obj.get_indexed_instance() if hasattr(obj, "get_indexed_instance") else obj
                )
                if indexed is not None:
                    found[obj.pk] = indexed
        for row in ct_rows:
            current[row] = (model, found.get(row.object_id))
    # Indexable: in its own class's indexed objects (one query per class).
    by_class: defaultdict[type[Indexed], set[int]] = defaultdict(set)
    for _model, indexed in current.values():
        if indexed is not None:
            by_class[type(indexed)].add(indexed.pk)
    indexable = {
        cls: set(cls.get_indexed_objects().filter(pk__in=pks).values_list("pk", flat=True))
        for cls, pks in by_class.items()
    }
    return {
        row: (model, obj if obj is not None and obj.pk in indexable[type(obj)] else None)
        for row, (model, obj) in current.items()
    }


def replay(alias: str | None = None, *, limit: int | None = None) -> ReplayReport:
    """Send the pending objects again, in batches, while the cluster answers (see module)."""
    report = ReplayReport()
    for name, backend in external_backends():
        if alias is not None and name != alias:
            continue
        report.backends.append(name)
        _replay_backend(name, backend, report, limit)
    return report


def _replay_backend(name, backend, report, limit):
    breaker = breaker_for(backend.breaker_key)
    rows_of = PendingIndexUpdate.objects.filter(backend=name)
    last_pk, done = 0, 0
    while limit is None or done < limit:
        size = BATCH if limit is None else min(BATCH, limit - done)
        rows = list(rows_of.filter(pk__gt=last_pk).order_by("pk")[:size])
        if not rows:
            break
        last_pk = rows[-1].pk
        if not breaker.allow():
            break
        try:
            accepted, refused = backend.replay_pending(_resolve(rows))
        except external_errors() as error:
            breaker.failure(error)
            break
        except BaseException:
            breaker.release()
            raise
        breaker.success()
        done += len(rows)
        report.refused += len(refused)
        for row in accepted:
            if accepted[row]:
                report.added += 1
            else:
                report.deleted += 1
        if accepted:
            gone = Q()
            for row in accepted:
                gone |= Q(pk=row.pk, updated_at=row.updated_at)
            rows_of.filter(gone).delete()
    report.left += rows_of.count()


@task()
def replay_pending_updates(alias: str | None = None, limit: int | None = None) -> str:
    """Replay the index updates the cluster missed (background task; see the module)."""
    report = replay(alias, limit=limit)
    if report.added or report.deleted or report.refused:
        logger.warning(report.summary())
    return report.summary()


def schedule_replay(backend) -> None:
    """The cluster answers again (a breaker just closed): queue the replay once the current
    transaction commits. Run in the request (django-tasks' immediate backend, development),
    it does one batch only; a worker does them all."""
    alias = backend_alias(backend)
    if not PendingIndexUpdate.objects.filter(backend=alias).exists():
        return

    def enqueue():
        immediate = replay_pending_updates.get_backend().__class__.__name__ == "ImmediateBackend"
        try:
            replay_pending_updates.enqueue(alias, BATCH if immediate else None)
        except Exception:  # the worker's recovery loop or update_index replays
            logger.exception("Could not queue the replay of search index updates for %r", alias)

    transaction.on_commit(enqueue)


def clear_before(alias: str, started) -> int:
    """A full rebuild of `alias` that began at `started` succeeded: the updates missed before
    it are in the new index. Those missed during it stay (the rebuild may have read the
    object before the change)."""
    deleted, _ = PendingIndexUpdate.objects.filter(backend=alias, updated_at__lt=started).delete()
    return deleted


def replay_at_recovery(sender, **kwargs):
    """The worker's share of the replay (kb.documents.recovery.recovery_ran), for the
    processes whose own breaker never closes again (no search, no save) and for what a request
    left over."""
    report = replay()
    if report.added or report.deleted or report.refused:
        logger.warning("Recovery: %s", report.summary())
