"""People & change: selectors."""

# Sponsor activity and the executive's pages (branch `executive`) ---------------------------------------------

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from connectmobilize.lib.access import Access
from governance import selectors as governance
from programs import selectors as programs
from programs.models import Program
from readiness import selectors as readiness

from . import sponsor_roadmap
from .models import SponsorActivity, SponsorRoadmapItem, WeeklySummaryReceipt, WeeklySummarySubscription
from .portfolio import PortfolioLine, portfolio_lines


def roadmap_items(program: Program) -> QuerySet[SponsorRoadmapItem]:
    """The program's sponsor roadmap, soonest first, each with `is_done` (an activity recorded against it)."""
    done = SponsorActivity.objects.filter(planned=OuterRef("pk"))
    return (
        SponsorRoadmapItem.objects.filter(program=program)
        .select_related("sponsor", "program")
        .annotate(is_done=Exists(done))
        .order_by("planned_on", "pk")
    )


def sponsor_activities(program: Program) -> QuerySet[SponsorActivity]:
    return SponsorActivity.objects.filter(program=program).select_related("sponsor", "planned", "program")


def sponsor_choices(program: Program):
    """Who may be named as a sponsor: the program's executives and managers."""
    return (
        get_user_model()
        .objects.filter(memberships__program=program, memberships__access__in=[Access.EXECUTIVE, Access.MANAGER])
        .order_by("first_name", "last_name", "username")
    )


def sponsor_tallies(program_ids) -> dict[int, sponsor_roadmap.Tally]:
    """program id → planned versus done up to today: two queries for any number of programs."""
    today = timezone.localdate()
    done = SponsorActivity.objects.filter(planned=OuterRef("pk"))
    plans = [
        (program_id, sponsor_roadmap.Planned(pk, sponsor_id, planned_on, is_done, cancelled))
        for pk, program_id, sponsor_id, planned_on, is_done, cancelled in SponsorRoadmapItem.objects.filter(
            program_id__in=program_ids
        )
        .annotate(is_done=Exists(done))
        .values_list("pk", "program_id", "sponsor_id", "planned_on", "is_done", "cancelled")
    ]
    acts = [
        (program_id, sponsor_roadmap.Done(sponsor_id, done_on, planned_id))
        for program_id, sponsor_id, done_on, planned_id in SponsorActivity.objects.filter(
            program_id__in=program_ids
        ).values_list("program_id", "sponsor_id", "done_on", "planned_id")
    ]
    by_program: dict[int, tuple[list, list]] = {}
    for program_id, plan in plans:
        by_program.setdefault(program_id, ([], []))[0].append(plan)
    for program_id, act in acts:
        by_program.setdefault(program_id, ([], []))[1].append(act)
    return {pid: sponsor_roadmap.tally(p, a, today=today) for pid, (p, a) in by_program.items()}


def _planned(item: Any) -> sponsor_roadmap.Planned:
    """A roadmap item loaded by roadmap_items() (it carries `is_done`) as the pure module takes it."""
    return sponsor_roadmap.Planned(item.pk, item.sponsor_id, item.planned_on, bool(item.is_done), item.cancelled)


@dataclass(frozen=True)
class SponsorMonth:
    sponsor: Any  # the user
    row: sponsor_roadmap.MonthRow


def sponsor_months(program: Program, items: list[SponsorRoadmapItem], activities: list[SponsorActivity]):
    """Planned versus done per sponsor and month, from the lists the page already loaded (no query)."""
    today = timezone.localdate()
    planned = [_planned(i) for i in items]
    done = [sponsor_roadmap.Done(a.sponsor_id, a.done_on, a.planned_id) for a in activities]
    people = {i.sponsor_id: i.sponsor for i in items} | {a.sponsor_id: a.sponsor for a in activities}
    rows = sponsor_roadmap.by_sponsor_and_month(planned, done, today=today)
    return [SponsorMonth(people[row.sponsor_id], row) for row in rows]


def sponsor_tally(items: list[SponsorRoadmapItem], activities: list[SponsorActivity]) -> sponsor_roadmap.Tally:
    planned = [_planned(i) for i in items]
    done = [sponsor_roadmap.Done(a.sponsor_id, a.done_on, a.planned_id) for a in activities]
    return sponsor_roadmap.tally(planned, done, today=timezone.localdate())


# The executive's portfolio and program page ------------------------------------------------------------------


def people_readiness(program_ids) -> tuple[dict | None, dict | None]:
    """The two people-readiness columns: (worst ADKAR barrier, commitment gaps) by program id.

    WIRED AT MERGE: people.selectors.worst_adkar_barrier_by_program(ids) and commitment_gaps_by_program(ids)
    are written by the other people helpers; return them here. Until then: None, None (shown as "not wired")."""
    return None, None


def portfolio(programs_shown: list[Program]) -> list[PortfolioLine]:
    """One line per program: a constant number of queries whatever the number of programs or events
    (programs 2, readiness 4, governance 1, sponsor activity 2, plus what people_readiness adds)."""
    ids = [p.pk for p in programs_shown]
    adkar, gaps = people_readiness(ids)
    return portfolio_lines(
        programs_shown,
        go_lives=readiness.next_go_live_by_program(ids),
        health=programs.program_health_by_program(ids),
        sponsor=sponsor_tallies(ids),
        decisions=governance.waiting_decisions_by_program(ids),
        worst_adkar_barrier=adkar,
        commitment_gaps=gaps,
    )


HOME_IS_PORTFOLIO = Access.EXECUTIVE
WORKERS = (Access.LEAD, Access.SI)  # who keep landing on "My work" even where they are also an executive


def executive_landing(memberships) -> str | None:
    """The portfolio, for an executive of any program who is not a lead or SI in another (they have work)."""
    accesses = {m.access for m in memberships}
    if HOME_IS_PORTFOLIO in accesses and not accesses & set(WORKERS):
        return reverse("executive:portfolio")
    return None


def portfolio_programs(user) -> list[Program]:
    """Every program the user is a member of (and none other), by name."""
    return list(programs.program_list_for(user))


def top_people_risks(program: Program, *, top: int = 5):
    """The open people & change risks (is_change_issue), highest score first."""
    return list(programs.open_risks(program).filter(is_change_issue=True).order_by("-score", "code")[:top])


def event_trends(program: Program):
    return readiness.event_trends(program)


TREND_DAYS = readiness.TREND_DAYS_DRAWN


def weekly_summary_wanted(user) -> bool:
    return WeeklySummarySubscription.objects.filter(user=user, active=True).exists()


def weekly_summary_recipients(week: dt.date):
    """Active users who asked for the weekly summary, have an email and a program, and were not sent this week's."""
    sent = WeeklySummaryReceipt.objects.filter(week=week).values("user_id")
    return (
        get_user_model()
        .objects.filter(weekly_summary__active=True, is_active=True, memberships__isnull=False)
        .exclude(email="")
        .exclude(pk__in=sent)
        .distinct()
        .order_by("pk")
    )
