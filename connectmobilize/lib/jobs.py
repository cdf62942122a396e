"""The one background-job pipeline: claim, report progress, finish or fail in words, and sweep lapsed leases.

Every move of a job's status is one conditional UPDATE ("from these statuses to that one"), so two workers, a
redelivered task, the sweep and a user pressing "Drop" can never both win: whoever moves the row first owns
the step, the others find the job elsewhere and do nothing.

A worker that claims a job holds a lease (lease_expires_at). While it works, a small thread renews the lease and
writes the progress it was told on its own database connection, so the page's progress bar moves even while
the work itself sits in one long transaction. A worker that dies stops renewing; the beat-run sweep fails the
job once its lease lapses. Work done in a transaction finishes with `finish(...)` inside that transaction: if
the job was failed or dropped meanwhile, the finish raises JobLost and the whole transaction rolls back.

lib imports no app: the sweep finds every concrete BackgroundJob model through django.apps.
"""

import datetime as dt
import gc
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from celery import shared_task
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.utils import timezone

from .models import BackgroundJob, JobStatus
from .tasks import queue_after_commit

logger = logging.getLogger(__name__)
Job = TypeVar("Job", bound=BackgroundJob)

WORKING = (JobStatus.RUNNING, JobStatus.APPLYING)
QUEUED = (JobStatus.PENDING, JobStatus.CONFIRMED)
# Words a user understands, by the step the worker was on when it stopped.
STOPPED = {
    JobStatus.RUNNING: "The worker stopped while working on this (it may have been restarted); nothing was changed. "
    "Start again.",
    JobStatus.APPLYING: "The worker stopped while applying this (it may have been restarted); nothing was changed. "
    "Start again.",
}
NEVER_STARTED = "No worker picked this up in time; nothing was changed. Start again."
NEVER_STARTED_AFTER = dt.timedelta(hours=1)  # longer than any queue of work ahead of it


def lease() -> dt.timedelta:
    """How long a claimed job stays ours without a renewal (renewed every few seconds while working)."""
    return dt.timedelta(seconds=getattr(settings, "JOB_LEASE_SECONDS", 45))


class StalePreview(ValidationError):
    """The preview a user confirmed is not the job's latest (the records changed since it was planned, or it was
    planned again): nothing is applied. A page shows it as any refusal; the API answers 409 Conflict, as for an
    edit at a stale version (a conflict with the job's current state, not bad input)."""


class JobLost(Exception):
    """The job is no longer ours (dropped, or failed by the sweep): the work must not be kept."""


def job_models() -> list[type[BackgroundJob]]:
    """Every concrete job model of every installed app."""
    return [m for m in apps.get_models() if issubclass(m, BackgroundJob) and not m._meta.abstract]


def move(job: BackgroundJob, *, to: str, frm: Iterable[str], **fields) -> bool:
    """Move the job to `to` if it is in one of `frm`; True if this call moved it. Updates `job` in memory too."""
    values = {"status": to, "updated_at": timezone.now(), **fields}
    moved = type(job)._default_manager.filter(pk=job.pk, status__in=list(frm)).update(**values)
    if moved:
        for name, value in values.items():
            setattr(job, name, value)
    return bool(moved)


def claim(model: type[Job], job_id: int, *, frm: str, to: str, defer: tuple[str, ...] = ()) -> Job | None:
    """Take a queued job for this worker (atomic status move, lease started), or None if it is not queued.

    A redelivered task, or one for a job dropped or failed meanwhile, gets None and does nothing. `defer`: large
    fields this step does not read (an uploaded file once it was read), left in the database.
    """
    now = timezone.now()
    claimed = model._default_manager.filter(pk=job_id, status=frm).update(
        status=to, started_at=now, updated_at=now, lease_expires_at=now + lease(), progress=0, progress_note=""
    )
    return model._default_manager.defer(*defer).get(pk=job_id) if claimed else None


def finish(job: BackgroundJob, *, to: str = JobStatus.DONE, **fields) -> None:
    """The work is done: move the job on from the step it is in. Inside the work's transaction, so that a job
    dropped or failed meanwhile raises JobLost and nothing of the work is kept."""
    if not move(job, to=to, frm=[job.status], progress=100, finished_at=timezone.now(), lease_expires_at=None,
                **fields):  # fmt: skip
        raise JobLost(f"{job} is no longer {job.status}")


def fail(job: BackgroundJob, message: str) -> bool:
    """Fail the job in words a user understands, from whatever active step it is in."""
    return move(job, to=JobStatus.FAILED, frm=[*QUEUED, *WORKING], error=message, finished_at=timezone.now(),
                lease_expires_at=None)  # fmt: skip


DROPPABLE = (JobStatus.PENDING, JobStatus.RUNNING, JobStatus.READY, JobStatus.CONFIRMED)


def drop(job: BackgroundJob) -> None:
    """The user drops an import. Once a worker is applying it, it can no longer be dropped (it ends done or
    failed); nor can a job that already ended."""
    if not move(job, to=JobStatus.CANCELLED, frm=DROPPABLE, finished_at=timezone.now(), lease_expires_at=None):
        job.refresh_from_db(fields=["status"])
        raise ValidationError(f"This import is {job.get_status_display().lower()}; it can no longer be dropped.")


def confirm(job: BackgroundJob, *, planned_against: str, task: str) -> None:
    """The user accepted the preview named `planned_against` (a fingerprint of what it was planned on): queue the
    apply of exactly that plan, or refuse if the job's latest preview is another. `job` is locked, READY, and its
    plan has no problems (the caller checks what its import needs)."""
    latest = getattr(job, "planned_against", "")
    if not latest or planned_against != latest:
        raise StalePreview("This preview is out of date: preview again. Nothing was applied.")
    move(job, to=JobStatus.CONFIRMED, frm=[JobStatus.READY])
    queue_after_commit(task, job.pk)


