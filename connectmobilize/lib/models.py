from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class JobStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a worker"
    RUNNING = "running", "Working"
    READY = "ready", "Ready for review"
    CONFIRMED = "confirmed", "Waiting for a worker to apply"
    APPLYING = "applying", "Applying"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class BackgroundJob(TimeStampedModel):
    """A status row for work done by a Celery worker: the page polls it; a task is idempotent by its id.

    A job can only move forward, one conditional status move at a time (connectmobilize/lib/jobs.py): a task that
    finds its job anywhere but the step it claims from, returns. A worker holds a lease while it works.
    """

    ACTIVE = (JobStatus.PENDING, JobStatus.RUNNING, JobStatus.CONFIRMED, JobStatus.APPLYING)

    status = models.CharField(max_length=16, choices=JobStatus, default=JobStatus.PENDING)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    progress_note = models.CharField(max_length=200, blank=True, help_text='e.g. "1,200 of 5,000 rows applied".')
    lease_expires_at = models.DateTimeField(
        null=True, blank=True, help_text="While a worker works on the job; a lapsed lease means the worker stopped."
    )
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE
