"""The people & change enumerations of DOMAIN.md §3.2, §6.4 and §9.2."""

from django.db import models


class StakeholderKind(models.TextChoices):
    INDIVIDUAL = "individual", "Individual"
    GROUP = "group", "Group"


class Organization(models.TextChoices):
    COMPANY = "company", "Company"
    SUBSIDIARY = "subsidiary", "Subsidiary"
    PARTNER = "partner", "External partner"


class InfluenceType(models.TextChoices):
    FORMAL = "formal", "Formal"
    INFORMAL = "informal", "Informal"


class Level(models.TextChoices):
    """Influence, interest, impact of the change and training effort."""

    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Awareness(models.TextChoices):
    FULL = "full", "Fully aware"
    MODERATE = "moderate", "Moderately aware"
    AWARE = "aware", "Aware"
    MINIMAL = "minimal", "Minimally aware"


class Knowledge(models.TextChoices):
    FULL = "full", "Full"
    AVERAGE = "average", "Average"
    BASIC = "basic", "Basic"


class Commitment(models.TextChoices):
    """The AWS commitment curve, in order: the gap is desired − current in steps of this list."""

    AWARE = "aware", "Aware"
    UNDERSTAND = "understand", "Understand"
    ADOPTED = "adopted", "Adopted"
    OWNERSHIP = "ownership", "Ownership"


class Engagement(models.TextChoices):
    """PMI engagement levels, in order."""

    UNAWARE = "unaware", "Unaware"
    RESISTANT = "resistant", "Resistant"
    NEUTRAL = "neutral", "Neutral"
    SUPPORTIVE = "supportive", "Supportive"
    LEADING = "leading", "Leading"


class Sentiment(models.TextChoices):
    CHAMPION = "champion", "Champion"
    SUPPORTER = "supporter", "Supporter"
    NEUTRAL = "neutral", "Neutral"
    SCEPTIC = "sceptic", "Sceptic"
    BLOCKER = "blocker", "Blocker"


class Channel(models.TextChoices):
    """Preferred communication vehicles (§3.2)."""

    EMAIL = "email", "Email"
    TOWN_HALL = "town_hall", "Town hall"
    TEAM_HUDDLE = "team_huddle", "Team huddle"
    INTRANET = "intranet", "Intranet"
    CHAT = "chat", "Teams / Slack"
    FLOOR_WALK = "floor_walk", "Floor walk"
    NEWSLETTER = "newsletter", "Newsletter"
    ONE_TO_ONE = "one_to_one", "One-to-one"


# Sponsor activity and the executive's pages (DOMAIN.md §6.2) ------------------------------------------------


class SponsorAbc(models.TextChoices):
    """The sponsor ABCs (Prosci): what a sponsor activity serves."""

    ACTIVE = "active", "A – Active & visible participation"
    COALITION = "coalition", "B – Build a coalition"
    COMMUNICATE = "communicate", "C – Communicate directly"


class SponsorActivityKind(models.TextChoices):
    KICK_OFF = "kick_off", "Kick-off"
    TOWN_HALL = "town_hall", "Town hall"
    PROJECT_REVIEW = "project_review", "Project review"
    MESSAGE_SENT = "message_sent", "Message sent"
    GO_NO_GO = "go_no_go", "Go/no-go attended"
    OTHER = "other", "Other"


# The ABC an activity of each kind serves unless the sponsor says otherwise.
DEFAULT_ABC = {
    SponsorActivityKind.KICK_OFF: SponsorAbc.ACTIVE,
    SponsorActivityKind.TOWN_HALL: SponsorAbc.COMMUNICATE,
    SponsorActivityKind.PROJECT_REVIEW: SponsorAbc.ACTIVE,
    SponsorActivityKind.MESSAGE_SENT: SponsorAbc.COMMUNICATE,
    SponsorActivityKind.GO_NO_GO: SponsorAbc.ACTIVE,
    SponsorActivityKind.OTHER: SponsorAbc.ACTIVE,
}


# Assessments, surveys and the communications plan (DOMAIN §3.4, §6.1, §9.1) -------------------------------


class Tenure(models.TextChoices):
    UNDER_1 = "under_1", "Less than a year"
    ONE_TO_3 = "1_3", "1–3 years"
    THREE_TO_10 = "3_10", "3–10 years"
    OVER_10 = "over_10", "More than 10 years"


class JobLevel(models.TextChoices):
    FRONT_LINE = "front_line", "Front line"
    TEAM_LEADER = "team_leader", "Team leader / supervisor"
    MANAGER = "manager", "Manager"
    SENIOR = "senior", "Senior leader"


class CommStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    SENT = "sent", "Sent"
    CANCELLED = "cancelled", "Cancelled"


class CommSource(models.TextChoices):
    """Where a communication came from: written by hand, or generated from a go-live event or the RACI."""

    MANUAL = "manual", "Written"
    GO_LIVE = "go_live", "Go-live event"
    RACI = "raci", "RACI (consult / inform)"


# Stakeholder grid, change impact and the sponsor coalition (DOMAIN §3.3, §6.2, §6.4, §9.2) ------------------


class GridQuadrant(models.TextChoices):
    """Mendelow's power × interest grid (§6.4), with the practitioner's default cadence in the label."""

    MANAGE_CLOSELY = "manage_closely", "Manage closely"
    KEEP_SATISFIED = "keep_satisfied", "Keep satisfied"
    KEEP_INFORMED = "keep_informed", "Keep informed"
    MONITOR = "monitor", "Monitor"


class ImpactArea(models.TextChoices):
    """The rows of the change impact assessment (§3.3), in its order."""

    LEADERSHIP = "leadership", "Leadership"
    CULTURE = "culture", "Culture"
    PROCESS = "process", "Process"
    POLICIES = "policies", "Policies"
    STRUCTURE = "structure", "Structure"
    SKILLS = "skills", "Skills & capabilities"
    PERFORMANCE = "performance", "Performance management"
    SYSTEMS = "systems", "Systems"


class ImpactLevel(models.IntegerChoices):
    NONE = 0, "0 – none"
    FAIR = 1, "1 – fair"
    MODERATE = 2, "2 – moderate"
    HIGH = 3, "3 – high"
    VERY_HIGH = 4, "4 – very high (new roles, structure, significant culture change)"


class SupportLevel(models.TextChoices):
    """A sponsor node's support for the change (§9.2), from the most supportive."""

    STRONG_SUPPORT = "strong_support", "Strong support"
    SUPPORT = "support", "Support"
    NEUTRAL = "neutral", "Neutral"
    RESISTANT = "resistant", "Resistant"
    STRONG_RESISTANCE = "strong_resistance", "Strong resistance"


class WorksheetRating(models.IntegerChoices):
    """One criterion of the open sponsor worksheet (§6.2)."""

    POSITIVE = 10, "Positive (10)"
    ABOVE_AVERAGE = 7, "Above average (7)"
    AVERAGE = 5, "Average (5)"
    NEGATIVE = 0, "Negative (0)"
