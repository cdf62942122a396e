"""People & change: selectors."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from connectmobilize.lib import hooks
from connectmobilize.lib.access import Access
from governance import selectors as governance
from programs import selectors as programs
from programs.models import Program
from readiness import selectors as readiness
from readiness import selectors as readiness_selectors

from . import adkar, charts, commitment, sponsor_roadmap, sponsorship, survey
from .choices import (
    CommStatus,
    GridQuadrant,
    ImpactArea,
    InfluenceType,
    JobLevel,
    Level,
    StakeholderKind,
    SupportLevel,
    Tenure,
)
from .models import (
    AdkarAssessment,
    ChangeImpact,
    CommitmentRisk,
    CommunicationItem,
    LeaderAlignment,
    SponsorActivity,
    SponsorAssessment,
    SponsorNode,
    SponsorRoadmapItem,
    Stakeholder,
    SurveyResponse,
    SurveyRound,
    WeeklySummaryReceipt,
    WeeklySummarySubscription,
)
from .portfolio import PortfolioLine, portfolio_lines

# Sponsor activity and the executive's pages (branch `executive`) ---------------------------------------------


def roadmap_items(program: Program) -> QuerySet[SponsorRoadmapItem]:
    """The program's sponsor roadmap, soonest first, each with `is_done` (an activity recorded against it)."""
    done = SponsorActivity.objects.filter(planned=OuterRef("pk"))
    return (
        SponsorRoadmapItem.objects.filter(program=program)
        .select_related("sponsor", "program")
        .annotate(is_done=Exists(done))
        .order_by("planned_on", "pk")
    )


def sponsor_activities(program: Program) -> QuerySet[SponsorActivity]:
    return SponsorActivity.objects.filter(program=program).select_related("sponsor", "planned", "program")


def sponsor_choices(program: Program):
    """Who may be named as a sponsor: the program's executives and managers."""
    return (
        get_user_model()
        .objects.filter(memberships__program=program, memberships__access__in=[Access.EXECUTIVE, Access.MANAGER])
        .order_by("first_name", "last_name", "username")
    )


def sponsor_tallies(program_ids) -> dict[int, sponsor_roadmap.Tally]:
    """program id → planned versus done up to today: two queries for any number of programs."""
    today = timezone.localdate()
    done = SponsorActivity.objects.filter(planned=OuterRef("pk"))
    plans = [
        (program_id, sponsor_roadmap.Planned(pk, sponsor_id, planned_on, is_done, cancelled))
        for pk, program_id, sponsor_id, planned_on, is_done, cancelled in SponsorRoadmapItem.objects.filter(
            program_id__in=program_ids
        )
        .annotate(is_done=Exists(done))
        .values_list("pk", "program_id", "sponsor_id", "planned_on", "is_done", "cancelled")
    ]
    acts = [
        (program_id, sponsor_roadmap.Done(sponsor_id, done_on, planned_id))
        for program_id, sponsor_id, done_on, planned_id in SponsorActivity.objects.filter(
            program_id__in=program_ids
        ).values_list("program_id", "sponsor_id", "done_on", "planned_id")
    ]
    by_program: dict[int, tuple[list, list]] = {}
    for program_id, plan in plans:
        by_program.setdefault(program_id, ([], []))[0].append(plan)
    for program_id, act in acts:
        by_program.setdefault(program_id, ([], []))[1].append(act)
    return {pid: sponsor_roadmap.tally(p, a, today=today) for pid, (p, a) in by_program.items()}


def _planned(item: Any) -> sponsor_roadmap.Planned:
    """A roadmap item loaded by roadmap_items() (it carries `is_done`) as the pure module takes it."""
    return sponsor_roadmap.Planned(item.pk, item.sponsor_id, item.planned_on, bool(item.is_done), item.cancelled)


@dataclass(frozen=True)
class SponsorMonth:
    sponsor: Any  # the user
    row: sponsor_roadmap.MonthRow


def sponsor_months(program: Program, items: list[SponsorRoadmapItem], activities: list[SponsorActivity]):
    """Planned versus done per sponsor and month, from the lists the page already loaded (no query)."""
    today = timezone.localdate()
    planned = [_planned(i) for i in items]
    done = [sponsor_roadmap.Done(a.sponsor_id, a.done_on, a.planned_id) for a in activities]
    people = {i.sponsor_id: i.sponsor for i in items} | {a.sponsor_id: a.sponsor for a in activities}
    rows = sponsor_roadmap.by_sponsor_and_month(planned, done, today=today)
    return [SponsorMonth(people[row.sponsor_id], row) for row in rows]


