from django.db import models


class EventKind(models.TextChoices):
    PILOT = "pilot", "Pilot"
    WAVE = "wave", "Wave"
    FULL_CUTOVER = "full_cutover", "Full cutover"


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    BLOCKED = "blocked", "Blocked"
    N_A = "n_a", "Not applicable"


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class WindowKind(models.TextChoices):
    FREEZE = "freeze", "Change freeze"
    BLACKOUT = "blackout", "Blackout"
    MAINTENANCE = "maintenance", "Maintenance window"


class ExceptionPolicy(models.TextChoices):
    NONE = "none", "No exceptions"
    EMERGENCY_ONLY = "emergency_only", "Emergency changes only"


class ChangeStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted to CAB"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class DecisionOutcome(models.TextChoices):
    GO = "go", "Go"
    GO_WITH_CONDITIONS = "go_with_conditions", "Go with conditions"
    NO_GO = "no_go", "No-go"
    DEFER = "defer", "Defer"
