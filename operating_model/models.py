"""The operating model of a program (DOMAIN.md §1.5, §7, §9.1): who uses and manages the solution after go-live."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from connectmobilize.lib.models import BackgroundJob, TimeStampedModel
from connectmobilize.lib.people import person_name
from connectmobilize.lib.records import VersionedModel
from programs.models import Program, Role
from raci.models import Activity

from . import escalation
from .choices import ChangeType, EscalationLevel, PhaseScope, SlaClock, StepKind, VendorSeverity


class RoleAssignment(VersionedModel, TimeStampedModel):
    """Who fills a program role in one phase of the migration: a member, or a named outsider (partner, vendor…)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")
    phase = models.CharField(max_length=8, choices=PhaseScope)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="A member of the program.",
    )  # fmt: skip
    outsider_name = models.CharField(
        max_length=200, blank=True, help_text="Or someone who is not a member: a partner, vendor or AWS contact."
    )
    organisation = models.CharField(max_length=200, blank=True, help_text="e.g. the partner or vendor they work for.")
    allocation_pct = models.PositiveSmallIntegerField(
        "allocation %", default=100, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Share of their time given to this role in this phase.",
    )  # fmt: skip
    is_single_threaded_owner = models.BooleanField(
        "single-threaded owner", default=False, help_text="The one person accountable for the program (one only)."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["role__code", "phase", "id"]
        verbose_name = "team member"
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(outsider_name=""))
                | (Q(person__isnull=True) & ~Q(outsider_name="")),
                name="role_assignment_person_or_outsider",
            ),
            models.CheckConstraint(
                condition=Q(allocation_pct__gte=1, allocation_pct__lte=100), name="role_assignment_allocation_1_100"
            ),
            models.CheckConstraint(condition=Q(phase__in=PhaseScope.values), name="role_assignment_phase_valid"),
            models.UniqueConstraint(
                fields=["program"],
                condition=Q(is_single_threaded_owner=True),
                name="role_assignment_one_single_threaded_owner",
            ),
            models.UniqueConstraint(
                fields=["role", "phase", "person"],
                condition=Q(person__isnull=False),
                name="role_assignment_member_once_per_role_and_phase",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.who} as {self.role.code} ({self.get_phase_display().lower()})"

    @property
    def who(self) -> str:
        if self.person is None:
            return self.outsider_name
        return person_name(self.person)