def sponsor_tally(items: list[SponsorRoadmapItem], activities: list[SponsorActivity]) -> sponsor_roadmap.Tally:
    planned = [_planned(i) for i in items]
    done = [sponsor_roadmap.Done(a.sponsor_id, a.done_on, a.planned_id) for a in activities]
    return sponsor_roadmap.tally(planned, done, today=timezone.localdate())


# The executive's portfolio and program page ------------------------------------------------------------------


def portfolio(programs_shown: list[Program]) -> list[PortfolioLine]:
    """One line per program: a constant number of queries whatever the number of programs or events
    (programs 2, readiness 4, governance 1, sponsor activity 2, people readiness 2)."""
    ids = [p.pk for p in programs_shown]
    return portfolio_lines(
        programs_shown,
        go_lives=readiness.next_go_live_by_program(ids),
        health=programs.program_health_by_program(ids),
        sponsor=sponsor_tallies(ids),
        decisions=governance.waiting_decisions_by_program(ids),
        worst_adkar_barrier=worst_adkar_barrier_by_program(ids),
        commitment_gaps=commitment_gaps_by_program(ids),
    )


HOME_IS_PORTFOLIO = Access.EXECUTIVE
WORKERS = (Access.LEAD, Access.SI)  # who keep landing on "My work" even where they are also an executive


def executive_landing(memberships) -> str | None:
    """The portfolio, for an executive of any program who is not a lead or SI in another (they have work)."""
    accesses = {m.access for m in memberships}
    if HOME_IS_PORTFOLIO in accesses and not accesses & set(WORKERS):
        return reverse("executive:portfolio")
    return None


def portfolio_programs(user) -> list[Program]:
    """Every program the user is a member of (and none other), by name."""
    return list(programs.program_list_for(user))


def top_people_risks(program: Program, *, top: int = 5):
    """The open people & change risks (is_change_issue), highest score first."""
    return list(programs.open_risks(program).filter(is_change_issue=True).order_by("-score", "code")[:top])


def event_trends(program: Program):
    return readiness.event_trends(program)


TREND_DAYS = readiness.TREND_DAYS_DRAWN


def weekly_summary_wanted(user) -> bool:
    return WeeklySummarySubscription.objects.filter(user=user, active=True).exists()


def weekly_summary_panel(user) -> dict:
    """The profile page's weekly summary opt-in (template people/partials/_profile.html)."""
    return {"weekly_summary": weekly_summary_wanted(user)}


def weekly_summary_recipients(week: dt.date):
    """Active users who asked for the weekly summary, have an email and a program, and were not sent this week's."""
    sent = WeeklySummaryReceipt.objects.filter(week=week).values("user_id")
    return (
        get_user_model()
        .objects.filter(weekly_summary__active=True, is_active=True, memberships__isnull=False)
        .exclude(email="")
        .exclude(pk__in=sent)
        .distinct()
        .order_by("pk")
    )


# Assessments, surveys and the communications plan -----------------------------------------------------------


# Stakeholders as the assessments need them -------------------------------------------------------------------


def leaders(program: Program) -> QuerySet[Stakeholder]:
    return Stakeholder.objects.filter(program=program, kind=StakeholderKind.INDIVIDUAL, archived=False)


# ADKAR ---------------------------------------------------------------------------------------------------------


def adkar_assessments(program: Program) -> QuerySet[AdkarAssessment]:
    return AdkarAssessment.objects.filter(program=program).select_related("group", "program")


@dataclass
class AdkarRow:
    """A group's latest round, the round before it, and its barrier."""

    group: Stakeholder
    latest: AdkarAssessment | None
    previous: AdkarAssessment | None
    rounds: int

    @property
    def barrier(self) -> adkar.Barrier | None:
        return adkar.barrier_point(self.latest.scores) if self.latest else None

    @property
    def tactic(self) -> str:
        return adkar.recommended_tactic(self.latest.scores) if self.latest else ""

    @property
    def cells(self) -> list[tuple[str, int, int | None, bool]]:
        """element, score, change since the previous round, is the barrier."""
        if not self.latest:
            return []
        barrier = self.barrier
        return [
            (e, getattr(self.latest, e),
             getattr(self.latest, e) - getattr(self.previous, e) if self.previous else None,
             barrier is not None and barrier.element == e)
            for e in adkar.ELEMENTS
        ]  # fmt: skip


