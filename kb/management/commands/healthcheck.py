"""`manage.py healthcheck worker|scheduler`: exit 0 when this container's process is alive.

For the compose healthchecks of the processes that answer no HTTP (the web process has
`/health/` and `/ready/`, alor/health.py):

- `worker`: a `db_worker` on this host (same host name, boot and process namespace) has
  touched its heartbeat row within the stale age (kb.documents.recovery);
- `scheduler`: the scheduler's loop has passed within ten minutes (alor.schedule).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from alor import schedule
from kb.documents.recovery import host_key, worker_stale_after
from kb.models import TaskWorker


class Command(BaseCommand):
    help = "Exit 0 if this container's worker or scheduler is alive, else 1 with the reason."

    def add_arguments(self, parser):
        parser.add_argument("process", choices=["worker", "scheduler"])

    def handle(self, *args, process, **options):
        if process == "worker":
            fresh = timezone.now() - worker_stale_after()
            alive = TaskWorker.objects.filter(host=host_key(), last_seen__gte=fresh).count()
            if not alive:
                raise CommandError("no db_worker on this host has a fresh heartbeat")
            self.stdout.write(f"worker ok: {alive} live")
            return
        age = schedule.heartbeat_age()
        if age is None:
            raise CommandError(f"the scheduler has not run here ({schedule.HEARTBEAT} missing)")
        if age > schedule.HEARTBEAT_STALE_AFTER:
            raise CommandError(f"the scheduler's last pass was {age:.0f} s ago")
        self.stdout.write(f"scheduler ok: last pass {age:.0f} s ago")
