from celery import shared_task


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def send_overdue_milestone_reminders() -> int:
    """Daily, by beat: email each owner their overdue milestones. Returns how many owners were emailed."""
    from .reminders import send_overdue_reminders

    return send_overdue_reminders()
