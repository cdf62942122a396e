"""Writes to the operating model. Each runs in one transaction; history is kept by django-simple-history."""

import hashlib
import json
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from connectmobilize.lib import jobs
from connectmobilize.lib.access import may_sign_off_operating_model
from connectmobilize.lib.models import JobStatus
from connectmobilize.lib.records import (
    edit,
    locked,
    refuse_duplicate_code,
    refuse_duplicate_name,
    refuse_other_programs,
    save,
)
from connectmobilize.lib.signals import program_input_changed
from connectmobilize.lib.spreadsheets import SpreadsheetError, check_xlsx
from connectmobilize.lib.tasks import queue_after_commit
from programs import services as program_services
from programs import starting_sets
from programs.models import Program, Role
from raci import selectors as raci_selectors

from . import selectors, sla
from . import spreadsheet as sheets
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
from .starting_catalogue import PROCESSES
from .starting_flows import STARTING_FLOWS, StartingFlow
from .starting_severities import SEVERITIES

logger = logging.getLogger(__name__)


def read_duration(record: models.Model, field: str, *, clock: str, minutes_field: str, required: bool = False) -> None:
    """Read the duration typed in `field` on `clock`: kept as its canonical text, and its minutes beside it.
    Nonsense is refused on the field, in words."""
    text = getattr(record, field).strip()
    if not text:
        if required:
            raise ValidationError({field: f"Give a duration, e.g. {sla.EXAMPLES}."})
        setattr(record, field, "")
        setattr(record, minutes_field, None)
        return
    try:
        duration = sla.parse(text, clock=clock)
    except sla.SlaError as error:
        raise ValidationError({field: str(error)}) from None
    setattr(record, field, str(duration))
    setattr(record, minutes_field, duration.minutes)


# Where the model stands (read by go-live readiness) -------------------------------------------------------


def touch(program_id: int) -> None:
    """The operating model changed: a published version no longer matches it, and readiness hears of it."""
    refresh_state(program_id, edited=True)


def refresh_state(program_id: int, *, edited: bool = False) -> ModelState:
    """Keep the program's ModelState: the latest version, who has yet to sign it, the catalogue's SLA coverage."""
    state, _ = ModelState.objects.select_for_update().get_or_create(program_id=program_id)
    if edited:
        state.edited_at = timezone.now()
    latest = ModelVersion.objects.filter(program_id=program_id).order_by("-number").first()
    state.latest_version, state.waiting_for, state.signed_off_at = latest, [], None
    if latest is not None:
        signed = dict(latest.sign_offs.values_list("role_id", "signed_at"))
        state.waiting_for = [team["code"] for team in latest.accountable if team["id"] not in signed]
        if signed and not state.waiting_for:
            state.signed_off_at = max(signed.values())
    items = ServiceCatalogItem.objects.filter(program_id=program_id, retired_at=None)
    counts = items.aggregate(
        total=models.Count("pk"),
        covered=models.Count("pk", filter=models.Q(sla_minutes__isnull=False, fulfiller_role__isnull=False)),
    )
    state.sla_total, state.sla_covered = counts["total"], counts["covered"]
    state.save()
    program_input_changed(program_id)
    return state


# Team composition ---------------------------------------------------------------------------------------


