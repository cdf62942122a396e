"""The checks of severities and escalation paths (operating_model/escalation.py, pure)."""

import pytest

from operating_model.escalation import Severity, Step, check

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