@dataclass
class AdkarOverview:
    rows: list[AdkarRow]
    chart: charts.LineChart | None  # each group's barrier-free progress: mean of its five scores per round


def adkar_overview(program: Program) -> AdkarOverview:
    """The program table of the latest round per impacted group, and the trend across rounds. Two queries."""
    groups = list(impacted_groups(program))
    by_group: dict[int, list[AdkarAssessment]] = defaultdict(list)
    for assessment in AdkarAssessment.objects.filter(program=program).order_by("group_id", "-assessed_on"):
        by_group[assessment.group_id].append(assessment)
    rows = []
    for group in groups:
        rounds = by_group.get(group.pk, [])
        rows.append(AdkarRow(group, rounds[0] if rounds else None, rounds[1] if len(rounds) > 1 else None, len(rounds)))
    dates = sorted({a.assessed_on for rounds in by_group.values() for a in rounds})
    series = []
    for group in groups:
        at = {a.assessed_on: round(sum(a.scores) / 5, 1) for a in by_group.get(group.pk, [])}
        if at:
            series.append((group.name, [at.get(d) for d in dates]))
    chart = charts.line_chart(
        "Mean ADKAR score per group, by round", [f"{d:%d %b %y}" for d in dates], series, low=1, high=5
    )
    return AdkarOverview(rows, chart)


@dataclass
class AdkarGroupPage:
    group: Stakeholder
    rounds: list[AdkarAssessment]  # newest first
    chart: charts.LineChart | None

    @property
    def barriers(self) -> list[tuple[AdkarAssessment, adkar.Barrier | None]]:
        return [(a, adkar.barrier_point(a.scores)) for a in self.rounds]


def adkar_group(group: Stakeholder) -> AdkarGroupPage:
    rounds = list(group.adkar_assessments.order_by("-assessed_on"))
    oldest_first = rounds[::-1]
    chart = charts.line_chart(
        f"ADKAR of {group.name} by round",
        [f"{a.assessed_on:%d %b %y}" for a in oldest_first],
        [(adkar.LABELS[e], [getattr(a, e) for a in oldest_first]) for e in adkar.ELEMENTS],
        low=1,
        high=5,
    )
    return AdkarGroupPage(group, rounds, chart)


class WorstBarrier(NamedTuple):
    """The barrier that matters most in a program: the earliest ADKAR element (then the lowest score) at which an
    impacted group's latest round stops."""

    group: str
    element: str
    score: int

    @property
    def label(self) -> str:
        return adkar.LABELS[self.element]

    def __str__(self) -> str:
        return f"{self.group}: {self.label} {self.score}/5"


def worst_adkar_barrier_by_program(program_ids) -> dict[int, WorstBarrier]:
    """program id → its worst barrier (programs without a barrier, or without rounds, are left out). One query
    whatever the number of programs, groups or rounds."""
    latest = AdkarAssessment.objects.filter(group=OuterRef("group")).order_by("-assessed_on").values("assessed_on")[:1]
    rows = (
        AdkarAssessment.objects.filter(program_id__in=list(program_ids), group__archived=False)
        .filter(assessed_on=Subquery(latest))
        .values_list("program_id", "group__name", *adkar.ELEMENTS)
        .order_by("program_id", "group__name")
    )
    worst: dict[int, tuple[tuple[int, int, str], WorstBarrier]] = {}
    for program_id, name, *scores in rows:
        barrier = adkar.barrier_point(scores)
        if barrier is None:
            continue
        rank = (adkar.ELEMENTS.index(barrier.element), barrier.score, name)
        if program_id not in worst or rank < worst[program_id][0]:
            worst[program_id] = (rank, WorstBarrier(name, barrier.element, barrier.score))
    return {program_id: found for program_id, (_, found) in worst.items()}


# Leadership alignment -------------------------------------------------------------------------------------------


