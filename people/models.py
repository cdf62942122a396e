"""People & change: stakeholders, change impact, sponsor coalition and activity, assessments, surveys and the
communications plan (DOMAIN.md §3, §6, §9.1). The top layer: it reads every other app through its selectors."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from connectmobilize.lib.models import TimeStampedModel
from connectmobilize.lib.records import VersionedModel
from programs.models import Program, Risk

from .choices import (
    Awareness,
    Commitment,
    Engagement,
    ImpactArea,
    ImpactLevel,
    InfluenceType,
    Knowledge,
    Level,
    Organization,
    Sentiment,
    StakeholderKind,
    SupportLevel,
    WorksheetRating,
)
from .sponsorship import CRITERIA


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
        return reverse(
            "people:stakeholder_detail", kwargs={"program_slug": self.program.slug, "stakeholder_id": self.pk}
        )


# Stakeholder register, change impact and the sponsor coalition (people-core) ---------------------------------


class CommitmentRisk(models.Model):
    """A people risk raised by rule 8 for a stakeholder's commitment gap before a go-live window: the link keeps
    the next run from raising it again."""

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="commitment_risks")
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(
        "readiness.GoLiveEvent", null=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The go-live window it was raised before.",
    )  # fmt: skip
    gap = models.PositiveSmallIntegerField(help_text="Steps of the commitment curve missing when raised.")
    raised_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(fields=["stakeholder", "event"], name="commitment_risk_once_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.risk.code} for {self.stakeholder}"


class ChangeImpact(VersionedModel, TimeStampedModel):
    """How much one area of the change (§3.3) touches one impacted group, 0–4, with its current and future state."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="change_impacts")
    group = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="impacts", help_text="An impacted group."
    )
    area = models.CharField(max_length=16, choices=ImpactArea)
    level = models.PositiveSmallIntegerField(
        "impact level", choices=ImpactLevel, default=ImpactLevel.NONE,
        validators=[MinValueValidator(0), MaxValueValidator(4)],
    )  # fmt: skip
    current_state = models.TextField(blank=True)
    future_state = models.TextField(blank=True)
    barriers = models.TextField("issues, risks and barriers", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group__name", "area"]
        constraints = [
            models.UniqueConstraint(fields=["group", "area"], name="change_impact_once_per_group_area"),
            models.CheckConstraint(condition=models.Q(level__gte=0, level__lte=4), name="change_impact_level_0_4"),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.get_area_display()}"

    def get_absolute_url(self) -> str:
        return reverse("people:impact_map", kwargs={"program_slug": self.program.slug})


class SponsorNode(VersionedModel, TimeStampedModel):
    """A person on the sponsor diagram (§6.2): the primary sponsor at the root, the formal line below, and at the
    leaves the leader an impacted group sees as in charge."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sponsor_nodes")
    person_name = models.CharField(
        "person", max_length=200, blank=True, help_text="Leave blank while the post is vacant."
    )
    title = models.CharField("title / role", max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Their account here, if they have one.",
    )  # fmt: skip
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        help_text="Who they report to on the formal line. None: the primary sponsor.",
    )  # fmt: skip
    impacted_group = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.SET_NULL, related_name="sponsor_nodes",
        help_text="The impacted group that sees this person as in charge (the leaves of the tree).",
    )  # fmt: skip
    support_level = models.CharField(max_length=20, choices=SupportLevel, default=SupportLevel.NEUTRAL)
    influence = models.CharField(max_length=8, choices=Level, default=Level.MEDIUM)
    actions = models.TextField(blank=True, help_text="What the coalition will do about this person.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["person_name", "pk"]

    def __str__(self) -> str:
        return self.person_name or f"Vacant: {self.title or 'leader'}"

    def get_absolute_url(self) -> str:
        return reverse("people:sponsor_detail", kwargs={"program_slug": self.program.slug, "node_id": self.pk})


def _criterion(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, choices=WorksheetRating)


class SponsorAssessment(TimeStampedModel):
    """The open sponsor worksheet for one sponsor on one day (§6.2): recorded, never edited; a new assessment
    is added instead, so the page shows how the sponsor moved."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sponsor_assessments")
    sponsor = models.ForeignKey(SponsorNode, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField()
    power_access = _criterion(CRITERIA[0][1])
    expertise = _criterion(CRITERIA[1][1])
    relationships = _criterion(CRITERIA[2][1])
    understands_change = _criterion(CRITERIA[3][1])
    demonstrated_commitment = _criterion(CRITERIA[4][1])
    uses_influence = _criterion(CRITERIA[5][1])
    advocacy = _criterion(CRITERIA[6][1])
    resources = _criterion(CRITERIA[7][1])
    public_status = _criterion(CRITERIA[8][1])
    communicates = _criterion(CRITERIA[9][1])
    total = models.PositiveSmallIntegerField(editable=False, validators=[MaxValueValidator(100)])
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    risk = models.ForeignKey(
        Risk, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="PCR-02, flagged when the total is below 75 (rule 10).",
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(total__lte=100), name="sponsor_assessment_total_100"),
        ]

    def __str__(self) -> str:
        return f"{self.sponsor} on {self.assessed_on:%d %b %Y}: {self.total}/100"

    def get_absolute_url(self) -> str:
        return self.sponsor.get_absolute_url()

    @property
    def scores(self) -> dict[str, int]:
        return {name: getattr(self, name) for name, _ in CRITERIA}
