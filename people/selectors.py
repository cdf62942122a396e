"""People & change: selectors (reads, a constant number of queries whatever the data size)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Greatest
from django.urls import reverse

from programs.models import Program

from . import commitment, sponsorship
from .choices import (
    GridQuadrant,
    ImpactArea,
    InfluenceType,
    Level,
    StakeholderKind,
    SupportLevel,
)
from .models import ChangeImpact, CommitmentRisk, SponsorAssessment, SponsorNode, Stakeholder

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
        q = filters.query
        stakeholders = stakeholders.filter(Q(name__icontains=q) | Q(department__icontains=q) | Q(title__icontains=q))
    return stakeholders


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