def _check_assignment(assignment: RoleAssignment) -> None:
    """A member of the program or a named outsider (not both), once per role and phase; one single-threaded
    owner per program, and a second is refused naming the first."""
    assignment.outsider_name = " ".join(assignment.outsider_name.split())
    refuse_other_programs(assignment, program_id=assignment.program_id,
                          links={"role": assignment.role, "person": assignment.person})  # fmt: skip
    if assignment.person is not None and assignment.outsider_name:
        raise ValidationError({"outsider_name": "Choose a member or name an outsider, not both."})
    if assignment.person is None and not assignment.outsider_name:
        raise ValidationError({"person": "Choose a member of the program, or name someone who is not a member."})
    others = RoleAssignment.objects.filter(program_id=assignment.program_id).exclude(pk=assignment.pk)
    if assignment.is_single_threaded_owner:
        owners = others.select_for_update(of=("self",)).filter(is_single_threaded_owner=True)
        if (owner := owners.select_related("role", "person").first()) is not None:
            raise ValidationError({"is_single_threaded_owner": (
                f"{owner.who} is already the single-threaded owner ({owner.role.code}, "
                f"{owner.get_phase_display().lower()}): a program has one. Untick theirs first."
            )})  # fmt: skip
    same = others.filter(role_id=assignment.role_id, phase=assignment.phase)
    if assignment.person is not None:
        same = same.filter(person=assignment.person)
    else:
        same = same.filter(person=None, outsider_name__iexact=assignment.outsider_name)
    if (existing := same.select_related("person").first()) is not None:
        raise ValidationError(
            f"{existing.who} already fills {assignment.role.code} {assignment.get_phase_display().lower()}."
        )
    save(assignment)
    touch(assignment.program_id)


@transaction.atomic
def role_assignment_create(*, program: Program, **fields) -> RoleAssignment:
    assignment = RoleAssignment(program=program, **fields)
    _check_assignment(assignment)
    return assignment


@transaction.atomic
def role_assignment_update(*, assignment: RoleAssignment, version: int, **fields) -> RoleAssignment:
    assignment = edit(assignment, version=version, changes=fields)
    _check_assignment(assignment)
    return assignment


@transaction.atomic
def role_assignment_remove(*, assignment: RoleAssignment, version: int | None = None) -> None:
    """Take the person off the role for that phase (the history keeps who it was). With `version` (the API's
    If-Match), refused with StaleEdit when someone changed it since."""
    assignment = locked(assignment, version=version)
    assignment.delete()
    touch(assignment.program_id)


# Service catalogue --------------------------------------------------------------------------------------

CATALOGUE_ROLES = ("owner_role", "requester_role", "fulfiller_role", "approver_role")


def _check_item(item: ServiceCatalogItem) -> None:
    refuse_other_programs(
        item, program_id=item.program_id, links={name: getattr(item, name) for name in CATALOGUE_ROLES}
    )
    refuse_duplicate_code(item, field="code", within={"program_id": item.program_id},
                          message='Process code "{code}" is already in the catalogue.')  # fmt: skip
    read_duration(item, "sla_target", clock=item.sla_clock, minutes_field="sla_minutes")
    save(item)
    touch(item.program_id)  # readiness weighs the catalogue's SLA coverage


@transaction.atomic
def catalogue_item_create(*, program: Program, **fields) -> ServiceCatalogItem:
    item = ServiceCatalogItem(program=program, **fields)
    _check_item(item)
    return item


@transaction.atomic
def catalogue_item_update(*, item: ServiceCatalogItem, version: int, **fields) -> ServiceCatalogItem:
    item = edit(item, version=version, changes=fields)
    _check_item(item)
    return item


@transaction.atomic
def catalogue_item_retire(*, item: ServiceCatalogItem, retired: bool = True) -> ServiceCatalogItem:
    """Retire a process (it stays in the history and can come back) or restore it. A one-click edit: a form
    opened before it is refused."""
    item = ServiceCatalogItem.objects.select_for_update().get(pk=item.pk)
    if item.is_retired == retired:
        return item
    item.retired_at = timezone.now() if retired else None
    item.version += 1
    item.save(update_fields=["retired_at", "version", "updated_at"])
    touch(item.program_id)
    return item


