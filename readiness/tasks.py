"""Thin Celery tasks: readiness scoring and the attendance import (take ids, call a service)."""

from celery import shared_task

OPTIONS = {"acks_late": True, "reject_on_worker_lost": True, "time_limit": 300, "soft_time_limit": 270}


@shared_task(**OPTIONS)
def recompute_event_readiness(event_id: int) -> None:
    """After relevant changes (coalesced: see services.readiness_changed)."""
    from .services import snapshot_take_for

    snapshot_take_for(event_id=event_id)


@shared_task(**OPTIONS)
def recompute_all_readiness() -> int:
    """Nightly, by beat: a snapshot of every event still to come, so the trend has a point a day."""
    from .services import snapshot_take_upcoming

    return snapshot_take_upcoming()


@shared_task(**OPTIONS)
def plan_attendance_import(job_id: int) -> None:
    from .services import attendance_import_plan

    attendance_import_plan(job_id=job_id)


@shared_task(**OPTIONS)
def apply_attendance_import(job_id: int) -> None:
    from .services import attendance_import_apply

    attendance_import_apply(job_id=job_id)
