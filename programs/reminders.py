"""The daily overdue-milestone reminder: one email per owner listing their overdue milestones."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string

from .filters import overdue_milestones
from .models import Milestone


def overdue_reminder_messages() -> list[tuple[str, str, str, list[str]]]:
    overdue = (
        overdue_milestones(Milestone.objects.filter(owner__isnull=False, owner__is_active=True))
        .exclude(owner__email="")
        .select_related("owner", "program", "workstream")
        .order_by("owner_id", "program__name", "due")
    )
    by_owner = defaultdict(list)
    for milestone in overdue:
        by_owner[milestone.owner].append(milestone)
    messages = []
    for owner, milestones in by_owner.items():
        count = len(milestones)
        subject = f"ConnectMobilize: {count} overdue milestone{'s' if count != 1 else ''}"
        body = render_to_string(
            "programs/email/overdue_reminder.txt",
            {"owner": owner, "milestones": milestones, "site_url": settings.SITE_URL.rstrip("/")},
        )
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [owner.email]))
    return messages


def send_overdue_reminders() -> int:
    """Send the reminders; returns how many owners were emailed."""
    messages = overdue_reminder_messages()
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return len(messages)
