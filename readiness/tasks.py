"""Thin Celery tasks for readiness scoring."""

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
