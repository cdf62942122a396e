"""The operating model of a program (DOMAIN.md §1.5, §7, §9.1): who uses and manages the solution after go-live."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from connectmobilize.lib.models import TimeStampedModel
from connectmobilize.lib.records import VersionedModel
from programs.models import Program, Role

from .choices import PhaseScope


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
