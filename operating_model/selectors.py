"""Reads of the operating model: each page's data in a constant number of queries. Other apps (readiness)
read the operating model only through these."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from programs import selectors as program_selectors
from programs.models import Program, Role
from raci import selectors as raci_selectors

from . import escalation, flow_checks, flows
from .choices import PhaseScope
from .models import (
    EscalationStep,
    FlowLane,
    ProcessFlow,
    ProcessStep,
    RoleAssignment,
    ServiceCatalogItem,
    SeverityLevel,
)

__all__ = [
    "Catalogue",
    "Composition",
    "CompositionRow",
    "FlowPage",
    "SeverityBoard",
    "catalogue",
    "catalogue_list",
    "composition",
    "escalation_step_list",
    "flow_list",
    "flow_page",
    "flow_steps_linking",
    "role_assignment_list",
    "severity_board",
    "severity_list",
]


def role_assignment_list(program: Program) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(program=program).select_related("role", "person", "program")


@dataclass
class CompositionRow:
    role: Role
    by_phase: dict[str, list[RoleAssignment]]  # phase → who fills the role then

    @property
    def cells(self) -> list[tuple[str, list[RoleAssignment]]]:
        return [(phase, self.by_phase.get(phase, [])) for phase in PhaseScope.values]

    @property
    def empty_after(self) -> bool:
        return not self.by_phase.get(PhaseScope.AFTER)


@dataclass
class Composition:
    rows: list[CompositionRow]
    owner: RoleAssignment | None
    overallocated: list[tuple[str, str, int, list[RoleAssignment]]] = field(default_factory=list)

    @property
    def empty_after(self) -> list[Role]:
        return [row.role for row in self.rows if row.empty_after]

    @property
    def warnings(self) -> list[str]:
        found = []
        if self.owner is None:
            found.append("Nobody is named single-threaded owner of the program yet.")
        if self.empty_after:
            codes = ", ".join(role.code for role in self.empty_after)
            found.append(f"Nobody fills these roles after migration: {codes}.")
        for who, phase, total, rows in self.overallocated:
            parts = ", ".join(f"{a.role.code} {a.allocation_pct}%" for a in rows)
            found.append(f"{who} is allocated {total}% {phase.lower()} ({parts}).")
        return found


def composition(program: Program) -> Composition:
    """Every program role with who fills it before, during and after migration (two queries)."""
    by_role: dict[int, dict[str, list[RoleAssignment]]] = defaultdict(lambda: defaultdict(list))
    by_person: dict[tuple[str, str], list[RoleAssignment]] = defaultdict(list)
    owner = None
    for assignment in role_assignment_list(program):
        by_role[assignment.role_id][assignment.phase].append(assignment)
        key = f"u{assignment.person_id}" if assignment.person_id else assignment.outsider_name.casefold()
        by_person[(key, assignment.phase)].append(assignment)
        if assignment.is_single_threaded_owner:
            owner = assignment
    rows = [CompositionRow(role, dict(by_role.get(role.pk, {}))) for role in program_selectors.role_list(program)]
    overallocated = [
        (rows_[0].who, rows_[0].get_phase_display(), total, rows_)
        for (_, _), rows_ in sorted(by_person.items())
        if (total := sum(a.allocation_pct for a in rows_)) > 100
    ]
    return Composition(rows, owner, overallocated)


# Service catalogue --------------------------------------------------------------------------------------


def catalogue_list(program: Program, *, include_retired: bool = False) -> QuerySet[ServiceCatalogItem]:
    items = ServiceCatalogItem.objects.filter(program=program).select_related(
        "program", "owner_role", "requester_role", "fulfiller_role", "approver_role"
    )
    return items if include_retired else items.filter(retired_at=None)


@dataclass
class Catalogue:
    items: list[ServiceCatalogItem]  # in use, then retired if asked for
    retired_count: int

    @property
    def active(self) -> list[ServiceCatalogItem]:
        return [item for item in self.items if not item.is_retired]

    @property
    def covered(self) -> int:
        return sum(item.covered for item in self.active)

    @property
    def coverage(self) -> float:
        """Share of the processes in use that have an SLA and a fulfiller (1.0 for an empty catalogue)."""
        return self.covered / len(self.active) if self.active else 1.0

    @property
    def gaps(self) -> list[tuple[ServiceCatalogItem, list[str]]]:
        """What each process in use still lacks: an SLA, a fulfiller, an owner."""
        found = []
        for item in self.active:
            checks = (
                ("SLA", item.sla_minutes is not None),
                ("fulfiller", item.fulfiller_role_id),
                ("owner", item.owner_role_id),
            )
            missing = [what for what, ok in checks if not ok]
            if missing:
                found.append((item, missing))
        return found


def catalogue(program: Program, *, include_retired: bool = False) -> Catalogue:
    items = list(catalogue_list(program, include_retired=True).order_by("retired_at", "code"))
    shown = items if include_retired else [item for item in items if not item.is_retired]
    return Catalogue(shown, sum(item.is_retired for item in items))


# Severities and escalation ------------------------------------------------------------------------------


def severity_list(program: Program) -> QuerySet[SeverityLevel]:
    steps = EscalationStep.objects.select_related("role").order_by("after_minutes", "id")
    return (
        SeverityLevel.objects.filter(program=program)
        .select_related("program")
        .prefetch_related(Prefetch("escalation_steps", queryset=steps))
    )


def escalation_step_list(program: Program) -> QuerySet[EscalationStep]:
    return EscalationStep.objects.filter(severity__program=program).select_related("severity__program", "role")


@dataclass
class SeverityBoard:
    severities: list[SeverityLevel]
    findings: list[escalation.Finding]

    def findings_of(self, severity: SeverityLevel) -> list[escalation.Finding]:
        return [f for f in self.findings if f.severity_id == severity.pk]

    @property
    def rows(self) -> list[tuple[SeverityLevel, list[escalation.Finding]]]:
        return [(severity, self.findings_of(severity)) for severity in self.severities]

    @property
    def flagged_steps(self) -> set[int]:
        return {f.step_id for f in self.findings if f.step_id is not None}


def severity_board(program: Program) -> SeverityBoard:
    """Sev 1–4 with their escalation steps and what the checks find (two queries)."""
    severities = list(severity_list(program))
    checked = [
        escalation.Severity(
            s.pk, s.level, s.name, s.clock, s.response_minutes, s.restore_minutes,
            tuple(escalation.Step(step.pk, step.level, step.level, step.role.code,
                                  step.role.program_id, step.after_minutes) for step in s.escalation_steps.all()),
        )
        for s in severities
    ]  # fmt: skip
    return SeverityBoard(severities, escalation.check(checked, program_id=program.pk))


# Swimlane flows -----------------------------------------------------------------------------------------


def flow_list(program: Program) -> QuerySet[ProcessFlow]:
    return (
        ProcessFlow.objects.filter(program=program)
        .select_related("service")
        .annotate(step_count=Count("steps", distinct=True), lane_count=Count("lanes", distinct=True))
    )


@dataclass
class FlowPage:
    flow: ProcessFlow
    lanes: list[FlowLane]
    steps: list[ProcessStep]
    numbers: dict[int, int]  # step id → its number in the flow (1, 2, 3…)
    next_of: dict[int, list[int]]  # step id → the step ids it leads to
    flags: dict[int, list[str]]  # step id → what its RASCI link says is wrong
    diagram: flows.Diagram

    @property
    def all_flags(self) -> list[str]:
        return [message for step in self.steps for message in self.flags.get(step.pk, [])]

    @property
    def rows(self) -> list[tuple[ProcessStep, int, list[int], list[str]]]:
        """Each step with its number, the numbers of the steps it leads to and its flags."""
        return [
            (step, self.numbers[step.pk], sorted(self.numbers[n] for n in self.next_of.get(step.pk, [])),
             self.flags.get(step.pk, []))
            for step in self.steps
        ]  # fmt: skip


def flow_page(flow: ProcessFlow) -> FlowPage:
    """The flow's lanes, steps, RASCI flags and drawing, in five queries whatever its size."""
    lanes = list(flow.lanes.select_related("role"))
    steps = list(flow.steps.select_related("lane__role", "activity__matrix"))
    numbers = {step.pk: number for number, step in enumerate(steps, 1)}
    next_of: dict[int, list[int]] = defaultdict(list)
    links = ProcessStep.next_steps.through.objects.filter(from_processstep__flow=flow)
    for source, target in links.values_list("from_processstep_id", "to_processstep_id"):
        next_of[source].append(target)
    linked = [(step, step.activity) for step in steps if step.activity is not None]
    letters = raci_selectors.letters_of([activity.pk for _, activity in linked])
    flags = flow_checks.check(
        flow_checks.LinkedStep(step.pk, numbers[step.pk], step.lane.role_id, step.lane.role.code, activity.name,
                               letters.get(activity.pk, {}))
        for step, activity in linked
    )  # fmt: skip
    diagram = flows.layout(
        [flows.LaneIn(lane.pk, lane.role.code, lane.role.name) for lane in lanes],
        [
            flows.StepIn(
                step.pk,
                step.lane_id,
                numbers[step.pk],
                step.kind,
                step.name,
                step.sla_target,
                step.when,
                tuple(sorted(next_of.get(step.pk, []), key=lambda pk: numbers.get(pk, 0))),
                step.pk in flags,
            )
            for step in steps
        ],
    )
    return FlowPage(flow, lanes, steps, numbers, dict(next_of), flags, diagram)


def flow_steps_linking(activity_id: int) -> QuerySet[ProcessStep]:
    """The flow steps that carry out a RASCI activity (for the activity's page, through lib.backlinks)."""
    return ProcessStep.objects.filter(activity_id=activity_id).select_related("flow__program", "lane__role")
