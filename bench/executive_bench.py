"""The executive's portfolio (issue #11): 50 programs, each with a scored next go-live, overdue milestones, risks
above appetite, a sponsor roadmap and a decision waiting ÷ a trivial page (the roles list of one program), same
client. Goal ≤ 20. Timed as in pages_bench: outside the test environment's template instrumentation."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bench.pages_bench import as_in_production
from bench.run import fetcher, ratio
from connectmobilize.lib.access import Access
from governance.models import Decision
from people import services as people_services
from programs import services as program_services
from programs.models import Membership, Milestone
from readiness.models import GoLiveEvent, ReadinessSnapshot

PROGRAMS = 50
NAME = "executive_portfolio_ratio"


def _portfolio(user, n: int) -> str:
    """n programs the user is the executive of; returns the trivial page's URL (one program's roles)."""
    today, now = timezone.localdate(), timezone.now()
    manager = get_user_model().objects.create_user("executive-bench-manager")
    first = None
    for i in range(n):
        program = program_services.program_create(creator=manager, name=f"Portfolio bench {i:02d}")
        Membership.objects.create(program=program, user=user, access=Access.EXECUTIVE)
        first = first or program
        for e in range(2):
            event = GoLiveEvent.objects.create(program=program, name=f"Wave {e + 1}",
                                               starts_at=now + dt.timedelta(days=20 + 30 * e),
                                               ends_at=now + dt.timedelta(days=20 + 30 * e, hours=4))  # fmt: skip
            ReadinessSnapshot.objects.bulk_create(
                ReadinessSnapshot(event=event, score=40 + d, outcome="no_go") for d in range(14)
            )
        Milestone.objects.create(program=program, title="Late", baseline_date=today - dt.timedelta(days=3))
        Decision.objects.create(program=program, number=1, title="Which wave first")
        for d in (-20, -5, 10):
            planned_on = today + dt.timedelta(days=d)
            item = people_services.roadmap_item_create(program=program, sponsor=user, kind="town_hall",
                                                       title="Town hall", planned_on=planned_on)  # fmt: skip
            if d == -20:
                people_services.sponsor_activity_record(program=program, sponsor=user, user=user, planned=item,
                                                        kind="town_hall", title="Town hall", done_on=today)  # fmt: skip
    return reverse("programs:role_list", args=[first.slug])


def run(selected):
    if selected and NAME not in selected:
        return
    user = get_user_model().objects.create_user("executive-bench")
    trivial = _portfolio(user, PROGRAMS)
    with as_in_production():
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        get = fetcher(client)
        portfolio = get(reverse("executive:portfolio"))
        assert portfolio().content.decode().count('<tr data-program="') == PROGRAMS  # warm, and the right page
        yield NAME, ratio(portfolio, get(trivial))[0]
