from celery import shared_task


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def send_overdue_milestone_reminders() -> int:
    """Daily, by beat: email each owner their overdue milestones. Returns how many owners were emailed."""
    from .reminders import send_overdue_reminders

    return send_overdue_reminders()


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def send_invitation(membership_id: int, invited_by_id: int) -> None:
    """A new user invited to a program: the email with the link to set their password."""
    from .services import invitation_send

    invitation_send(membership_id=membership_id, invited_by_id=invited_by_id)
