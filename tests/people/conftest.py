import datetime as dt

import pytest
from django.utils import timezone

from people import services
from tests.factories import GoLiveEventFactory


def stakeholder(program, name="Agents (voice)", **fields):
    defaults = {"kind": "group", "population": 620, "commitment_current": "aware", "commitment_desired": "adopted"}
    return services.stakeholder_create(program=program, name=name, **{**defaults, **fields})


@pytest.fixture
def soon(program):
    """A go-live window that starts in ten days (inside rule 8's fourteen)."""
    starts = timezone.now() + dt.timedelta(days=10)
    return GoLiveEventFactory(program=program, name="Wave 1", starts_at=starts, ends_at=starts + dt.timedelta(hours=6))


@pytest.fixture
def later(program):
    starts = timezone.now() + dt.timedelta(days=40)
    return GoLiveEventFactory(program=program, name="Wave 2", starts_at=starts, ends_at=starts + dt.timedelta(hours=6))