@dataclass
class LeaderRow:
    leader: Stakeholder
    interviews: list[LeaderAlignment]  # newest first
    chart: charts.LineChart | None


def alignment_ratings(program: Program) -> QuerySet[LeaderAlignment]:
    return LeaderAlignment.objects.filter(program=program).select_related("leader", "program")


SECTION_LABELS = {
    "understanding": "Understanding",
    "change_history": "Change history",
    "sponsorship": "Sponsorship role",
}


def alignment_overview(program: Program) -> list[LeaderRow]:
    """Every leader interviewed, newest interview first, with the trend of the three sections. One query."""
    by_leader: dict[int, list[LeaderAlignment]] = defaultdict(list)
    names: dict[int, Stakeholder] = {}
    for rating in LeaderAlignment.objects.filter(program=program).select_related("leader", "program"):
        by_leader[rating.leader_id].append(rating)
        names[rating.leader_id] = rating.leader
    rows = []
    for leader_id, interviews in sorted(by_leader.items(), key=lambda kv: names[kv[0]].name):
        interviews.sort(key=lambda r: r.interviewed_on, reverse=True)
        oldest = interviews[::-1]
        chart = charts.line_chart(
            f"Alignment of {names[leader_id].name}", [f"{r.interviewed_on:%d %b %y}" for r in oldest],
            [(label, [getattr(r, key) for r in oldest]) for key, label in SECTION_LABELS.items()], low=1, high=5,
        )  # fmt: skip
        rows.append(LeaderRow(names[leader_id], interviews, chart))
    return rows


# The readiness survey -----------------------------------------------------------------------------------------


def survey_rounds(program: Program) -> QuerySet[SurveyRound]:
    return SurveyRound.objects.filter(program=program).annotate(response_count=Count("responses"))


def survey_by_token(token: str) -> SurveyRound | None:
    if not token or len(token) > 64:
        return None
    return SurveyRound.objects.filter(token=token).prefetch_related("groups").first()


@dataclass
class SurveyResults:
    survey_round: SurveyRound
    responses: int
    overall: dict[str, survey.Cell]
    slices: dict[str, list[survey.SliceRow]]  # "Group" / "Department" (the group's) / "Tenure" / "Level" → rows
    comments: list[str] = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        return self.responses < survey.MIN_RESPONSES


def _sheets(survey_round_ids) -> dict[int, list[survey.Sheet]]:
    tenure, level = dict(Tenure.choices), dict(JobLevel.choices)
    sheets: dict[int, list[survey.Sheet]] = defaultdict(list)
    rows = SurveyResponse.objects.filter(survey_id__in=list(survey_round_ids)).values_list(
        "survey_id", "group__name", "group__department", "tenure", "level", "answers"
    )
    for survey_id, group, department, t, lv, answers in rows:
        slices = {"group": group or "", "department": department or "", "tenure": tenure.get(t, ""),
                  "level": level.get(lv, "")}  # fmt: skip
        sheets[survey_id].append(survey.Sheet(slices, answers))
    return sheets


def survey_results(survey_round: SurveyRound) -> SurveyResults:
    """By category, overall and by group, tenure and level; any result of fewer than 5 responses is hidden.
    Comments are shown only once 5 people have answered (and never with their slice)."""
    sheets = _sheets([survey_round.pk])[survey_round.pk]
    comments = []
    if len(sheets) >= survey.MIN_RESPONSES:
        comments = list(survey_round.responses.exclude(comment="").order_by("?").values_list("comment", flat=True))
    return SurveyResults(
        survey_round=survey_round,
        responses=len(sheets),
        overall=survey.category_means(sheets),
        slices={label: survey.results_by(sheets, key) for key, label in
                (("group", "Group"), ("department", "Department"), ("tenure", "Tenure"), ("level", "Level"))},
        comments=comments,
    )  # fmt: skip


def survey_trend(program: Program) -> charts.LineChart | None:
    """Each category's mean across the program's rounds, oldest first; a round under 5 responses is a gap."""
    rounds = list(SurveyRound.objects.filter(program=program).order_by("opens_at"))
    sheets = _sheets([r.pk for r in rounds])
    means = {r.pk: survey.category_means(sheets.get(r.pk, [])) for r in rounds}
    return charts.line_chart(
        "Readiness survey by category, by round",
        [r.title[:18] for r in rounds],
        [(label, [means[r.pk][key].mean for r in rounds]) for key, label in survey.CATEGORIES.items()],
        low=1,
        high=4,
    )


