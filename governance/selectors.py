"""Reads for governance. The other apps are read through their selectors only; every page here runs a
constant number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from connectmobilize.lib import hooks
from connectmobilize.lib.access import Capability, can
from connectmobilize.lib.people import person_name
from connectmobilize.lib.search import text_match
from operating_model import selectors as operating_model
from programs import selectors as programs
from programs.models import Membership, Program
from readiness import selectors as readiness

from . import agenda, cadence, calendar
from .agenda import Line
from .choices import ActionStatus, DecisionStatus, IssueStatus, MeetingStatus
from .models import Action, Decision, Issue, Meeting, Minute, PersonalSettings, ProgramSettings, Routine

__all__ = [
    "Digest",
    "LogEntry",
    "RoutineRow",
    "action_list",
    "agenda_live",
    "calendar_feed",
    "decision_list",
    "decision_log",
    "digests_due",
    "feed_owner",
    "issue_list",
    "meeting_agenda",
    "meeting_ics",
    "meeting_list",
    "minute_list",
    "missed_routines_panel",
    "my_actions",
    "next_issue_code",
    "open_decisions",
    "personal_settings_panel",
    "program_risks",
    "program_settings_of",
    "program_users",
    "routine_overview",
    "waiting_decisions_by_program",
]

program_users = programs.program_users
program_risks = programs.risk_list
OPEN_ISSUE = (IssueStatus.OPEN, IssueStatus.IN_PROGRESS)


def _day(value: dt.date) -> str:
    return f"{value:%-d %b %Y}"


# Routines and meetings -----------------------------------------------------------------------------------


@dataclass
class RoutineRow:
    routine: Routine
    next_at: dt.datetime | None
    missed_at: dt.datetime | None
    last_meeting: Meeting | None


def routine_overview(program: Program, *, now: dt.datetime | None = None) -> list[RoutineRow]:
    """Each routine with its next occurrence and, if its last one passed without a meeting, when (3 queries)."""
    now = now or timezone.now()
    recent = Meeting.objects.exclude(status=MeetingStatus.CANCELLED).filter(starts_at__gte=now - dt.timedelta(days=400))
    routines = (
        Routine.objects.filter(program=program)
        .select_related("trigger_owner", "program")
        .prefetch_related("attendees", Prefetch("meetings", queryset=recent.order_by("starts_at"), to_attr="recent"))
    )
    rows = []
    for routine in routines:
        starts = [m.starts_at for m in routine.recent]
        upcoming = cadence.next_occurrences(routine.rhythm, after=now)
        missed = None if routine.archived else cadence.missed(routine.rhythm, now=now, meetings=starts)
        last = max((m for m in routine.recent if m.starts_at <= now), key=lambda m: m.starts_at, default=None)
        rows.append(RoutineRow(routine, upcoming[0] if upcoming else None, missed, last))
    return rows


def meeting_list(program: Program) -> QuerySet[Meeting]:
    return Meeting.objects.filter(program=program).select_related("routine", "program")


def minute_list(meeting: Meeting) -> QuerySet[Minute]:
    return meeting.minutes.select_related(
        "author", "decision__program", "action__owner", "action__program", "issue__program"
    )


# The agenda ----------------------------------------------------------------------------------------------


def _risk_lines(program: Program) -> list[Line]:
    risks = programs.open_risks(program).filter(score__gte=program.risk_appetite).order_by("-score", "code")
    return [
        Line(r.title, ref=r.code, detail=f"score {r.score} {r.band}, {r.get_trend_display().lower()}",
             link=r.get_absolute_url(), flag="danger" if r.score >= 20 else "warning")
        for r in risks
    ]  # fmt: skip


def _milestone_lines(program: Program, today: dt.date) -> list[Line]:
    late = sorted(programs.overdue_milestone_list(program), key=lambda m: (m.due_date, m.pk))
    return [
        Line(m.title, detail=f"due {_day(m.due_date)}, {(today - m.due_date).days} days late"
             + (f" · {m.workstream}" if m.workstream else ""), link=m.get_absolute_url(), flag="danger")
        for m in late
    ]  # fmt: skip


def _decision_lines(program: Program, today: dt.date) -> list[Line]:
    lines = []
    for d in open_decisions(program):
        waiting = (today - timezone.localdate(d.created_at)).days
        due = f", needed by {_day(d.needed_by)}" if d.needed_by else ""
        late = d.needed_by is not None and d.needed_by < today
        lines.append(Line(d.title, ref=d.ref, detail=f"waiting {waiting} days{due}", link=d.get_absolute_url(),
                          flag="danger" if late else ""))  # fmt: skip
    return lines


def _action_lines(actions) -> list[Line]:
    today = timezone.localdate()
    return [
        Line(a.title, detail=f"{person_name(a.owner)}, due {_day(a.due_date)}"
             + (f", {(today - a.due_date).days} days late" if a.due_date < today else ""),
             link=a.get_absolute_url(), flag="danger" if a.due_date < today else "")
        for a in actions
    ]  # fmt: skip


def _issue_lines(program: Program) -> list[Line]:
    issues = issue_list(program).filter(status__in=OPEN_ISSUE)
    return [
        Line(i.title, ref=i.code, detail=f"{i.get_severity_display()}, {i.get_status_display().lower()}"
             + (f", owner {person_name(i.owner)}" if i.owner else ""),
             link=i.get_absolute_url(), flag="danger" if i.severity in ("1", "2") else "")
        for i in issues
    ]  # fmt: skip


def _readiness_line(program: Program) -> Line | None:
    upcoming = readiness.next_go_live(program)  # scored now, as the dashboard shows it
    if upcoming is None:
        return None
    event, result = upcoming.event, upcoming.result
    open_blockers = [c.label for c in result.open_blockers]
    blockers = f"; open hard blockers: {', '.join(open_blockers)}" if open_blockers else ""
    flag = {"go": "", "go_with_conditions": "warning"}.get(result.outcome.value, "danger")
    return Line(
        f"{event.name}: {result.outcome.label} ({result.score:g}%)",
        detail=f"window starts {_day(timezone.localtime(event.starts_at).date())}{blockers}",
        link=event.get_absolute_url(),
        flag=flag,
    )


def _carried_lines(meeting: Meeting) -> list[Line]:
    """The previous meeting's lines marked to carry over, and actions raised at earlier meetings still open."""
    earlier = Meeting.objects.filter(routine_id=meeting.routine_id, starts_at__lt=meeting.starts_at)
    previous = earlier.exclude(status=MeetingStatus.CANCELLED).order_by("-starts_at").first()
    lines = []
    if previous is not None:
        held = _day(timezone.localtime(previous.starts_at).date())
        link = previous.get_absolute_url()
        lines = [Line(m.text, detail=f"from {held}", link=link) for m in previous.minutes.filter(carry_over=True)]
    today = timezone.localdate()
    still_open = action_list(meeting.program).filter(status=ActionStatus.OPEN, meeting__in=earlier, due_date__gte=today)
    return lines + _action_lines(still_open)


