"""The scheduler: each job at its interval, a failing job does not stop the others, no sleep."""

import logging
import os
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError
from django.utils import timezone

from alor import schedule
from alor.schedule import DAY, HOUR, MINUTE, Job, Schedule
from kb.documents.recovery import host_key
from kb.models import TaskWorker


class Recorder:
    def __init__(self, fail=()):
        self.calls = []
        self.fail = set(fail)

    def __call__(self, command, *args, **options):
        self.calls.append((command, args))
        if command in self.fail:
            raise RuntimeError(f"{command} broke")


def _runs(schedule_, until, step=MINUTE / 2):
    """{command: [times it ran]} over [0, until] with a pass every `step` seconds."""
    times = {}
    now = 0.0
    while now <= until:
        for job in schedule_.run_due(now):
            times.setdefault(job.command, []).append(now)
        now += step
    return times


def test_every_job_runs_at_start_then_at_its_interval():
    times = _runs(Schedule(run=Recorder()), until=DAY)
    assert times["publish_scheduled"][:3] == [0, MINUTE, 2 * MINUTE]
    assert len(times["publish_scheduled"]) == DAY // MINUTE + 1
    assert times["recover_documents"][:3] == [0, 5 * MINUTE, 10 * MINUTE]
    assert times["clean_uploads"][:2] == [0, HOUR]
    assert times["send_reminders"][:2] == [0, HOUR]
    assert times["clearsessions"] == [0, DAY]
    assert times["prune_db_task_results"] == [0, DAY]


def test_a_late_pass_runs_a_job_once_not_to_catch_up():
    recorder = Recorder()
    plan = Schedule(jobs=[Job("publish_scheduled", MINUTE)], run=recorder)
    plan.run_due(0)
    plan.run_due(10 * MINUTE)  # the loop was held up for ten minutes
    plan.run_due(10 * MINUTE + 30)
    assert len(recorder.calls) == 2
    assert plan.seconds_to_next(10 * MINUTE + 30) == 30


def test_a_failing_job_is_logged_and_the_others_run(caplog):
    recorder = Recorder(fail={"clean_uploads"})
    plan = Schedule(run=recorder)
    with caplog.at_level(logging.ERROR, logger="alor.schedule"):
        ran = plan.run_due(0)
    assert [job.command for job in ran] == [job.command for job in schedule.JOBS]
    assert "scheduled job clean_uploads failed" in caplog.text
    # It runs again at its next turn.
    assert [c for c, _ in recorder.calls].count("clean_uploads") == 1
    plan.run_due(HOUR)
    assert [c for c, _ in recorder.calls].count("clean_uploads") == 2


def test_every_job_is_a_command_that_accepts_its_arguments(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # production's
    commands = get_commands()
    for job in schedule.JOBS:
        assert job.command in commands, job.command
        command = load_command_class(commands[job.command], job.command)
        command.create_parser("manage.py", job.command).parse_args(list(job.args))


def test_the_loop_sleeps_until_the_next_job_and_touches_the_heartbeat(tmp_path):
    clock = iter([0, 0, 30, 30, 60, 60]).__next__
    sleeps = []
    plan = Schedule(jobs=[Job("a", MINUTE), Job("b", 45)], run=Recorder())
    heartbeat = tmp_path / "beat"
    between = []
    schedule.loop(
        plan,
        clock=clock,
        sleep=sleeps.append,
        heartbeat=heartbeat,
        passes=3,
        between=lambda: between.append(True),
    )
    assert sleeps == [schedule.MAX_SLEEP, 15]
    assert len(between) == 3
    assert [c for c, _ in plan.run.calls] == ["a", "b", "a", "b"]
    assert schedule.heartbeat_age(heartbeat) < 5


def test_the_scheduled_commands_run_for_real(db, caplog):
    """One pass with the real commands (but prune, which needs the database task backend)."""
    jobs = [job for job in schedule.JOBS if job.command != "prune_db_task_results"]
    with caplog.at_level(logging.INFO, logger="alor.schedule"):
        ran = Schedule(jobs=jobs).run_due(0)
    assert len(ran) == len(jobs)
    assert "failed" not in caplog.text
    for job in jobs:
        assert f"scheduled job {job.command} done" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_prune_runs_with_the_database_task_backend(settings, caplog):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    [job] = [job for job in schedule.JOBS if job.command == "prune_db_task_results"]
    with caplog.at_level(logging.INFO, logger="alor.schedule"):
        Schedule(jobs=[job]).run_due(0)
    assert "scheduled job prune_db_task_results done" in caplog.text


def test_run_schedule_lists_its_jobs():
    out = StringIO()
    call_command("run_schedule", "--list", stdout=out)
    for job in schedule.JOBS:
        assert job.command in out.getvalue()


def test_healthcheck_scheduler(tmp_path, monkeypatch):
    beat = tmp_path / "beat"
    monkeypatch.setattr(schedule, "HEARTBEAT", beat)
    with pytest.raises(CommandError, match="has not run"):
        call_command("healthcheck", "scheduler")
    beat.touch()
    call_command("healthcheck", "scheduler", stdout=StringIO())
    old = time.time() - schedule.HEARTBEAT_STALE_AFTER - 5
    os.utime(beat, (old, old))
    with pytest.raises(CommandError, match="last pass"):
        call_command("healthcheck", "scheduler")


def test_healthcheck_worker(db):
    with pytest.raises(CommandError, match="no db_worker"):
        call_command("healthcheck", "worker")
    now = timezone.now()
    worker = TaskWorker.objects.create(
        worker_id="w", host="another-container", pid=1, started_at=now, last_seen=now
    )
    with pytest.raises(CommandError, match="no db_worker"):
        call_command("healthcheck", "worker")  # alive, but not in this container
    worker.host = host_key()
    worker.save()
    call_command("healthcheck", "worker", stdout=StringIO())
    TaskWorker.objects.update(last_seen=now - timedelta(hours=1))
    with pytest.raises(CommandError, match="no db_worker"):
        call_command("healthcheck", "worker")
