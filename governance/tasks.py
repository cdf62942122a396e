"""Thin Celery tasks of governance (take ids, call a service)."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, time_limit=300, soft_time_limit=240)
def freeze_started_meetings() -> int:
    """Every minute, by beat: a meeting whose start time passed without anyone pressing Start gets its agenda
    frozen as the program looks then. Returns how many meetings were frozen."""
    return services.meetings_freeze_started()


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def send_daily_digests() -> int:
    """Daily, by beat: the governance digest to each user who asked for it. Returns how many were emailed."""
    from .digest import send_daily_digests as send

    return send()
