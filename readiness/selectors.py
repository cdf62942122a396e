"""Reads for go-live readiness: the event page and its score in a constant number of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from programs.models import Program

from . import scoring
from .criteria import event_criteria
from .models import ChangeWindow, ChecklistItem, GoLiveEvent, SignOff
from .services import latest_sign_off, policy_for
from .trend import TrendChart, trend_chart

__all__ = ["EventReadiness", "ItemState", "calendar_windows", "event_list", "event_readiness", "readiness_score"]


def event_list(program: Program) -> QuerySet[GoLiveEvent]:
    return program.go_live_events.all()


def calendar_windows(program: Program) -> QuerySet[ChangeWindow]:
    """The program's change windows and the organisation-wide ones."""
    return ChangeWindow.objects.filter(Q(program=program) | Q(program__isnull=True)).select_related("program")


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
    trend: TrendChart | None = None
    decisions: list = field(default_factory=list)

    @property
    def program_criteria(self) -> list[scoring.Criterion]:
        """The criteria beyond the checklist items: calendar, CAB, RACI, milestones, risks."""
        refs = {state.item.ref for state in self.items}
        return [c for c in self.result.criteria if c.key not in refs]


def event_readiness(event: GoLiveEvent) -> EventReadiness:
    items = list(
        event.items.select_related("owner_role", "owner", "approver").prefetch_related(
            Prefetch("sign_offs", queryset=SignOff.objects.select_related("signed_by"))
        )
    )
    states = [ItemState(item, latest_sign_off(item)) for item in items]
    policy = policy_for(event.program)
    criteria = event_criteria(event, items, policy)
    recent = list(event.snapshots.values_list("taken_at", "score", "outcome")[:60])[::-1]
    thresholds = scoring.Thresholds(go=policy.go_threshold, conditions=policy.conditions_threshold)
    trend = trend_chart(recent, go=thresholds.go, conditions=thresholds.conditions)
    decisions = list(event.decisions.select_related("decided_by", "snapshot"))
    return EventReadiness(event, states, scoring.score(criteria, thresholds), thresholds, trend, decisions)


def readiness_score(event_id: int) -> scoring.Result:
    """The score of one event, for the recompute task: six queries whatever the number of items or trainees
    (the event with its policy and CR, the items, the calendar, RACI errors, milestones and risks, training)."""
    event = GoLiveEvent.objects.select_related("program__readiness_policy", "change_request").get(pk=event_id)
    policy = policy_for(event.program)
    items = list(event.items.only("ref", "text", "weight", "status", "hard_blocker", "event_id"))
    thresholds = scoring.Thresholds(go=policy.go_threshold, conditions=policy.conditions_threshold)
    return scoring.score(event_criteria(event, items, policy), thresholds)
