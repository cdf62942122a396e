"""Fixtures of the people & change tests: stakeholders, sponsor activity, executive pages, assessments, comms."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from people import services
from people.models import Stakeholder
from tests.factories import GoLiveEventFactory

SCORES = ("awareness", "desire", "knowledge", "ability", "reinforcement")


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


@pytest.fixture
def agents(program):
    return Stakeholder.objects.create(program=program, name="Agents (voice)", kind="group", population=620)


@pytest.fixture
def supervisors(program):
    return Stakeholder.objects.create(program=program, name="Contact-center supervisors", kind="group", population=45)


@pytest.fixture
def cio(program):
    return Stakeholder.objects.create(program=program, name="CIO", kind="individual")


def scores(*values):
    return dict(zip(SCORES, values, strict=True))


def days_ago(n):
    return timezone.localdate() - dt.timedelta(days=n)


def people_url(name, program, **kwargs):
    return reverse(f"people:{name}", kwargs={"program_slug": program.slug, **kwargs})


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
