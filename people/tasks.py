"""People & change: tasks."""

from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True, time_limit=900, soft_time_limit=840)
def send_weekly_summaries() -> int:
    """Weekly, by beat: the portfolio summary to each user who asked for it. Returns how many were sent."""
    from .services import weekly_summaries_send

    return weekly_summaries_send()


OPTIONS = {"acks_late": True, "reject_on_worker_lost": True, "time_limit": 300, "soft_time_limit": 270}


@shared_task(**OPTIONS)
def raise_commitment_risks() -> int:
    """Nightly, by beat: rule 8 (a commitment gap above one level within 14 days of a go-live window raises a
    people risk, once). Safe to run again: what was raised is linked and not raised twice."""
    from .services import commitment_risks_raise_all

    return commitment_risks_raise_all()
