import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from connectmobilize.lib.access import Access
from connectmobilize.lib.models import TimeStampedModel
from connectmobilize.lib.records import VersionedModel

from . import risks, schedule
from .choices import (
    AdkarElement,
    Health,
    MilestoneStatus,
    ProgramPhase,
    RiskCategory,
    RiskStatus,
    RiskTrend,
    RoleSide,
    WorkstreamKind,
    WorkstreamStatus,
)


class ProgramQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Program(VersionedModel, TimeStampedModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    sponsor = models.CharField(
        max_length=200, blank=True, help_text="The executive sponsor, e.g. VP Customer Operations."
    )
    target_go_live = models.DateField(verbose_name="target go-live", null=True, blank=True)
    phase = models.CharField(max_length=32, choices=ProgramPhase, default=ProgramPhase.ASSESS)
    risk_appetite = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(25)],
        help_text="Open risks scoring at or above this (likelihood × impact) are above appetite.",
    )
    history = HistoricalRecords()

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:dashboard", kwargs={"program_slug": self.slug})

    @property
    def days_to_go_live(self) -> int | None:
        if self.target_go_live is None:
            return None
        return (self.target_go_live - timezone.localdate()).days


class Membership(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    access = models.CharField(max_length=16, choices=Access, default=Access.VIEWER)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__username"]
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="membership_unique_user_per_program"),
            models.CheckConstraint(condition=models.Q(access__in=Access.values), name="membership_access_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_access_display()} of {self.program}"


class Role(VersionedModel, TimeStampedModel):
    """A job role or team taking part in the program: the "who" of RACI and the operating model."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="roles")
    code = models.CharField(max_length=12, help_text="Short code used as a matrix column, e.g. CCO.")
    name = models.CharField(max_length=200)
    side = models.CharField(max_length=16, choices=RoleSide)
    description = models.TextField(blank=True)
    connect_security_profile = models.CharField(
        verbose_name="Amazon Connect security profile",
        max_length=100,
        blank=True,
        help_text="Typical Amazon Connect security profile, if any.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="role_unique_code_per_program"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class Workstream(VersionedModel, TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="workstreams")
    kind = models.CharField(max_length=32, choices=WorkstreamKind, default=WorkstreamKind.OTHER)
    name = models.CharField(max_length=200)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=WorkstreamStatus, default=WorkstreamStatus.NOT_STARTED)
    health = models.CharField(max_length=8, choices=Health, default=Health.GREEN)
    objective = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    archived = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="workstream_unique_name_per_program"),
        ]

    def __str__(self) -> str:
        return self.name


class Milestone(VersionedModel, TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="milestones")
    workstream = models.ForeignKey(
        Workstream, null=True, blank=True, on_delete=models.SET_NULL, related_name="milestones"
    )
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="milestones"
    )
    baseline_date = models.DateField(help_text="The date agreed in the plan.")
    forecast_date = models.DateField(null=True, blank=True, help_text="Today's best estimate.")
    completed_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=MilestoneStatus, default=MilestoneStatus.NOT_STARTED)
    depends_on = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="dependents")
    history = HistoricalRecords(m2m_fields=[depends_on])

    class Meta:
        ordering = ["baseline_date", "title"]
        indexes = [models.Index(fields=["program", "status", "forecast_date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:milestone_detail", kwargs={"program_slug": self.program.slug, "milestone_id": self.pk})

    @property
    def due_date(self) -> dt.date:
        return self.forecast_date or self.baseline_date

    @property
    def is_closed(self) -> bool:
        return self.status in (MilestoneStatus.COMPLETED, MilestoneStatus.CANCELLED)

    @property
    def is_overdue(self) -> bool:
        return schedule.is_overdue(
            due=self.due_date, completed=self.completed_date, today=timezone.localdate(), closed=self.is_closed
        )

    @property
    def slip_days(self) -> int:
        return schedule.slip_days(baseline=self.baseline_date, forecast=self.forecast_date)


class Risk(VersionedModel, TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="risks")
    code = models.CharField(max_length=16, help_text="e.g. PCR-01")
    title = models.CharField(max_length=200)
    cause = models.TextField(blank=True)
    consequence = models.TextField(blank=True)
    category = models.CharField(max_length=32, choices=RiskCategory)
    likelihood = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    impact = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    score = models.GeneratedField(
        expression=models.F("likelihood") * models.F("impact"),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="risks"
    )
    owner_role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="risks")
    workstream = models.ForeignKey(Workstream, null=True, blank=True, on_delete=models.SET_NULL, related_name="risks")
    early_warning_indicators = models.TextField(blank=True)
    mitigation = models.TextField(blank=True)
    contingency = models.TextField(blank=True)
    adkar_element = models.CharField(verbose_name="ADKAR element", max_length=16, choices=AdkarElement, blank=True)
    is_change_issue = models.BooleanField(
        verbose_name="people & change issue", default=True, help_text="A people & change issue, not a technical one."
    )
    trend = models.CharField(max_length=8, choices=RiskTrend, default=RiskTrend.STABLE)
    status = models.CharField(max_length=16, choices=RiskStatus, default=RiskStatus.OPEN)
    history = HistoricalRecords(excluded_fields=["score"])

    class Meta:
        ordering = ["-score", "code"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="risk_unique_code_per_program"),
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5), name="risk_likelihood_1_5"
            ),
            models.CheckConstraint(condition=models.Q(impact__gte=1, impact__lte=5), name="risk_impact_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("programs:risk_detail", kwargs={"program_slug": self.program.slug, "risk_id": self.pk})

    @property
    def band(self) -> str:
        return risks.risk_band(self.likelihood * self.impact)


class ReminderReceipt(models.Model):
    """One overdue-milestone reminder sent to a user on a day: makes the daily task safe to run again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    milestone_count = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="reminder_once_per_user_per_day")]

    def __str__(self) -> str:
        return f"Reminder to {self.user} on {self.day}"
