import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from connectmobilize.lib.models import BackgroundJob, TimeStampedModel
from connectmobilize.lib.records import VersionedModel
from programs.models import Program, Role, Workstream

from .choices import (
    Attendance,
    Audience,
    ChangeStatus,
    DecisionOutcome,
    DeliveryMode,
    EventKind,
    ExceptionPolicy,
    ItemStatus,
    Priority,
    WindowKind,
)

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class ReadinessPolicy(VersionedModel):
    """The program's go/no-go thresholds (DOMAIN.md §5.2 defaults)."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="readiness_policy")
    go_threshold = models.PositiveSmallIntegerField(verbose_name="Go threshold (%)", default=90, validators=PERCENT)
    conditions_threshold = models.PositiveSmallIntegerField(
        verbose_name="Go with conditions threshold (%)", default=80, validators=PERCENT
    )
    training_target = models.PositiveSmallIntegerField(
        verbose_name="training target (%)", default=95, validators=PERCENT
    )
    # Weights of the criteria drawn from the rest of the program (0 leaves one out of the score).
    raci_weight = models.PositiveSmallIntegerField(
        verbose_name="weight of RACI", default=3, help_text="No rule errors in the RACI matrices."
    )
    milestones_weight = models.PositiveSmallIntegerField(
        verbose_name="weight of milestones", default=3, help_text="No overdue milestones in the event's workstreams."
    )
    risks_weight = models.PositiveSmallIntegerField(
        verbose_name="weight of risks", default=3, help_text="No open risk above the program's appetite."
    )
    training_weight = models.PositiveSmallIntegerField(
        verbose_name="weight of training",
        default=2,
        help_text="Per audience: its share trained against the training target.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "readiness policies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(conditions_threshold__lte=models.F("go_threshold")),
                name="policy_conditions_not_above_go",
                violation_error_message="The conditions threshold cannot be above the Go threshold.",
            )
        ]

    def __str__(self) -> str:
        return f"Readiness policy of {self.program}"


class GoLiveEvent(VersionedModel, TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="go_live_events")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=EventKind, default=EventKind.WAVE)
    starts_at = models.DateTimeField(verbose_name="window starts", help_text="Start of the cutover window.")
    ends_at = models.DateTimeField(verbose_name="window ends", help_text="End of the cutover window.")
    workstreams = models.ManyToManyField(Workstream, blank=True, related_name="go_live_events")
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_window_ordered"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("readiness:event_detail", kwargs={"program_slug": self.program.slug, "event_id": self.pk})


class ChecklistItem(VersionedModel, TimeStampedModel):
    event = models.ForeignKey(GoLiveEvent, on_delete=models.CASCADE, related_name="items")
    ref = models.CharField(max_length=16, help_text="e.g. SI-01")
    category = models.CharField(max_length=60)
    text = models.CharField(max_length=300)
    evidence_required = models.CharField(max_length=200, blank=True)
    priority = models.CharField(max_length=8, choices=Priority, default=Priority.MEDIUM)
    weight = models.PositiveSmallIntegerField(default=3, validators=[MinValueValidator(1), MaxValueValidator(100)])
    hard_blocker = models.BooleanField(default=False)
    owner_role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Who signs this item off. None named: any Service Introduction member.",
    )  # fmt: skip
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=ItemStatus, default=ItemStatus.NOT_STARTED)
    evidence_note = models.TextField(blank=True)
    evidence_link = models.URLField(blank=True)
    evidence_file_name = models.CharField(max_length=255, blank=True)
    evidence_file_sha256 = models.CharField(max_length=64, blank=True, help_text="The EvidenceFile holding it.")
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "ref"]
        constraints = [models.UniqueConstraint(fields=["event", "ref"], name="item_unique_ref_per_event")]

    def __str__(self) -> str:
        return f"{self.ref} {self.text}"

    @property
    def evidence_fingerprint(self) -> str:
        """What the evidence says right now; a sign-off records it, and goes stale when it changes."""
        parts = (self.evidence_note, self.evidence_link, self.evidence_file_sha256)
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


class EvidenceFile(models.Model):
    """An uploaded evidence file, stored once by content (web nodes stay stateless; what was signed stays)."""

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveIntegerField()
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.sha256[:12]} ({self.size} bytes)"


class SignOff(models.Model):
    """Append-only: never updated or deleted (a database trigger refuses it), only superseded by a newer one."""

    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="sign_offs")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)
    evidence_fingerprint = models.CharField(max_length=64)
    evidence_note = models.TextField(blank=True, help_text="The evidence as it was when signed.")
    evidence_link = models.URLField(blank=True)
    evidence_file_name = models.CharField(max_length=255, blank=True)
    evidence_file_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-signed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.item.ref} signed off by {self.signed_by} on {self.signed_at:%Y-%m-%d}"


class ChangeWindow(TimeStampedModel):
    """A freeze or blackout (no normal changes) or a maintenance window. No program = organisation-wide."""

    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="change_windows",
        help_text="Empty: applies to every program (organisation-wide; kept by staff in the admin).",
    )  # fmt: skip
    name = models.CharField(max_length=200, help_text="e.g. Year-end freeze, Open enrolment peak")
    kind = models.CharField(max_length=16, choices=WindowKind, default=WindowKind.FREEZE)
    starts_at = models.DateTimeField(verbose_name="starts")
    ends_at = models.DateTimeField(verbose_name="ends")
    exception_policy = models.CharField(max_length=16, choices=ExceptionPolicy, default=ExceptionPolicy.NONE)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="window_ordered"),
        ]

    def __str__(self) -> str:
        return self.name


class ChangeRequest(VersionedModel, TimeStampedModel):
    """The cutover CR of a go-live event and what CAB decided."""

    event = models.OneToOneField(GoLiveEvent, on_delete=models.CASCADE, related_name="change_request")
    number = models.CharField(max_length=40, help_text="The CR number in the change system, e.g. CHG0042137")
    status = models.CharField(max_length=16, choices=ChangeStatus, default=ChangeStatus.DRAFT)
    approved_start = models.DateTimeField(null=True, blank=True, help_text="The window CAB approved.")
    approved_end = models.DateTimeField(null=True, blank=True)
    cab_date = models.DateField(verbose_name="CAB date", null=True, blank=True)
    impact_statement = models.TextField(blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.number} ({self.get_status_display()})"


class ReadinessSnapshot(models.Model):
    """The readiness of an event at a moment: the trend is made of these, and a decision freezes one."""

    event = models.ForeignKey(GoLiveEvent, on_delete=models.CASCADE, related_name="snapshots")
    taken_at = models.DateTimeField(auto_now_add=True, db_index=True)
    score = models.DecimalField(max_digits=4, decimal_places=1)
    outcome = models.CharField(max_length=24)
    open_blockers = models.JSONField(default=list)
    criteria = models.JSONField(default=list, help_text="Each criterion as scored: key, label, weight, value, why.")

    class Meta:
        ordering = ["-taken_at", "-id"]
        get_latest_by = "taken_at"

    def __str__(self) -> str:
        return f"{self.event}: {self.score}% {self.outcome} at {self.taken_at:%Y-%m-%d %H:%M}"


class GoNoGoDecision(models.Model):
    """What the go/no-go meeting decided, on which evidence. Append-only (a database trigger refuses change)."""

    event = models.ForeignKey(GoLiveEvent, on_delete=models.PROTECT, related_name="decisions")
    snapshot = models.ForeignKey(
        ReadinessSnapshot, on_delete=models.PROTECT, related_name="+", help_text="The readiness it was taken on."
    )
    outcome = models.CharField(max_length=24, choices=DecisionOutcome)
    rationale = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    voters = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event}: {self.get_outcome_display()} on {self.decided_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse(
            "readiness:decision_detail",
            kwargs={"program_slug": self.event.program.slug, "event_id": self.event_id, "decision_id": self.pk},
        )


class DecisionCondition(TimeStampedModel):
    """A condition of a Go with conditions, tracked to closure."""

    decision = models.ForeignKey(GoNoGoDecision, on_delete=models.PROTECT, related_name="conditions")
    text = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closing_note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["closed_at", "due_date", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Trainee(TimeStampedModel):
    """Someone who must be trained before go-live (agents, supervisors… the go-live cohort)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="trainees")
    name = models.CharField(max_length=200)
    email = models.EmailField(help_text="How a training system's export names them.")
    audience = models.CharField(max_length=24, choices=Audience)
    team = models.CharField(max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["audience", "name"]
        constraints = [models.UniqueConstraint(fields=["program", "email"], name="trainee_unique_email")]

    def __str__(self) -> str:
        return self.name


class Course(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="courses")
    name = models.CharField(max_length=200)
    audience = models.CharField(max_length=24, choices=Audience)
    mode = models.CharField(max_length=24, choices=DeliveryMode, default=DeliveryMode.VIRTUAL_ILT)
    duration_minutes = models.PositiveSmallIntegerField(verbose_name="duration (minutes)", default=150)
    history = HistoricalRecords()

    class Meta:
        ordering = ["audience", "name"]
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="course_unique_name")]

    def __str__(self) -> str:
        return self.name


class TrainingSession(TimeStampedModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(verbose_name="starts")
    capacity = models.PositiveSmallIntegerField(default=20, validators=[MinValueValidator(1)])
    trainer = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=200, blank=True, help_text="Room, or the call link.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.course} on {self.starts_at:%Y-%m-%d %H:%M}"


class Enrolment(TimeStampedModel):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="enrolments")
    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="enrolments")
    attendance = models.CharField(max_length=16, choices=Attendance, default=Attendance.ENROLLED)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "trainee"], name="enrolment_once_per_session")]

    def __str__(self) -> str:
        return f"{self.trainee} in {self.session}"


class AttendanceImport(BackgroundJob):
    """An attendance export uploaded for review: read and planned by a worker, then applied whole or dropped."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="attendance_imports")
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    plan = models.JSONField(null=True, blank=True, help_text="What applying would do, with the rows to apply.")
    planned_against = models.CharField(
        max_length=64, blank=True, help_text="Fingerprint of the program's training records the plan was made on."
    )

    def __str__(self) -> str:
        return f"Attendance import {self.filename} ({self.get_status_display()})"