def agenda_live(meeting: Meeting) -> list[dict]:
    """The agenda as the program looks now, for the meeting's routine kind (a constant number of queries)."""
    program, today = meeting.program, timezone.localdate()
    kind = meeting.routine.kind
    wanted = agenda.SECTIONS_BY_KIND.get(kind, agenda.SECTIONS_BY_KIND["other"])
    overdue = action_list(program).filter(status=ActionStatus.OPEN, due_date__lt=today)
    inputs = agenda.Inputs(
        risks=_risk_lines(program) if agenda.RISKS in wanted else [],
        milestones=_milestone_lines(program, today) if agenda.MILESTONES in wanted else [],
        decisions=_decision_lines(program, today) if agenda.DECISIONS in wanted else [],
        actions=_action_lines(overdue) if agenda.ACTIONS in wanted else [],
        issues=_issue_lines(program) if agenda.ISSUES in wanted else [],
        carried_over=_carried_lines(meeting),
        readiness=_readiness_line(program) if agenda.READINESS in wanted else None,
    )
    return agenda.build(kind, inputs)


def meeting_agenda(meeting: Meeting) -> list[dict]:
    """The frozen agenda once the meeting has started; until then, the live one."""
    return meeting.agenda if meeting.agenda is not None else agenda_live(meeting)


