"""Writes for go-live readiness. Each runs in one transaction."""

import csv
import datetime as dt
import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from connectmobilize.lib import jobs
from connectmobilize.lib.access import Capability, can, may_close_condition, may_sign_off, may_update_evidence
from connectmobilize.lib.models import JobStatus
from connectmobilize.lib.people import person_name
from connectmobilize.lib.records import (
    StaleEdit,
    edit,
    locked,
    refuse_duplicate_code,
    refuse_duplicate_name,
    refuse_other_programs,
    save,
)
from connectmobilize.lib.spreadsheets import ZIP_MAGIC, SpreadsheetError, check_file_size, check_xlsx
from connectmobilize.lib.tasks import queue_after_commit
from connectmobilize.lib.uploads import MAX_EVIDENCE_BYTES, UploadTooLarge, read_upload
from programs.models import Program

from . import scoring
from .attendance import AttendancePlan, AttendanceRow, check_kind, parse_attendance
from .choices import Attendance, DecisionOutcome, ItemStatus, Priority
from .criteria import is_computed
from .models import (
    AttendanceImport,
    ChangeRequest,
    ChangeWindow,
    ChecklistItem,
    Course,
    DecisionCondition,
    Enrolment,
    EvidenceFile,
    GoLiveEvent,
    GoNoGoDecision,
    ReadinessPolicy,
    ReadinessSnapshot,
    SignOff,
    Trainee,
    TrainingSession,
)
from .selectors import attendance_plan, latest_sign_off, readiness_score, recompute_pending_key, upcoming_event_ids

logger = logging.getLogger(__name__)
TEMPLATE = Path(__file__).parent / "starting" / "si_checklist.csv"
PRIORITY = {"H": Priority.HIGH, "M": Priority.MEDIUM, "L": Priority.LOW}


@transaction.atomic
def event_create(
    *, program: Program, name: str, kind: str, starts_at: dt.datetime, ends_at: dt.datetime, with_template: bool = True,
    workstreams=(),
) -> GoLiveEvent:  # fmt: skip
    """A go-live event, its checklist started from the contact-center template (DOMAIN.md §10.C) if asked."""
    event = GoLiveEvent(program=program, name=name, kind=kind, starts_at=starts_at, ends_at=ends_at)
    _require_window(starts_at, ends_at, field="ends_at")
    save(event)
    refuse_other_programs(event, program_id=program.pk, links={"workstreams": list(workstreams)})
    event.workstreams.set(workstreams)
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
    readiness_changed(event.pk)  # its first score, for the go-live list and the dashboard's trend
    return event


def _require_window(starts_at, ends_at, *, field: str, what: str = "The window") -> None:
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError({field: f"{what} must end after it starts."})


@transaction.atomic
def event_update(*, event: GoLiveEvent, version: int, workstreams=None, **fields) -> GoLiveEvent:
    event = edit(event, version=version, changes=fields)
    _require_window(event.starts_at, event.ends_at, field="ends_at")
    save(event)
    if workstreams is not None:
        refuse_other_programs(event, program_id=event.program_id, links={"workstreams": list(workstreams)})
        event.workstreams.set(workstreams)
    readiness_changed(event.pk)
    return event


def _check_item(item: ChecklistItem) -> None:
    links = {"owner_role": item.owner_role, "owner": item.owner, "approver": item.approver}
    refuse_other_programs(item, program_id=item.event.program_id, links=links)
    refuse_duplicate_code(item, field="ref", within={"event_id": item.event_id},
                          message="{code} is already an item of this event.")  # fmt: skip
    save(item)
    readiness_changed(item.event_id)


@transaction.atomic
def item_create(*, event: GoLiveEvent, **fields) -> ChecklistItem:
    last = event.items.aggregate(last=Max("position"))["last"]
    item = ChecklistItem(event=event, position=0 if last is None else last + 1, **fields)
    _check_item(item)
    return item


