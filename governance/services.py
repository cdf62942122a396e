"""Writes for governance. Each runs in one transaction; history is recorded by django-simple-history."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from connectmobilize.lib.access import Capability, can, may_update_action
from connectmobilize.lib.records import edit, refuse_duplicate_code, refuse_duplicate_name, refuse_other_programs, save
from programs.models import Program, Risk
from programs.selectors import role_list
from readiness.selectors import event_list

from . import cadence, starting_sets
from .choices import ActionStatus, DecisionStatus, MeetingStatus, MinuteOutcome, RoutineKind
from .models import Action, Decision, Issue, Meeting, Minute, PersonalSettings, ProgramSettings, Routine
from .selectors import agenda_live, next_issue_code

# Routines ------------------------------------------------------------------------------------------------


def _check_routine(routine: Routine, attendees) -> None:
    links = {"trigger_owner": routine.trigger_owner, "attendees": list(attendees or [])}
    refuse_other_programs(routine, program_id=routine.program_id, links=links)
    refuse_duplicate_name(routine, what="routine")
    try:
        ZoneInfo(routine.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            {"time_zone": f'"{routine.time_zone}" is not a time zone (e.g. Europe/London).'}
        ) from None
    if routine.active_from and routine.active_until and routine.active_until < routine.active_from:
        raise ValidationError({"active_until": "The routine cannot stop meeting before it starts."})
    save(routine)
    if attendees is not None:
        routine.attendees.set(attendees)


@transaction.atomic
def routine_create(*, program: Program, attendees=(), **fields) -> Routine:
    routine = Routine(program=program, **fields)
    _check_routine(routine, attendees)
    return routine


@transaction.atomic
def routine_update(*, routine: Routine, version: int, attendees=None, **fields) -> Routine:
    routine = edit(routine, version=version, changes=fields)
    _check_routine(routine, attendees)
    return routine


def _next_weekday(today: dt.date, weekday: int) -> dt.date:
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7 or 7)


@transaction.atomic
def routines_add_starting_set(*, program: Program) -> list[Routine]:
    """The routines of DOMAIN.md §7.4 the program does not have yet (by name). The hypercare stand-up runs
    daily from the first go-live window to 30 days after it (inactive until a go-live is planned)."""
    have = {name.casefold() for name in Routine.objects.filter(program=program).values_list("name", flat=True)}
    roles = {role.code: role for role in role_list(program)}
    zone = timezone.get_current_timezone()
    today = timezone.localdate()
    first_go_live = event_list(program).order_by("starts_at").first()
    added = []
    for name, kind, every, weekday, time, minutes, trigger, attendees, inputs, outputs in starting_sets.ROUTINES:
        if name.casefold() in have:
            continue
        at = dt.time.fromisoformat(time)
        active_from = active_until = None
        if kind == RoutineKind.HYPERCARE:
            if first_go_live is None:
                continue  # offered again once a go-live is planned
            active_from = timezone.localtime(first_go_live.starts_at).date()
            active_until = timezone.localtime(first_go_live.ends_at).date() + dt.timedelta(
                days=starting_sets.HYPERCARE_DAYS
            )
            day = active_from
        else:
            day = _next_weekday(today, weekday or 0)
        routine = Routine(
            program=program, name=name, kind=kind, cadence=every, duration_minutes=minutes,
            first_at=dt.datetime.combine(day, at, tzinfo=zone), time_zone=str(zone), active_from=active_from,
            active_until=active_until, trigger_owner=roles.get(trigger), inputs=inputs, outputs=outputs,
        )  # fmt: skip
        _check_routine(routine, [roles[code] for code in attendees if code in roles])
        added.append(routine)
    return added


# Meetings ------------------------------------------------------------------------------------------------


def _new_meeting(routine: Routine, *, starts_at: dt.datetime, user, **fields) -> Meeting:
    if routine.archived:
        raise ValidationError("This routine is archived: it has no new meetings.")
    meeting = Meeting(program=routine.program, routine=routine, starts_at=starts_at, created_by=user, **fields)
    meeting.full_clean(validate_constraints=False)
    if Meeting.objects.filter(routine=routine, starts_at=starts_at).exists():
        raise ValidationError({"starts_at": f"{routine.name} already has a meeting at that time."})
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:  # the same meeting created meanwhile
        raise ValidationError({"starts_at": f"{routine.name} already has a meeting at that time."}) from None
    return meeting


@transaction.atomic
def meeting_schedule(*, routine: Routine, starts_at: dt.datetime, user, duration_minutes: int | None = None,
                     location: str = "") -> Meeting:  # fmt: skip
    """A meeting to come. A meeting in the past is not scheduled: it is recorded (meeting_record)."""
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": "This time has passed: record the meeting that was held instead."})
    return _new_meeting(routine, starts_at=starts_at, user=user, location=location,
                        duration_minutes=duration_minutes or routine.duration_minutes)  # fmt: skip


@transaction.atomic
def meeting_record(*, routine: Routine, starts_at: dt.datetime, user, duration_minutes: int | None = None,
                   location: str = "") -> Meeting:  # fmt: skip
    """A meeting already held, to write its minutes after the fact: its agenda is frozen as of now."""
    if starts_at > timezone.now():
        raise ValidationError({"starts_at": "This meeting has not happened yet: schedule it instead."})
    meeting = _new_meeting(routine, starts_at=starts_at, user=user, location=location,
                           duration_minutes=duration_minutes or routine.duration_minutes)  # fmt: skip
    return _freeze(meeting)


@transaction.atomic
def meeting_update(*, meeting: Meeting, version: int, **fields) -> Meeting:
    was = meeting.starts_at
    meeting = edit(meeting, version=version, changes=fields)
    if meeting.starts_at != was and meeting.is_frozen:
        raise ValidationError({"starts_at": "The meeting has started: its time can no longer move."})
    if meeting.starts_at != was and meeting.starts_at <= timezone.now():
        raise ValidationError({"starts_at": "A meeting cannot be moved into the past."})
    save(meeting)
    return meeting


def _freeze(meeting: Meeting) -> Meeting:
    meeting.agenda = agenda_live(meeting)
    meeting.agenda_frozen_at = timezone.now()
    meeting.status = MeetingStatus.STARTED
    meeting.version += 1
    meeting.save(update_fields=["agenda", "agenda_frozen_at", "status", "version", "updated_at"])
    return meeting


def _locked_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("routine", "program").get(pk=meeting.pk)


@transaction.atomic
def meeting_start(*, meeting: Meeting) -> Meeting:
    """The meeting starts: its agenda is frozen as the program looks now. Starting twice changes nothing."""
    meeting = _locked_meeting(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting was cancelled.")
    if meeting.is_frozen:
        return meeting
    if meeting.starts_at - timezone.now() > dt.timedelta(hours=1):
        raise ValidationError("This meeting starts more than an hour from now: its agenda stays live until then.")
    return _freeze(meeting)


def meetings_freeze_started(*, now: dt.datetime | None = None) -> int:
    """Freeze the agenda of every scheduled meeting whose start time has passed though nobody pressed Start
    (the beat runs it every minute). Each meeting in its own transaction; one frozen meanwhile (Start pressed,
    a first minute written) is left as it is. Returns how many were frozen now."""
    now = now or timezone.now()
    due = Meeting.objects.filter(status=MeetingStatus.SCHEDULED, agenda__isnull=True, starts_at__lte=now)
    frozen = 0
    for meeting in due.order_by("starts_at").only("pk"):
        with transaction.atomic():
            locked = _locked_meeting(meeting)
            if locked.status == MeetingStatus.SCHEDULED and not locked.is_frozen:
                _freeze(locked)
                frozen += 1
    return frozen


@transaction.atomic
def meeting_cancel(*, meeting: Meeting) -> Meeting:
    meeting = _locked_meeting(meeting)
    if meeting.is_frozen:
        raise ValidationError("The meeting has started: it cannot be cancelled.")
    meeting.status = MeetingStatus.CANCELLED
    meeting.version += 1
    meeting.save(update_fields=["status", "version", "updated_at"])
    return meeting


# Minutes -------------------------------------------------------------------------------------------------


@transaction.atomic
def minute_add(*, meeting: Meeting, text: str, user, carry_over: bool = False) -> Minute:
    """A line of the minutes. The first line starts the meeting (its agenda is frozen)."""
    meeting = _locked_meeting(meeting)
    if not meeting.is_frozen:
        meeting = meeting_start(meeting=meeting)
    position = (meeting.minutes.aggregate(last=Max("position"))["last"] or 0) + 1
    minute = Minute(meeting=meeting, text=text.strip(), author=user, carry_over=carry_over, position=position)
    save(minute)
    return minute


@transaction.atomic
def minute_update(*, minute: Minute, version: int, **fields) -> Minute:
    minute = edit(minute, version=version, changes=fields)
    save(minute)
    return minute


def _link_minute(minute: Minute, outcome: str, **link) -> None:
    locked = Minute.objects.select_for_update().get(pk=minute.pk)
    if locked.outcome != MinuteOutcome.NOTE:
        raise ValidationError(f"This line already became {locked.get_outcome_display().lower()}.")
    for name, value in link.items():
        setattr(locked, name, value)
    locked.outcome = outcome
    locked.version += 1
    locked.save()


@transaction.atomic
def minute_to_action(*, minute: Minute, user, owner, due_date: dt.date, title: str = "") -> Action:
    meeting = minute.meeting
    action = action_create(program=meeting.program, user=user, title=title or minute.text[:300], owner=owner,
                           due_date=due_date, meeting=meeting)  # fmt: skip
    _link_minute(minute, MinuteOutcome.ACTION, action=action)
    return action


@transaction.atomic
def minute_to_issue(*, minute: Minute, user, title: str = "", **fields) -> Issue:
    meeting = minute.meeting
    issue = issue_create(program=meeting.program, title=title or minute.text[:200], meeting=meeting, **fields)
    _link_minute(minute, MinuteOutcome.ISSUE, issue=issue)
    return issue


@transaction.atomic
def minute_to_decision(*, minute: Minute, membership, title: str, decision: str, decided_by: str = "",
                       **fields) -> Decision:  # fmt: skip
    """The line records a decision taken in the meeting (dated the meeting's day)."""
    meeting = minute.meeting
    recorded = decision_record(program=meeting.program, membership=membership, title=title, decision=decision,
                               decided_by=decided_by or meeting.routine.name, meeting=meeting,
                               decided_on=timezone.localdate(meeting.starts_at), **fields)  # fmt: skip
    _link_minute(minute, MinuteOutcome.DECISION, decision=recorded)
    return recorded


# Decisions -----------------------------------------------------------------------------------------------


def _set_decision_links(decision: Decision, workstreams, risks, milestones) -> None:
    """The workstreams it impacts and the risks and milestones it concerns (the program's own only)."""
    links = {"workstreams": list(workstreams or []), "risks": list(risks or []), "milestones": list(milestones or [])}
    refuse_other_programs(decision, program_id=decision.program_id, links=links)
    for name, values in links.items():
        getattr(decision, name).set(values)


def _number(program: Program) -> int:
    Program.objects.select_for_update().filter(pk=program.pk).first()  # one number at a time per program
    return (Decision.objects.filter(program=program).aggregate(last=Max("number"))["last"] or 0) + 1


@transaction.atomic
def decision_raise(*, program: Program, user, title: str, context: str = "", options: str = "",
                   needed_by: dt.date | None = None, meeting: Meeting | None = None, workstreams=(), risks=(),
                   milestones=()) -> Decision:  # fmt: skip
    """A decision the program needs: it waits in the log (and on agendas) until someone decides."""
    if needed_by and needed_by < timezone.localdate():
        raise ValidationError({"needed_by": "The date a decision is needed by cannot be in the past."})
    decision = Decision(program=program, number=_number(program), title=title, context=context, options=options,
                        needed_by=needed_by, meeting=meeting, raised_by=user)  # fmt: skip
    save(decision)
    _set_decision_links(decision, workstreams, risks, milestones)
    return decision


@transaction.atomic
def decision_update(*, decision: Decision, version: int, workstreams=None, risks=None, milestones=None,
                    **fields) -> Decision:  # fmt: skip
    """A waiting decision's question (a decided one cannot change: the database refuses it too)."""
    decision = edit(decision, version=version, changes=fields)
    if decision.is_recorded:
        raise ValidationError("This decision is recorded: record a new one that supersedes it.")
    save(decision)
    if workstreams is not None:
        _set_decision_links(decision, workstreams, risks, milestones)
    return decision


def _require_decider(membership) -> None:
    if not can(membership.access, Capability.DECIDE):
        raise PermissionDenied("Executives and program managers record decisions.")


def _check_decided(decision: Decision) -> None:
    if not decision.decision.strip():
        raise ValidationError({"decision": "Say what was decided."})
    if decision.decided_on is None:
        decision.decided_on = timezone.localdate()
    if decision.decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "A decision cannot be dated in the future."})


