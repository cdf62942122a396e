"""Imports through a real worker: parse, apply with progress, and a worker killed mid-apply never half-applies:
its job is failed once its lease lapses, and a late redelivery applies nothing."""

import os
import signal
import subprocess
import time
from contextlib import contextmanager

import pytest
from django.db import connections
from django.utils.module_loading import import_string

from connectmobilize.lib import jobs
from connectmobilize.lib.models import JobStatus
from raci import services, tasks
from raci.models import Activity, Matrix, MatrixImport
from tests.factories import UserFactory, letters_in
from tests.integration.conftest import wait_for
from tests.raci.workbooks import large_matrix

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]

ROWS, ROLES = 1500, 30
LEASE = 5  # seconds: short, so a dead worker's job is swept within the test


@pytest.fixture(autouse=True)
def short_lease(monkeypatch):
    monkeypatch.setenv("JOB_LEASE_SECONDS", str(LEASE))  # read by the workers started after this
    # Progress written often, so a look every few tenths of a second sees the bar move even on a fast machine.
    monkeypatch.setenv("JOB_PROGRESS_SECONDS", "0.05")


def sweep_while_waiting(predicate):
    """What beat does every 30 s, done at every look: fail the jobs whose lease lapsed."""

    def check():
        jobs.fail_lapsed()
        return predicate()

    return check


def status(job):
    return MatrixImport.objects.values_list("status", flat=True).get(pk=job.pk)


@pytest.fixture
def through(start_worker, monkeypatch):
    """Route the services' queued tasks to a real worker instead of running them in-process."""

    def use(worker):
        def send(task_path, *args, **options):
            worker.send(import_string(task_path), *args)

        monkeypatch.setattr(services, "queue_after_commit", send)
        monkeypatch.setattr(jobs, "queue_after_commit", send)  # the apply, queued by jobs.confirm

    return use


def upload(program, user):
    return services.matrix_import_start(
        program=program, user=user, filename="big.xlsx", data=large_matrix(ROWS, ROLES), new_name="Big", new_kind="RACI"
    )


@contextmanager
def rows_held():
    """Another session holds the rows table: an apply waits at its row write until the block ends, so the test sees
    its progress mid-way however fast the machine is (it once finished between two looks)."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(f"LOCK TABLE {Activity._meta.db_table} IN SHARE MODE")  # reads go on, writes wait
            yield
            cursor.execute("ROLLBACK")
    finally:
        other.close()


def confirm_and_wait_midway(job):
    """Confirm the import; return once its apply stands part-way (inside `rows_held`, its rows wait to be written)."""
    services.matrix_import_confirm(job=job, mapping=job.mapping, planned_against=job.planned_against)
    midway = (JobStatus.APPLYING, 10, "columns in place")
    fields = ("status", "progress", "progress_note")
    wait_for(lambda: MatrixImport.objects.values_list(*fields).get(pk=job.pk) == midway, what="the apply midway")


def test_a_worker_parses_and_applies_a_large_import(start_worker, through, program):
    user = UserFactory()
    through(start_worker())
    job = upload(program, user)
    wait_for(lambda: status(job) == JobStatus.READY, what="the parse")
    job.refresh_from_db()
    with rows_held():
        confirm_and_wait_midway(job)  # the page polls these: the bar stands part-way, saying what is done
    wait_for(lambda: status(job) == JobStatus.DONE, timeout=120, what="the apply")
    job.refresh_from_db()
    assert job.matrix.activities.count() == ROWS
    assert len(letters_in(job.matrix)) == ROWS * (2 + len(range(2, ROLES, 2)))


def child_pids(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def test_a_worker_process_killed_mid_apply_leaves_nothing_half_applied_and_the_job_failed(
    start_worker, through, program
):
    user = UserFactory()
    worker = start_worker(pool="prefork")
    through(worker)
    job = upload(program, user)
    wait_for(lambda: status(job) == JobStatus.READY, what="the parse")
    job.refresh_from_db()
    with rows_held():
        confirm_and_wait_midway(job)
        os.kill(child_pids(worker.process.pid)[0], signal.SIGKILL)  # the process doing the apply dies mid-way

    # Never half-applied: at every moment the matrix is either absent or complete.
    def settled():
        rows = Activity.objects.filter(matrix__imports=job).count()
        assert rows in (0, ROWS), f"{rows} of {ROWS} rows visible: half-applied"
        return status(job) in (JobStatus.DONE, JobStatus.FAILED)

    wait_for(sweep_while_waiting(settled), timeout=180, what="the job to be failed")
    assert "SIGKILL" in worker.log() or "WorkerLostError" in worker.log(), worker.log()[-2000:]
    job.refresh_from_db()
    if job.status == JobStatus.DONE:
        assert job.matrix.activities.count() == ROWS
    else:
        assert not Activity.objects.exists()


def test_a_whole_worker_killed_mid_apply_fails_within_its_lease_and_a_late_redelivery_applies_nothing(
    start_worker, through, program
):
    user = UserFactory()
    worker = start_worker(pool="solo")
    through(worker)
    job = upload(program, user)
    wait_for(lambda: status(job) == JobStatus.READY, what="the parse")
    job.refresh_from_db()
    with rows_held():
        confirm_and_wait_midway(job)
        worker.process.send_signal(signal.SIGKILL)  # the worker's main process dies mid-apply
        worker.process.wait(timeout=30)
        killed_at = time.monotonic()

    assert not Activity.objects.exists()  # the transaction died with the worker
    restarted = start_worker(pool="solo", name="w2")
    wait_for(sweep_while_waiting(lambda: status(job) == JobStatus.FAILED), timeout=LEASE + 30, what="the sweep")
    assert time.monotonic() - killed_at <= LEASE + 3, "failed later than its lease"
    job.refresh_from_db()
    assert "worker stopped while applying" in job.error and "nothing was changed" in job.error

    restarted.send(tasks.apply_matrix_import, job.pk)  # the broker hands the apply out again, late
    wait_for(lambda: "apply_matrix_import" in restarted.log() and "succeeded" in restarted.log(), what="redelivery")
    assert status(job) == JobStatus.FAILED
    assert not Activity.objects.exists() and not Matrix.objects.exists()