# Decisions -----------------------------------------------------------------------------------------------


def decision_list(program: Program) -> QuerySet[Decision]:
    return Decision.objects.filter(program=program).select_related(
        "program", "raised_by", "recorded_by", "supersedes", "meeting__routine"
    )


def open_decisions(program: Program) -> QuerySet[Decision]:
    return decision_list(program).filter(status=DecisionStatus.PENDING).order_by("needed_by", "number")


@dataclass
class LogEntry:
    """A line of the decision log: a governance decision or a go/no-go decision of readiness."""

    ref: str
    title: str
    decision: str
    decided_by: str
    decided_on: dt.date | None
    link: str
    source: str  # "governance" or "go-live"
    status: str
    superseded_by: str = ""
    supersedes: str = ""

    @property
    def sort_key(self) -> tuple:
        return (self.decided_on or dt.date.max, self.ref)


def decision_log(program: Program, *, status: str = "") -> list[LogEntry]:
    """Every decision of the program, newest first: the decision log's own and the go/no-go decisions of
    readiness (4 queries whatever their number)."""
    decisions = decision_list(program).prefetch_related("workstreams").select_related("superseded_by")
    if status == DecisionStatus.PENDING:
        decisions = decisions.filter(status=DecisionStatus.PENDING)
    entries = []
    for d in decisions:
        superseded = getattr(d, "superseded_by", None)
        entries.append(LogEntry(
            ref=d.ref, title=d.title, decision=d.decision, decided_by=d.decided_by, decided_on=d.decided_on,
            link=d.get_absolute_url(), source="governance",
            status="superseded" if superseded else d.status,
            superseded_by=superseded.ref if superseded else "", supersedes=d.supersedes.ref if d.supersedes else "",
        ))  # fmt: skip
    if status != DecisionStatus.PENDING:
        entries.extend(_go_no_go_entry(g) for g in readiness.go_no_go_decisions(program))
    return sorted(entries, key=lambda e: e.sort_key, reverse=True)


def _go_no_go_entry(g) -> LogEntry:
    return LogEntry(
        ref=f"GO-{g.pk}", title=f"Go/no-go: {g.event.name}", decision=f"{g.get_outcome_display()}. {g.rationale}",
        decided_by=person_name(g.decided_by), decided_on=timezone.localdate(g.decided_at),
        link=g.get_absolute_url(), source="go-live", status=DecisionStatus.RECORDED,
    )  # fmt: skip


# Actions and issues --------------------------------------------------------------------------------------


def action_list(program: Program) -> QuerySet[Action]:
    return Action.objects.filter(program=program).select_related("owner", "program", "meeting__routine", "decision")


def my_actions(user, *, include_closed: bool = False) -> QuerySet[Action]:
    """The user's actions in every program they are still a member of, the most urgent first."""
    actions = Action.objects.filter(owner=user, program__memberships__user=user).select_related(
        "program", "meeting__routine", "decision"
    )
    if not include_closed:
        actions = actions.filter(status=ActionStatus.OPEN)
    return actions.order_by("status", "due_date", "pk")


def issue_list(program: Program) -> QuerySet[Issue]:
    return Issue.objects.filter(program=program).select_related("owner", "risk", "program")


def next_issue_code(program: Program) -> str:
    return f"I-{Issue.objects.filter(program=program).count() + 1:02d}"


# What governance shows on other apps' pages (registered on connectmobilize.lib.hooks in apps.py) ----------

MY_WORK_LIMIT = 25
OPEN_ISSUES = (IssueStatus.OPEN, IssueStatus.IN_PROGRESS)