@transaction.atomic
def catalogue_seed(*, program: Program) -> list[ServiceCatalogItem]:
    """Add DOMAIN.md §7.1's 24 support processes that the catalogue does not have yet (by code)."""
    taken = set(ServiceCatalogItem.objects.filter(program=program).values_list("code", flat=True))
    roles = {role.code: role for role in program.roles.all()}
    created = []
    for code, name, category, change_type, owner, requester, fulfiller, approver, target, clock, notes in PROCESSES:
        if code in taken:
            continue
        item = ServiceCatalogItem(
            program=program, code=code, name=name, category=category, change_type=change_type,
            owner_role=roles.get(owner), requester_role=roles.get(requester), fulfiller_role=roles.get(fulfiller),
            approver_role=roles.get(approver), sla_target=target, sla_clock=clock, notes=notes,
        )  # fmt: skip
        read_duration(item, "sla_target", clock=clock, minutes_field="sla_minutes")
        save(item)
        created.append(item)
    if created:
        touch(program.pk)
    return created


# Severities and escalation ------------------------------------------------------------------------------


def _check_severity(severity: SeverityLevel) -> None:
    others = SeverityLevel.objects.filter(program_id=severity.program_id, level=severity.level).exclude(pk=severity.pk)
    if others.exists():
        raise ValidationError({"level": f"This program already has a Sev {severity.level}."})
    clock = severity.clock
    read_duration(severity, "response_target", clock=clock, minutes_field="response_minutes", required=True)
    read_duration(severity, "update_interval", clock=clock, minutes_field="update_minutes")
    read_duration(severity, "restore_target", clock=clock, minutes_field="restore_minutes")
    save(severity)
    touch(severity.program_id)


@transaction.atomic
def severity_create(*, program: Program, **fields) -> SeverityLevel:
    severity = SeverityLevel(program=program, **fields)
    _check_severity(severity)
    return severity


@transaction.atomic
def severity_update(*, severity: SeverityLevel, version: int, **fields) -> SeverityLevel:
    severity = edit(severity, version=version, changes=fields)
    _check_severity(severity)
    return severity


@transaction.atomic
def severities_seed(*, program: Program) -> list[SeverityLevel]:
    """Add DOMAIN.md §7.2's Sev 1–4 the program does not have yet, with their escalation paths (a step whose
    standard role the program lacks is left out, for the lead to add)."""
    taken = set(SeverityLevel.objects.filter(program=program).values_list("level", flat=True))
    roles = {role.code: role for role in program.roles.all()}
    created = []
    for level, name, definition, clock, response, update, restore, vendor, steps in SEVERITIES:
        if level in taken:
            continue
        severity = severity_create(
            program=program, level=level, name=name, definition=definition, clock=clock, response_target=response,
            update_interval=update, restore_target=restore, vendor_severity=vendor,
        )  # fmt: skip
        for step_level, code, after, note in steps:
            if code in roles:
                escalation_step_create(severity=severity, level=step_level, role=roles[code], after_minutes=after,
                                       note=note)  # fmt: skip
        created.append(severity)
    return created


def _check_escalation_step(step: EscalationStep) -> None:
    refuse_other_programs(step, program_id=step.severity.program_id, links={"role": step.role})
    save(step)
    touch(step.severity.program_id)


@transaction.atomic
def escalation_step_create(*, severity: SeverityLevel, **fields) -> EscalationStep:
    step = EscalationStep(severity=severity, **fields)
    _check_escalation_step(step)
    return step


@transaction.atomic
def escalation_step_update(*, step: EscalationStep, version: int, **fields) -> EscalationStep:
    step = edit(step, version=version, changes=fields)
    _check_escalation_step(step)
    return step


@transaction.atomic
def escalation_step_remove(*, step: EscalationStep, version: int | None = None) -> None:
    """With `version` (the API's If-Match), refused with StaleEdit when someone changed the step since."""
    step = locked(step, version=version)
    step.delete()
    touch(step.severity.program_id)


# Swimlane flows -----------------------------------------------------------------------------------------


def _check_flow(flow: ProcessFlow) -> None:
    refuse_other_programs(flow, program_id=flow.program_id, links={"service": flow.service})
    refuse_duplicate_name(flow, what="flow")
    save(flow)
    touch(flow.program_id)


