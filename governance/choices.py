from django.db import models

from . import cadence


class Cadence(models.TextChoices):
    DAILY = cadence.DAILY, "Daily"
    WEEKLY = cadence.WEEKLY, "Weekly"
    FORTNIGHTLY = cadence.FORTNIGHTLY, "Fortnightly"
    MONTHLY = cadence.MONTHLY, "Monthly"
    QUARTERLY = cadence.QUARTERLY, "Quarterly"
    BIANNUAL = cadence.BIANNUAL, "Twice a year"
    ANNUAL = cadence.ANNUAL, "Yearly"


class RoutineKind(models.TextChoices):
    """What a routine is for: it decides the sections of its generated agenda (agenda.py)."""

    STEERING = "steering", "Steering committee"
    RISK_REVIEW = "risk_review", "People & change risk review"
    PRE_CAB = "pre_cab", "Change / release review (pre-CAB)"
    SERVICE_REVIEW = "service_review", "Service review"
    STRATEGY = "strategy", "Strategic technology plan review"
    HYPERCARE = "hypercare", "Hypercare stand-up"
    OTHER = "other", "Other"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    STARTED = "started", "Started (agenda frozen)"
    CANCELLED = "cancelled", "Cancelled"


class MinuteOutcome(models.TextChoices):
    NOTE = "note", "Note"
    DECISION = "decision", "Decision"
    ACTION = "action", "Action"
    ISSUE = "issue", "Issue"


class DecisionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    RECORDED = "recorded", "Decided"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class IssueSeverity(models.TextChoices):
    """Contact-center flavoured severities (DOMAIN.md §7.2), worst first."""

    SEV1 = "1", "Sev 1 – critical"
    SEV2 = "2", "Sev 2 – high"
    SEV3 = "3", "Sev 3 – medium"
    SEV4 = "4", "Sev 4 – low"


class IssueStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"
