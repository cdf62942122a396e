"""The demo program's go-lives: a pilot that went live on a Go decision, wave 1 nearly ready (one hard blocker,
agent training, still open; two months of scores behind it), wave 2 later; a freeze and a blackout around them."""

import datetime as dt

from django.utils import timezone

from . import services
from .choices import ItemStatus
from .models import ReadinessSnapshot

IN_PROGRESS = {"SI-11", "SI-16", "SI-19", "SI-30", "SI-12", "SI-13"}
NOT_STARTED = {"SI-15", "SI-23", "SI-25"}


def load_demo(program) -> None:
    starts = timezone.localtime().replace(hour=22, minute=0, second=0, microsecond=0) + dt.timedelta(days=60)
    event = services.event_create(
        program=program,
        name="Wave 1: customer service lines",
        kind="wave",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=6),
    )
    for item in event.items.all():
        item.status = (
            ItemStatus.IN_PROGRESS
            if item.ref in IN_PROGRESS
            else ItemStatus.NOT_STARTED
            if item.ref in NOT_STARTED
            else ItemStatus.COMPLETE
        )
        if item.status != ItemStatus.NOT_STARTED:
            item.evidence_note = f"Evidence for {item.ref}: {item.evidence_required}"
        if item.ref in {"SI-11", "SI-16"}:
            item.owner = program.memberships.get(user__username="liam").user  # on Liam's "My work"
        item.save()
    _history(event, days=60)
    _pilot(program, starts - dt.timedelta(days=95))
    services.event_create(
        program=program,
        name="Wave 2: sales and retention",
        kind="wave",
        starts_at=starts + dt.timedelta(days=35),
        ends_at=starts + dt.timedelta(days=35, hours=6),
    )
    services.change_window_create(
        program=program,
        name="Quarter-end freeze",
        kind="freeze",
        starts_at=starts - dt.timedelta(days=20),
        ends_at=starts - dt.timedelta(days=13),
    )
    services.change_window_create(
        program=program,
        name="Open enrolment peak (blackout)",
        kind="blackout",
        starts_at=starts + dt.timedelta(days=10),
        ends_at=starts + dt.timedelta(days=24),
    )


def _history(event, *, days: int) -> None:
    """A score a day for `days` days, climbing to today's as the checklist filled in (the trend's story)."""
    now = services.snapshot_take(event=event)
    final = float(now.score)
    for day in range(days, 0, -1):
        snapshot = services.snapshot_take(event=event)
        score = round(max(final - 0.55 * day - (3 if day % 7 == 0 else 0), 20.0), 1)
        ReadinessSnapshot.objects.filter(pk=snapshot.pk).update(
            score=score, taken_at=now.taken_at - dt.timedelta(days=day)
        )


def _pilot(program, starts) -> None:
    """The pilot went live 95 days before wave 1, on a Go recorded by the program manager."""
    pilot = services.event_create(
        program=program,
        name="Pilot: internal help desk",
        kind="pilot",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=4),
    )
    for item in pilot.items.all():
        item.status, item.evidence_note = ItemStatus.COMPLETE, f"Pilot evidence for {item.ref}"
        item.save()
    services.change_request_save(
        event=pilot, version=None, number="CHG0031877", status="approved", approved_start=starts,
        approved_end=starts + dt.timedelta(hours=4), cab_date=(starts - dt.timedelta(days=7)).date(),
    )  # fmt: skip
    maria = program.memberships.get(user__username="maria")
    services.decision_record(
        event=pilot,
        membership=maria,
        outcome="go",
        rationale="Every checklist item complete; UAT passed on the temporary number.",
    )


def load_second_demo(program) -> None:
    """The second demo program's pilot: two weeks out, its checklist mostly done, a fortnight of scores."""
    starts = timezone.localtime().replace(hour=20, minute=0, second=0, microsecond=0) + dt.timedelta(days=14)
    event = services.event_create(
        program=program, name="Pilot: nurse advice line", kind="pilot", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=4),
    )  # fmt: skip
    for item in event.items.all():
        item.status = ItemStatus.IN_PROGRESS if item.ref in IN_PROGRESS else ItemStatus.COMPLETE
        item.evidence_note = f"Evidence for {item.ref}: {item.evidence_required}"
        item.save()
    _history(event, days=14)
