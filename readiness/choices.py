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


class Audience(models.TextChoices):
    """Training audiences (DOMAIN.md §8.5)."""

    AGENT = "agent", "Agents"
    SUPERVISOR = "supervisor", "Supervisors"
    TRAINER = "trainer", "Trainers (train-the-trainer)"
    SUPPORT_STAFF = "support_staff", "Support staff (service desk, L1-L2)"
    SYSTEM_ADMIN = "system_admin", "System administrators"
    PRODUCT_OWNER = "product_owner", "Product owners"
    ROUTING_ADMIN = "routing_admin", "Routing / business admins"
    WFM_ANALYST = "wfm_analyst", "WFM analysts"
    REPORTING_ANALYST = "reporting_analyst", "Reporting analysts"
    QM_ANALYST = "qm_analyst", "QM analysts"
    EXECUTIVE = "executive", "Executives (briefing)"
    IT_TELEPHONY = "it_telephony", "IT telephony"


class DeliveryMode(models.TextChoices):
    INSTRUCTOR_LED = "instructor_led", "Instructor-led"
    VIRTUAL_ILT = "virtual_ilt", "Virtual instructor-led"
    TRAIN_THE_TRAINER = "train_the_trainer", "Train-the-trainer"
    ELEARNING = "elearning", "e-learning"
    QUICK_REFERENCE = "quick_reference", "Quick reference"
    FLOOR_SUPPORT = "floor_support", "Floor support"
    SANDBOX = "sandbox_practice", "Sandbox practice"


class Attendance(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled"
    ATTENDED = "attended", "Attended"
    NO_SHOW = "no_show", "No-show"
