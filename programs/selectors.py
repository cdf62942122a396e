"""Reads. Each returns data with its relations loaded so pages run a constant number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from . import risks as risk_rules
from .choices import MilestoneStatus, RiskStatus
from .filters import CLOSED, overdue_milestones, program_users, with_due_date
from .models import Membership, Milestone, Program, Risk, Role, Workstream

OPEN_RISK = (RiskStatus.OPEN, RiskStatus.MITIGATING)

__all__ = [
    "Dashboard",
    "membership_changes",
    "membership_list",
    "milestone_list",
    "next_risk_code",
    "open_risks",
    "overdue_milestone_list",
    "program_dashboard",
    "program_list_for",
    "program_users",
    "risk_heat_map",
    "risk_list",
    "role_list",
    "workstream_list",
]


def overdue_milestone_list(program: Program) -> QuerySet[Milestone]:
    """The program's milestones past their due date and not closed (for other apps: readiness)."""
    return overdue_milestones(milestone_list(program))


def program_list_for(user) -> QuerySet[Program]:
    return Program.objects.visible_to(user).order_by("name")


def workstream_list(program: Program, *, include_archived: bool = False) -> QuerySet[Workstream]:
    qs = program.workstreams.select_related("lead")
    return qs if include_archived else qs.filter(archived=False)


def milestone_list(program: Program) -> QuerySet[Milestone]:
    return (
        Milestone.objects.filter(program=program)
        .select_related("workstream", "owner", "program")
        .prefetch_related("depends_on")
    )


def risk_list(program: Program) -> QuerySet[Risk]:
    return Risk.objects.filter(program=program).select_related("owner", "owner_role", "workstream", "program")


def open_risks(program: Program) -> QuerySet[Risk]:
    return risk_list(program).filter(status__in=OPEN_RISK)


def risk_heat_map(risks: QuerySet[Risk]):
    return risk_rules.heat_map(risks.values_list("likelihood", "impact"))


def next_risk_code(program: Program) -> str:
    return f"R-{program.risks.count() + 1:02d}"


def role_list(program: Program) -> QuerySet[Role]:
    return program.roles.all()


def membership_list(program: Program) -> QuerySet[Membership]:
    return program.memberships.select_related("user")


def membership_changes(program: Program, *, limit: int = 20):
    """Who was given, changed or lost access, and by whom: newest first (kept after removal too)."""
    return Membership.history.filter(program_id=program.pk).select_related("user", "history_user")[:limit]


@dataclass
class Dashboard:
    workstreams: list[Workstream]
    next_milestones: list[Milestone]
    overdue_milestones: list[Milestone]
    overdue_count: int
    top_risks: list[Risk]
    open_risk_count: int
    above_appetite_count: int
    milestone_total: int
    milestone_done: int

    @property
    def milestone_progress_pct(self) -> int:
        return round(100 * self.milestone_done / self.milestone_total) if self.milestone_total else 0


def program_dashboard(program: Program, *, top: int = 5) -> Dashboard:
    milestones = milestone_list(program)
    open_milestones = with_due_date(milestones).exclude(status__in=CLOSED)
    risks = open_risks(program)
    today = timezone.localdate()
    counts = with_due_date(milestones).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=MilestoneStatus.COMPLETED)),
        overdue=Count("pk", filter=Q(due__lt=today) & ~Q(status__in=CLOSED)),
    )
    risk_counts = risks.aggregate(total=Count("pk"), above=Count("pk", filter=Q(score__gte=program.risk_appetite)))
    return Dashboard(
        workstreams=list(workstream_list(program)),
        next_milestones=list(open_milestones.filter(due__gte=today).order_by("due")[:top]),
        overdue_milestones=list(overdue_milestones(milestones).order_by("due")[: top * 2]),
        overdue_count=counts["overdue"],
        top_risks=list(risks.order_by("-score", "code")[:top]),
        open_risk_count=risk_counts["total"],
        above_appetite_count=risk_counts["above"],
        milestone_total=counts["total"],
        milestone_done=counts["done"],
    )
