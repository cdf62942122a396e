"""The daily governance digest: one email a morning to each user who asked for it (profile page), listing
their overdue and due actions and the day's meetings across their programs.

Safe to run again the same day (a retried or duplicated beat task): a user already sent today's digest is
skipped, so only the users a failed run missed get theirs.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import DigestReceipt
from .selectors import digests_due


def send_daily_digests() -> int:
    """Send today's digests; returns how many users were emailed now."""
    day = timezone.localdate()
    sent = 0
    for digest in digests_due(day, already_sent=DigestReceipt.objects.filter(day=day).values("user")):
        context = {"digest": digest, "day": day, "site_url": settings.SITE_URL.rstrip("/")}
        body = render_to_string("governance/email/daily_digest.txt", context)
        parts = []
        if digest.overdue:
            parts.append(f"{len(digest.overdue)} overdue action{'s' if len(digest.overdue) != 1 else ''}")
        if digest.due_today:
            parts.append(f"{len(digest.due_today)} due today")
        if digest.meetings:
            parts.append(f"{len(digest.meetings)} meeting{'s' if len(digest.meetings) != 1 else ''} today")
        if digest.decisions:
            parts.append(f"{len(digest.decisions)} decision{'s' if len(digest.decisions) != 1 else ''} waiting")
        try:
            # The receipt commits only if the email went out; a concurrent run that got there first wins.
            with transaction.atomic():
                DigestReceipt.objects.create(user=digest.user, day=day)
                send_mail(f"ConnectMobilize governance: {', '.join(parts)}", body, settings.DEFAULT_FROM_EMAIL,
                          [digest.user.email])  # fmt: skip
        except IntegrityError:
            continue
        sent += 1
    return sent