@transaction.atomic
def decision_decide(*, decision: Decision, version: int, membership, decision_text: str, decided_by: str,
                    decided_on: dt.date | None = None) -> Decision:  # fmt: skip
    """A waiting decision is taken: from now on it is append-only."""
    _require_decider(membership)
    decision = edit(decision, version=version, changes={"decision": decision_text, "decided_by": decided_by,
                                                        "decided_on": decided_on})  # fmt: skip
    if decision.is_recorded:
        raise ValidationError("This decision is already recorded.")
    _check_decided(decision)
    decision.status, decision.recorded_by = DecisionStatus.RECORDED, membership.user
    save(decision)
    return decision


@transaction.atomic
def decision_record(*, program: Program, membership, title: str, decision: str, decided_by: str = "",
                    decided_on: dt.date | None = None, context: str = "", options: str = "",
                    meeting: Meeting | None = None, supersedes: Decision | None = None, workstreams=(), risks=(),
                    milestones=()) -> Decision:  # fmt: skip
    """A decision taken, straight into the log (append-only). `supersedes`: the recorded decision it reverses."""
    _require_decider(membership)
    if supersedes is not None:
        refuse_other_programs(supersedes, program_id=program.pk, links={"supersedes": supersedes})
        if not supersedes.is_recorded:
            raise ValidationError("Only a recorded decision is superseded; a waiting one is simply edited.")
        if Decision.objects.filter(supersedes=supersedes).exists():
            raise ValidationError(f"{supersedes.ref} is already superseded.")
    record = Decision(
        program=program, number=_number(program), title=title, context=context, options=options, decision=decision,
        decided_by=decided_by, decided_on=decided_on, meeting=meeting, supersedes=supersedes,
        raised_by=membership.user, recorded_by=membership.user,
    )  # fmt: skip
    _check_decided(record)
    # The database freezes a recorded decision's links (their tables' triggers): they are set while the row
    # still waits, then it is recorded. The steps before are kept out of the history, which shows one creation.
    record.skip_history_when_saving = True  # type: ignore[attr-defined]  # django-simple-history's switch
    save(record)
    _set_decision_links(record, workstreams, risks, milestones)
    del record.skip_history_when_saving  # type: ignore[attr-defined]
    record.status = DecisionStatus.RECORDED
    save(record)
    record.history.filter(history_type="~").update(history_type="+")  # its first and only history row
    return record


