"""`manage.py run_schedule`: the periodic jobs (publish_scheduled, recover_documents, …).

The jobs and their intervals are listed in alor/schedule.py; `--list` prints them. Run exactly
one scheduler (docker-compose.yml's `scheduler` service).
"""

from django.core.management.base import BaseCommand

from alor import schedule


class Command(BaseCommand):
    help = (
        "Run the periodic jobs, each at its interval, until stopped. Run one scheduler only. "
        "--list prints the jobs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Print the jobs and stop.")

    def handle(self, *args, **options):
        if options["list"]:
            for job in schedule.JOBS:
                command = " ".join((job.command, *job.args))
                self.stdout.write(f"every {job.every:>6.0f} s  {command:<40} {job.why}")
            return
        self.stdout.write(f"Scheduler: {len(schedule.JOBS)} jobs (run_schedule --list).")
        schedule.loop(schedule.Schedule())