# The communications plan -----------------------------------------------------------------------------------------


def planned_on(comm: CommunicationItem) -> dt.date | None:
    """The item's date: the event's start + the offset (it moves with the event), else its own date."""
    if comm.event is not None and comm.offset_days is not None:
        return timezone.localtime(comm.event.starts_at).date() + dt.timedelta(days=comm.offset_days)
    return comm.planned_date


def comms_items(program: Program) -> QuerySet[CommunicationItem]:
    return CommunicationItem.objects.filter(program=program).select_related("program")


def comms_plan(program: Program, *, status: str = "", event_id: int | None = None) -> list[CommunicationItem]:
    """The plan by date (each item's `planned_on` set). One query."""
    items = CommunicationItem.objects.filter(program=program).select_related("audience", "event", "program")
    if status:
        items = items.filter(status=status)
    if event_id:
        items = items.filter(event_id=event_id)
    listed = list(items)
    for comm in listed:
        comm.planned_on = planned_on(comm)  # type: ignore[attr-defined]
    far = dt.date.max
    return sorted(listed, key=lambda c: (c.planned_on or far, c.pk))  # type: ignore[attr-defined]


def comms_events(program: Program):
    """The go-live events a communication can belong to (readiness's list)."""
    return readiness_selectors.event_list(program)


class CommsSummary(NamedTuple):
    planned: int  # not cancelled: still to send or sent
    sent: int
    overdue: int  # planned with a date in the past, not sent


def comms_summary_by_program(program_ids) -> dict[int, CommsSummary]:
    """program id → planned vs sent (cancelled items left out). One query whatever the number of programs.
    Overdue counts the items with their own date; those tied to an event are counted by their offset too."""
    today = timezone.localdate()
    items = CommunicationItem.objects.filter(program_id__in=list(program_ids)).exclude(status=CommStatus.CANCELLED)
    rows = items.values_list("program_id", "status", "planned_date", "event__starts_at", "offset_days")
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for program_id, status, planned_date, starts_at, offset in rows:
        counts[program_id][0] += 1
        if status == CommStatus.SENT:
            counts[program_id][1] += 1
            continue
        when = (
            timezone.localtime(starts_at).date() + dt.timedelta(days=offset)
            if starts_at is not None and offset is not None
            else planned_date
        )
        if when is not None and when < today:
            counts[program_id][2] += 1
    return {pid: CommsSummary(*c) for pid, c in counts.items()}


COMMS_ITEM = ("SI-29", "Communications")  # the template's "Launch comms sent..." item, computed from the plan


def comms_readiness(event) -> hooks.ItemValue | None:
    """SI-29 of a go-live event: the share of its communications sent (cancelled left out). None (the item's own
    tick counts) while the plan has nothing for the event. One query."""
    counts = CommunicationItem.objects.filter(event_id=event.pk).aggregate(
        total=Count("pk", filter=~Q(status=CommStatus.CANCELLED)),
        sent=Count("pk", filter=Q(status=CommStatus.SENT)),
        last=Max("sent_on"),
    )
    if not counts["total"]:
        return None
    total, sent = counts["total"], counts["sent"]
    link = reverse("people:comms_list", args=[event.program.slug]) + f"?event={event.pk}"
    why = f"{sent} of {total} communications of the plan for this go-live sent"
    why += f" (last on {counts['last']:%d %b})." if counts["last"] else "."
    return hooks.ItemValue(
        value=sent / total,
        explanation=why,
        link=link,
        label="Launch communications sent (from the comms plan)",
        source="Communications plan",
    )


# Stakeholder register ---------------------------------------------------------------------------------------


def _rank(field_name: str) -> Case:
    return Case(
        *(When(**{field_name: level}, then=Value(step)) for step, level in enumerate(commitment.CURVE)),
        output_field=IntegerField(),
    )