class ServiceCatalogItem(VersionedModel, TimeStampedModel):
    """A process the IT / contact-center organisation runs after go-live (DOMAIN.md §7.1), with its roles and SLA."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="service_catalogue")
    code = models.CharField(max_length=12, help_text="e.g. P04")
    name = models.CharField(max_length=300)
    category = models.CharField(max_length=120, blank=True, help_text="e.g. Agents, Routing, Incidents.")
    change_type = models.CharField(max_length=16, choices=ChangeType, blank=True)
    owner_role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The one role that owns the process and answers for it (DOMAIN.md §9.3 rule 6).",
    )  # fmt: skip
    requester_role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    fulfiller_role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approver_role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sla_target = models.CharField(
        "SLA target",
        max_length=60,
        blank=True,
        help_text='A duration with its unit: "4 h", "2 business days", "30 min".',
    )
    sla_minutes = models.PositiveIntegerField(null=True, blank=True, editable=False)  # read from sla_target
    sla_clock = models.CharField("SLA clock", max_length=16, choices=SlaClock, default=SlaClock.BUSINESS_HOURS)
    notes = models.TextField(blank=True)
    retired_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["sla_minutes"])

    class Meta:
        ordering = ["code"]
        verbose_name = "catalogue process"
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="catalogue_unique_code_per_program"),
            models.CheckConstraint(condition=Q(sla_clock__in=SlaClock.values), name="catalogue_clock_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def covered(self) -> bool:
        """Has what the SLA coverage counts: a target and a fulfiller."""
        return self.sla_minutes is not None and self.fulfiller_role_id is not None


class SeverityLevel(VersionedModel, TimeStampedModel):
    """Sev 1–4 of an incident (DOMAIN.md §7.2): how fast someone answers, updates and restores."""

    LEVELS = [(n, f"Sev {n}") for n in range(1, 5)]

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="severities")
    level = models.PositiveSmallIntegerField(choices=LEVELS)
    name = models.CharField(max_length=60, help_text="e.g. Critical")
    definition = models.TextField(
        blank=True, help_text="When an incident is this severe, with contact-center examples."
    )
    clock = models.CharField(
        max_length=16, choices=SlaClock, default=SlaClock.ALWAYS, help_text="The targets and escalations count on it."
    )
    response_target = models.CharField(max_length=60, help_text='First response, e.g. "15 min".')
    response_minutes = models.PositiveIntegerField(null=True, editable=False)
    update_interval = models.CharField(
        max_length=60, blank=True, help_text='How often the open incident is updated, e.g. "30 min"; empty: on change.'
    )
    update_minutes = models.PositiveIntegerField(null=True, editable=False)
    restore_target = models.CharField(
        max_length=60, blank=True, help_text='Service restored or a workaround, e.g. "4 h"; empty: backlog.'
    )
    restore_minutes = models.PositiveIntegerField(null=True, editable=False)
    vendor_severity = models.CharField(
        "AWS case severity", max_length=16, choices=VendorSeverity, blank=True,
        help_text="The severity of the AWS Support case it opens, if it comes to that.",
    )  # fmt: skip
    history = HistoricalRecords(excluded_fields=["response_minutes", "update_minutes", "restore_minutes"])

    class Meta:
        ordering = ["level"]
        verbose_name = "severity"
        verbose_name_plural = "severities"
        constraints = [
            models.UniqueConstraint(fields=["program", "level"], name="severity_unique_level_per_program"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="severity_level_1_4"),
            models.CheckConstraint(condition=Q(clock__in=SlaClock.values), name="severity_clock_valid"),
        ]

    def __str__(self) -> str:
        return f"Sev {self.level} {self.name}"


class EscalationStep(VersionedModel, TimeStampedModel):
    """Who is brought in, and when, while an incident of a severity is open."""

    severity = models.ForeignKey(SeverityLevel, on_delete=models.CASCADE, related_name="escalation_steps")
    level = models.CharField(max_length=8, choices=EscalationLevel)
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")
    after_minutes = models.PositiveIntegerField(
        "after (minutes)",
        default=0,
        help_text="Minutes after the incident opens, on the severity's clock: business minutes (Monday to Friday, "
        "09:00-17:00) for a business-hours severity; 0: at once.",
    )
    note = models.CharField(max_length=200, blank=True, help_text='e.g. "Open an AWS business-critical case".')
    history = HistoricalRecords()

    class Meta:
        ordering = ["after_minutes", "id"]
        verbose_name = "escalation step"
        constraints = [
            models.CheckConstraint(condition=Q(level__in=EscalationLevel.values), name="escalation_level_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} ({self.role.code}) {self.after_text}"

    @property
    def after_text(self) -> str:
        """Its delay on the severity's clock: "after 4 business hours" on a business-hours severity."""
        return escalation.after_text(self.after_minutes, self.severity.clock)


class ProcessFlow(VersionedModel, TimeStampedModel):
    """A swimlane flow end to end (DOMAIN.md §1.5): lanes are program roles, steps are what each does and when."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="process_flows")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="What starts the flow and where it ends.")
    service = models.ForeignKey(
        ServiceCatalogItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="flows",
        verbose_name="catalogue process", help_text="The catalogue process this flow details, if any.",
    )  # fmt: skip
    clock = models.CharField(
        "SLA clock", max_length=16, choices=SlaClock, default=SlaClock.ALWAYS, help_text="The steps' SLAs count on it."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "process flow"
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="flow_unique_name_per_program"),
            models.CheckConstraint(condition=Q(clock__in=SlaClock.values), name="flow_clock_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class FlowLane(models.Model):
    """A program role as a lane of a flow, in the flow's own order."""

    flow = models.ForeignKey(ProcessFlow, on_delete=models.CASCADE, related_name="lanes")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["flow", "role"], name="lane_unique_role_per_flow")]

    def __str__(self) -> str:
        return f"{self.role.code} in {self.flow}"


