"""People & change: tasks."""

from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True, time_limit=900, soft_time_limit=840)
def send_weekly_summaries() -> int:
    """Weekly, by beat: the portfolio summary to each user who asked for it. Returns how many were sent."""
    from .services import weekly_summaries_send

    return weekly_summaries_send()