@transaction.atomic
def item_update(*, item: ChecklistItem, version: int, **fields) -> ChecklistItem:
    item = edit(item, version=version, changes=fields)
    _check_item(item)
    return item


@transaction.atomic
def item_update_evidence(
    *, item: ChecklistItem, membership, version: int, note: str, link: str, status: str, upload=None
) -> ChecklistItem:
    """New evidence (a note, a link, a file). If it no longer matches the sign-off in force, the item needs
    signing again. Refused (StaleEdit) when the item changed since the editor opened it at `version`."""
    if not may_update_evidence(membership, item):
        raise PermissionDenied(
            "Only the item's owner, Service Introduction or a program manager may change its evidence."
        )
    if is_computed(item):
        status = item.status  # computed from the operating model: its status is not set by hand
    item = edit(item, version=version, changes={"evidence_note": note, "evidence_link": link, "status": status})
    if upload is not None:
        try:
            data = read_upload(upload, limit=MAX_EVIDENCE_BYTES)
        except UploadTooLarge as error:
            raise ValidationError({"evidence_file": f"{error} (evidence files)"}) from None
        digest = hashlib.sha256(data).hexdigest()
        EvidenceFile.objects.get_or_create(sha256=digest, defaults={"size": len(data), "data": data})
        item.evidence_file_name, item.evidence_file_sha256 = Path(upload.name).name[:255], digest
    signed = latest_sign_off(item)
    if signed and signed.evidence_fingerprint != item.evidence_fingerprint and item.status == ItemStatus.COMPLETE:
        item.status = ItemStatus.IN_PROGRESS  # the sign-off is stale: complete again only when re-signed
    item.full_clean()
    item.save()
    readiness_changed(item.event_id)
    return item


COMPUTED_NOT_SIGNED = (
    "{ref} is computed from the operating model's published versions and their sign-offs: it is not signed off by "
    "hand. Sign the operating model off instead."
)


@transaction.atomic
def sign_off(*, item: ChecklistItem, membership, fingerprint: str, comment: str = "") -> SignOff:
    """Sign the item off as complete, recording who, when and the evidence as it stands.

    `fingerprint` is the evidence the signer saw: if it changed since, nothing is signed."""
    user = membership.user
    if not may_sign_off(membership, item):
        if item.approver_id:
            raise PermissionDenied(f"Only {person_name(item.approver)} (the named approver) can sign off {item.ref}.")
        raise PermissionDenied("Only Service Introduction members or a program manager can sign this item off.")
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    if is_computed(item):
        raise ValidationError(COMPUTED_NOT_SIGNED.format(ref=item.ref))
    if item.evidence_fingerprint != fingerprint:
        raise ValidationError(
            f"The evidence of {item.ref} changed since you opened the page; nothing was signed. "
            "Read the evidence as it is now and sign again."
        )
    in_force = latest_sign_off(item)
    if in_force and in_force.signed_by_id == user.pk and in_force.evidence_fingerprint == fingerprint:
        return in_force  # the same signature sent twice (a double click): recorded once
    if not (item.evidence_note.strip() or item.evidence_link or item.evidence_file_sha256):
        raise ValidationError(f"{item.ref} has no evidence yet: add a note, a link or a file before signing it off.")
    record = SignOff.objects.create(
        item=item, signed_by=user, comment=comment, evidence_fingerprint=item.evidence_fingerprint,
        evidence_note=item.evidence_note, evidence_link=item.evidence_link,
        evidence_file_name=item.evidence_file_name, evidence_file_sha256=item.evidence_file_sha256,
    )  # fmt: skip
    if item.status != ItemStatus.COMPLETE:
        item.status, item.version = ItemStatus.COMPLETE, item.version + 1
        item.save(update_fields=["status", "version", "updated_at"])
    readiness_changed(item.event_id)
    return record


# Snapshots ----------------------------------------------------------------------------------------------

RECOMPUTE_DELAY = 10  # seconds: changes made within this window share one recomputation


