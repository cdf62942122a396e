"""Reads for go-live readiness: the event page and its score in a constant number of queries."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber, TruncDate
from django.urls import reverse
from django.utils import timezone

from connectmobilize.lib import hooks
from connectmobilize.lib.access import Capability, can, may_sign_off, may_update_evidence
from connectmobilize.lib.search import text_match
from programs.models import Program

from . import scoring
from .attendance import AttendancePlan
from .choices import DecisionOutcome, ItemStatus
from .criteria import event_criteria, is_computed
from .models import (
    AttendanceImport,
    ChangeWindow,
    ChecklistItem,
    DecisionCondition,
    GoLiveEvent,
    GoNoGoDecision,
    ReadinessPolicy,
    ReadinessSnapshot,
    SignOff,
    Trainee,
    TrainingSession,
)
from .trend import TrendChart, trend_chart

__all__ = [
    "EventReadiness",
    "ItemState",
    "attendance_import_list",
    "attendance_plan",
    "calendar_windows",
    "checklist_items",
    "event_list",
    "event_list_latest",
    "event_readiness",
    "event_trends",
    "go_no_go_decisions",
    "latest_sign_off",
    "next_go_live",
    "next_go_live_by_program",
    "next_item_ref",
    "policy_for",
    "readiness_score",
    "session_candidates",
    "training_sessions",
    "upcoming_event_ids",
]


def attendance_import_list(program: Program) -> QuerySet[AttendanceImport]:
    """The program's attendance imports, newest first, without their files and plans (what a poll reads)."""
    return AttendanceImport.objects.filter(program=program).select_related("created_by").defer("data", "plan")


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


def event_list_latest(program: Program) -> QuerySet[GoLiveEvent]:
    """The program's events with the score and outcome of their latest snapshot, in one query (the API's list)."""
    latest = ReadinessSnapshot.objects.filter(event=OuterRef("pk")).order_by("-taken_at", "-pk")
    return (
        program.go_live_events.annotate(
            latest_score=Subquery(latest.values("score")[:1]), latest_outcome=Subquery(latest.values("outcome")[:1])
        )
        .prefetch_related("workstreams")
        .order_by("starts_at", "pk")
    )


def checklist_items(event: GoLiveEvent) -> QuerySet[ChecklistItem]:
    """An event's checklist, each item with the evidence its sign-off in force signed (`signed_fingerprint`)."""
    newest = SignOff.objects.filter(item=OuterRef("pk")).order_by("-signed_at", "-pk")
    return event.items.select_related("owner", "approver").annotate(
        signed_fingerprint=Subquery(newest.values("evidence_fingerprint")[:1])
    )


def next_item_ref(event: GoLiveEvent) -> str:
    """The reference a new checklist item starts with: the first SI-NN the event does not use yet."""
    taken = {ref.casefold() for ref in event.items.values_list("ref", flat=True)}
    return next(ref for n in range(1, len(taken) + 2) if (ref := f"SI-{n:02d}").casefold() not in taken)


def calendar_windows(program: Program) -> QuerySet[ChangeWindow]:
    """The program's change windows and the organisation-wide ones."""
    return ChangeWindow.objects.filter(Q(program=program) | Q(program__isnull=True)).select_related("program")


@dataclass
class ItemState:
    item: ChecklistItem
    sign_off: SignOff | None
    computed: scoring.Criterion | None = None  # for an item computed from the program (SI-17): what it says

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
    # For an event whose window has ended: when the score shown was taken (its last snapshot in the window);
    # None: scored now.
    as_of: dt.datetime | None = None

    @property
    def program_criteria(self) -> list[scoring.Criterion]:
        """The criteria beyond the checklist items: calendar, CAB, RACI, milestones, risks."""
        refs = {state.item.ref for state in self.items if state.computed is None}
        return [c for c in self.result.criteria if c.key not in refs]


def _computed(item: ChecklistItem, criterion: scoring.Criterion | None) -> scoring.Criterion | None:
    """What an item computed from the program says: SI-17, and an item an app above computes (the comms plan's
    SI-29) while that app has something to say; None for a ticked item."""
    return criterion if criterion is not None and (is_computed(item) or criterion.source) else None


