"""Reads for go-live readiness: the event page and its score in a constant number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from programs.models import Program

from . import scoring
from .attendance import AttendancePlan
from .criteria import event_criteria
from .models import (
    AttendanceImport,
    ChangeWindow,
    ChecklistItem,
    GoLiveEvent,
    GoNoGoDecision,
    ReadinessPolicy,
    SignOff,
    Trainee,
    TrainingSession,
)
from .trend import TrendChart, trend_chart

__all__ = [
    "EventOutcome",
    "EventReadiness",
    "ItemState",
    "attendance_plan",
    "calendar_windows",
    "event_list",
    "event_readiness",
    "go_no_go_decisions",
    "latest_sign_off",
    "next_event_outcome",
    "policy_for",
    "readiness_score",
    "session_candidates",
    "training_sessions",
    "upcoming_event_ids",
]


def attendance_plan(job: AttendanceImport) -> AttendancePlan | None:
    """The plan the worker stored for the job (None until it has read the file). Computes nothing."""
    return AttendancePlan.from_json(job.plan) if job.plan else None


def policy_for(program: Program) -> ReadinessPolicy:
    """The program's thresholds; the defaults (unsaved) until a manager changes them.
    No query when the program was loaded with select_related("readiness_policy")."""
    try:
        return program.readiness_policy
    except ReadinessPolicy.DoesNotExist:
        return ReadinessPolicy(program=program)


def latest_sign_off(item: ChecklistItem) -> SignOff | None:
    """The sign-off in force: the newest (older ones are superseded). Uses prefetched sign_offs if there."""
    sign_offs = list(item.sign_offs.all())
    return max(sign_offs, key=lambda s: (s.signed_at, s.pk)) if sign_offs else None


def upcoming_event_ids(program_id: int) -> list[int]:
    """The events whose score can still change: those whose window has not ended."""
    events = GoLiveEvent.objects.filter(program_id=program_id, ends_at__gte=timezone.now())
    return list(events.values_list("pk", flat=True))


def training_sessions(program: Program) -> QuerySet[TrainingSession]:
    return (
        TrainingSession.objects.filter(course__program=program)
        .select_related("course")
        .annotate(
            enrolled=Count("enrolments"),
            attended=Count("enrolments", filter=Q(enrolments__attendance="attended")),
        )
    )


def session_candidates(session: TrainingSession, *, enrolled: set[int], limit: int = 500) -> list[Trainee]:
    """Trainees of the session's audience who are neither enrolled nor already trained for it."""
    audience = session.course.audience
    candidates = (
        Trainee.objects.filter(program_id=session.course.program_id, audience=audience)
        .exclude(pk__in=enrolled)
        .exclude(enrolments__attendance="attended", enrolments__session__course__audience=audience)
        .order_by("name")
    )
    return list(candidates[:limit])


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
    recent = [(when, float(score), outcome) for when, score, outcome in event.snapshots.values_list(
        "taken_at", "score", "outcome")[:60]][::-1]  # fmt: skip
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


# For the apps above (governance: agendas and the decision log) -------------------------------------------


@dataclass
class EventOutcome:
    """The readiness of the next go-live as last computed: the newest snapshot (or scored now if none yet)."""

    event: GoLiveEvent
    score: float
    outcome: str  # scoring.Outcome value
    open_blockers: list[str]
    as_of: object  # when the snapshot was taken; None when scored just now

    @property
    def outcome_label(self) -> str:
        return scoring.Outcome(self.outcome).label


def next_event_outcome(program: Program) -> EventOutcome | None:
    """The next go-live event whose window has not ended, with its readiness (2 queries with a snapshot)."""
    event = GoLiveEvent.objects.filter(program=program, ends_at__gte=timezone.now()).order_by("starts_at").first()
    if event is None:
        return None
    snapshot = event.snapshots.first()
    if snapshot is not None:
        blockers = [b.get("label", "") for b in snapshot.open_blockers]
        return EventOutcome(event, float(snapshot.score), snapshot.outcome, blockers, snapshot.taken_at)
    result = readiness_score(event.pk)
    return EventOutcome(event, result.score, result.outcome.value, [c.label for c in result.open_blockers], None)


def go_no_go_decisions(program: Program) -> QuerySet[GoNoGoDecision]:
    """The program's go/no-go decisions, newest first, with their event and who recorded them."""
    return GoNoGoDecision.objects.filter(event__program=program).select_related("event__program", "decided_by")