def readiness_changed(event_id: int) -> None:
    """Something the score reads changed: recompute once the burst of edits is over (coalesced)."""

    def queue():
        # cache.add is atomic: only the first change of a burst schedules the task.
        if cache.add(recompute_pending_key(event_id), 1, timeout=RECOMPUTE_DELAY * 3):
            queue_after_commit("readiness.tasks.recompute_event_readiness", event_id, countdown=RECOMPUTE_DELAY)

    transaction.on_commit(queue, robust=True)


def snapshot_take_for(*, event_id: int) -> ReadinessSnapshot | None:
    cache.delete(recompute_pending_key(event_id))
    event = GoLiveEvent.objects.select_related("program").filter(pk=event_id).first()
    return snapshot_take(event=event) if event else None


def snapshot_take(*, event: GoLiveEvent) -> ReadinessSnapshot:
    result = readiness_score(event.pk)
    return ReadinessSnapshot.objects.create(
        event=event,
        score=result.score,
        outcome=result.outcome.value,
        open_blockers=[{"key": c.key, "label": c.label, "why": c.explanation} for c in result.open_blockers],
        criteria=[scoring.criterion_record(c) for c in result.criteria],
    )


def snapshot_take_upcoming() -> int:
    events = GoLiveEvent.objects.filter(ends_at__gte=timezone.now()).select_related("program")
    return len([event for event in events if snapshot_take(event=event)])


def readiness_changed_for_program(program_id: int) -> None:
    """A program-wide input changed (calendar, thresholds, milestones, risks, RACI errors...): every upcoming
    event recomputes, each once per burst."""
    for event_id in upcoming_event_ids(program_id):
        readiness_changed(event_id)


# Program-wide settings, calendar, CAB ---------------------------------------------------------------------


@transaction.atomic
def policy_save(*, program: Program, version: int | None, **fields) -> ReadinessPolicy:
    """The program's go/no-go thresholds and weights; the first save creates them."""
    locked(program)  # one save at a time: two first saves at once would both create, the second refused by the index
    saved = ReadinessPolicy.objects.filter(program=program).first()
    if saved is None:
        policy = ReadinessPolicy(program=program, **fields)
    elif version is None:  # the editor saw the defaults; someone saved the program's own meanwhile
        raise StaleEdit(saved, 0)
    else:
        policy = edit(saved, version=version, changes=fields)
    if policy.conditions_threshold > policy.go_threshold:
        raise ValidationError({"conditions_threshold": "The conditions threshold cannot be above the Go threshold."})
    save(policy)
    readiness_changed_for_program(program.pk)
    return policy


@transaction.atomic
def change_window_create(*, program: Program, **fields) -> ChangeWindow:
    window = ChangeWindow(program=program, **fields)
    _require_window(window.starts_at, window.ends_at, field="ends_at")
    save(window)
    readiness_changed_for_program(program.pk)
    return window


@transaction.atomic
def change_request_save(*, event: GoLiveEvent, version: int | None, **fields) -> ChangeRequest:
    """The event's cutover change request and CAB's decision; the first save creates it."""
    locked(event)  # one save at a time, as for the thresholds
    saved = ChangeRequest.objects.filter(event=event).first()
    if saved is None:
        change_request = ChangeRequest(event=event, **fields)
    elif version is None:  # the editor saw none; someone raised it meanwhile
        raise StaleEdit(saved, 0)
    else:
        change_request = edit(saved, version=version, changes=fields)
    start, end = change_request.approved_start, change_request.approved_end
    if change_request.status == "approved" and not (start and end):
        raise ValidationError({"approved_start": "CAB approves a specific date and time: give the approved window."})
    _require_window(start, end, field="approved_end", what="The approved window")
    save(change_request)
    readiness_changed(event.pk)
    return change_request


# Decisions ----------------------------------------------------------------------------------------------


