from django.db import models


class ProgramPhase(models.TextChoices):
    """MigOps program lifecycle (DOMAIN.md §9.2)."""

    ASSESS = "assess", "Assess"
    MOBILIZE = "mobilize", "Mobilize"
    MIGRATE = "migrate_transform", "Migrate & transform"
    OPERATE = "operate_optimize", "Operate & optimize"


class WorkstreamKind(models.TextChoices):
    GOVERNANCE = "governance", "Program governance"
    ALIGNMENT = "alignment", "Alignment"
    OPERATING_MODEL = "operating_model", "Operating model"
    SERVICE_INTRODUCTION = "service_introduction", "Service introduction"
    TRAINING = "training", "Training"
    PEOPLE_CHANGE = "people_change", "People & change"
    OTHER = "other", "Other"


class WorkstreamStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ON_HOLD = "on_hold", "On hold"
    DONE = "done", "Done"


class Health(models.TextChoices):
    """RAG health, ordered worst first so sorting surfaces trouble."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    BLOCKED = "blocked", "Blocked"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class RoleSide(models.TextChoices):
    BUSINESS = "business", "Business"
    CONTACT_CENTER = "contact_center", "Contact center"
    IT = "it", "IT"
    PROGRAM = "program", "Program"
    PARTNER = "partner", "Partner"
    VENDOR = "vendor", "Vendor"


class RiskCategory(models.TextChoices):
    CHANGE_LEADERSHIP = "change_leadership", "Change leadership"
    VISION_CLARITY = "vision_clarity", "Vision & clarity"
    ORG_IMPACT = "org_impact", "Org impact"
    RETENTION_ENGAGEMENT = "retention_engagement", "Retention & engagement"
    SKILLS_CAPABILITY = "skills_capability", "Skills & capability"
    COMMITMENT = "commitment", "Commitment"
    CULTURE = "culture", "Culture"
    COMMUNICATIONS = "communications", "Communications"
    FINANCIAL = "financial", "Financial"
    OPERATIONAL_READINESS = "operational_readiness", "Operational readiness"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    MITIGATING = "mitigating", "Mitigating"
    REALISED = "realised", "Realised"
    CLOSED = "closed", "Closed"


class RiskTrend(models.TextChoices):
    RISING = "rising", "Rising"
    STABLE = "stable", "Stable"
    FALLING = "falling", "Falling"


class AdkarElement(models.TextChoices):
    AWARENESS = "awareness", "Awareness"
    DESIRE = "desire", "Desire"
    KNOWLEDGE = "knowledge", "Knowledge"
    ABILITY = "ability", "Ability"
    REINFORCEMENT = "reinforcement", "Reinforcement"
