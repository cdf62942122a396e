"""Governance (DOMAIN.md §1.5, §7.4, §9.1): routines and their meetings, minutes, the decision log, actions and
the issue log of a program."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from connectmobilize.lib.models import TimeStampedModel
from connectmobilize.lib.people import person_name
from connectmobilize.lib.records import VersionedModel
from programs.models import Milestone, Program, Risk, Role, Workstream

from .cadence import Rhythm
from .choices import (
    ActionStatus,
    Cadence,
    DecisionStatus,
    IssueSeverity,
    IssueStatus,
    MeetingStatus,
    MinuteOutcome,
    RoutineKind,
)

USER = settings.AUTH_USER_MODEL


def _url(name: str, program: Program, **kwargs) -> str:
    return reverse(f"governance:{name}", kwargs={"program_slug": program.slug, **kwargs})


class Routine(VersionedModel, TimeStampedModel):
    """A recurring governance meeting: who calls it, who attends, how often, what goes in and comes out."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="governance_routines")
    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=24, choices=RoutineKind, default=RoutineKind.OTHER, help_text="Decides what its agenda shows."
    )
    cadence = models.CharField(max_length=16, choices=Cadence, default=Cadence.WEEKLY)
    first_at = models.DateTimeField(
        "first meeting", help_text="The first occurrence: the others keep its weekday or day of the month and time."
    )
    time_zone = models.CharField(
        max_length=64,
        default=settings.TIME_ZONE,
        help_text="Its time is kept in this zone, e.g. Europe/London.",
    )
    duration_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(5), MaxValueValidator(8 * 60)]
    )
    active_from = models.DateField(null=True, blank=True, help_text="Meets only from this day (e.g. hypercare).")
    active_until = models.DateField(null=True, blank=True, help_text="… and until this day.")
    trigger_owner = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The program role who calls the meeting.",
    )  # fmt: skip
    attendees = models.ManyToManyField(Role, blank=True, related_name="governance_routines")
    inputs = models.TextField(blank=True, help_text="What the meeting reads, one per line.")
    outputs = models.TextField(blank=True, help_text="What it produces, one per line.")
    archived = models.BooleanField(default=False)
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["archived", "name"]
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="routine_unique_name_per_program")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return _url("routine_detail", self.program, routine_id=self.pk)

    @property
    def rhythm(self) -> Rhythm:
        return Rhythm(self.cadence, self.first_at, ZoneInfo(self.time_zone), self.active_from, self.active_until)

    @property
    def shows_readiness(self) -> bool:
        return self.kind in (RoutineKind.STEERING, RoutineKind.PRE_CAB)


class Meeting(VersionedModel, TimeStampedModel):
    """One occurrence of a routine. Its agenda is generated from live data until it starts, then frozen."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="governance_meetings")
    routine = models.ForeignKey(Routine, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(5), MaxValueValidator(8 * 60)]
    )
    location = models.CharField(max_length=200, blank=True, help_text="Room, or the call link.")
    status = models.CharField(max_length=16, choices=MeetingStatus, default=MeetingStatus.SCHEDULED)
    agenda = models.JSONField(null=True, blank=True, editable=False, help_text="The agenda as frozen.")
    agenda_frozen_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords(excluded_fields=["agenda"])

    class Meta:
        ordering = ["-starts_at"]
        constraints = [models.UniqueConstraint(fields=["routine", "starts_at"], name="meeting_once_per_time")]
        indexes = [models.Index(fields=["program", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.routine.name}, {timezone.localtime(self.starts_at):%d %b %Y}"

    def get_absolute_url(self) -> str:
        return _url("meeting_detail", self.program, meeting_id=self.pk)

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def is_frozen(self) -> bool:
        return self.agenda is not None


class Decision(VersionedModel, TimeStampedModel):
    """The decision log. Raised (waiting) it can be edited; once decided the database refuses any change
    (a trigger): a reversal is a new decision that supersedes it."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="governance_decisions")
    number = models.PositiveIntegerField(editable=False)
    title = models.CharField(max_length=200)
    context = models.TextField(blank=True, help_text="Why a decision is needed.")
    options = models.TextField("options considered", blank=True, help_text="One per line.")
    status = models.CharField(max_length=16, choices=DecisionStatus, default=DecisionStatus.PENDING, editable=False)
    decision = models.TextField(blank=True, help_text="What was decided, and why.")
    decided_by = models.CharField(
        max_length=200, blank=True, help_text="Who decided, e.g. Steering committee, or the sponsor's name."
    )
    decided_on = models.DateField(null=True, blank=True)
    needed_by = models.DateField(null=True, blank=True, help_text="When a decision is needed by.")
    raised_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by",
        help_text="The earlier decision this one reverses or replaces.",
    )  # fmt: skip
    workstreams = models.ManyToManyField(Workstream, blank=True, related_name="+")
    risks = models.ManyToManyField(Risk, blank=True, related_name="+")
    milestones = models.ManyToManyField(Milestone, blank=True, related_name="+")
    history = HistoricalRecords(m2m_fields=[workstreams, risks, milestones])

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="decision_number_per_program"),
            models.CheckConstraint(
                condition=~models.Q(status="recorded") | (models.Q(decided_on__isnull=False) & ~models.Q(decision="")),
                name="decision_recorded_has_decision_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    def get_absolute_url(self) -> str:
        return _url("decision_detail", self.program, log_decision_id=self.pk)

    @property
    def ref(self) -> str:
        return f"D-{self.number:03d}"

    @property
    def is_recorded(self) -> bool:
        return self.status == DecisionStatus.RECORDED


class Action(VersionedModel, TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="governance_actions")
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="governance_actions")
    due_date = models.DateField()
    status = models.CharField(max_length=16, choices=ActionStatus, default=ActionStatus.OPEN)
    notes = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True, editable=False)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["owner", "status", "due_date"]), models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_name(self) -> str:
        return person_name(self.owner)

    def get_absolute_url(self) -> str:
        return _url("action_detail", self.program, action_id=self.pk)

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()

    @property
    def days_late(self) -> int:
        return max(0, (timezone.localdate() - self.due_date).days)