def _quadrant() -> Case:
    """commitment.quadrant() in SQL, so the list can be filtered by it."""
    power = Q(influence_type=InfluenceType.FORMAL, influence__in=[Level.HIGH, Level.MEDIUM])
    keen = Q(interest=Level.HIGH)
    return Case(
        When(power & keen, then=Value(GridQuadrant.MANAGE_CLOSELY.value)),
        When(power, then=Value(GridQuadrant.KEEP_SATISFIED.value)),
        When(keen, then=Value(GridQuadrant.KEEP_INFORMED.value)),
        default=Value(GridQuadrant.MONITOR.value),
        output_field=CharField(),
    )


def with_gap(stakeholders: QuerySet[Stakeholder]) -> QuerySet[Any]:
    """Annotated with `gap` (commitment steps still to climb, 0 when none) and `quadrant`."""
    return stakeholders.annotate(
        gap=Greatest(_rank("commitment_desired") - _rank("commitment_current"), Value(0)),
        quadrant=_quadrant(),
    )


def stakeholder_list(program: Program, *, include_archived: bool = False) -> QuerySet[Any]:
    stakeholders = Stakeholder.objects.filter(program=program).select_related("owner", "program")
    if not include_archived:
        stakeholders = stakeholders.filter(archived=False)
    return with_gap(stakeholders).order_by("archived", "name")


@dataclass
class StakeholderFilters:
    """What the register's list is filtered by (from the query string; unknown values are ignored)."""

    quadrant: str = ""
    kind: str = ""
    gap: bool = False  # only those whose gap raises a risk near go-live (> 1)
    archived: bool = False
    query: str = ""

    @classmethod
    def from_query(cls, params) -> StakeholderFilters:
        def pick(name, choices):
            value = params.get(name, "")
            return value if value in choices else ""

        return cls(
            quadrant=pick("quadrant", GridQuadrant.values),
            kind=pick("kind", StakeholderKind.values),
            gap=params.get("gap") == "1",
            archived=params.get("archived") == "1",
            query=params.get("q", "").strip()[:100],
        )

    @property
    def active(self) -> bool:
        return bool(self.quadrant or self.kind or self.gap or self.query)


def stakeholder_filtered(program: Program, filters: StakeholderFilters) -> QuerySet[Any]:
    stakeholders = stakeholder_list(program, include_archived=filters.archived)
    if filters.quadrant:
        stakeholders = stakeholders.filter(quadrant=filters.quadrant)
    if filters.kind:
        stakeholders = stakeholders.filter(kind=filters.kind)
    if filters.gap:
        stakeholders = stakeholders.filter(gap__gt=commitment.RISK_GAP)
    if filters.query:
        stakeholders = stakeholder_filtered_by_text(stakeholders, filters.query)
    return stakeholders


def stakeholder_filtered_by_text(stakeholders: QuerySet[Any], q: str) -> QuerySet[Any]:
    """The register's search: in the name, department or title."""
    return stakeholders.filter(Q(name__icontains=q) | Q(department__icontains=q) | Q(title__icontains=q))


def stakeholder_risks(stakeholder: Stakeholder) -> list[CommitmentRisk]:
    return list(stakeholder.commitment_risks.select_related("risk", "event"))


def impacted_groups(program: Program) -> QuerySet[Stakeholder]:
    groups = Stakeholder.objects.filter(program=program, kind=StakeholderKind.GROUP, archived=False)
    return groups.select_related("program").order_by("name")


# The power × interest grid -----------------------------------------------------------------------------------

GRID_SIZE = 360
GRID_NAMES_SHOWN = 5
# quadrant, column (0 = low interest), row (0 = high power)
_GRID_PLACES = (
    (GridQuadrant.KEEP_SATISFIED, 0, 0, "#fff3cd"),
    (GridQuadrant.MANAGE_CLOSELY, 1, 0, "#f8d7da"),
    (GridQuadrant.MONITOR, 0, 1, "#e9ecef"),
    (GridQuadrant.KEEP_INFORMED, 1, 1, "#cfe2ff"),
)


@dataclass
class GridCell:
    quadrant: GridQuadrant
    cadence: str
    x: int
    y: int
    size: int
    fill: str
    url: str
    count: int = 0
    names: list[str] = field(default_factory=list)

    @property
    def more(self) -> int:
        return max(self.count - len(self.names), 0)

    @property
    def lines(self) -> list[tuple[int, str]]:
        """(y, text) of the names shown, below the quadrant's title."""
        shown = [*self.names, f"… and {self.more} more"] if self.more else self.names
        return [(self.y + 88 + 27 * i, name) for i, name in enumerate(shown)]