def event_readiness(event: GoLiveEvent) -> EventReadiness:
    items = list(
        event.items.select_related("owner_role", "owner", "approver").prefetch_related(
            Prefetch("sign_offs", queryset=SignOff.objects.select_related("signed_by"))
        )
    )
    policy = policy_for(event.program)
    thresholds = scoring.Thresholds(go=policy.go_threshold, conditions=policy.conditions_threshold)
    # An event whose window has ended is shown as it stood then (its last snapshot in the window), not scored
    # against today's program: milestones and risks have moved on since, and its decision was taken on that.
    closed = event.ends_at < timezone.now()
    record = event.snapshots.filter(taken_at__lte=event.ends_at).first() if closed else None
    if record is not None:
        result = _result_of_record(record)
    else:
        result = scoring.score(event_criteria(event, items, policy), thresholds)
    by_key = {c.key: c for c in result.criteria}
    states = [ItemState(item, latest_sign_off(item), _computed(item, by_key.get(item.ref))) for item in items]
    # The days before the window for an event gone live, the last days for one to come.
    until = min(timezone.now(), event.ends_at)
    recent = _daily_history(ReadinessSnapshot.objects.filter(event=event), until=until).get(event.pk, [])
    trend = trend_chart(recent, go=thresholds.go, conditions=thresholds.conditions)
    decisions = list(event.decisions.select_related("decided_by", "snapshot"))
    as_of = record.taken_at if record is not None else None
    return EventReadiness(event, states, result, thresholds, trend, decisions, as_of)


def readiness_score(event_id: int) -> scoring.Result:
    """The score of one event, for the recompute task: six queries whatever the number of items or trainees
    (the event with its policy and CR, the items, the calendar, RACI errors, milestones and risks, training)."""
    event = GoLiveEvent.objects.select_related("program__readiness_policy", "change_request").get(pk=event_id)
    policy = policy_for(event.program)
    items = list(event.items.only("ref", "category", "text", "weight", "status", "hard_blocker", "event_id"))
    thresholds = scoring.Thresholds(go=policy.go_threshold, conditions=policy.conditions_threshold)
    return scoring.score(event_criteria(event, items, policy), thresholds)


# For the apps above (governance's decision log; its agendas read next_go_live) --------------------------


def go_no_go_decisions(program: Program) -> QuerySet[GoNoGoDecision]:
    """The program's go/no-go decisions, newest first, with their event and who recorded them."""
    return GoNoGoDecision.objects.filter(event__program=program).select_related("event__program", "decided_by")


# What readiness shows on other apps' pages (registered on connectmobilize.lib.hooks in apps.py) -----------

TREND_POINTS = 14  # days drawn in a go-live list row's sparkline (the last score of each)
TREND_DAYS = 7  # the dashboard says how the score moved over this many days


@dataclass(frozen=True)
class NextGoLive:
    """The next go-live of a program as its dashboard shows it: the verdict where people look."""

    event: GoLiveEvent
    result: scoring.Result
    days_to_window: int  # 0 on the day it opens, negative while the window is open
    window_open: bool
    moved: float | None  # score points gained (negative: lost) since `moved_since`
    moved_since: object | None  # datetime of the snapshot compared with

    @property
    def moved_abs(self) -> float | None:
        return abs(self.moved) if self.moved is not None else None

    @property
    def blockers_shown(self) -> list[scoring.Criterion]:
        return self.result.open_blockers[:3]

    @property
    def blockers_more(self) -> int:
        return max(len(self.result.open_blockers) - 3, 0)


def recompute_pending_key(event_id: int) -> str:
    """Cache key held while a change to the event's inputs waits to be scored (services.readiness_changed)."""
    return f"readiness:recompute:{event_id}"


def _current_snapshot_result(event: GoLiveEvent) -> scoring.Result | None:
    """The score of the event's latest snapshot, when it is still the current score: taken today (a date
    rollover makes milestones overdue) and no change waiting to be scored. None: score it now instead."""
    if cache.get(recompute_pending_key(event.pk)):
        return None
    midnight = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    latest = event.snapshots.filter(taken_at__gte=midnight).first()
    return _result_of_record(latest) if latest is not None else None