@transaction.atomic
def flow_create(*, program: Program, starting_from: str = "", **fields) -> ProcessFlow:
    """A new flow; from a starting flow, its lanes and steps too (standard roles the program lacks are added, and
    steps are linked to the RASCI activities they carry out when the program has them)."""
    start = STARTING_FLOWS[starting_from] if starting_from else None
    if start is not None:
        fields = {"description": start.description, "clock": start.clock, **fields}
        if fields.get("service") is None:
            fields["service"] = ServiceCatalogItem.objects.filter(program=program, code=start.service).first()
    flow = ProcessFlow(program=program, **fields)
    _check_flow(flow)
    if start is not None:
        _fill_from_starting(flow, start)
    return flow


def _fill_from_starting(flow: ProcessFlow, start: StartingFlow) -> None:
    roles = {role.code: role for role in Role.objects.filter(program_id=flow.program_id, code__in=start.lanes)}
    standard = {code: (name, side, profile) for code, name, side, profile in starting_sets.ROLES}
    missing = [
        Role(code=code, name=standard[code][0], side=standard[code][1], connect_security_profile=standard[code][2])
        for code in start.lanes
        if code not in roles
    ]
    if missing:
        roles |= {role.code: role for role in program_services.roles_add(program=flow.program, roles=missing)}
    lanes = {code: lane_add(flow=flow, role=roles[code]) for code in start.lanes}
    activities = list(raci_selectors.activities_to_link(flow.program))
    steps = []
    for number, spec in enumerate(start.steps, 1):
        activity = next((a for a in activities if spec.activity and a.name.startswith(spec.activity)), None)
        steps.append(step_create(flow=flow, lane=lanes[spec.lane], position=number, kind=spec.kind, name=spec.name,
                                 when=spec.when, sla_target=spec.sla, activity=activity))  # fmt: skip
    for step, spec in zip(steps, start.steps, strict=True):
        if spec.next:
            step.next_steps.set([steps[n - 1] for n in spec.next])


@transaction.atomic
def flow_update(*, flow: ProcessFlow, version: int, **fields) -> ProcessFlow:
    """Name, description, catalogue process, clock (the steps' SLAs are read again on a new clock)."""
    clock_before = flow.clock
    flow = edit(flow, version=version, changes=fields)
    _check_flow(flow)
    if flow.clock != clock_before:
        for step in flow.steps.exclude(sla_target=""):
            try:
                read_duration(step, "sla_target", clock=flow.clock, minutes_field="sla_minutes")
            except ValidationError:
                message = f'Step "{step.name}" has the SLA "{step.sla_target}", which this clock does not count.'
                raise ValidationError({"clock": message}) from None
            step.save(update_fields=["sla_target", "sla_minutes"])
    return flow


@transaction.atomic
def lane_add(*, flow: ProcessFlow, role: Role) -> FlowLane:
    refuse_other_programs(flow, program_id=flow.program_id, links={"role": role})
    if flow.lanes.filter(role=role).exists():
        raise ValidationError({"role": f"{role.code} already has a lane in this flow."})
    last = flow.lanes.aggregate(last=models.Max("position"))["last"]
    lane = FlowLane.objects.create(flow=flow, role=role, position=0 if last is None else last + 1)
    touch(flow.program_id)
    return lane


@transaction.atomic
def lane_remove(*, lane: FlowLane) -> None:
    if lane.steps.exists():
        raise ValidationError(f"The {lane.role.code} lane still has steps: move or remove them first.")
    lane.delete()
    touch(lane.flow.program_id)


@transaction.atomic
def lane_move(*, lane: FlowLane, offset: int) -> None:
    """Move a lane up (offset -1) or down (+1) among its flow's lanes."""
    lanes = list(FlowLane.objects.select_for_update().filter(flow_id=lane.flow_id).order_by("position", "id"))
    index = next(i for i, other in enumerate(lanes) if other.pk == lane.pk)
    target = min(max(index + offset, 0), len(lanes) - 1)
    lanes.insert(target, lanes.pop(index))
    for position, other in enumerate(lanes):
        if other.position != position:
            FlowLane.objects.filter(pk=other.pk).update(position=position)
    touch(lane.flow.program_id)


