"""The scheduler: the site's periodic jobs, each a management command run at its interval.

`manage.py run_schedule` runs this loop in one process (the `scheduler` service of
docker-compose.yml). It takes no lock: run exactly one scheduler. Every job is safe to run
twice (each command says so), so a second scheduler by mistake, or a restart that runs a job
again at once, does no harm.

Every job runs when the scheduler starts, then once per interval. Jobs run one after another in
this process; one that fails is logged (logger «alor.schedule») and runs again at its next turn,
and the others go on. After each pass the loop touches `HEARTBEAT`, which
`manage.py healthcheck scheduler` reads.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management import call_command
from django.db import close_old_connections

logger = logging.getLogger("alor.schedule")

MINUTE, HOUR, DAY = 60, 3600, 86400

# Touched after every pass of the loop; the healthcheck finds it stale when the loop is stuck.
HEARTBEAT = Path(tempfile.gettempdir()) / "alor-scheduler.heartbeat"
# The longest the loop sleeps, so the heartbeat stays fresh between jobs.
MAX_SLEEP = 30.0
# A heartbeat older than this (a job stuck for ten minutes, or no loop at all) is unhealthy.
HEARTBEAT_STALE_AFTER = 10 * MINUTE


@dataclass(frozen=True)
class Job:
    command: str
    every: float  # seconds
    args: tuple[str, ...] = ()
    why: str = ""


JOBS: tuple[Job, ...] = (
    Job("publish_scheduled", MINUTE, why="publishes and unpublishes pages at their set time"),
    Job(
        "recover_documents",
        5 * MINUTE,
        why="queues again the documents a dead worker left (every worker does it too)",
    ),
    Job("clean_uploads", HOUR, why="removes uploads abandoned for 24 hours, and partial files"),
    Job("send_reminders", HOUR, why="mails each due follow-up action's reminder, once"),
    Job("clearsessions", DAY, why="removes expired sessions"),
    Job(
        "prune_db_task_results",
        DAY,
        ("--min-age-days", "14"),
        why="removes finished background-task results older than two weeks",
    ),
)


@dataclass
class Schedule:
    """When each job runs next; `run_due(now)` runs those whose time has come."""

    jobs: Iterable[Job] = JOBS
    run: Callable[..., object] = call_command
    next_run: dict[str, float] = field(default_factory=dict)

    def __post_init__(self):
        self.jobs = tuple(self.jobs)

    def run_due(self, now: float) -> list[Job]:
        """Run every job due at `now` (all of them the first time); return those run."""
        ran = []
        for job in self.jobs:
            if self.next_run.get(job.command, now) > now:
                continue
            # The next turn counts from now: a late pass does not run a job twice to catch up.
            self.next_run[job.command] = now + job.every
            ran.append(job)
            self._run(job)
        return ran

    def _run(self, job: Job) -> None:
        started = time.monotonic()
        try:
            self.run(job.command, *job.args, verbosity=0)
        except Exception:  # one job's failure must not stop the others; it runs again later
            logger.exception("scheduled job %s failed", job.command)
        else:
            logger.info("scheduled job %s done in %.1f s", job.command, time.monotonic() - started)

    def seconds_to_next(self, now: float) -> float:
        if not self.next_run:
            return 0.0
        return max(0.0, min(self.next_run.values()) - now)


def loop(
    schedule: Schedule,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], object] = time.sleep,
    heartbeat: Path | None = None,
    passes: int | None = None,
    between: Callable[[], object] = close_old_connections,
) -> None:
    """Run the schedule until stopped (or for `passes` passes).

    After each pass, `between` closes the database connections a job left broken or past
    their age, as Django does after each request."""
    done = 0
    while passes is None or done < passes:
        schedule.run_due(clock())
        between()
        (heartbeat or HEARTBEAT).touch()
        done += 1
        if passes is None or done < passes:
            sleep(min(MAX_SLEEP, schedule.seconds_to_next(clock())))


def heartbeat_age(heartbeat: Path | None = None, *, now: float | None = None) -> float | None:
    """Seconds since the loop's last pass, or None if it never ran here."""
    try:
        modified = (heartbeat or HEARTBEAT).stat().st_mtime
    except FileNotFoundError:
        return None
    return (time.time() if now is None else now) - modified