def _result_of_record(snapshot: ReadinessSnapshot) -> scoring.Result:
    """The score a snapshot recorded, criteria included, as scoring.score gave it then."""
    criteria = [scoring.criterion_of_record(c) for c in snapshot.criteria]
    blockers = [c for c in criteria if c.is_open_blocker]
    return scoring.Result(float(snapshot.score), scoring.Outcome(snapshot.outcome), blockers, criteria)


def next_go_live(program: Program, *, scored_now: bool = True) -> NextGoLive | None:
    """The first event whose window has not ended, scored now (as on its page) or, with scored_now=False, read
    from its latest snapshot while that is current; and how the score moved over the last week of snapshots.
    Nine queries at most, whatever the size of the checklist or the cohort."""
    now = timezone.now()
    event = GoLiveEvent.objects.filter(program=program, ends_at__gte=now).order_by("starts_at", "pk").first()
    if event is None:
        return None
    event.program = program
    result = (None if scored_now else _current_snapshot_result(event)) or readiness_score(event.pk)
    since = now - dt.timedelta(days=TREND_DAYS)
    earlier = event.snapshots.filter(taken_at__lte=since).first() or event.snapshots.order_by("taken_at", "pk").first()
    moved = round(result.score - float(earlier.score), 1) if earlier else None
    days = (timezone.localtime(event.starts_at).date() - timezone.localdate()).days
    return NextGoLive(
        event=event,
        result=result,
        days_to_window=days,
        window_open=event.starts_at <= now,
        moved=moved,
        moved_since=earlier.taken_at if earlier else None,
    )


def next_go_live_panel(program: Program, membership) -> dict:
    """The dashboard's go-live panel (template readiness/partials/_next_go_live.html): every page view of every
    member reads it, so from the current snapshot (scored after each change) rather than scored again."""
    return {"next_go_live": next_go_live(program, scored_now=False)}


@dataclass(frozen=True)
class ScoredEvent:
    """A go-live list row: the event, its latest snapshot (recorded after every change), the last snapshot of
    each of the last TREND_POINTS days (the trend), and its latest go/no-go decision."""

    event: GoLiveEvent
    latest: tuple[object, float, str] | None  # taken_at, score, outcome
    days: list[tuple[object, float]]  # taken_at, score: oldest first
    decision: str = ""  # the outcome's label

    @property
    def outcome(self) -> scoring.Outcome | None:
        return scoring.Outcome(self.latest[2]) if self.latest else None

    @property
    def change(self) -> float | None:
        """Points gained since the first day of the trend (None with fewer than two days)."""
        if self.latest is None or len(self.days) < 2:
            return None
        return round(self.latest[1] - self.days[0][1], 1)

    @property
    def since(self):
        return self.days[0][0] if self.days else None

    @property
    def sparkline(self) -> str:
        """SVG polyline points of the daily scores, oldest first, in a 80 × 20 box (0 to 100 %)."""
        if len(self.days) < 2:
            return ""
        step = 80 / (len(self.days) - 1)
        return " ".join(f"{round(i * step, 1)},{round(19 - 18 * s / 100, 1)}" for i, (_, s) in enumerate(self.days))


def event_list_scored(program: Program) -> list[ScoredEvent]:
    """The program's events, each with its latest snapshot, a point a day over the last TREND_POINTS days and its
    latest decision: four queries whatever the number of events or snapshots."""
    return _scored(list(event_list(program)))


