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
    DEFAULT_ABC,
    Awareness,
    Commitment,
    Engagement,
    InfluenceType,
    Knowledge,
    Level,
    Organization,
    Sentiment,
    SponsorAbc,
    SponsorActivityKind,
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


# Sponsor activity (branch `executive`): the sponsor roadmap and what the executives did (DOMAIN.md §6.2) -------


def _sponsor_url(name: str, record) -> str:
    return reverse(f"people:{name}", kwargs={"program_slug": record.program.slug, f"{record.URL_KWARG}": record.pk})


class SponsorRoadmapItem(VersionedModel, TimeStampedModel):
    """A sponsor activity planned on the sponsor roadmap: who, what, when, and the ABC it serves."""

    URL_KWARG = "roadmap_item_id"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sponsor_roadmap")
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        help_text="The executive expected to do it.",
    )  # fmt: skip
    kind = models.CharField(max_length=16, choices=SponsorActivityKind, default=SponsorActivityKind.TOWN_HALL)
    abc = models.CharField(
        "serves", max_length=16, choices=SponsorAbc, blank=True,
        help_text="Which of the sponsor ABCs it serves (left empty: the usual one for its kind).",
    )  # fmt: skip
    title = models.CharField(max_length=200, help_text="e.g. Town hall for the Leeds site agents")
    planned_on = models.DateField()
    notes = models.TextField(blank=True)
    cancelled = models.BooleanField(default=False, help_text="No longer planned (kept for the record).")
    history = HistoricalRecords()

    class Meta:
        ordering = ["planned_on", "pk"]
        indexes = [models.Index(fields=["program", "planned_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self) -> str:
        return _sponsor_url("roadmap_item_detail", self)

    def save(self, *args, **kwargs):
        self.abc = self.abc or DEFAULT_ABC[SponsorActivityKind(self.kind)]
        super().save(*args, **kwargs)


class SponsorActivity(VersionedModel, TimeStampedModel):
    """What an executive actually did: against an item of the roadmap, or on its own."""

    URL_KWARG = "sponsor_activity_id"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sponsor_activities")
    sponsor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    planned = models.ForeignKey(
        SponsorRoadmapItem, null=True, blank=True, on_delete=models.PROTECT, related_name="activities",
        verbose_name="roadmap item", help_text="The planned item it fulfils, if any.",
    )  # fmt: skip
    kind = models.CharField(max_length=16, choices=SponsorActivityKind, default=SponsorActivityKind.TOWN_HALL)
    abc = models.CharField("serves", max_length=16, choices=SponsorAbc, blank=True)
    title = models.CharField(max_length=200)
    done_on = models.DateField("done on")
    notes = models.TextField("what happened", blank=True, help_text="Audience, questions raised, follow-ups.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-done_on", "-pk"]
        verbose_name_plural = "sponsor activities"
        indexes = [models.Index(fields=["program", "done_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self) -> str:
        return _sponsor_url("sponsor_activity_detail", self)

    def save(self, *args, **kwargs):
        self.abc = self.abc or DEFAULT_ABC[SponsorActivityKind(self.kind)]
        super().save(*args, **kwargs)


class WeeklySummarySubscription(TimeStampedModel):
    """A user who asked for the weekly portfolio summary by email (opt-in on the profile page)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_summary")
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Weekly summary for {self.user} ({'on' if self.active else 'off'})"


class WeeklySummaryReceipt(models.Model):
    """One row per user and week sent: a retried or duplicated beat run sends nobody twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(help_text="The Monday of the week sent.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="weekly_summary_once_a_week")]

    def __str__(self) -> str:
        return f"{self.user} · week of {self.week}"
