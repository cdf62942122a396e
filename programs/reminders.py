"""The daily overdue-milestone reminder: one email per owner listing their overdue milestones.

Safe to run again the same day (a retried or duplicated beat task): an owner already reminded today
is skipped, so only the owners a failed run missed get their email.
"""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .filters import overdue_milestones
from .models import Milestone, ReminderReceipt


def overdue_by_owner(day) -> dict:
    overdue = (
        overdue_milestones(Milestone.objects.filter(owner__isnull=False, owner__is_active=True))
        .exclude(owner__email="")
        .exclude(owner__in=ReminderReceipt.objects.filter(day=day).values("user"))
        .select_related("owner", "program", "workstream")
        .order_by("owner_id", "program__name", "due")
    )
    by_owner = defaultdict(list)
    for milestone in overdue:
        by_owner[milestone.owner].append(milestone)
    return by_owner


def send_overdue_reminders() -> int:
    """Send today's reminders; returns how many owners were emailed now."""
    day = timezone.localdate()
    sent = 0
    for owner, milestones in overdue_by_owner(day).items():
        count = len(milestones)
        body = render_to_string(
            "programs/email/overdue_reminder.txt",
            {"owner": owner, "milestones": milestones, "site_url": settings.SITE_URL.rstrip("/")},
        )
        try:
            # The receipt commits only if the email went out; a concurrent run that got there first wins.
            with transaction.atomic():
                ReminderReceipt.objects.create(user=owner, day=day, milestone_count=count)
                send_mail(
                    f"ConnectMobilize: {count} overdue milestone{'s' if count != 1 else ''}",
                    body,
                    settings.DEFAULT_FROM_EMAIL,
                    [owner.email],
                )
        except IntegrityError:
            continue
        sent += 1
    return sent
