"""The background workers that are running, so the work of one that died can be taken up again.

django-tasks-db records which worker claimed a task (`DBTaskResult.worker_ids`) but not whether
that worker still lives: a worker killed by the kernel (out of memory, `kill -9`, a lost
machine) leaves its task RUNNING for good. Each `manage.py db_worker` therefore keeps a row
here and touches `last_seen` every few seconds from a heartbeat thread
(kb/documents/recovery.py); a worker whose row has gone quiet, or whose process is gone from
its own machine, is dead, and kb.documents.recovery fails its tasks and queues their documents
again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskWorker(models.Model):
    """A running `db_worker` process: its id in django-tasks-db, where it runs, when last seen."""

    worker_id = models.CharField(_("arbeider-id"), max_length=64, unique=True)
    host = models.CharField(
        _("maskin"),
        max_length=255,
        help_text=_("Maskinens navn, oppstart og prosessrom: der prosess-id-en gjelder."),
    )
    pid = models.PositiveIntegerField(_("prosess-id"))
    started_at = models.DateTimeField(_("startet"))
    last_seen = models.DateTimeField(_("sist sett"), db_index=True)

    class Meta:
        verbose_name = _("bakgrunnsarbeider")
        verbose_name_plural = _("bakgrunnsarbeidere")

    def __str__(self):
        return f"{self.worker_id} ({self.host}, {self.pid})"
