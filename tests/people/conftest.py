import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from people.models import Stakeholder

SCORES = ("awareness", "desire", "knowledge", "ability", "reinforcement")


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