@transaction.atomic
def decision_record(
    *, event: GoLiveEvent, membership, outcome: str, rationale: str, voters=(), conditions: Sequence[str] = ()
) -> GoNoGoDecision:
    """Record the go/no-go decision on a snapshot taken now (frozen with it), with its conditions."""
    if not can(membership.access, Capability.SIGN_OFF):
        raise PermissionDenied("Service Introduction or a program manager records the go/no-go decision.")
    conditions = [c.strip() for c in conditions if c.strip()]
    longest = DecisionCondition._meta.get_field("text").max_length or 300
    if any(len(c) > longest for c in conditions):
        raise ValidationError({"conditions": f"Keep each condition to {longest} characters (one per line)."})
    if outcome == DecisionOutcome.GO_WITH_CONDITIONS and not conditions:
        raise ValidationError("A Go with conditions needs at least one condition (one per line).")
    if not rationale.strip():
        raise ValidationError("Say why: the rationale is part of the record.")
    snapshot = snapshot_take(event=event)
    decision = GoNoGoDecision.objects.create(
        event=event, snapshot=snapshot, outcome=outcome, rationale=rationale, decided_by=membership.user
    )
    decision.voters.set(voters)
    DecisionCondition.objects.bulk_create(DecisionCondition(decision=decision, text=text) for text in conditions)
    return decision


@transaction.atomic
def condition_close(*, condition: DecisionCondition, membership, note: str) -> DecisionCondition:
    condition = DecisionCondition.objects.select_for_update().get(pk=condition.pk)  # two closing at once: one does
    if not may_close_condition(membership, condition):
        raise PermissionDenied("The condition's owner, Service Introduction or a manager closes it.")
    if not condition.is_open:
        raise ValidationError("This condition is already closed.")
    condition.closed_at, condition.closed_by, condition.closing_note = timezone.now(), membership.user, note
    condition.save()
    return condition


# Training -----------------------------------------------------------------------------------------------


@transaction.atomic
def course_create(*, program: Program, **fields) -> Course:
    course = Course(program=program, **fields)
    refuse_duplicate_name(course, what="course")
    save(course)
    return course


@transaction.atomic
def session_create(*, program: Program, course: Course, **fields) -> TrainingSession:
    refuse_other_programs(course, program_id=program.pk, links={"course": course})
    session = TrainingSession(course=course, **fields)
    save(session)
    return session


# Training attendance import ------------------------------------------------------------------------------
# The same pipeline as a RACI import (connectmobilize/lib/jobs.py): upload → the worker reads the file once and
# plans it against the program's training records (stored on the job with their fingerprint) → the user reviews
# → confirm → the worker applies exactly that plan, all rows or none, or refuses if the records changed since.

STALE_ATTENDANCE = "The training records changed since this preview: preview again. Nothing was applied."


class _TrainingRecords:
    """The program's courses, trainees, sessions (by course and day) and attendance: what a plan is made on."""

    def __init__(self, program: Program):
        self.courses = {c.name.casefold(): c for c in program.courses.all()}
        self.trainees = {t.email: t for t in program.trainees.all()}
        self.sessions: dict[tuple[int, str], TrainingSession] = {}
        for session in TrainingSession.objects.filter(course__program=program).order_by("starts_at", "pk"):
            self.sessions.setdefault((session.course_id, _day(session)), session)
        enrolments = Enrolment.objects.filter(trainee__program=program).select_related("trainee", "session")
        self.attendance = {(e.trainee.email, e.session.course_id, _day(e.session)): e.attendance for e in enrolments}

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for part in (
            sorted((name, c.pk) for name, c in self.courses.items()),
            sorted((email, t.pk) for email, t in self.trainees.items()),
            sorted((key, s.pk) for key, s in self.sessions.items()),
            sorted(self.attendance.items()),
        ):
            digest.update(repr(part).encode())
        return digest.hexdigest()


