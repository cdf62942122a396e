"""The heavy pages run the same number of queries with 3 or 30 rows (no N+1)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import MilestoneFactory, RiskFactory, RoleFactory, UserFactory, WorkstreamFactory

PAGES = ["dashboard", "milestone_list", "milestone_timeline", "risk_list", "workstream_list", "role_list"]


def add_rows(program, n, offset):
    today = timezone.localdate()
    for i in range(n):
        ws = WorkstreamFactory(program=program, lead=UserFactory())
        m = MilestoneFactory(
            program=program,
            workstream=ws,
            owner=UserFactory(),
            baseline_date=today + dt.timedelta(days=i - n // 2),
            forecast_date=today + dt.timedelta(days=i),
        )
        m.depends_on.add(*program.milestones.exclude(pk=m.pk)[:2])
        RiskFactory(
            program=program,
            code=f"X-{offset + i}",
            likelihood=1 + i % 5,
            impact=1 + (i * 3) % 5,
            owner=UserFactory(),
            owner_role=RoleFactory(program=program),
            workstream=ws,
        )


def queries(client, program, page):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(f"programs:{page}", kwargs={"program_slug": program.slug}))
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_rows(client_for, program, manager, page):
    client = client_for(manager)
    add_rows(program, 3, 0)
    small = queries(client, program, page)
    add_rows(program, 30, 100)
    large = queries(client, program, page)
    assert small == large, f"{page}: {small} queries with 3 rows, {large} with 33"
    assert large <= 15, f"{page}: {large} queries"