def _check_step(step: ProcessStep, next_steps) -> None:
    flow = step.flow
    if step.lane.flow_id != flow.pk:
        raise ValidationError({"lane": "Choose one of this flow's lanes."})
    if step.activity is not None and step.activity.matrix.program_id != flow.program_id:
        raise ValidationError({"activity": f"{step.activity} is not part of this program."})
    read_duration(step, "sla_target", clock=flow.clock, minutes_field="sla_minutes")
    save(step)
    if next_steps is not None:
        chosen = list(next_steps)
        if any(other.flow_id != flow.pk for other in chosen):
            raise ValidationError({"next_steps": "A step can only lead to steps of its own flow."})
        if any(other.pk == step.pk for other in chosen):
            raise ValidationError({"next_steps": "A step cannot lead to itself."})
        step.next_steps.set(chosen)
    touch(flow.program_id)


@transaction.atomic
def step_create(*, flow: ProcessFlow, next_steps=None, position: int | None = None, **fields) -> ProcessStep:
    """A step of the flow; without a position it comes last."""
    if position is None:
        last = flow.steps.aggregate(last=models.Max("position"))["last"]
        position = 1 if last is None else last + 1
    step = ProcessStep(flow=flow, position=position, **fields)
    _check_step(step, next_steps)
    return step


@transaction.atomic
def step_update(*, step: ProcessStep, version: int, next_steps=None, **fields) -> ProcessStep:
    if fields.get("position", 0) is None:  # left empty: the step keeps its place
        del fields["position"]
    step = edit(step, version=version, changes=fields)
    _check_step(step, next_steps)
    return step


@transaction.atomic
def step_remove(*, step: ProcessStep, version: int | None = None) -> None:
    """Remove a step; the links to it go with it (the history keeps them). With `version` (the API's If-Match),
    refused with StaleEdit when someone changed the step since."""
    step = locked(step, version=version)
    step.delete()
    touch(step.flow.program_id)


# Versions and sign-off ----------------------------------------------------------------------------------


@transaction.atomic
def model_publish(*, program: Program, user, note: str = "") -> ModelVersion:
    """Freeze the operating model as it stands as the next numbered version, for its accountable teams to sign."""
    Program.objects.select_for_update().get(pk=program.pk)  # one publication at a time per program
    snapshot = selectors.model_snapshot(program)
    latest = ModelVersion.objects.filter(program=program).order_by("-number").first()
    if latest is not None and latest.fingerprint == snapshot.fingerprint:
        raise ValidationError(f"Nothing changed since version {latest.number}: that is the version to sign off.")
    if not snapshot.accountable:
        raise ValidationError(
            "Nobody is accountable in the operating model yet, so nobody could sign it off: name the owners of the "
            "catalogue's processes, or link flow steps to RASCI activities that have an Accountable."
        )
    version = ModelVersion.objects.create(
        program=program, number=(latest.number + 1) if latest else 1, published_by=user, note=note.strip(),
        snapshot=snapshot.data, fingerprint=snapshot.fingerprint, accountable=snapshot.accountable,
    )  # fmt: skip
    refresh_state(program.pk)
    return version


def holds_role(user, role: Role) -> bool:
    """Whether the user fills the role in the program's team composition (in any phase)."""
    return RoleAssignment.objects.filter(program_id=role.program_id, role=role, person=user).exists()