@dataclass
class StakeholderGrid:
    program: Program
    cells: list[GridCell]
    size: int = 2 * GRID_SIZE
    total: int = 0


def stakeholder_grid(program: Program) -> StakeholderGrid:
    """Mendelow's grid of the program's active stakeholders: one query. Each quadrant links to the register
    filtered to it (template people/partials/_stakeholder_grid.html)."""
    rows = (
        with_gap(Stakeholder.objects.filter(program=program, archived=False))
        .order_by("-population", "name")
        .values_list("quadrant", "name")
    )
    names: dict[str, list[str]] = {q: [] for q in GridQuadrant.values}
    for quadrant, name in rows:
        names[quadrant].append(name)
    base = reverse("people:stakeholder_list", kwargs={"program_slug": program.slug})
    cells = [
        GridCell(
            quadrant=quadrant,
            cadence=commitment.CADENCE[quadrant],
            x=column * GRID_SIZE,
            y=row * GRID_SIZE,
            size=GRID_SIZE,
            fill=fill,
            url=f"{base}?quadrant={quadrant.value}",
            count=len(names[quadrant]),
            names=names[quadrant][:GRID_NAMES_SHOWN],
        )
        for quadrant, column, row, fill in _GRID_PLACES
    ]
    return StakeholderGrid(program=program, cells=cells, total=sum(c.count for c in cells))


# Change impact ------------------------------------------------------------------------------------------------

IMPACT_COLOURS = {0: "#ffffff", 1: "#fff3cd", 2: "#ffe08a", 3: "#f5a55a", 4: "#dc3545"}


@dataclass
class ImpactCell:
    group: Stakeholder
    area: str
    impact: ChangeImpact | None

    @property
    def level(self) -> int | None:
        return self.impact.level if self.impact else None

    @property
    def colour(self) -> str:
        return IMPACT_COLOURS[self.level] if self.level is not None else "#f8f9fa"

    @property
    def text_colour(self) -> str:
        return "#fff" if self.level == 4 else "#212529"


@dataclass
class ImpactMap:
    areas: list[tuple[str, str]]
    rows: list[tuple[Stakeholder, list[ImpactCell], int]]  # group, cells, the group's total

    @property
    def empty(self) -> bool:
        return not self.rows


def impact_map(program: Program) -> ImpactMap:
    """Impacted groups × the eight areas of §3.3: two queries."""
    groups = list(impacted_groups(program))
    impacts = {(i.group_id, i.area): i for i in ChangeImpact.objects.filter(program=program, group__archived=False)}
    rows = []
    for group in groups:
        cells = [ImpactCell(group, area, impacts.get((group.pk, area))) for area in ImpactArea.values]
        rows.append((group, cells, sum(c.level or 0 for c in cells)))
    return ImpactMap(areas=list(ImpactArea.choices), rows=rows)


def impact_list(program: Program) -> QuerySet[ChangeImpact]:
    """Every change impact recorded in the program (the heat map's cells), with its group."""
    return ChangeImpact.objects.filter(program=program).select_related("group", "program")


def impacts_of(group: Stakeholder) -> list[ChangeImpact]:
    """The group's impacts, highest first (its row of the heat map)."""
    return list(ChangeImpact.objects.filter(group=group).order_by("-level", "area"))


def leaders_of(group: Stakeholder) -> list[SponsorNode]:
    """Who the group sees as in charge on the sponsor diagram."""
    return list(SponsorNode.objects.filter(impacted_group=group).select_related("program"))


def impact_for(group: Stakeholder, area: str) -> ChangeImpact | None:
    return ChangeImpact.objects.filter(group=group, area=area).first()


# The sponsor coalition -------------------------------------------------------------------------------------

SUPPORT_COLOURS = {
    SupportLevel.STRONG_SUPPORT: "success",
    SupportLevel.SUPPORT: "info",
    SupportLevel.NEUTRAL: "secondary",
    SupportLevel.RESISTANT: "warning",
    SupportLevel.STRONG_RESISTANCE: "danger",
}


def sponsor_nodes(program: Program) -> QuerySet[SponsorNode]:
    return SponsorNode.objects.filter(program=program).select_related(
        "program", "impacted_group__program", "user", "parent__program"
    )


