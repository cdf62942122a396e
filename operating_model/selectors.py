"""Reads of the operating model: each page's data in a constant number of queries. Other apps (readiness)
read the operating model only through these."""

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from connectmobilize.lib.hooks import SearchHit, UsedIn, WorkItem, WorkSection
from connectmobilize.lib.search import text_match
from programs import selectors as program_selectors
from programs.models import Program, Role
from raci import selectors as raci_selectors

from . import escalation, flow_checks, flows
from . import spreadsheet as sheets
from .choices import PhaseScope
from .models import (
    EscalationStep,
    FlowLane,
    ModelImport,
    ModelSignOff,
    ModelState,
    ModelVersion,
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
    "ReadinessInputs",
    "SeverityBoard",
    "SignOffBoard",
    "Snapshot",
    "catalogue",
    "catalogue_list",
    "composition",
    "escalation_step_list",
    "flow_list",
    "flow_page",
    "flow_steps_linking",
    "model_import_list",
    "model_import_plan",
    "model_snapshot",
    "model_workbook",
    "model_workbook_name",
    "my_sign_offs",
    "readiness_inputs",
    "role_assignment_list",
    "role_keys",
    "search_operating_model",
    "severity_board",
    "severity_list",
    "sign_off_board",
    "spreadsheet_data",
    "used_in",
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
    """The flow steps that carry out a RASCI activity."""
    return ProcessStep.objects.filter(activity_id=activity_id).select_related("flow__program", "lane__role")


# Versions and sign-off ----------------------------------------------------------------------------------

REVIEW_EVERY = dt.timedelta(days=90)  # DOMAIN.md §9.3 rule 12


@dataclass
class Snapshot:
    data: dict
    fingerprint: str
    accountable: list[dict]  # [{"id", "code", "name"}]: the roles Accountable anywhere in the model


def _code(role: Role | None) -> str:
    return role.code if role is not None else ""


def model_snapshot(program: Program) -> Snapshot:
    """The operating model as it stands, in plain data (what a version freezes), its fingerprint, and the teams
    accountable in it: the owners of the catalogue's processes and the roles A on the RASCI activities the
    flows carry out. A constant number of queries."""
    roles = {role.pk: role for role in program_selectors.role_list(program)}
    composition_rows = [
        [a.role.code, a.phase, a.who, a.organisation, a.allocation_pct, a.is_single_threaded_owner]
        for a in role_assignment_list(program).order_by("role__code", "phase", "person__username", "outsider_name")
    ]
    items = list(catalogue_list(program).order_by("code"))
    catalogue_rows = [
        [i.code, i.name, i.category, i.change_type, _code(i.owner_role), _code(i.requester_role),
         _code(i.fulfiller_role), _code(i.approver_role), i.sla_target, i.sla_clock, i.notes]
        for i in items
    ]  # fmt: skip
    severity_rows = [
        [s.level, s.name, s.definition, s.clock, s.response_target, s.update_interval, s.restore_target,
         s.vendor_severity, [[e.level, e.role.code, e.after_minutes, e.note] for e in s.escalation_steps.all()]]
        for s in severity_list(program)
    ]  # fmt: skip
    flows_data, activity_ids = _flows_data(program)
    letters = raci_selectors.letters_of(activity_ids)
    accountable_ids = {i.owner_role_id for i in items if i.owner_role_id} | {
        role_id for cells in letters.values() for role_id, code in cells.items() if "A" in code
    }
    accountable = [
        {"id": role.pk, "code": role.code, "name": role.name}
        for role in sorted((roles[pk] for pk in accountable_ids if pk in roles), key=lambda r: r.code)
    ]
    data = {"composition": composition_rows, "catalogue": catalogue_rows, "severities": severity_rows,
            "flows": flows_data, "accountable": [a["code"] for a in accountable]}  # fmt: skip
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return Snapshot(data, hashlib.sha256(text.encode()).hexdigest(), accountable)


def _flows_data(program: Program) -> tuple[list[dict], set[int]]:
    flows = list(ProcessFlow.objects.filter(program=program).select_related("service").order_by("name"))
    lanes = defaultdict(list)
    for lane in FlowLane.objects.filter(flow__program=program).select_related("role").order_by("position", "id"):
        lanes[lane.flow_id].append(lane.role.code)
    steps = defaultdict(list)
    for step in ProcessStep.objects.filter(flow__program=program).select_related("lane__role", "activity"):
        steps[step.flow_id].append(step)
    links = ProcessStep.next_steps.through.objects.filter(from_processstep__flow__program=program)
    next_of = defaultdict(list)
    for source, target in links.values_list("from_processstep_id", "to_processstep_id"):
        next_of[source].append(target)
    data, activity_ids = [], set()
    for flow in flows:
        numbers = {step.pk: n for n, step in enumerate(steps[flow.pk], 1)}
        rows = []
        for step in steps[flow.pk]:
            if step.activity_id:
                activity_ids.add(step.activity_id)
            rows.append([numbers[step.pk], step.lane.role.code, step.kind, step.name, step.when, step.sla_target,
                         step.activity.name if step.activity else "",
                         sorted(numbers[n] for n in next_of[step.pk] if n in numbers)])  # fmt: skip
        data.append({"name": flow.name, "description": flow.description, "clock": flow.clock,
                     "service": flow.service.code if flow.service else "", "lanes": lanes[flow.pk],
                     "steps": rows})  # fmt: skip
    return data, activity_ids


@dataclass
class TeamSignOff:
    code: str
    name: str
    role_id: int
    sign_off: ModelSignOff | None


@dataclass
class VersionState:
    version: ModelVersion
    teams: list[TeamSignOff]
    superseded: bool  # a later version exists, or the model changed since it was published

    @property
    def waiting_for(self) -> list[str]:
        return [team.code for team in self.teams if team.sign_off is None]

    @property
    def complete(self) -> bool:
        return bool(self.teams) and not self.waiting_for

    @property
    def completed_at(self):
        return max(t.sign_off.signed_at for t in self.teams if t.sign_off) if self.complete else None


@dataclass
class SignOffBoard:
    versions: list[VersionState]  # newest first
    changed: bool  # the model changed since the latest version (or none is published yet)
    draft: Snapshot | None  # the model as it stands, when asked for
    today: dt.date

    @property
    def latest(self) -> VersionState | None:
        return self.versions[0] if self.versions else None

    @property
    def last_signed(self) -> VersionState | None:
        return next((v for v in self.versions if v.complete), None)

    @property
    def review_due_on(self) -> dt.date | None:
        signed = self.last_signed
        return timezone.localdate(signed.completed_at + REVIEW_EVERY) if signed else None

    @property
    def review_due(self) -> bool:
        return self.review_due_on is not None and self.review_due_on <= self.today


def sign_off_board(program: Program, *, with_draft: bool = True) -> SignOffBoard:
    """Every published version with each accountable team's sign-off, and whether the model changed since."""
    versions = list(
        ModelVersion.objects.filter(program=program)
        .select_related("published_by")
        .prefetch_related(Prefetch("sign_offs", queryset=ModelSignOff.objects.select_related("signed_by", "role")))
    )
    state = ModelState.objects.filter(program=program).first()
    changed = not versions or (state is not None and state.changed_since_published)
    states = []
    for index, version in enumerate(versions):
        signed = {s.role_id: s for s in version.sign_offs.all()}
        teams = [TeamSignOff(t["code"], t["name"], t["id"], signed.get(t["id"])) for t in version.accountable]
        states.append(VersionState(version, teams, superseded=index > 0 or changed))
    draft = model_snapshot(program) if with_draft else None
    return SignOffBoard(states, changed, draft, timezone.localdate())


@dataclass
class ReadinessInputs:
    """What go-live readiness reads of the operating model (one query)."""

    signed_version: int | None  # the latest version, signed by every accountable team, unchanged since
    latest_version: int | None
    waiting_for: list[str]
    changed_since: bool
    sla_covered: int
    sla_total: int


def readiness_inputs(program: Program) -> ReadinessInputs:
    state = ModelState.objects.filter(program_id=program.pk).select_related("latest_version").first()
    if state is None:
        return ReadinessInputs(None, None, [], False, 0, 0)
    latest = state.latest_version.number if state.latest_version else None
    signed = latest if state.signed_off_at and not state.changed_since_published else None
    return ReadinessInputs(signed, latest, list(state.waiting_for), state.changed_since_published,
                           state.sla_covered, state.sla_total)  # fmt: skip


# Spreadsheets ---------------------------------------------------------------------------------------------


def spreadsheet_data(program: Program) -> tuple[sheets.ModelData, list[str]]:
    """The catalogue in use, the severities and their escalation paths as the workbook holds them, and the codes
    of the retired processes (three queries)."""
    items = list(catalogue_list(program, include_retired=True).order_by("code"))
    processes = [
        sheets.ProcessRow(i.code, i.name, i.category, i.change_type, _code(i.owner_role), _code(i.requester_role),
                          _code(i.fulfiller_role), _code(i.approver_role), i.sla_target, i.sla_clock, i.notes)
        for i in items if not i.is_retired
    ]  # fmt: skip
    severities = list(severity_list(program).order_by("level"))
    data = sheets.ModelData(
        processes,
        [sheets.SeverityRow(s.level, s.name, s.definition, s.clock, s.response_target, s.update_interval,
                            s.restore_target, s.vendor_severity) for s in severities],
        [sheets.EscalationRow(s.level, e.level, e.role.code, e.after_minutes, e.note)
         for s in severities for e in s.escalation_steps.all()],
    )  # fmt: skip
    return data, [i.code for i in items if i.is_retired]


def role_keys(program: Program) -> dict[str, str]:
    """Each role's code and name, casefolded, to its code: how a workbook may name a role."""
    keys: dict[str, str] = {}
    for code, name in program.roles.values_list("code", "name"):
        keys.setdefault(" ".join(name.split()).casefold(), code)
        keys[code.casefold()] = code
    return keys


def model_workbook(program: Program) -> bytes:
    """The operating model as a workbook: catalogue, severities, escalation, composition, flows (constant queries)."""
    data, _ = spreadsheet_data(program)
    composition_rows = [
        sheets.Composition(a.role.code, a.role.name, a.get_phase_display(), a.who, a.organisation, a.allocation_pct,
                           a.is_single_threaded_owner)
        for a in role_assignment_list(program).order_by("role__code", "phase", "id")
    ]  # fmt: skip
    flows_data, _ = _flows_data(program)
    flow_rows = [
        sheets.Flow(f["name"], f["description"], f["clock"], f["service"], tuple(f["lanes"]),
                    tuple(sheets.FlowStep(n, lane, kind, name, when, sla_, activity, tuple(next_))
                          for n, lane, kind, name, when, sla_, activity, next_ in f["steps"]))
        for f in flows_data
    ]  # fmt: skip
    return sheets.write_workbook(title=program.name, data=data, composition=composition_rows, flows=flow_rows)


def model_workbook_name(program: Program) -> str:
    """The export's file name: `<program>-operating-model.xlsx`."""
    return f"{slugify(program.name)}-operating-model.xlsx"


def model_import_list(program: Program) -> QuerySet[ModelImport]:
    """The program's imports, newest first, without their files and plans (what a poll reads)."""
    return ModelImport.objects.filter(program=program).select_related("created_by").defer("data", "plan")


def model_import_plan(job: ModelImport) -> sheets.Plan | None:
    """The plan the worker stored for the job (None until it has read the file). Computes nothing."""
    return sheets.Plan.from_json(job.plan) if job.plan else None


# On the pages of the apps below (lib/hooks.py) --------------------------------------------------------------

MY_WORK_LIMIT = 10


def used_in(kind: str, record_id: int) -> list[UsedIn]:
    """A RASCI activity's page: the flow steps that carry it out (one query)."""
    if kind != "raci.activity":
        return []
    return [
        UsedIn(
            label=f"{step.flow.name}: {step.name}",
            url=reverse("operating_model:flow_detail", args=[step.flow.program.slug, step.flow_id])
            + f"#step-{step.pk}",
            note=f"{step.lane.role.code} lane",
        )
        for step in flow_steps_linking(record_id)
    ]


def my_sign_offs(user, memberships) -> list[WorkSection]:
    """The latest operating-model versions awaiting the sign-off of a team the user fills (two queries)."""
    programs = {m.program_id: m.program for m in memberships}
    states = list(
        ModelState.objects.filter(program_id__in=programs, latest_version__isnull=False)
        .exclude(waiting_for=[])
        .select_related("latest_version")
    )
    if not states:
        return []
    held = set(
        RoleAssignment.objects.filter(person=user, program_id__in=[s.program_id for s in states]).values_list(
            "program_id", "role__code"
        )
    )
    section = WorkSection("operating_model.sign_off", "Operating model versions to sign off")
    for state in states:
        if state.changed_since_published:
            continue
        program = programs[state.program_id]
        for code in state.waiting_for:
            if (state.program_id, code) in held:
                section.items.append(WorkItem(
                    program=program, action="Sign off", what="Operating model", url=reverse(
                        "operating_model:sign_off", args=[program.slug]),
                    title=f"Version {state.latest_version.number} for {code}",  # type: ignore[union-attr]
                ))  # fmt: skip
    section.total = len(section.items)
    section.items = section.items[:MY_WORK_LIMIT]
    return [section] if section.total else []


def search_operating_model(program: Program, query: str, limit: int) -> list[SearchHit]:
    """Catalogue processes and flows matching the words typed: two queries."""
    items = text_match(catalogue_list(program, include_retired=True), ["code", "name", "category", "notes"], query)
    flows = text_match(ProcessFlow.objects.filter(program=program), ["name", "description"], query)
    return [
        *(
            SearchHit("Catalogue processes", f"{i.code} {i.name}",
                      reverse("operating_model:catalogue_item", args=[program.slug, i.pk]),
                      f"SLA {i.sla_target}" if i.sla_target else "no SLA", float(i.rank))
            for i in items.order_by("-rank", "code")[:limit]
        ),
        *(
            SearchHit("Process flows", f.name, reverse("operating_model:flow_detail", args=[program.slug, f.pk]),
                      f.description[:80], float(f.rank))
            for f in flows.order_by("-rank", "name")[:limit]
        ),
    ]  # fmt: skip
