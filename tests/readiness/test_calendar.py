"""Change-calendar clashes and CAB approval as readiness criteria."""

import datetime as dt

import pytest
from django.utils import timezone

from readiness.calendar import Window, cab_problem, calendar_clashes
from readiness.models import ChangeRequest, ChangeWindow
from readiness.selectors import event_readiness
from tests.factories import GoLiveEventFactory, ProgramFactory

T0 = dt.datetime(2027, 1, 22, 22, 0, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("window", "clash"),
    [
        (Window("Year-end freeze", "freeze", T0 - 10 * H, T0 + H), "overlaps the freeze “Year-end freeze”"),
        (Window("Billing run", "blackout", T0 + 5 * H, T0 + 8 * H), "overlaps the blackout “Billing run”"),
        (Window("Wave 2", "go_live", T0 + 2 * H, T0 + 4 * H), "overlaps another go-live “Wave 2”"),
        (Window("Patch night", "maintenance", T0, T0 + 6 * H), None),  # maintenance windows do not forbid changes
        (Window("Before", "freeze", T0 - 10 * H, T0), None),  # touching is not overlapping
    ],
)
def test_calendar_clashes(window, clash):
    reasons = calendar_clashes(T0, T0 + 6 * H, [window])
    assert reasons[0].startswith(clash) if clash else reasons == []


@pytest.mark.parametrize(
    ("status", "start", "end", "problem"),
    [
        (None, None, None, "no cutover change request"),
        ("submitted", None, None, "is submitted, not approved"),
        ("approved", None, None, "does not say for which date"),
        ("approved", T0 + 24 * H, T0 + 30 * H, "does not cover the go-live window"),
        ("approved", T0 - H, T0 + 7 * H, None),
    ],
)
def test_cab_approval_must_cover_the_window(status, start, end, problem):
    found = cab_problem(start=T0, end=T0 + 6 * H, status=status, approved_start=start, approved_end=end)
    assert (problem in found) if problem else found is None


def test_an_organisation_wide_freeze_blocks_every_programs_go_live(db):
    program = ProgramFactory()
    starts = timezone.now() + dt.timedelta(days=40)
    event = GoLiveEventFactory(program=program, starts_at=starts, ends_at=starts + 4 * H)
    ChangeRequest.objects.create(event=event, number="CHG-9", status="approved", approved_start=starts,
                                 approved_end=starts + 4 * H)  # fmt: skip
    ChangeWindow.objects.create(name="Year-end freeze", kind="freeze", starts_at=starts - 48 * H, ends_at=starts + H)
    readiness = event_readiness(event)
    calendar = next(c for c in readiness.program_criteria if c.key == "calendar")
    assert calendar.is_open_blocker and "Year-end freeze" in calendar.explanation
    assert readiness.result.outcome.value == "no_go"