@dataclass
class TreeRow:
    node: SponsorNode
    depth: int
    latest: SponsorAssessment | None
    in_gap: bool

    @property
    def badge(self) -> str:
        return SUPPORT_COLOURS[SupportLevel(self.node.support_level)]


@dataclass
class GapLine:
    group: Stakeholder
    gap: sponsorship.Gap
    node: SponsorNode | None


@dataclass
class Coalition:
    rows: list[TreeRow]
    gaps: list[GapLine]
    primary: SponsorNode | None
    groups_without_leader: list[Stakeholder]


def _pure(node: SponsorNode) -> sponsorship.Node:
    return sponsorship.Node(node.pk, node.parent_id, node.person_name, node.support_level, node.impacted_group_id)


def coalition(program: Program) -> Coalition:
    """The sponsor tree, depth first from the primary sponsor, each node's latest worksheet, and the coalition
    gaps: three queries."""
    nodes = list(sponsor_nodes(program))
    groups = list(impacted_groups(program))
    latest: dict[int, SponsorAssessment] = {}
    for assessment in SponsorAssessment.objects.filter(program=program).order_by("assessed_on", "pk"):
        latest[assessment.sponsor_id] = assessment
    gaps = sponsorship.coalition_gaps([_pure(n) for n in nodes], [g.pk for g in groups])
    by_id = {n.pk: n for n in nodes}
    group_by_id = {g.pk: g for g in groups}
    faulty = {g.node_id for g in gaps if g.node_id is not None}
    children: dict[int | None, list[SponsorNode]] = {}
    for n in nodes:
        children.setdefault(n.parent_id if n.parent_id in by_id else None, []).append(n)
    rows: list[TreeRow] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for n in sorted(children.get(parent_id, []), key=lambda n: (n.impacted_group_id is not None, n.pk)):
            rows.append(TreeRow(n, depth, latest.get(n.pk), n.pk in faulty))
            walk(n.pk, depth + 1)

    walk(None, 0)
    primary = sponsorship.primary_sponsor([_pure(n) for n in nodes])
    return Coalition(
        rows=rows,
        gaps=[GapLine(group_by_id[g.group_id], g, by_id.get(g.node_id) if g.node_id else None) for g in gaps],
        primary=by_id[primary.id] if primary else None,
        groups_without_leader=[group_by_id[g.group_id] for g in gaps if g.reason == "no_leader"],
    )


def sponsor_assessments(node: SponsorNode) -> QuerySet[SponsorAssessment]:
    return node.assessments.select_related("recorded_by", "risk")


# For the executive pages: constant queries in the number of programs --------------------------------------------


def commitment_gaps_by_program(program_ids: Iterable[int]) -> dict[int, int]:
    """program id → how many active stakeholders have a commitment gap above one level (rule 8): one query."""
    ids = list(program_ids)
    counts = dict.fromkeys(ids, 0)
    rows = (
        with_gap(Stakeholder.objects.filter(program_id__in=ids, archived=False))
        .filter(gap__gt=commitment.RISK_GAP)
        .values("program_id")
        .annotate(n=Count("pk"))
        .values_list("program_id", "n")
    )
    counts.update(rows)
    return counts


def coalition_gaps_by_program(program_ids: Iterable[int]) -> dict[int, int]:
    """program id → how many impacted groups have a coalition gap: two queries."""
    ids = list(program_ids)
    nodes: dict[int, list[sponsorship.Node]] = {pk: [] for pk in ids}
    groups: dict[int, list[int]] = {pk: [] for pk in ids}
    for row in SponsorNode.objects.filter(program_id__in=ids).values_list(
        "program_id", "pk", "parent_id", "person_name", "support_level", "impacted_group_id"
    ):
        nodes[row[0]].append(sponsorship.Node(*row[1:]))
    for program_id, group_id in impacted_groups_of(ids):
        groups[program_id].append(group_id)
    return {pk: len(sponsorship.groups_with_gaps(sponsorship.coalition_gaps(nodes[pk], groups[pk]))) for pk in ids}


def impacted_groups_of(program_ids: list[int]) -> Any:
    return (
        Stakeholder.objects.filter(program_id__in=program_ids, kind=StakeholderKind.GROUP, archived=False)
        .order_by("name")
        .values_list("program_id", "pk")
    )