def my_governance_work(user, memberships) -> list[hooks.WorkSection]:
    """Open actions and issues the user owns in any of their programs, soonest due first (two queries each)."""
    by_program = {m.program_id: m.program for m in memberships}
    actions = Action.objects.filter(owner=user, program_id__in=by_program, status=ActionStatus.OPEN)
    issues = Issue.objects.filter(owner=user, program_id__in=by_program, status__in=OPEN_ISSUES)
    action_section = hooks.WorkSection("governance.actions", "Actions you own", total=actions.count())
    for action in actions.select_related("program", "meeting__routine").order_by("due_date", "pk")[:MY_WORK_LIMIT]:
        note = action.meeting.routine.name if action.meeting else ""
        action_section.items.append(
            hooks.WorkItem(program=by_program[action.program_id], action="Do", what="Action", title=action.title,
                           url=action.get_absolute_url(), due=action.due_date, note=note)
        )  # fmt: skip
    issue_section = hooks.WorkSection("governance.issues", "Issues you own", total=issues.count())
    soonest = issues.select_related("program").order_by(F("due_date").asc(nulls_last=True), "severity", "pk")
    for issue in soonest[:MY_WORK_LIMIT]:
        issue_section.items.append(
            hooks.WorkItem(program=by_program[issue.program_id], action="Resolve", what="Issue",
                           title=f"{issue.code} {issue.title}", url=issue.get_absolute_url(), due=issue.due_date,
                           note=f"{issue.get_severity_display()} · {issue.get_status_display()}")
        )  # fmt: skip
    return [s for s in (action_section, issue_section) if s.total]


def search_governance(program: Program, query: str, limit: int) -> list[hooks.SearchHit]:
    """Decisions, actions and issues matching the words typed: three queries."""
    of_program = {"program": program}
    decisions = text_match(Decision.objects.filter(**of_program).select_related("program"),
                           ["title", "context", "decision"], query)  # fmt: skip
    actions = text_match(Action.objects.filter(**of_program).select_related("program"), ["title", "notes"], query)
    issues = text_match(Issue.objects.filter(**of_program).select_related("program"),
                        ["code", "title", "description"], query)  # fmt: skip
    hits = [
        hooks.SearchHit("Decisions", f"{d.ref} {d.title}", d.get_absolute_url(), d.get_status_display(), float(d.rank))
        for d in decisions.order_by("-rank", "-pk")[:limit]
    ]
    hits += [
        hooks.SearchHit("Actions", a.title, a.get_absolute_url(),
                        f"{a.get_status_display()} · due {a.due_date:%d %b %Y}", float(a.rank))
        for a in actions.order_by("-rank", "due_date")[:limit]
    ]  # fmt: skip
    hits += [
        hooks.SearchHit("Issues", f"{i.code} {i.title}", i.get_absolute_url(), i.get_status_display(), float(i.rank))
        for i in issues.order_by("-rank", "code")[:limit]
    ]
    return hits


# Across programs (the executive's portfolio, in people/) ----------------------------------------------------


