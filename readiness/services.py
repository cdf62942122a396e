"""Writes for go-live readiness. Each runs in one transaction."""

import csv
import datetime as dt
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from connectmobilize.lib.access import Capability, can
from programs.models import Program

from .choices import ItemStatus, Priority
from .models import ChecklistItem, GoLiveEvent, ReadinessPolicy, SignOff

TEMPLATE = Path(__file__).parent / "starting" / "si_checklist.csv"
PRIORITY = {"H": Priority.HIGH, "M": Priority.MEDIUM, "L": Priority.LOW}


def policy_for(program: Program) -> ReadinessPolicy:
    """The program's thresholds; the defaults (unsaved) until a manager changes them."""
    return ReadinessPolicy.objects.filter(program=program).first() or ReadinessPolicy(program=program)


@transaction.atomic
def event_create(
    *, program: Program, name: str, kind: str, starts_at: dt.datetime, ends_at: dt.datetime, with_template: bool = True
) -> GoLiveEvent:
    """A go-live event, its checklist started from the contact-center template (DOMAIN.md §10.C) if asked."""
    event = GoLiveEvent(program=program, name=name, kind=kind, starts_at=starts_at, ends_at=ends_at)
    event.full_clean()
    event.save()
    if with_template:
        roles = {r.code: r for r in program.roles.all()}
        with TEMPLATE.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                event=event,
                ref=row["id"],
                category=row["category"],
                text=row["item"],
                evidence_required=row["evidence"],
                priority=PRIORITY[row["priority"]],
                weight=int(row["weight"]),
                hard_blocker=row["hard_blocker"] == "True",
                owner_role=roles.get(row["owner_role"]),
                due_date=starts_at.date() - dt.timedelta(days=int(row["due_t_minus_days"])),
                position=position,
            )
            for position, row in enumerate(rows)
        )
    return event


def latest_sign_off(item: ChecklistItem) -> SignOff | None:
    """The sign-off in force: the newest (older ones are superseded). Uses prefetched sign_offs if there."""
    sign_offs = list(item.sign_offs.all())
    return max(sign_offs, key=lambda s: (s.signed_at, s.pk)) if sign_offs else None


def may_update_evidence(membership, item: ChecklistItem) -> bool:
    if can(membership.access, Capability.SIGN_OFF):
        return True
    return can(membership.access, Capability.EVIDENCE) and item.owner_id == membership.user_id


@transaction.atomic
def item_update_evidence(*, item: ChecklistItem, membership, note: str, link: str, status: str) -> ChecklistItem:
    """New evidence. If it no longer matches the sign-off in force, the item needs signing again."""
    if not may_update_evidence(membership, item):
        raise PermissionDenied(
            "Only the item's owner, Service Introduction or a program manager may change its evidence."
        )
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    item.evidence_note, item.evidence_link, item.status = note, link, status
    signed = latest_sign_off(item)
    if signed and signed.evidence_fingerprint != item.evidence_fingerprint and item.status == ItemStatus.COMPLETE:
        item.status = ItemStatus.IN_PROGRESS  # the sign-off is stale: complete again only when re-signed
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def sign_off(*, item: ChecklistItem, membership, comment: str = "") -> SignOff:
    """Sign the item off as complete, recording who, when and the evidence as it stands."""
    user = membership.user
    if item.approver_id and item.approver_id != user.pk:
        raise PermissionDenied(f"Only {item.approver} (the named approver) can sign off {item.ref}.")
    if not item.approver_id and not can(membership.access, Capability.SIGN_OFF):
        raise PermissionDenied("Only Service Introduction members or a program manager can sign this item off.")
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    if not (item.evidence_note.strip() or item.evidence_link):
        raise ValidationError(f"{item.ref} has no evidence yet: add a note or a link before signing it off.")
    record = SignOff.objects.create(
        item=item, signed_by=user, comment=comment, evidence_fingerprint=item.evidence_fingerprint,
        evidence_note=item.evidence_note, evidence_link=item.evidence_link,
    )  # fmt: skip
    if item.status != ItemStatus.COMPLETE:
        item.status = ItemStatus.COMPLETE
        item.save(update_fields=["status", "updated_at"])
    return record