def _plan_attendance(records: _TrainingRecords, parsed, filename: str) -> AttendancePlan:
    """What applying the file would do, with every problem named by cell or row. Reads only."""
    plan = AttendancePlan(rows=parsed.rows, errors=list(parsed.errors))
    new_people, new_sessions = set(), set()
    for row in parsed.rows:
        course = records.courses.get(row.course.casefold())
        if course is None:
            plan.errors.append(f'{filename} row {row.row}: course "{row.course}" does not exist in this program.')
            continue
        if row.email not in records.trainees and row.email not in new_people:
            if not (row.name and row.audience):
                plan.errors.append(f"{filename} row {row.row}: {row.email} is new; give their Name and Audience.")
                continue
            new_people.add(row.email)
        if (course.pk, row.date) not in records.sessions:
            new_sessions.add((course.pk, row.date))
        wanted = Attendance.ATTENDED if row.attended else Attendance.NO_SHOW
        if records.attendance.get((row.email, course.pk, row.date)) == wanted:
            plan.unchanged += 1
        else:
            plan.changed += 1
    plan.new_trainees, plan.new_sessions = len(new_people), len(new_sessions)
    return plan


def _day(session: TrainingSession) -> str:
    return timezone.localtime(session.starts_at).date().isoformat()


def _check_attendance_upload(data: bytes, filename: str) -> None:
    """Cheap checks before anything is stored: size, and a real workbook or text (the worker reads it)."""
    check_file_size(data)
    check_kind(data, filename=filename)
    if data.startswith(ZIP_MAGIC):
        check_xlsx(data)
        return
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError("The file is neither an .xlsx workbook nor a UTF-8 CSV file.") from None


@transaction.atomic
def attendance_import_start(*, program: Program, user, filename: str, data: bytes) -> AttendanceImport:
    _check_attendance_upload(data, filename)  # a wrong file is refused at once; the worker reads it
    job = AttendanceImport.objects.create(program=program, filename=filename[:255], data=data, created_by=user)
    queue_after_commit("readiness.tasks.plan_attendance_import", job.pk)
    return job


def attendance_import_plan(*, job_id: int) -> None:
    """Worker: read the file once and store what applying it would do."""
    job = jobs.claim(AttendanceImport, job_id, frm=JobStatus.PENDING, to=JobStatus.RUNNING)
    if job is None:
        return
    with jobs.working(job) as progress:
        try:
            progress.stage(10, "reading the file")
            parsed = parse_attendance(bytes(job.data), filename=job.filename)
            progress.stage(60, f"{len(parsed.rows):,} rows read; comparing with the training records")
            records = _TrainingRecords(job.program)
            plan = _plan_attendance(records, parsed, job.filename)
            jobs.finish(job, to=JobStatus.READY, plan=plan.to_json(), planned_against=records.fingerprint(), error="")
        except jobs.JobLost:
            logger.info("Attendance import %s was dropped while it was read", job_id)
        except SpreadsheetError as error:
            jobs.fail(job, str(error))
        except Exception:
            logger.exception("Attendance import %s: unexpected error while reading the file", job_id)
            jobs.fail(job, "The file could not be read (an unexpected error); nothing was changed.")


@transaction.atomic
def attendance_import_confirm(*, job: AttendanceImport, planned_against: str) -> None:
    """The user accepted the plan they saw (`planned_against` names it): queue its apply. All rows or none."""
    job = AttendanceImport.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.READY:
        raise ValidationError(f"This import is {job.get_status_display().lower()}; it cannot be applied now.")
    plan = attendance_plan(job)
    if plan is None or not plan.ok:
        raise ValidationError("Fix the problems in the file and upload it again: nothing was changed.")
    jobs.confirm(job, planned_against=planned_against, task="readiness.tasks.apply_attendance_import")


@transaction.atomic
def attendance_import_replan(*, job: AttendanceImport) -> None:
    """Preview again (after the records changed): the worker plans the stored file anew."""
    jobs.replan(job, task="readiness.tasks.plan_attendance_import")


def attendance_import_cancel(*, job: AttendanceImport) -> None:
    jobs.drop(job)