# Actions -------------------------------------------------------------------------------------------------


def _check_action(action: Action, *, created: dt.date) -> None:
    refuse_other_programs(action, program_id=action.program_id, links={"owner": action.owner})
    if action.due_date < created:
        raise ValidationError(
            {"due_date": f"The due date cannot be before the action was raised ({created:%-d %b %Y})."}
        )
    save(action)


@transaction.atomic
def action_create(*, program: Program, user, title: str, owner, due_date: dt.date, notes: str = "",
                  meeting: Meeting | None = None, decision: Decision | None = None) -> Action:  # fmt: skip
    action = Action(program=program, title=title, owner=owner, due_date=due_date, notes=notes, meeting=meeting,
                    decision=decision, created_by=user)  # fmt: skip
    refuse_other_programs(action, program_id=program.pk, links={"meeting": meeting, "decision": decision})
    _check_action(action, created=timezone.localdate())
    return action


@transaction.atomic
def action_update(*, action: Action, version: int, membership, **fields) -> Action:
    if not may_update_action(membership, action):
        raise PermissionDenied("The action's owner, or someone who records minutes, changes it.")
    action = edit(action, version=version, changes=fields)
    _set_completion(action)
    _check_action(action, created=timezone.localdate(action.created_at))
    return action


def _set_completion(action: Action) -> None:
    if action.status == ActionStatus.DONE and action.completed_on is None:
        action.completed_on = timezone.localdate()
    elif action.status != ActionStatus.DONE:
        action.completed_on = None


