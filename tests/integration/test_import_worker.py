"""Imports through a real worker: parse, apply, and a worker killed mid-apply never half-applies."""

import os
import signal
import subprocess

import pytest

from connectmobilize.lib.models import JobStatus
from raci import services, tasks
from raci.models import Activity, Assignment, MatrixImport
from tests.factories import UserFactory
from tests.integration.conftest import wait_for
from tests.raci.workbooks import large_matrix

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]

ROWS, ROLES = 1500, 30


def status(job):
    return MatrixImport.objects.values_list("status", flat=True).get(pk=job.pk)


@pytest.fixture
def through(start_worker, monkeypatch):
    """Route the services' queued tasks to a real worker instead of running them in-process."""

    def use(worker):
        monkeypatch.setattr(services, "_queue", lambda task, job_id: worker.send(task, job_id))

    return use


def upload(program, user):
    return services.matrix_import_start(
        program=program, user=user, filename="big.xlsx", data=large_matrix(ROWS, ROLES), new_name="Big", new_kind="RACI"
    )


def test_a_worker_parses_and_applies_a_large_import(start_worker, through, program):
    user = UserFactory()
    through(start_worker())
    job = upload(program, user)
    wait_for(lambda: status(job) == JobStatus.READY, what="the parse")
    job.refresh_from_db()
    services.matrix_import_confirm(job=job, mapping=job.mapping)
    wait_for(lambda: status(job) == JobStatus.DONE, timeout=120, what="the apply")
    job.refresh_from_db()
    assert job.matrix.activities.count() == ROWS
    assert Assignment.objects.filter(activity__matrix=job.matrix).count() == ROWS * (2 + len(range(2, ROLES, 2)))


def child_pids(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def test_a_worker_killed_mid_apply_leaves_nothing_half_applied_and_the_job_is_rerun(start_worker, through, program):
    user = UserFactory()
    worker = start_worker(pool="prefork")
    through(worker)
    job = upload(program, user)
    wait_for(lambda: status(job) == JobStatus.READY, what="the parse")
    job.refresh_from_db()
    services.matrix_import_confirm(job=job, mapping=job.mapping)
    wait_for(lambda: "apply_matrix_import" in worker.log(), what="the worker to receive the apply")
    os.kill(child_pids(worker.process.pid)[0], signal.SIGKILL)  # the process doing the apply dies mid-way

    # Never half-applied: at every moment the matrix is either absent or complete.
    def settled():
        rows = Activity.objects.filter(matrix__imports=job).count()
        assert rows in (0, ROWS), f"{rows} of {ROWS} rows visible: half-applied"
        return status(job) in (JobStatus.DONE, JobStatus.FAILED)

    wait_for(settled, timeout=180, what="the job to be re-run or failed")
    assert "SIGKILL" in worker.log() or "WorkerLostError" in worker.log(), worker.log()[-2000:]
    job.refresh_from_db()
    if job.status == JobStatus.DONE:
        assert job.matrix.activities.count() == ROWS
    else:
        assert not Activity.objects.exists()


def test_a_whole_worker_killed_mid_apply_leaves_the_job_for_the_stale_sweep(start_worker, through, program):
    import datetime as dt

    user = UserFactory()
    worker = start_worker(pool="solo")
    through(worker)
    job = upload(program, user)
    wait_for(lambda: status(job) == JobStatus.READY, what="the parse")
    job.refresh_from_db()
    services.matrix_import_confirm(job=job, mapping=job.mapping)
    wait_for(lambda: "apply_matrix_import" in worker.log(), what="the apply to start")
    worker.process.send_signal(signal.SIGKILL)
    worker.process.wait(timeout=30)

    assert not Activity.objects.exists()  # the transaction died with the worker
    assert status(job) == JobStatus.APPLYING
    assert tasks.fail_stale_jobs.run() == 0  # not stale yet
    assert services.jobs_fail_stale(older_than=dt.timedelta(0)) == 1
    assert status(job) == JobStatus.FAILED