def replan(job: BackgroundJob, *, task: str, **fields) -> None:
    """Preview again: the import goes back to the worker to plan its stored file anew (with `fields` changed,
    e.g. another column mapping); the new preview must be seen before anything is applied."""
    reset = {"plan": None, "planned_against": "", "error": "", "progress": 0, "progress_note": "", **fields}
    if not move(job, to=JobStatus.PENDING, frm=[JobStatus.READY], **reset):
        raise ValidationError(f"This import is {job.get_status_display().lower()}; it cannot be previewed again.")
    queue_after_commit(task, job.pk)


class Progress:
    """What the work tells the page: `report(done, total, "rows applied")`. Cheap: no query; the lease thread
    writes the latest value every JOB_PROGRESS_SECONDS (a second)."""

    def __init__(self, start: int = 0, end: int = 100):
        self.start, self.end = start, end
        self.percent, self.note = start, ""
        self.lock = threading.Lock()

    def report(self, done: int, total: int, what: str) -> None:
        share = done / total if total else 1
        with self.lock:
            self.percent = self.start + round((self.end - self.start) * min(share, 1))
            self.note = f"{done:,} of {total:,} {what}"

    def reporter(self, what: str) -> Callable[[int, int], None]:
        """`report` for one kind of work, for code that knows nothing of jobs (a parser counting rows)."""
        return lambda done, total: self.report(done, total, what)

    def span(self, start: int, end: int) -> None:
        """The percent range the next `report`s fill (a step of the work)."""
        self.start, self.end = start, end

    def stage(self, percent: int, note: str) -> None:
        with self.lock:
            self.percent, self.note = percent, note

    def latest(self) -> tuple[int, str]:
        with self.lock:
            return self.percent, self.note


@contextmanager
def working(job: BackgroundJob) -> Iterator[Progress]:
    """Hold the job's lease while the block runs, writing progress as it is reported.

    With tasks run in-process (the embedded default and unit tests) there is no page to watch and no sweep, so
    no thread: the lease set by the claim is enough.
    """
    progress = Progress()
    with _collector_paused():
        if settings.CELERY_TASK_ALWAYS_EAGER:
            yield progress
            return
        stop = threading.Event()
        thread = threading.Thread(target=_hold_lease, args=(job, progress, stop), daemon=True, name=f"lease-{job.pk}")
        thread.start()
        try:
            yield progress
        finally:
            stop.set()
            thread.join(timeout=10)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a job works, on again (and run once) after.

    An import builds hundreds of thousands of small objects it keeps to its end (cells, rows, plan); each batch of
    them sets off a collection that walks every object of the process, so a quarter of a 500-row import went on
    walks that freed nothing (measured 2026-11-23). Reference counting still frees everything as it goes; the
    few cycles a job leaves are collected once it ends.
    """
    if not gc.isenabled():  # nested, or paused by whoever runs us
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _hold_lease(job: BackgroundJob, progress: Progress, stop: threading.Event) -> None:
    """On its own connection (a thread's own): renew the lease, write progress when it moves."""
    model, working_status = type(job), job.status
    renew_every = lease().total_seconds() / 4
    written, renewed = None, 0.0
    try:
        while not stop.wait(getattr(settings, "JOB_PROGRESS_SECONDS", 1.0)):
            latest = progress.latest()
            if latest == written and time.monotonic() - renewed < renew_every:
                continue
            try:
                model._default_manager.filter(pk=job.pk, status=working_status).update(
                    progress=latest[0], progress_note=latest[1][:200], lease_expires_at=timezone.now() + lease()
                )
                written, renewed = latest, time.monotonic()
            except Exception:  # a missed renewal is retried next second; the work itself goes on
                logger.warning("Job %s: could not renew its lease", job, exc_info=True)
                close_old_connections()
    finally:
        connection.close()


def settled(job: Job, *, within: float, every: float = 0.1) -> Job:
    """The job as it is once no longer queued or running, or after `within` seconds, whichever comes first: a
    page may wait this long for a quick job (an export of a few hundred rows) and answer with its result in
    one step, instead of a progress page. In-process (eager) tasks are already done when this is called."""
    deadline = time.monotonic() + within
    model = type(job)
    while True:
        status = model._default_manager.filter(pk=job.pk).values_list("status", flat=True).first()
        if status not in (*QUEUED, *WORKING) or time.monotonic() >= deadline:
            job.refresh_from_db()
            return job
        time.sleep(every)


def fail_lapsed() -> int:
    """Fail every job whose worker stopped renewing its lease, and every job no worker took within the hour."""
    now = timezone.now()
    failed = 0
    for model in job_models():
        for status, message in STOPPED.items():
            lapsed = model._default_manager.filter(
                status=status, lease_expires_at__lt=now
            ) | model._default_manager.filter(
                status=status, lease_expires_at__isnull=True, updated_at__lt=now - lease()
            )
            failed += model._default_manager.filter(pk__in=lapsed.values("pk"), status=status).update(
                status=JobStatus.FAILED, error=message, finished_at=now, lease_expires_at=None, updated_at=now
            )
        failed += model._default_manager.filter(status__in=QUEUED, updated_at__lt=now - NEVER_STARTED_AFTER).update(
            status=JobStatus.FAILED, error=NEVER_STARTED, finished_at=now, updated_at=now
        )
    return failed


@shared_task(acks_late=True, name="connectmobilize.lib.jobs.fail_stale_jobs")
def fail_stale_jobs() -> int:
    """By beat, every 30 seconds: a job whose lease lapsed is failed within a lease and a half of its worker's death."""
    return fail_lapsed()
