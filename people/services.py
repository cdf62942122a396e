"""People & change: services."""

# Sponsor activity and the weekly summary (branch `executive`) ------------------------------------------------

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from connectmobilize.lib.access import Access
from connectmobilize.lib.records import edit, refuse_other_programs, save
from programs.models import Program

from . import selectors
from .models import SponsorActivity, SponsorRoadmapItem, WeeklySummaryReceipt, WeeklySummarySubscription

SPONSORS = (Access.EXECUTIVE, Access.MANAGER)


def _check_sponsor(record, sponsor) -> None:
    """The sponsor is one of the program's executives or managers."""
    if sponsor is None:
        raise ValidationError({"sponsor": "Say which executive."})
    if not sponsor.memberships.filter(program_id=record.program_id, access__in=SPONSORS).exists():
        raise ValidationError({"sponsor": f"{sponsor} is not an executive or manager of this program."})


def _check_roadmap_item(item: SponsorRoadmapItem) -> SponsorRoadmapItem:
    _check_sponsor(item, item.sponsor)
    save(item)
    return item


@transaction.atomic
def roadmap_item_create(*, program: Program, sponsor, kind: str, title: str, planned_on: dt.date, abc: str = "",
                        notes: str = "") -> SponsorRoadmapItem:  # fmt: skip
    """Plan a sponsor activity on the roadmap."""
    item = SponsorRoadmapItem(program=program, sponsor=sponsor, kind=kind, abc=abc, title=title,
                              planned_on=planned_on, notes=notes)  # fmt: skip
    return _check_roadmap_item(item)


@transaction.atomic
def roadmap_item_update(*, item: SponsorRoadmapItem, version: int, **changes) -> SponsorRoadmapItem:
    """Edit a planned item (its day, its sponsor, or cancel it); refused when someone saved it meanwhile."""
    item = edit(item, version=version, changes=changes)
    if "kind" in changes and "abc" not in changes:
        item.abc = ""  # the usual ABC of the new kind
    return _check_roadmap_item(item)


def _check_activity(activity: SponsorActivity) -> SponsorActivity:
    _check_sponsor(activity, activity.sponsor)
    refuse_other_programs(activity, program_id=activity.program_id, links={"planned": activity.planned})
    if activity.done_on > timezone.localdate():
        raise ValidationError({"done_on": "Record what was done: this day has not come yet. Plan it instead."})
    planned = activity.planned
    if planned is not None:
        if planned.cancelled:
            raise ValidationError({"planned": f"“{planned}” was cancelled: record this on its own."})
        others = SponsorActivity.objects.filter(planned=planned).exclude(pk=activity.pk)
        if others.exists():
            raise ValidationError({"planned": f"“{planned}” is already recorded as done."})
    save(activity)
    return activity


@transaction.atomic
def sponsor_activity_record(*, program: Program, sponsor, user, kind: str, title: str, done_on: dt.date,
                            planned: SponsorRoadmapItem | None = None, abc: str = "",
                            notes: str = "") -> SponsorActivity:  # fmt: skip
    """What an executive did: against a planned item of the roadmap (which it marks done) or on its own."""
    if planned is not None:  # lock the planned item: two people recording it at once make one record
        planned = SponsorRoadmapItem.objects.select_for_update().filter(pk=planned.pk).first() or planned
    activity = SponsorActivity(program=program, sponsor=sponsor, planned=planned, kind=kind, abc=abc, title=title,
                               done_on=done_on, notes=notes, recorded_by=user)  # fmt: skip
    return _check_activity(activity)


@transaction.atomic
def sponsor_activity_update(*, activity: SponsorActivity, version: int, **changes) -> SponsorActivity:
    activity = edit(activity, version=version, changes=changes)
    if "kind" in changes and "abc" not in changes:
        activity.abc = ""
    if activity.planned_id is not None:
        SponsorRoadmapItem.objects.select_for_update().filter(pk=activity.planned_id).first()
    return _check_activity(activity)


@transaction.atomic
def weekly_summary_set(*, user, wanted: bool) -> WeeklySummarySubscription:
    """Ask for the weekly portfolio summary by email, or stop it."""
    subscription, _ = WeeklySummarySubscription.objects.select_for_update().get_or_create(
        user=user, defaults={"active": wanted}
    )
    if subscription.active != wanted:
        subscription.active = wanted
        subscription.save()
    return subscription


def weekly_summaries_send(*, today: dt.date | None = None) -> int:
    """Email this week's portfolio summary to each user who asked for it; returns how many were sent now.

    Safe to run again in the same week (a retried or duplicated beat task): a user already sent this week's
    is skipped, so only the users a failed run missed get theirs."""
    today = today or timezone.localdate()
    week = today - dt.timedelta(days=today.weekday())
    site = settings.SITE_URL.rstrip("/")
    sent = 0
    for user in selectors.weekly_summary_recipients(week):
        lines = selectors.portfolio(selectors.portfolio_programs(user))
        if not lines:
            continue
        body = render_to_string("people/email/weekly_summary.txt", {"user": user, "lines": lines, "site_url": site,
                                                                     "week": week})  # fmt: skip
        try:
            # The receipt commits only if the email went out; a concurrent run that got there first wins.
            with transaction.atomic():
                WeeklySummaryReceipt.objects.create(user=user, week=week)
                attention = sum(1 for line in lines if line.alerts)
                subject = f"ConnectMobilize: your {len(lines)} program{'s' * (len(lines) != 1)}, week of {week:%d %b}"
                if attention:
                    subject += f" ({attention} need{'s' * (attention == 1)} attention)"
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except IntegrityError:
            continue
        sent += 1
    return sent
