"""Reads for go-live readiness: the event page and its score in a constant number of queries."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from programs.models import Program

from . import scoring
from .models import ChecklistItem, GoLiveEvent, SignOff
from .services import latest_sign_off, policy_for

__all__ = ["EventReadiness", "ItemState", "event_list", "event_readiness"]


def event_list(program: Program) -> QuerySet[GoLiveEvent]:
    return program.go_live_events.all()


@dataclass
class ItemState:
    item: ChecklistItem
    sign_off: SignOff | None

    @property
    def signed(self) -> bool:
        return self.sign_off is not None and not self.stale

    @property
    def stale(self) -> bool:
        return self.sign_off is not None and self.sign_off.evidence_fingerprint != self.item.evidence_fingerprint


@dataclass
class EventReadiness:
    event: GoLiveEvent
    items: list[ItemState]
    result: scoring.Result
    thresholds: scoring.Thresholds


def event_readiness(event: GoLiveEvent, *, link=lambda item: "") -> EventReadiness:
    items = list(
        event.items.select_related("owner_role", "owner", "approver").prefetch_related(
            Prefetch("sign_offs", queryset=SignOff.objects.select_related("signed_by"))
        )
    )
    states = [ItemState(item, latest_sign_off(item)) for item in items]
    criteria = [
        scoring.Criterion(
            key=item.ref,
            label=f"{item.ref} {item.text}",
            weight=item.weight,
            value=scoring.CREDIT[item.status],
            hard_blocker=item.hard_blocker,
            explanation=item.get_status_display(),
            link=link(item),
        )
        for item in items
    ]
    policy = policy_for(event.program)
    thresholds = scoring.Thresholds(go=policy.go_threshold, conditions=policy.conditions_threshold)
    return EventReadiness(event, states, scoring.score(criteria, thresholds), thresholds)