def waiting_decisions_by_program(program_ids) -> dict[int, tuple[int, int]]:
    """program id → (decisions waiting, of which past their needed-by date): one query for any number."""
    today = timezone.localdate()
    rows = (
        Decision.objects.filter(program_id__in=program_ids, status=DecisionStatus.PENDING)
        .order_by()
        .values("program_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(needed_by__lt=today)))
        .values_list("program_id", "n", "late")
    )
    return {pid: (n, late) for pid, n, late in rows}


def missed_routines_panel(program: Program, membership) -> dict | None:
    """The dashboard's "missed" panel: routines whose last occurrence passed without a meeting, shown to who
    calls them (a member filling the routine's trigger role in the team composition) and to the managers who
    run governance (4 queries; None: nothing to show this user)."""
    missed = [row for row in routine_overview(program) if row.missed_at]
    if missed and not can(membership.access, Capability.GOVERN):
        held = set(
            operating_model.role_assignment_list(program).filter(person_id=membership.user_id)
            .values_list("role_id", flat=True)
        )  # fmt: skip
        missed = [row for row in missed if row.routine.trigger_owner_id in held]
    return {"missed_routines": missed} if missed else None


# The calendar ----------------------------------------------------------------------------------------------

FEED_PAST = dt.timedelta(days=90)  # how far back the feed keeps meetings


def _site() -> str:
    return settings.SITE_URL.rstrip("/")


def _meeting_entry(meeting: Meeting) -> calendar.MeetingEntry:
    host = urlsplit(_site()).hostname or "connectmobilize"
    url = _site() + meeting.get_absolute_url()
    return calendar.MeetingEntry(
        uid=f"governance-meeting-{meeting.pk}@{host}", summary=f"{meeting.routine.name} · {meeting.program.name}",
        starts_at=meeting.starts_at, ends_at=meeting.ends_at, url=url, location=meeting.location,
        description=f"Agenda and minutes: {url}", cancelled=meeting.status == MeetingStatus.CANCELLED,
        sequence=meeting.version,
    )  # fmt: skip


def _due_entry(action: Action) -> calendar.DueEntry:
    host = urlsplit(_site()).hostname or "connectmobilize"
    url = _site() + action.get_absolute_url()
    return calendar.DueEntry(uid=f"governance-action-{action.pk}@{host}", summary=f"Action due: {action.title}",
                             day=action.due_date, url=url, description=f"{action.program.name}: {url}")  # fmt: skip


def feed_owner(token: str):
    """The user whose feed address this is, while their feed is on and the address the newest; else None."""
    read = calendar.read_token(token)
    if read is None:
        return None
    user_id, generation = read
    found = (
        PersonalSettings.objects.filter(user_id=user_id, calendar_on=True, calendar_generation=generation,
                                        user__is_active=True).select_related("user").first()
    )  # fmt: skip
    return found.user if found else None


def calendar_feed(user, *, program_slug: str = "", now: dt.datetime | None = None) -> bytes | None:
    """The user's meetings (every routine of the programs they are a member of, from 90 days back) and the due
    dates of their open actions, in one program or all of them; None for a program they are not in (3
    queries). Leaving a program takes its items out of the feed."""
    now = now or timezone.now()
    programs_in = programs.program_list_for(user)
    if program_slug:
        programs_in = programs_in.filter(slug=program_slug)
    chosen = list(programs_in)
    if program_slug and not chosen:
        return None
    meetings = Meeting.objects.filter(program__in=chosen, starts_at__gte=now - FEED_PAST).select_related(
        "routine", "program"
    )
    actions = Action.objects.filter(program__in=chosen, owner=user, status=ActionStatus.OPEN).select_related("program")
    entries: list[calendar.MeetingEntry | calendar.DueEntry] = [
        _meeting_entry(m) for m in meetings.order_by("starts_at", "pk")
    ]
    entries += [_due_entry(a) for a in actions.order_by("due_date", "pk")]
    name = f"{chosen[0].name}: governance" if program_slug else "ConnectMobilize: my governance"
    return calendar.build(name, entries, stamp=now)


def meeting_ics(meeting: Meeting) -> bytes:
    return calendar.build(str(meeting), [_meeting_entry(meeting)], stamp=timezone.now())


def personal_settings_of(user) -> PersonalSettings:
    """The user's settings (unsaved defaults if they never changed any)."""
    return PersonalSettings.objects.filter(user=user).first() or PersonalSettings(user=user)


def feed_url(user_settings: PersonalSettings, *, program: Program | None = None) -> str:
    """The address of the user's feed ("" while it is off), for one program or all of theirs."""
    if not user_settings.calendar_on:
        return ""
    token = calendar.feed_token(user_settings.user_id, user_settings.calendar_generation)
    path = reverse("governance_personal:calendar_feed", kwargs={"token": token})
    return _site() + path + (f"?program={program.slug}" if program else "")


def personal_settings_panel(user) -> dict:
    """The profile page's governance panel (template governance/partials/_profile.html)."""
    mine = personal_settings_of(user)
    return {"governance_settings": mine, "calendar_feed_url": feed_url(mine)}


# The daily digest ------------------------------------------------------------------------------------------


def program_settings_of(program: Program) -> ProgramSettings:
    """The program's governance settings (unsaved defaults until a manager changes them)."""
    return ProgramSettings.objects.filter(program=program).first() or ProgramSettings(program=program)


@dataclass(frozen=True)
class WaitingDecision:
    decision: Decision
    days: int  # waiting since it was raised
    escalated: bool  # waiting twice the program's limit: escalated to the sponsor


@dataclass
class Digest:
    user: Any  # the user model
    overdue: list[Action]
    due_today: list[Action]
    meetings: list[Meeting]
    decisions: list[WaitingDecision] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.due_today or self.meetings or self.decisions)


