from django.db import models


class PhaseScope(models.TextChoices):
    """When a person fills a role (DOMAIN.md §9.1 RoleAssignment.phase_scope: team composition before, during
    and after the migration)."""

    BEFORE = "before", "Before migration"
    DURING = "during", "During migration"
    AFTER = "after", "After migration"


class SlaClock(models.TextChoices):
    BUSINESS_HOURS = "business_hours", "Business hours"
    ALWAYS = "24x7", "24×7"


class ChangeType(models.TextChoices):
    """ITIL change type of a support process (DOMAIN.md §7.1, §9.1)."""

    STANDARD = "standard", "Standard (pre-approved)"
    NORMAL = "normal", "Normal (CAB)"
    EMERGENCY = "emergency", "Emergency"
    REQUEST = "request", "Service request"
    INCIDENT = "incident", "Incident"
    GOVERNANCE = "governance", "Governance"


class EscalationLevel(models.TextChoices):
    L1 = "L1", "L1 – service desk"
    L2 = "L2", "L2 – application support"
    L3 = "L3", "L3 – platform"
    VENDOR = "vendor", "Vendor / AWS"
    EXEC = "exec", "Executive"


class VendorSeverity(models.TextChoices):
    """AWS Support's severity codes (DOMAIN.md §7.2), for the case a vendor escalation opens."""

    CRITICAL = "critical", "critical – business-critical system down"
    URGENT = "urgent", "urgent – production system down"
    HIGH = "high", "high – production system impaired"
    NORMAL = "normal", "normal – system impaired"
    LOW = "low", "low – general guidance"


class StepKind(models.TextChoices):
    TASK = "task", "Task"
    DECISION = "decision", "Decision"
    HANDOFF = "handoff", "Handoff"
    ESCALATION = "escalation", "Escalation"
