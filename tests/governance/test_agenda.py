"""The pure agenda builder: which sections each kind of routine gets, in what order, and how long lists end."""

import pytest

from governance import agenda
from governance.agenda import Inputs, Line

FULL = Inputs(
    risks=[Line("Supervisors resist the new QM process", ref="PCR-03", detail="score 16 High")],
    milestones=[Line("Number porting complete", detail="due 2 Nov, 21 days late")],
    decisions=[Line("Which sites go in wave 1", ref="D-004")],
    actions=[Line("Publish the hypercare rota")],
    issues=[Line("Agents cannot log in from site B", ref="I-01")],
    carried_over=[Line("Confirm the freeze dates with CAB")],
    readiness=Line("Wave 1: No-go (78%)", detail="open hard blockers: SI-12"),
)


def keys(kind, inputs=FULL):
    return [section["key"] for section in agenda.build(kind, inputs)]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("steering", ["carried_over", "readiness", "risks", "milestones", "decisions", "actions", "issues"]),
        ("pre_cab", ["carried_over", "readiness", "decisions", "actions", "issues"]),
        ("risk_review", ["carried_over", "risks", "issues", "actions"]),
        ("service_review", ["carried_over", "issues", "actions", "decisions"]),
        ("strategy", ["carried_over", "decisions", "milestones", "risks"]),
        ("hypercare", ["carried_over", "issues", "actions"]),
        ("other", ["carried_over", "risks", "milestones", "decisions", "actions"]),
        ("something new", ["carried_over", "risks", "milestones", "decisions", "actions"]),
    ],
)
def test_each_kind_of_routine_gets_its_sections_in_order(kind, expected):
    assert keys(kind) == expected


def test_only_steering_and_pre_cab_see_the_next_go_live():
    showing = {kind for kind in agenda.SECTIONS_BY_KIND if "readiness" in keys(kind)}
    assert showing == {"steering", "pre_cab"}


def test_an_empty_section_says_so_instead_of_vanishing():
    sections = {s["key"]: s for s in agenda.build("steering", Inputs())}
    assert sections["readiness"]["lines"] == [] and sections["readiness"]["empty"] == "No go-live event is planned."
    assert sections["risks"]["empty"].startswith("No open risk")


def test_lines_keep_what_the_page_shows_and_long_lists_end_with_a_count():
    many = Inputs(actions=[Line(f"Action {n}", link=f"/a/{n}", flag="danger") for n in range(40)])
    actions = next(s for s in agenda.build("hypercare", many, limit=15) if s["key"] == "actions")
    assert len(actions["lines"]) == 15 and actions["more"] == 25
    assert actions["lines"][0] == {"text": "Action 0", "ref": "", "detail": "", "link": "/a/0", "flag": "danger"}


def test_the_agenda_is_plain_data_that_freezes_as_json():
    import json

    built = agenda.build("steering", FULL)
    assert json.loads(json.dumps(built)) == built
