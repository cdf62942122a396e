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
from readiness.models import GoLiveEvent

from .choices import (
    DEFAULT_ABC,
    Awareness,
    Channel,
    Commitment,
    CommSource,
    CommStatus,
    Engagement,
    ImpactArea,
    ImpactLevel,
    InfluenceType,
    JobLevel,
    Knowledge,
    Level,
    Organization,
    Sentiment,
    SponsorAbc,
    SponsorActivityKind,
    StakeholderKind,
    SupportLevel,
    Tenure,
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
        GoLiveEvent, null=True, on_delete=models.SET_NULL, related_name="+",
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


# Assessments, surveys and the communications plan (DOMAIN §3.4, §6.1, §9.1 AdkarAssessment, Survey,
# CommunicationItem) ------------------------------------------------------------------------------------------

SCORE_1_5 = [MinValueValidator(1), MaxValueValidator(5)]


class AdkarAssessment(VersionedModel, TimeStampedModel):
    """One ADKAR round of an impacted group: each element 1–5. The barrier point and the tactic are computed
    (people/adkar.py), never stored."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="adkar_assessments")
    group = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="adkar_assessments")
    assessed_on = models.DateField()
    awareness = models.PositiveSmallIntegerField(validators=SCORE_1_5)
    desire = models.PositiveSmallIntegerField(validators=SCORE_1_5)
    knowledge = models.PositiveSmallIntegerField(validators=SCORE_1_5)
    ability = models.PositiveSmallIntegerField(validators=SCORE_1_5)
    reinforcement = models.PositiveSmallIntegerField(validators=SCORE_1_5)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group__name", "-assessed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "group", "assessed_on"], name="adkar_one_round_per_group_and_day"
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}), name=f"adkar_{name}_1_to_5"
                )
                for name in ("awareness", "desire", "knowledge", "ability", "reinforcement")
            ],
        ]

    def __str__(self) -> str:
        return f"ADKAR {self.group} {self.assessed_on:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("people:adkar_group", kwargs={"program_slug": self.program.slug, "group_id": self.group_id})

    @property
    def scores(self) -> tuple[int, int, int, int, int]:
        return (self.awareness, self.desire, self.knowledge, self.ability, self.reinforcement)


class LeaderAlignment(VersionedModel, TimeStampedModel):
    """The ratings of one leadership alignment interview (DOMAIN §3.4): each section optionally 1 (needs work)
    to 5 (no issues)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="leader_alignments")
    leader = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="alignment_ratings")
    interviewed_on = models.DateField()
    understanding = models.PositiveSmallIntegerField(
        "understanding of the program", null=True, blank=True, validators=SCORE_1_5
    )
    change_history = models.PositiveSmallIntegerField(
        "issues & change history", null=True, blank=True, validators=SCORE_1_5
    )
    sponsorship = models.PositiveSmallIntegerField(
        "leadership & sponsorship role", null=True, blank=True, validators=SCORE_1_5
    )
    notes = models.TextField("actions and issues for the steering committee", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["leader__name", "-interviewed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "leader", "interviewed_on"], name="alignment_one_interview_per_day"
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__isnull": True})
                    | models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"alignment_{name}_1_to_5",
                )
                for name in ("understanding", "change_history", "sponsorship")
            ],
        ]

    def __str__(self) -> str:
        return f"Alignment {self.leader} {self.interviewed_on:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("people:alignment_list", kwargs={"program_slug": self.program.slug})


class SurveyRound(VersionedModel, TimeStampedModel):
    """One round of the organisational readiness survey: an anonymous link open during a window."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="survey_rounds")
    title = models.CharField(max_length=120, help_text="Shown to respondents, e.g. Readiness pulse, June.")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    groups = models.ManyToManyField(
        Stakeholder, blank=True, related_name="survey_rounds",
        help_text="The impacted groups a respondent chooses from (their names are shown on the survey).",
    )  # fmt: skip
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="survey_window_ordered")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("people:survey_detail", kwargs={"program_slug": self.program.slug, "survey_id": self.pk})


class SurveyResponse(models.Model):
    """One anonymous answer sheet. No user, no address, no time of day: the day only. `nonce_digest` is the
    one-time form it was sent from, so the same form cannot be sent twice."""

    survey = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField()
    group = models.ForeignKey(Stakeholder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    tenure = models.CharField(max_length=16, choices=Tenure, blank=True)
    level = models.CharField(max_length=16, choices=JobLevel, blank=True)
    answers = models.JSONField(help_text="question key → 1..4, or 5 for N/A (people/survey.py)")
    comment = models.TextField(blank=True)
    nonce_digest = models.CharField(max_length=64, unique=True, editable=False)

    def __str__(self) -> str:
        return f"Response to {self.survey}"


class CommunicationItem(VersionedModel, TimeStampedModel):
    """A line of the communications plan. Anchored to a go-live event it keeps its offset in days, so it moves
    when the event's window moves; otherwise it has its own planned date."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="communications")
    audience = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.SET_NULL, related_name="communications"
    )
    audience_text = models.CharField("or audience (free text)", max_length=200, blank=True)
    key_message = models.TextField()
    channel = models.CharField(max_length=16, choices=Channel, default=Channel.EMAIL)
    sender = models.CharField(max_length=120, blank=True, help_text="Ideally the sponsor or the audience's manager.")
    planned_date = models.DateField(null=True, blank=True, help_text="Leave empty for an item tied to a go-live.")
    event = models.ForeignKey(
        GoLiveEvent, null=True, blank=True, on_delete=models.CASCADE, related_name="communications",
        help_text="The go-live the item belongs to (it counts for that event's communications readiness).",
    )  # fmt: skip
    offset_days = models.SmallIntegerField(
        null=True, blank=True, help_text="Days from the go-live window's start (T-14 = -14); moves with the event."
    )
    status = models.CharField(max_length=16, choices=CommStatus, default=CommStatus.PLANNED)
    sent_on = models.DateField(null=True, blank=True)
    feedback = models.TextField(blank=True)
    source = models.CharField(max_length=16, choices=CommSource, default=CommSource.MANUAL, editable=False)
    source_key = models.CharField(max_length=80, blank=True, editable=False, help_text="What generated it.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["planned_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "source_key"], condition=~models.Q(source_key=""), name="comm_generated_once"
            ),
            models.CheckConstraint(
                condition=models.Q(planned_date__isnull=False)
                | models.Q(event__isnull=False, offset_days__isnull=False),
                name="comm_has_a_date",
                violation_error_message="Give a planned date, or a go-live event and an offset in days.",
            ),
            models.CheckConstraint(
                condition=models.Q(audience__isnull=False) | ~models.Q(audience_text=""),
                name="comm_has_an_audience",
                violation_error_message="Name the audience: a stakeholder or a free text.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.audience_label}: {self.key_message[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("people:comms_edit", kwargs={"program_slug": self.program.slug, "comm_id": self.pk})

    @property
    def audience_label(self) -> str:
        return self.audience.name if self.audience_id and self.audience else self.audience_text

    @property
    def offset_label(self) -> str:
        if self.offset_days is None:
            return ""
        return "T" if self.offset_days == 0 else f"T{self.offset_days:+d}"