def attendance_import_apply(*, job_id: int) -> None:
    """Worker: apply the confirmed plan in one transaction with the job's status: all rows or none."""
    job = jobs.claim(AttendanceImport, job_id, frm=JobStatus.CONFIRMED, to=JobStatus.APPLYING)
    if job is None:
        return  # dropped, failed, already applied, or a redelivery
    with jobs.working(job) as progress:
        try:
            with transaction.atomic():
                records = _TrainingRecords(job.program)
                if records.fingerprint() != job.planned_against:
                    jobs.move(job, to=JobStatus.READY, frm=[JobStatus.APPLYING], planned_against="",
                              error=STALE_ATTENDANCE, progress=100, lease_expires_at=None)  # fmt: skip
                    return
                _apply_attendance(job.program, records, _planned_rows(job), progress)
                readiness_changed_for_program(job.program_id)
                jobs.finish(job)
        except jobs.JobLost:
            logger.warning("Attendance import %s was failed while it was applied; everything rolled back", job_id)
        except Exception:
            logger.exception("Attendance import %s: applying failed", job_id)
            jobs.fail(job, "Applying the attendance failed unexpectedly; nothing was changed. Try again.")


def _apply_attendance(program: Program, records: _TrainingRecords, rows: list[AttendanceRow], progress) -> None:
    for n, row in enumerate(rows, start=1):
        course = records.courses[row.course.casefold()]
        trainee = records.trainees.get(row.email)
        if trainee is None:
            trainee = records.trainees[row.email] = Trainee.objects.create(
                program=program, email=row.email, name=row.name, audience=row.audience
            )
        key = (course.pk, row.date)
        if key not in records.sessions:
            day = dt.date.fromisoformat(row.date)
            starts = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
            records.sessions[key] = TrainingSession.objects.create(
                course=course, starts_at=starts, trainer="(imported)"
            )
        Enrolment.objects.update_or_create(
            session=records.sessions[key], trainee=trainee,
            defaults={"attendance": Attendance.ATTENDED if row.attended else Attendance.NO_SHOW},
        )  # fmt: skip
        if n % 100 == 0 or n == len(rows):
            progress.report(n, len(rows), "rows applied")


@transaction.atomic
def session_enrol(*, session: TrainingSession, trainees) -> int:
    """Enrol trainees (those already in are skipped); refused whole if it would overfill the session."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    already = set(session.enrolments.values_list("trainee_id", flat=True))
    new = [t for t in trainees if t.pk not in already]
    if len(already) + len(new) > session.capacity:
        free = max(0, session.capacity - len(already))
        raise ValidationError(
            f"The session has {free} free place{'s' if free != 1 else ''} of {session.capacity}; "
            f"{len(new)} asked. Nobody was enrolled."
        )
    Enrolment.objects.bulk_create(Enrolment(session=session, trainee=t) for t in new)
    return len(new)


def _planned_rows(job: AttendanceImport) -> list:
    plan = attendance_plan(job)
    if plan is None:  # a confirmed job always has the plan its user saw
        raise ValidationError("This import has no preview; upload the file again.")
    return plan.rows


@transaction.atomic
def session_mark_attendance(*, session: TrainingSession, marks: dict[int, str]) -> int:
    """marks: enrolment id → enrolled / attended / no_show. Returns how many changed."""
    valid = set(Attendance.values)
    if any(status not in valid for status in marks.values()):
        raise ValidationError("Attendance is enrolled, attended or no-show.")
    changed = []
    for enrolment in session.enrolments.select_for_update().filter(pk__in=marks):
        if enrolment.attendance != marks[enrolment.pk]:
            enrolment.attendance = marks[enrolment.pk]
            changed.append(enrolment)
    for enrolment in changed:
        enrolment.save(update_fields=["attendance", "updated_at"])  # one by one: each change in the history
    if changed:
        readiness_changed_for_program(session.course.program_id)
    return len(changed)