@transaction.atomic
def model_sign_off(*, version: ModelVersion, role: Role, membership, comment: str = "") -> ModelSignOff:
    """One accountable team signs the latest version off: a member who fills that role, or a program manager.
    A superseded version (a later one, or the model changed since) cannot be signed; sent twice, signed once."""
    user = membership.user
    if not may_sign_off_operating_model(membership, holds_role=holds_role(user, role)):
        raise PermissionDenied(f"Only someone who fills {role.code} in the team composition, or a program manager, "
                               f"can sign off for {role.code}.")  # fmt: skip
    state = refresh_state(version.program_id)
    if state.latest_version_id != version.pk or state.changed_since_published:
        raise ValidationError(
            f"Version {version.number} is no longer the operating model as it stands: publish the current one "
            "and sign that."
        )
    if role.pk not in {team["id"] for team in version.accountable}:
        raise ValidationError(f"{role.code} is not accountable in version {version.number}: it has nothing to sign.")
    existing = ModelSignOff.objects.filter(version=version, role=role).select_related("signed_by").first()
    if existing is not None:
        return existing  # signed already (a double click, or a colleague of the same team)
    record = ModelSignOff.objects.create(version=version, role=role, signed_by=user, comment=comment.strip())
    refresh_state(version.program_id)
    return record


# Spreadsheet import ------------------------------------------------------------------------------------------
# The pipeline of the RACI and attendance imports (connectmobilize/lib/jobs.py): upload (the zip checks at once) →
# the worker reads the workbook (every check of lib/spreadsheets before any parse) and plans it against the model
# as it stands, stored on the job with the model's fingerprint → the user reviews → confirm → the worker applies
# exactly that plan in one transaction, or refuses if the model changed since.

STALE_IMPORT = "The operating model changed since this preview: preview again. Nothing was applied."


def import_fingerprint(program: Program) -> str:
    """A digest of everything a plan depends on: the catalogue, severities, escalation paths and the roles."""
    data, retired = selectors.spreadsheet_data(program)
    text = json.dumps([data.to_json(), sorted(retired), sorted(selectors.role_keys(program).items())],
                      sort_keys=True, ensure_ascii=False)  # fmt: skip
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def model_import_start(*, program: Program, user, filename: str, data: bytes) -> ModelImport:
    check_xlsx(data)  # cheap (the zip directory only): a wrong or hostile file is refused at once
    job = ModelImport.objects.create(program=program, filename=filename[:255], data=data, created_by=user)
    queue_after_commit("operating_model.tasks.plan_model_import", job.pk)
    return job


def model_import_plan(*, job_id: int) -> None:
    """Worker: read the workbook and store what applying it would do."""
    job = jobs.claim(ModelImport, job_id, frm=JobStatus.PENDING, to=JobStatus.RUNNING)
    if job is None:
        return
    with jobs.working(job) as progress:
        try:
            progress.stage(10, "reading the workbook")
            parsed = sheets.parse_workbook(bytes(job.data), roles=selectors.role_keys(job.program))
            progress.stage(60, "comparing with the operating model")
            current, retired = selectors.spreadsheet_data(job.program)
            plan = sheets.plan_import(parsed, current, retired=retired)
            jobs.finish(job, to=JobStatus.READY, plan=plan.to_json(), planned_against=import_fingerprint(job.program),
                        error="")  # fmt: skip
        except jobs.JobLost:
            logger.info("Operating model import %s was dropped while it was read", job_id)
        except SpreadsheetError as error:
            jobs.fail(job, str(error))
        except Exception:
            logger.exception("Operating model import %s: unexpected error while reading the workbook", job_id)
            jobs.fail(job, "The workbook could not be read (an unexpected error); nothing was changed.")


@transaction.atomic
def model_import_confirm(*, job: ModelImport, planned_against: str) -> None:
    """The user accepted the plan they saw (`planned_against` names it): queue its apply. All of it or nothing."""
    job = ModelImport.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.READY:
        raise ValidationError(f"This import is {job.get_status_display().lower()}; it cannot be applied now.")
    plan = selectors.model_import_plan(job)
    if plan is None or not plan.ok:
        raise ValidationError("Fix the problems in the workbook and upload it again: nothing was changed.")
    jobs.confirm(job, planned_against=planned_against, task="operating_model.tasks.apply_model_import")


@transaction.atomic
def model_import_replan(*, job: ModelImport) -> None:
    """Preview again (after the model changed): the worker plans the stored workbook anew."""
    jobs.replan(job, task="operating_model.tasks.plan_model_import")