def _waiting_for(access: str, waiting: list[WaitingDecision]) -> list[WaitingDecision]:
    """Who decides hears of a decision waiting past the program's limit; the sponsor (an executive) once it is
    escalated, at twice the limit."""
    if not can(access, Capability.DECIDE):
        return []
    if access == "executive":
        return [w for w in waiting if w.escalated]
    return waiting


def digests_due(day: dt.date, *, already_sent: QuerySet | None = None) -> list[Digest]:
    """The day's digest of every user who asked for it (active, with an email) and has something in it: their
    open actions overdue or due that day, the day's meetings and the decisions waiting too long that they take,
    in the programs they are still a member of (5 queries whatever the number of users). `already_sent`: user
    ids to leave out (their receipt exists)."""
    subscribers = PersonalSettings.objects.filter(daily_digest=True, user__is_active=True).exclude(user__email="")
    if already_sent is not None:
        subscribers = subscribers.exclude(user__in=already_sent)
    users = {s.user_id: s.user for s in subscribers.select_related("user")}
    if not users:
        return []
    memberships = list(Membership.objects.filter(user_id__in=users).values_list("user_id", "program_id", "access"))
    actions = (
        Action.objects.filter(owner_id__in=users, status=ActionStatus.OPEN, due_date__lte=day,
                              program__memberships__user=F("owner"))
        .select_related("program").order_by("due_date", "program__name", "pk")
    )  # fmt: skip
    zone = timezone.get_current_timezone()
    starts = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    in_programs = {program_id for _, program_id, _ in memberships}
    meetings = (
        Meeting.objects.exclude(status=MeetingStatus.CANCELLED)
        .filter(program_id__in=in_programs, starts_at__gte=starts, starts_at__lt=starts + dt.timedelta(days=1))
        .select_related("routine", "program").order_by("starts_at", "pk")
    )  # fmt: skip
    waiting: dict[int, list[WaitingDecision]] = {}
    pending = Decision.objects.filter(program_id__in=in_programs, status=DecisionStatus.PENDING).select_related(
        "program__governance_settings"
    )
    for decision in pending.order_by("created_at", "pk"):
        limit = getattr(decision.program, "governance_settings", None)
        wait = limit.decision_wait_days if limit else ProgramSettings.DEFAULT_DECISION_WAIT_DAYS
        days = (day - timezone.localdate(decision.created_at)).days
        if days > wait:
            waiting.setdefault(decision.program_id, []).append(WaitingDecision(decision, days, days > 2 * wait))
    digests = {user_id: Digest(user, [], [], []) for user_id, user in users.items()}
    for action in actions:
        digest = digests[action.owner_id]
        (digest.overdue if action.due_date < day else digest.due_today).append(action)
    by_program: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        by_program.setdefault(meeting.program_id, []).append(meeting)
    for user_id, program_id, access in memberships:
        digests[user_id].meetings.extend(by_program.get(program_id, []))
        digests[user_id].decisions.extend(_waiting_for(access, waiting.get(program_id, [])))
    for digest in digests.values():
        digest.meetings.sort(key=lambda m: (m.starts_at, m.pk))
    return [d for d in digests.values() if not d.is_empty]
