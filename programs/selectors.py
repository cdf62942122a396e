"""Reads. Each returns data with its relations loaded so pages run a constant number of queries."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from connectmobilize.lib.access import Access
from connectmobilize.lib.hooks import SearchHit, WorkItem, WorkSection
from connectmobilize.lib.search import text_match

from . import risks as risk_rules
from .choices import MilestoneStatus, RiskStatus
from .filters import CLOSED, overdue_milestones, program_users, with_due_date
from .models import Membership, Milestone, Program, Risk, Role, Workstream

OPEN_RISK = (RiskStatus.OPEN, RiskStatus.MITIGATING)

__all__ = [
    "Dashboard",
    "lands_on_my_work",
    "membership_changes",
    "membership_list",
    "memberships_of",
    "milestone_list",
    "my_milestones",
    "next_risk_code",
    "open_risks",
    "overdue_milestone_list",
    "program_dashboard",
    "program_health_by_program",
    "program_list_for",
    "program_users",
    "risk_heat_map",
    "risk_list",
    "role_list",
    "search_program_records",
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
    # The dashboard's rows show title, workstream and dates: no dependencies or owner to fetch for them.
    milestones = Milestone.objects.filter(program=program).select_related("workstream", "program")
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


# "My work", the program search and the home page (connectmobilize/lib/hooks.py; registered in apps.py) ------

MY_WORK_LIMIT = 25
HOME_IS_MY_WORK = (Access.LEAD, Access.SI)  # who lands on "My work" rather than the list of programs


def memberships_of(user) -> list[Membership]:
    """The user's memberships with their programs, by program name."""
    return list(Membership.objects.filter(user=user).select_related("program").order_by("program__name"))


def lands_on_my_work(memberships: list[Membership]) -> bool:
    return any(m.access in HOME_IS_MY_WORK for m in memberships)


def my_milestones(user, memberships: list[Membership]) -> list[WorkSection]:
    """Open milestones the user owns in any of their programs, soonest due first (overdue ones first)."""
    by_program = {m.program_id: m.program for m in memberships}
    milestones = (
        with_due_date(Milestone.objects.filter(program_id__in=by_program, owner=user))
        .exclude(status__in=CLOSED)
        .select_related("workstream")
        .order_by("due", "pk")
    )
    section = WorkSection("programs.milestones", "Milestones you own", total=milestones.count())
    for m in milestones[:MY_WORK_LIMIT]:
        program = by_program[m.program_id]
        note = " · ".join(part for part in (m.workstream.name if m.workstream else "", m.get_status_display()) if part)
        section.items.append(
            WorkItem(program=program, action="Deliver", what="Milestone", title=m.title, due=m.due, note=note,
                     url=reverse("programs:milestone_detail", kwargs={"program_slug": program.slug,
                                                                      "milestone_id": m.pk}))
        )  # fmt: skip
    return [section] if section.total else []


def search_program_records(program: Program, query: str, limit: int) -> list[SearchHit]:
    """Milestones, risks, roles and workstreams matching the words typed: four queries."""
    slug = {"program_slug": program.slug}
    milestones = text_match(with_due_date(milestone_list(program)), ["title"], query).order_by("-rank", "due")
    risks = text_match(risk_list(program), ["code", "title", "cause", "consequence", "mitigation"], query)
    roles = text_match(role_list(program), ["code", "name", "description"], query).order_by("-rank", "code")
    workstreams = text_match(program.workstreams.all(), ["name", "objective"], query).order_by("-rank", "position")
    hits = [
        SearchHit("Milestones", m.title, m.get_absolute_url(), f"{m.get_status_display()} · due {m.due:%d %b %Y}",
                  float(m.rank))
        for m in milestones[:limit]
    ]  # fmt: skip
    hits += [
        SearchHit("Risks", f"{r.code} {r.title}", r.get_absolute_url(), f"{r.band} · {r.get_status_display()}",
                  float(r.rank))
        for r in risks.order_by("-rank", "-score")[:limit]
    ]  # fmt: skip
    hits += [
        SearchHit("Roles", f"{r.code} – {r.name}", reverse("programs:role_detail", kwargs={**slug, "role_id": r.pk}),
                  r.get_side_display(), float(r.rank))
        for r in roles[:limit]
    ]  # fmt: skip
    hits += [
        SearchHit("Workstreams", w.name, reverse("programs:workstream_detail", kwargs={**slug, "workstream_id": w.pk}),
                  w.objective, float(w.rank))
        for w in workstreams[:limit]
    ]  # fmt: skip
    return hits


# Across programs (the executive's portfolio, in people/): a constant number of queries whatever their number ---


@dataclass(frozen=True)
class ProgramHealth:
    overdue_milestones: int = 0
    risks_above_appetite: int = 0  # open risks scoring at or above the program's appetite


def program_health_by_program(program_ids) -> dict[int, ProgramHealth]:
    """program id → its overdue milestones and open risks above appetite, as its dashboard counts them: two
    queries for any number of programs (a program with neither is left out)."""
    overdue = dict(
        overdue_milestones(Milestone.objects.filter(program_id__in=program_ids))
        .order_by()
        .values("program_id")
        .annotate(n=Count("pk"))
        .values_list("program_id", "n")
    )
    above = dict(
        Risk.objects.filter(program_id__in=program_ids, status__in=OPEN_RISK, score__gte=F("program__risk_appetite"))
        .order_by()
        .values("program_id")
        .annotate(n=Count("pk"))
        .values_list("program_id", "n")
    )
    return {pid: ProgramHealth(overdue.get(pid, 0), above.get(pid, 0)) for pid in set(overdue) | set(above)}