def model_import_cancel(*, job: ModelImport) -> None:
    jobs.drop(job)


def model_import_apply(*, job_id: int) -> None:
    """Worker: apply the confirmed plan in one transaction with the job's status: all of it or nothing."""
    job = jobs.claim(ModelImport, job_id, frm=JobStatus.CONFIRMED, to=JobStatus.APPLYING)
    if job is None:
        return  # dropped, failed, already applied, or a redelivery
    with jobs.working(job) as progress:
        try:
            with transaction.atomic():
                program = Program.objects.select_for_update().get(pk=job.program_id)
                if import_fingerprint(program) != job.planned_against:
                    jobs.move(job, to=JobStatus.READY, frm=[JobStatus.APPLYING], planned_against="",
                              error=STALE_IMPORT, progress=100, lease_expires_at=None)  # fmt: skip
                    return
                plan = selectors.model_import_plan(job)
                if plan is None:  # a confirmed job always has the plan its user saw
                    raise ValidationError("This import has no preview; upload the workbook again.")
                progress.stage(20, "applying the workbook")
                _apply_model(program, plan.data)
                jobs.finish(job)
        except jobs.JobLost:
            logger.warning("Operating model import %s was failed while it was applied; everything rolled back", job_id)
        except Exception:
            logger.exception("Operating model import %s: applying failed", job_id)
            jobs.fail(job, "Applying the workbook failed unexpectedly; nothing was changed. Try again.")


def _apply_model(program: Program, data: sheets.ModelData) -> None:
    """Make the catalogue, the severities named and their escalation paths what the workbook says, through the
    same services as the pages (each check holds; history records every change)."""
    roles = {role.code: role for role in program.roles.all()}
    if data.processes is not None:
        _apply_catalogue(program, data.processes, roles)
    if data.severities is None:
        return
    current = {s.level: s for s in SeverityLevel.objects.filter(program=program)}
    for row in data.severities:
        fields = {name: getattr(row, name) for name in sheets.SEVERITY_FIELDS}
        severity = current.get(row.level)
        if severity is None:
            current[row.level] = severity_create(program=program, level=row.level, **fields)
        elif any(getattr(severity, name) != value for name, value in fields.items()):
            current[row.level] = severity_update(severity=severity, version=severity.version, **fields)
    if data.escalation is None:
        return
    existing, _ = selectors.spreadsheet_data(program)
    for row in data.severities:
        wanted = sheets.path_of(data.escalation, row.level)
        if sheets.path_of(existing.escalation or [], row.level) == wanted:
            continue
        severity = current[row.level]
        for step in list(severity.escalation_steps.all()):
            escalation_step_remove(step=step)
        for after, level, code, note in wanted:
            escalation_step_create(severity=severity, level=level, role=roles[code], after_minutes=after, note=note)


def _apply_catalogue(program: Program, rows: list[sheets.ProcessRow], roles: dict[str, Role]) -> None:
    items = {item.code.casefold(): item for item in selectors.catalogue_list(program, include_retired=True)}
    for row in rows:
        fields = {
            "name": row.name, "category": row.category, "change_type": row.change_type, "sla_target": row.sla_target,
            "sla_clock": row.sla_clock, "notes": row.notes, **{
                f"{part}_role": roles.get(getattr(row, part)) for part in ("owner", "requester", "fulfiller",
                                                                           "approver")},
        }  # fmt: skip
        item = items.get(row.code.casefold())
        if item is None:
            catalogue_item_create(program=program, code=row.code, **fields)
            continue
        if item.is_retired:
            item = catalogue_item_retire(item=item, retired=False)
        if any(getattr(item, name) != value for name, value in fields.items()):
            catalogue_item_update(item=item, version=item.version, **fields)
    named = {row.code.casefold() for row in rows}
    for key, item in items.items():
        if key not in named and not item.is_retired:
            catalogue_item_retire(item=item)
