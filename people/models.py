"""People & change: stakeholders, change impact, sponsor coalition and activity, assessments, surveys and the
communications plan (DOMAIN.md §3, §6, §9.1). The top layer: it reads every other app through its selectors."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from connectmobilize.lib.models import TimeStampedModel
from connectmobilize.lib.records import VersionedModel
from programs.models import Program

from .choices import (
    Awareness,
    Commitment,
    Engagement,
    InfluenceType,
    Knowledge,
    Level,
    Organization,
    Sentiment,
    StakeholderKind,
)


class Stakeholder(VersionedModel, TimeStampedModel):
    """A person or a group the change touches (DOMAIN §3.2). Groups are the "impacted groups" that change impact,
    ADKAR assessments and the sponsor coalition are kept for."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(max_length=200, help_text="e.g. Contact-center supervisors, or CIO")
    kind = models.CharField(max_length=16, choices=StakeholderKind, default=StakeholderKind.GROUP)
    organization = models.CharField(max_length=16, choices=Organization, default=Organization.COMPANY)
    department = models.CharField(max_length=120, blank=True, help_text="e.g. CC Ops, IT Telephony, WFM, HR")
    title = models.CharField("title / role", max_length=200, blank=True)
    population = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    influence_type = models.CharField(max_length=16, choices=InfluenceType, default=InfluenceType.FORMAL)
    influence = models.CharField("influence (power)", max_length=8, choices=Level, default=Level.MEDIUM)
    interest = models.CharField(max_length=8, choices=Level, default=Level.MEDIUM)
    impact = models.CharField("impact of the change on them", max_length=8, choices=Level, default=Level.MEDIUM)
    awareness = models.CharField(max_length=16, choices=Awareness, default=Awareness.AWARE)
    knowledge = models.CharField(max_length=16, choices=Knowledge, default=Knowledge.BASIC)
    commitment_current = models.CharField(max_length=16, choices=Commitment, default=Commitment.AWARE)
    commitment_desired = models.CharField(
        "commitment wanted by go-live", max_length=16, choices=Commitment, default=Commitment.ADOPTED
    )
    engagement_current = models.CharField(max_length=16, choices=Engagement, default=Engagement.NEUTRAL)
    engagement_desired = models.CharField(max_length=16, choices=Engagement, default=Engagement.SUPPORTIVE)
    sentiment = models.CharField(max_length=16, choices=Sentiment, blank=True)
    channels = models.JSONField(
        "preferred communication vehicles", default=list, blank=True, help_text="Values of choices.Channel."
    )
    training_effort = models.CharField(max_length=8, choices=Level, default=Level.MEDIUM)
    concerns = models.TextField("concerns, risks, opportunities", blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The project team member who looks after this stakeholder.",
    )
    archived = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="stakeholder_unique_name_per_program"),
            models.CheckConstraint(condition=models.Q(population__gte=1), name="stakeholder_population_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:overview", kwargs={"program_slug": self.program.slug})