def _scored(events: list[GoLiveEvent]) -> list[ScoredEvent]:
    """Each event with its latest snapshot, its daily trend and its latest decision: three queries."""
    ids = [event.pk for event in events]
    snapshots = ReadinessSnapshot.objects.filter(event_id__in=ids)
    newest_first = [F("taken_at").desc(), F("id").desc()]
    latest = {
        event_id: (taken_at, float(score), outcome)
        for event_id, taken_at, score, outcome in snapshots.annotate(
            n=Window(RowNumber(), partition_by=F("event_id"), order_by=newest_first)
        )
        .filter(n=1)
        .values_list("event_id", "taken_at", "score", "outcome")
    }
    days: dict[int, list[tuple[object, float]]] = {}
    recent = snapshots.filter(taken_at__gte=timezone.now() - dt.timedelta(days=TREND_POINTS))
    for event_id, taken_at, score in (
        recent.annotate(n=Window(RowNumber(), partition_by=[F("event_id"), TruncDate("taken_at")],
                                 order_by=newest_first))
        .filter(n=1)
        .order_by("event_id", "taken_at")
        .values_list("event_id", "taken_at", "score")
    ):  # fmt: skip
        days.setdefault(event_id, []).append((taken_at, float(score)))
    decided: dict[int, str] = {}
    for event_id, outcome in (
        GoNoGoDecision.objects.filter(event_id__in=ids)
        .order_by("event_id", "-decided_at", "-id")
        .values_list("event_id", "outcome")
    ):
        decided.setdefault(event_id, DecisionOutcome(outcome).label)
    return [
        ScoredEvent(event, latest.get(event.pk), days.get(event.pk, []), decided.get(event.pk, "")) for event in events
    ]


# Across programs and events (the executive's pages, in people/) ---------------------------------------------


def next_go_live_by_program(program_ids) -> dict[int, ScoredEvent]:
    """program id → its next go-live (the first event whose window has not ended, as the dashboard's panel
    picks it) with its latest snapshot's score and outcome, its daily sparkline and its latest decision, as the
    go-live list shows a row: four queries for any number of programs."""
    firsts = (
        GoLiveEvent.objects.filter(program_id__in=program_ids, ends_at__gte=timezone.now())
        .select_related("program")
        .annotate(n=Window(RowNumber(), partition_by=F("program_id"), order_by=[F("starts_at").asc(), F("id").asc()]))
        .filter(n=1)
    )
    return {row.event.program_id: row for row in _scored(list(firsts))}


TREND_DAYS_DRAWN = 60  # days drawn per event (event page, executive's page): the last score of each day


def _daily_history(
    snapshots: QuerySet[ReadinessSnapshot], *, until: dt.datetime | None = None
) -> dict[int, list[tuple[dt.datetime, float, str]]]:
    """event id → the last score of each day over the TREND_DAYS_DRAWN days up to `until` (default now; a day
    with many recomputes is one point), oldest first, in local time: one query."""
    history: dict[int, list[tuple[dt.datetime, float, str]]] = {}
    newest_first = [F("taken_at").desc(), F("id").desc()]
    since = (until or timezone.now()) - dt.timedelta(days=TREND_DAYS_DRAWN)
    for event_id, taken_at, score, outcome in (
        snapshots.filter(taken_at__gte=since)
        .annotate(n=Window(RowNumber(), partition_by=[F("event_id"), TruncDate("taken_at")], order_by=newest_first))
        .filter(n=1)
        .order_by("event_id", "taken_at", "id")
        .values_list("event_id", "taken_at", "score", "outcome")
    ):
        history.setdefault(event_id, []).append((timezone.localtime(taken_at), float(score), outcome))
    return history


def event_trends(program: Program) -> list[tuple[GoLiveEvent, TrendChart | None]]:
    """Every event of the program (soonest window first) with its readiness trend: the last score of each day
    over the last TREND_DAYS_DRAWN days (a day with many recomputes is one point). Three queries whatever the
    number of events or snapshots."""
    events = list(event_list(program).order_by("starts_at", "pk"))
    policy = policy_for(program)
    history = _daily_history(ReadinessSnapshot.objects.filter(event__program=program))
    return [
        (event, trend_chart(history.get(event.pk, []), go=policy.go_threshold, conditions=policy.conditions_threshold))
        for event in events
    ]


MY_WORK_LIMIT = 25  # items shown per section of "My work"; the count says how many more


def _add(section: hooks.WorkSection, item: hooks.WorkItem) -> None:
    section.total += 1
    if len(section.items) < MY_WORK_LIMIT:
        section.items.append(item)