@transaction.atomic
def action_set_status(*, action: Action, membership, status: str) -> Action:
    """One click: done, or open again. It moves the version on, so an edit form opened before is refused."""
    if not may_update_action(membership, action):
        raise PermissionDenied("The action's owner, or someone who records minutes, changes it.")
    action = Action.objects.select_for_update(of=("self",)).select_related("owner", "program").get(pk=action.pk)
    action.status = status
    _set_completion(action)
    action.version += 1
    action.full_clean()
    action.save(update_fields=["status", "completed_on", "version", "updated_at"])
    return action


# Issues --------------------------------------------------------------------------------------------------


def _check_issue(issue: Issue, *, created: dt.date) -> None:
    refuse_other_programs(issue, program_id=issue.program_id, links={"owner": issue.owner, "risk": issue.risk})
    if not issue.code:
        issue.code = next_issue_code(issue.program)
    refuse_duplicate_code(issue, field="code", within={"program_id": issue.program_id},
                          message='Issue code "{code}" is already used in this program.')  # fmt: skip
    if issue.due_date and issue.due_date < created:
        raise ValidationError({"due_date": "The due date cannot be before the issue was raised."})
    if issue.risk_id and Issue.objects.filter(risk_id=issue.risk_id).exclude(pk=issue.pk).exists():
        raise ValidationError({"risk": f"{issue.risk} already has an issue."})
    save(issue)


