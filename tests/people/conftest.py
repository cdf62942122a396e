"""Fixtures of the people & change tests: sponsor activity, executive pages, assessments and comms."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from people import services
from people.models import Stakeholder

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