def _item_work(item: ChecklistItem, program, action: str, note: str) -> hooks.WorkItem:
    url = reverse(
        "readiness:item_evidence",
        kwargs={"program_slug": program.slug, "event_id": item.event_id, "item_id": item.pk},
    )
    return hooks.WorkItem(
        program=program, action=action, what="Checklist item", title=f"{item.ref} {item.text}", url=url,
        due=item.due_date, note=note,
    )  # fmt: skip


def my_checklist_work(user, memberships) -> list[hooks.WorkSection]:
    """The user's go-live work in every program: checklist items they own and must evidence, items waiting
    for their signature (lib/access.py decides who signs), open conditions of go/no-go decisions they own.
    Four queries whatever the number of programs, events or items."""
    by_program = {m.program_id: m for m in memberships}
    signers = [pid for pid, m in by_program.items() if can(m.access, Capability.SIGN_OFF)]
    upcoming = GoLiveEvent.objects.filter(program_id__in=by_program, ends_at__gte=timezone.now())
    items = (
        ChecklistItem.objects.filter(event__in=upcoming)
        .exclude(status=ItemStatus.N_A)
        .filter(Q(owner=user) | Q(approver=user) | Q(approver__isnull=True, event__program_id__in=signers))
        .select_related("event")
        .prefetch_related(Prefetch("sign_offs", queryset=SignOff.objects.only("item_id", "signed_at",
                                                                               "evidence_fingerprint")))
        .order_by(F("due_date").asc(nulls_last=True), "event__starts_at", "position")
    )  # fmt: skip
    evidence = hooks.WorkSection("readiness.evidence", "Checklist items to evidence")
    signing = hooks.WorkSection("readiness.sign_off", "Checklist items to sign off")
    for item in items:
        membership = by_program[item.event.program_id]
        state = ItemState(item, latest_sign_off(item))
        if state.signed:
            continue
        has_evidence = bool(item.evidence_note.strip() or item.evidence_link or item.evidence_file_sha256)
        blocker = " · hard blocker" if item.hard_blocker else ""
        if has_evidence and (item.status == ItemStatus.COMPLETE or state.stale):
            if may_sign_off(membership, item):
                why = "evidence changed since it was signed" if state.stale else "complete, not signed off"
                _add(signing, _item_work(item, membership.program, "Sign off", f"{item.event.name} · {why}{blocker}"))
        elif item.owner_id == user.pk and may_update_evidence(membership, item):
            note = f"{item.event.name} · {item.get_status_display()}{blocker}"
            _add(evidence, _item_work(item, membership.program, "Add evidence", note))
    conditions = hooks.WorkSection("readiness.conditions", "Go/no-go conditions to close")
    for condition in DecisionCondition.objects.filter(
        owner=user, closed_at__isnull=True, decision__event__program_id__in=by_program
    ).select_related("decision__event"):
        event = condition.decision.event
        program = by_program[event.program_id].program
        url = reverse(
            "readiness:decision_detail",
            kwargs={"program_slug": program.slug, "event_id": event.pk, "decision_id": condition.decision_id},
        )
        _add(conditions, hooks.WorkItem(program=program, action="Close", what="Condition", title=condition.text,
                                        url=url, due=condition.due_date, note=event.name))  # fmt: skip
    return [s for s in (evidence, signing, conditions) if s.total]


def search_checklist_items(program: Program, query: str, limit: int) -> list[hooks.SearchHit]:
    items = text_match(
        ChecklistItem.objects.filter(event__program=program).select_related("event"),
        ["ref", "text", "category", "evidence_required"],
        query,
    ).order_by("-rank", "event__starts_at", "position")[:limit]
    return [
        hooks.SearchHit(
            what="Checklist items",
            title=f"{item.ref} {item.text}",
            detail=f"{item.event.name} · {item.get_status_display()}",
            url=reverse(
                "readiness:item_evidence",
                kwargs={"program_slug": program.slug, "event_id": item.event_id, "item_id": item.pk},
            ),
            rank=float(item.rank),
        )
        for item in items
    ]
