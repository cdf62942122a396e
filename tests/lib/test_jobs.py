"""The job pipeline (connectmobilize/lib/jobs.py): status moves are atomic, leases lapse, progress is written."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from connectmobilize.lib import jobs
from connectmobilize.lib.models import JobStatus
from raci.models import MatrixExport, MatrixImport
from readiness.models import AttendanceImport


@pytest.fixture
def export(program, lead):
    from raci.services import matrix_create

    matrix = matrix_create(program=program, name="M", kind="RACI")
    return MatrixExport.objects.create(matrix=matrix, created_by=lead)


def test_the_sweep_finds_every_job_model_by_itself():
    assert {MatrixImport, MatrixExport, AttendanceImport} <= set(jobs.job_models())


def test_a_job_is_claimed_once_and_a_second_claim_gets_nothing(export):
    claimed = jobs.claim(MatrixExport, export.pk, frm=JobStatus.PENDING, to=JobStatus.RUNNING)
    assert claimed.status == JobStatus.RUNNING and claimed.lease_expires_at > timezone.now()
    assert jobs.claim(MatrixExport, export.pk, frm=JobStatus.PENDING, to=JobStatus.RUNNING) is None


def test_a_lapsed_lease_is_failed_in_words_and_a_live_one_is_left_working(export, program, lead):
    from raci.services import matrix_create

    live = MatrixExport.objects.create(matrix=matrix_create(program=program, name="L", kind="RACI"), created_by=lead)
    jobs.claim(MatrixExport, export.pk, frm=JobStatus.PENDING, to=JobStatus.RUNNING)
    jobs.claim(MatrixExport, live.pk, frm=JobStatus.PENDING, to=JobStatus.RUNNING)
    MatrixExport.objects.filter(pk=export.pk).update(lease_expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert jobs.fail_lapsed() == 1
    export.refresh_from_db()
    live.refresh_from_db()
    assert (
        export.status == JobStatus.FAILED
        and "The worker stopped" in export.error
        and "nothing was changed" in (export.error)
    )
    assert live.status == JobStatus.RUNNING


def test_a_job_no_worker_took_is_failed_after_the_hour(export):
    MatrixExport.objects.filter(pk=export.pk).update(updated_at=timezone.now() - dt.timedelta(hours=2))
    assert jobs.fail_lapsed() == 1
    export.refresh_from_db()
    assert export.error == jobs.NEVER_STARTED


def test_finishing_a_job_failed_meanwhile_raises_so_the_work_rolls_back(export):
    job = jobs.claim(MatrixExport, export.pk, frm=JobStatus.PENDING, to=JobStatus.RUNNING)
    MatrixExport.objects.filter(pk=export.pk).update(status=JobStatus.FAILED)  # the sweep got there first
    with pytest.raises(jobs.JobLost):
        jobs.finish(job)
    assert MatrixExport.objects.get(pk=export.pk).status == JobStatus.FAILED


def test_progress_is_reported_in_words_and_percent():
    progress = jobs.Progress()
    progress.span(30, 90)
    progress.report(250, 1000, "rows applied")
    assert progress.latest() == (45, "250 of 1,000 rows applied")


@pytest.mark.django_db(transaction=True)
def test_while_a_worker_works_its_progress_is_written_and_its_lease_renewed(settings, program, lead):
    from raci.services import matrix_create

    settings.CELERY_TASK_ALWAYS_EAGER = False  # as in a worker: the lease thread runs
    export = MatrixExport.objects.create(matrix=matrix_create(program=program, name="M", kind="RACI"), created_by=lead)
    job = jobs.claim(MatrixExport, export.pk, frm=JobStatus.PENDING, to=JobStatus.RUNNING)
    first_lease = job.lease_expires_at
    with jobs.working(job) as progress:
        progress.report(1, 4, "rows applied")
        deadline = time.monotonic() + 10
        while MatrixExport.objects.get(pk=job.pk).progress != 25:
            assert time.monotonic() < deadline, "progress was never written"
            time.sleep(0.1)
    written = MatrixExport.objects.get(pk=job.pk)
    assert written.progress_note == "1 of 4 rows applied" and written.lease_expires_at > first_lease