class ProcessStep(VersionedModel, TimeStampedModel):
    flow = models.ForeignKey(ProcessFlow, on_delete=models.CASCADE, related_name="steps")
    lane = models.ForeignKey(FlowLane, on_delete=models.PROTECT, related_name="steps", help_text="Who does it.")
    position = models.PositiveIntegerField("order", default=0, help_text="Where it comes in the flow.")
    kind = models.CharField(max_length=16, choices=StepKind, default=StepKind.TASK)
    name = models.CharField(max_length=200, help_text="What is done or decided, in a few words.")
    when = models.CharField(
        max_length=120, blank=True, help_text='The branch that leads here from a decision, e.g. "no answer in 10 min".'
    )
    sla_target = models.CharField("SLA", max_length=60, blank=True, help_text='e.g. "15 min"; on the flow\'s clock.')
    sla_minutes = models.PositiveIntegerField(null=True, editable=False)
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="RASCI activity",
        help_text="The RASCI row this step carries out: its lane should be R or A there.",
    )  # fmt: skip
    next_steps = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="previous_steps")
    history = HistoricalRecords(m2m_fields=[next_steps], excluded_fields=["sla_minutes"])

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "flow step"
        constraints = [models.CheckConstraint(condition=Q(kind__in=StepKind.values), name="step_kind_valid")]

    def __str__(self) -> str:
        return self.name


class ModelVersion(models.Model):
    """A published operating model: catalogue, severities, flows and composition frozen as they stood, with the
    teams accountable in it, who must each sign it off. Append-only (a database trigger refuses changes)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="operating_model_versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True, help_text="What changed in this version.")
    snapshot = models.JSONField()
    fingerprint = models.CharField(max_length=64)
    accountable = models.JSONField(help_text='The teams that sign it off: [{"id", "code", "name"}], in code order.')

    class Meta:
        ordering = ["-number"]
        verbose_name = "operating model version"
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="model_version_unique_number")]

    def __str__(self) -> str:
        return f"Operating model v{self.number}"


class ModelSignOff(models.Model):
    """One accountable team's sign-off of a published version. Append-only."""

    version = models.ForeignKey(ModelVersion, on_delete=models.PROTECT, related_name="sign_offs")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "role"], name="model_signoff_once_per_team")]

    def __str__(self) -> str:
        return f"v{self.version.number} signed for {self.role.code} by {self.signed_by}"


class ModelState(models.Model):
    """Where the program's operating model stands, kept by the services after every change so that go-live
    readiness reads it in one query (as raci keeps a matrix's error count)."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="operating_model_state")
    edited_at = models.DateTimeField(null=True, help_text="The last change to the operating model.")
    latest_version = models.ForeignKey(ModelVersion, null=True, on_delete=models.SET_NULL, related_name="+")
    signed_off_at = models.DateTimeField(
        null=True,
        help_text="When the last accountable team signed the latest version, if all have and nothing changed.",
    )
    waiting_for = models.JSONField(default=list, help_text="Codes of the teams yet to sign the latest version.")
    sla_covered = models.PositiveIntegerField(default=0)
    sla_total = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Operating model state of {self.program}"

    @property
    def changed_since_published(self) -> bool:
        latest = self.latest_version
        return latest is not None and self.edited_at is not None and self.edited_at > latest.published_at


class ModelImport(BackgroundJob):
    """A workbook of the catalogue, severities and escalation paths on its way in: read and planned by a worker,
    reviewed, then applied whole or dropped (the same pipeline as the RACI import, connectmobilize/lib/jobs.py)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="operating_model_imports")
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    plan = models.JSONField(null=True, blank=True, help_text="What applying would do, with the rows to apply.")
    planned_against = models.CharField(
        max_length=64, blank=True, help_text="Fingerprint of the operating model the plan was made on."
    )

    class Meta(BackgroundJob.Meta):
        verbose_name = "operating model import"

    def __str__(self) -> str:
        return f"Operating model import {self.filename} ({self.get_status_display()})"