@transaction.atomic
def issue_create(*, program: Program, **fields) -> Issue:
    issue = Issue(program=program, **fields)
    if issue.risk is not None and issue.risk.status != "realised":
        raise ValidationError({"risk": "Only a realised risk becomes an issue: mark the risk realised first."})
    _check_issue(issue, created=timezone.localdate())
    return issue


@transaction.atomic
def issue_update(*, issue: Issue, version: int, **fields) -> Issue:
    issue = edit(issue, version=version, changes=fields)
    _check_issue(issue, created=timezone.localdate(issue.created_at))
    return issue


def issue_from_risk_defaults(risk: Risk) -> dict:
    """What an issue opened from a realised risk starts with (the user reviews it before saving)."""
    return {
        "title": risk.title,
        "description": "\n\n".join(part for part in (risk.consequence, risk.contingency) if part),
        "owner": risk.owner,
        "severity": "1" if risk.score >= 20 else "2" if risk.score >= 12 else "3",
        "risk": risk,
    }


# A program's settings ------------------------------------------------------------------------------------


@transaction.atomic
def program_settings_update(*, program: Program, version: int, **fields) -> ProgramSettings:
    current = edit(ProgramSettings.objects.get_or_create(program=program)[0], version=version, changes=fields)
    save(current)
    return current


# A user's own settings ------------------------------------------------------------------------------------


def _settings_locked(user) -> PersonalSettings:
    PersonalSettings.objects.get_or_create(user=user)
    return PersonalSettings.objects.select_for_update().get(user=user)


@transaction.atomic
def digest_set(*, user, on: bool) -> PersonalSettings:
    """The daily digest email, on or off (it goes to the user's email address)."""
    mine = _settings_locked(user)
    if on and not user.email:
        raise ValidationError("Your account has no email address: ask an administrator to add one first.")
    if mine.daily_digest != on:
        mine.daily_digest = on
        mine.save()
    return mine


@transaction.atomic
def calendar_feed_renew(*, user) -> PersonalSettings:
    """A new private feed address (the feed turned on): any earlier address stops working at once."""
    mine = _settings_locked(user)
    mine.calendar_on, mine.calendar_generation = True, mine.calendar_generation + 1
    mine.save()
    return mine


@transaction.atomic
def calendar_feed_off(*, user) -> PersonalSettings:
    """The feed turned off: its address stops working (turned on again, it gets a new address)."""
    mine = _settings_locked(user)
    if mine.calendar_on:
        mine.calendar_on = False
        mine.save()
    return mine


__all__ = [
    "action_create",
    "action_set_status",
    "action_update",
    "cadence",
    "calendar_feed_off",
    "calendar_feed_renew",
    "decision_decide",
    "decision_raise",
    "decision_record",
    "decision_update",
    "digest_set",
    "issue_create",
    "issue_from_risk_defaults",
    "issue_update",
    "meeting_cancel",
    "meeting_record",
    "meeting_schedule",
    "meeting_start",
    "meeting_update",
    "meetings_freeze_started",
    "minute_add",
    "minute_to_action",
    "minute_to_decision",
    "minute_to_issue",
    "minute_update",
    "program_settings_update",
    "routine_create",
    "routine_update",
    "routines_add_starting_set",
]
