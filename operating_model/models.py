"""The operating model of a program (DOMAIN.md §1.5, §7, §9.1): who uses and manages the solution after go-live."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from connectmobilize.lib.models import TimeStampedModel
from connectmobilize.lib.records import VersionedModel
from programs.models import Program, Role

from .choices import ChangeType, PhaseScope, SlaClock


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
        return self.person.get_full_name() or self.person.username


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
