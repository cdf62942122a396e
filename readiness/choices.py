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
