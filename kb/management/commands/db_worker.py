"""`manage.py db_worker`: django-tasks-db's worker, which first takes up what a dead one left.

This command replaces django-tasks-db's own `db_worker` (the kb app comes before
django_tasks_db in INSTALLED_APPS, so Django finds this one): same options, same loop. Before
the loop it registers the worker with a heartbeat (kb.models.TaskWorker) and runs
kb.documents.recovery.recover_stuck_documents(), so the tasks a killed worker left RUNNING are
marked failed and their documents queued again; the heartbeat thread runs the same recovery
every few minutes while the worker lives. On a normal stop (SIGTERM, Ctrl+C) the worker
removes its row; after `kill -9` the row goes quiet, which is how the others know.
"""

import logging
import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from kb.documents import recovery

logger = logging.getLogger("alor.documents")


class Command(db_worker.Command):
    help = (
        "Run a database background worker. Before it starts, it marks failed the tasks of "
        "workers that died and queues their documents again (see recover_documents)."
    )

    def handle(self, *args, **options):
        if options.get("reload") and options.get("batch"):
            options["reload"] = False  # as the parent command does, so the worker runs here
        if options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The autoreloader's parent only restarts the child, which runs the worker.
            return super().handle(*args, **options)
        worker_id = options["worker_id"]
        recovery.register_worker(worker_id)
        heartbeat = recovery.Heartbeat(worker_id)
        heartbeat.start()
        try:
            try:
                report = recovery.recover_stuck_documents(own_worker_id=worker_id)
            except Exception:  # the heartbeat thread tries again in a while
                logger.warning("Recovery at worker start failed", exc_info=True)
            else:
                if options.get("verbosity", 1) > 0:
                    self.stdout.write(report.summary())
            return super().handle(*args, **options)
        finally:
            heartbeat.stop()
            recovery.unregister_worker(worker_id)
