"""Fixtures of the sponsor activity and executive tests (branch `executive`)."""

import datetime as dt

import pytest
from django.utils import timezone

from people import services


@pytest.fixture
def executive(members):
    return members["executive"]


@pytest.fixture
def town_hall(program, executive):
    """A town hall on the roadmap, a week ago, not recorded yet (overdue)."""
    return services.roadmap_item_create(
        program=program, sponsor=executive, kind="town_hall", title="Town hall with the Leeds agents",
        planned_on=timezone.localdate() - dt.timedelta(days=7),
    )  # fmt: skip