class Issue(VersionedModel, TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="governance_issues")
    code = models.CharField(max_length=16, help_text="e.g. I-01")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    severity = models.CharField(max_length=1, choices=IssueSeverity, default=IssueSeverity.SEV3)
    owner = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=16, choices=IssueStatus, default=IssueStatus.OPEN)
    due_date = models.DateField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    risk = models.OneToOneField(
        Risk, null=True, blank=True, on_delete=models.SET_NULL, related_name="governance_issue",
        help_text="The realised risk this issue comes from.",
    )  # fmt: skip
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="issues")
    history = HistoricalRecords()

    class Meta:
        ordering = ["severity", "code"]
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="issue_unique_code_per_program")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return _url("issue_detail", self.program, issue_id=self.pk)

    @property
    def is_open(self) -> bool:
        return self.status in (IssueStatus.OPEN, IssueStatus.IN_PROGRESS)


class Minute(VersionedModel, TimeStampedModel):
    """A line of a meeting's minutes; it can become a decision, an action or an issue (linked here)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField()
    outcome = models.CharField(max_length=16, choices=MinuteOutcome, default=MinuteOutcome.NOTE, editable=False)
    carry_over = models.BooleanField(default=False, help_text="Bring it to the next meeting's agenda.")
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    issue = models.ForeignKey(Issue, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class PersonalSettings(models.Model):
    """A user's own governance settings: the daily digest (opt-in) and their private calendar feed.

    The feed's address carries a code computed from the user, a generation and the site's secret key
    (calendar.feed_token): nothing secret is stored, so the address can be shown again; a new address
    (generation + 1) stops the old one at once, and turning the feed off stops every address."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="governance_settings")
    daily_digest = models.BooleanField(
        default=False, help_text="An email each morning: your overdue and due actions, and the day's meetings."
    )
    calendar_on = models.BooleanField(default=False)
    calendar_generation = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "personal settings"

    def __str__(self) -> str:
        return f"Governance settings of {self.user}"


class DigestReceipt(models.Model):
    """One daily digest sent to a user on a day: makes the daily task safe to run again."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="governance_digest_once_per_day")]

    def __str__(self) -> str:
        return f"Digest to {self.user} on {self.day}"


class ProgramSettings(VersionedModel, TimeStampedModel):
    """A program's governance settings (defaults until a manager changes them)."""

    DEFAULT_DECISION_WAIT_DAYS = 14

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="governance_settings")
    decision_wait_days = models.PositiveSmallIntegerField(
        "decisions wait at most (days)", default=DEFAULT_DECISION_WAIT_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="A decision waiting longer is in the daily digest of who decides (managers, executives); "
        "waiting twice as long, it is escalated to the sponsor (the executives).",
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "program settings"

    def __str__(self) -> str:
        return f"Governance settings of {self.program}"

    def get_absolute_url(self) -> str:
        return _url("settings", self.program)
