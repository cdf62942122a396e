"""The checks of severities and escalation paths (operating_model/escalation.py, pure)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from operating_model import escalation, sla
from operating_model.escalation import Severity, Step, check
from operating_model.sla import ALWAYS, BUSINESS

PROGRAM = 1


def step(level, after, *, role="SDK", program=PROGRAM, id=0):
    return Step(id or hash((level, after)) % 1000, level, level, role, program, after)


def severity(level, response, *steps, restore=None, clock="24x7"):
    return Severity(level, level, "Critical" if level == 1 else "High", clock, response, restore, tuple(steps))


@pytest.mark.parametrize(
    ("sev", "messages"),
    [
        (severity(1, 15, step("L1", 0), step("L3", 15, role="TEL"), step("exec", 60, role="EXS")), []),
        (severity(1, 15, step("L1", 0), step("vendor", 30, role="TEL")), []),
        (
            severity(1, 15, step("L1", 0), step("L2", 15)),
            ["Sev 1 Critical escalates to no L3 or vendor step: a critical outage must reach the platform team"],
        ),
        (severity(1, 15), ["Sev 1 Critical escalates to no L3 or vendor step"]),
        (
            severity(2, 60, step("L1", 0), step("L2", 30), step("L3", 120, role="TEL")),
            ["Sev 2 High: the L2 step (SDK) fires after 30 min, before the response target of 1 h."],
        ),
        (
            severity(2, 60, step("L1", 0), step("L3", 0, role="TEL")),
            ["Sev 2 High: the L3 step (TEL) fires immediately, before the response target of 1 h."],
        ),
        (
            severity(3, 240, step("L1", 0), step("L2", 120), clock="business_hours"),
            [
                "Sev 3 High: the L2 step (SDK) fires after 2 business hours, before the response target of 4 business "
                "hours."
            ],
        ),
        (
            severity(2, 60, step("L1", 0), step("L2", 60, role="XYZ", program=2)),
            ["Sev 2 High: the L2 step's role XYZ is not a role of this program."],
        ),
        (
            severity(2, 60, step("L1", 0), restore=30),
            ["Sev 2 High: the restore target (30 min) is shorter than the response target (1 h)."],
        ),
        (severity(4, None, step("L1", 0), step("L2", 0)), []),  # no response target: nothing to fire before
    ],
)
def test_severity_checks(sev, messages):
    found = [f.message for f in check([sev], program_id=PROGRAM)]
    assert len(found) == len(messages)
    for message, expected in zip(found, messages, strict=True):
        assert message.startswith(expected)


def test_findings_come_in_severity_order_and_name_their_step():
    sev1 = severity(1, 15, step("L1", 0, id=11))
    sev2 = severity(2, 60, step("L2", 10, id=22))
    found = check([sev2, sev1], program_id=PROGRAM)
    assert [(f.severity_id, f.step_id) for f in found] == [(1, None), (2, 22)]


# Timed on the severity's clock ---------------------------------------------------------------------------------

MON = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)  # a Monday


@pytest.mark.parametrize(
    ("opened", "minutes", "clock", "fires"),
    [
        (MON.replace(hour=10), 60, BUSINESS, MON.replace(hour=11)),
        (MON.replace(hour=10), 0, BUSINESS, MON.replace(hour=10)),
        (MON.replace(hour=16, minute=30), 60, BUSINESS, MON.replace(day=24, hour=9, minute=30)),  # overnight
        (MON.replace(hour=16, minute=59), 1, BUSINESS, MON.replace(hour=17)),  # due at closing, not the next day
        (MON.replace(hour=17), 480, BUSINESS, MON.replace(day=24, hour=17)),  # opened after hours: from 09:00
        (MON.replace(hour=7, minute=45), 0, BUSINESS, MON.replace(hour=9)),  # before opening: at opening
        (MON.replace(day=27, hour=16), 120, BUSINESS, MON.replace(day=30, hour=10)),  # Friday → Monday
        (MON.replace(day=28, hour=12), 30, BUSINESS, MON.replace(day=30, hour=9, minute=30)),  # Saturday
        (MON.replace(day=29, hour=23), 0, BUSINESS, MON.replace(day=30, hour=9)),  # Sunday night
        (MON.replace(day=25, hour=10), 5 * 480, BUSINESS, MON.replace(day=25, hour=10) + dt.timedelta(days=7)),
        (MON.replace(day=27, hour=23), 120, ALWAYS, MON.replace(day=28, hour=1)),  # 24×7: Friday night is time
        (MON.replace(day=28, hour=12), 30, ALWAYS, MON.replace(day=28, hour=12, minute=30)),
    ],
)
def test_escalation_steps_fire_on_the_severitys_clock(opened, minutes, clock, fires):
    assert sla.due_at(opened, minutes, clock) == fires
    assert escalation.fires_at(opened, [(7, minutes)], clock) == {7: fires}


def test_business_hours_keep_the_time_zone_of_the_opening():
    opened = dt.datetime(2026, 11, 27, 16, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert sla.due_at(opened, 90, BUSINESS) == dt.datetime(2026, 11, 30, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.mark.parametrize(
    ("minutes", "clock", "text"),
    [(0, BUSINESS, "at once"), (240, BUSINESS, "after 4 business hours"), (480, BUSINESS, "after 1 business day"),
     (240, ALWAYS, "after 4 h"), (90, ALWAYS, "after 1 h 30 min")],
)  # fmt: skip
def test_a_steps_delay_reads_on_its_clock(minutes, clock, text):
    assert escalation.after_text(minutes, clock) == text
