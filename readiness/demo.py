"""The demo program's go-live: wave 1, nearly ready, with one hard blocker (agent training) still open."""

import datetime as dt

from django.utils import timezone

from . import services
from .choices import ItemStatus

IN_PROGRESS = {"SI-11", "SI-16", "SI-19", "SI-30", "SI-12", "SI-13"}
NOT_STARTED = {"SI-15", "SI-23", "SI-25"}


def load_demo(program) -> None:
    starts = timezone.localtime().replace(hour=22, minute=0, second=0, microsecond=0) + dt.timedelta(days=60)
    event = services.event_create(
        program=program, name="Wave 1: customer service lines", kind="wave", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=6),
    )  # fmt: skip
    for item in event.items.all():
        item.status = (
            ItemStatus.IN_PROGRESS if item.ref in IN_PROGRESS
            else ItemStatus.NOT_STARTED if item.ref in NOT_STARTED
            else ItemStatus.COMPLETE
        )  # fmt: skip
        if item.status != ItemStatus.NOT_STARTED:
            item.evidence_note = f"Evidence for {item.ref}: {item.evidence_required}"
        item.save()
    services.snapshot_take(event=event)  # the trend starts with today's score
