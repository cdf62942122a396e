"""Rule codes in words (a hover/focus text and a help page), and the rules that stay quiet in tiny matrices."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from raci import rule_texts, rules, services
from raci.rules import Column, ColumnCounts, Row, check, check_column, check_row
from tests.factories import RoleFactory


def help_url(program):
    return reverse("raci:rule_help", kwargs={"program_slug": program.slug})


# The clean sheet of the issue: 3 activities x 4 roles, every row with one A, one R, a C and an I.
TINY_CODES = ["PM", "DEV", "QA", "OPS"]
TINY_ROWS = [
    ("Plan the release", {"PM": "A", "DEV": "R", "QA": "C", "OPS": "I"}),
    ("Build the release", {"PM": "A", "DEV": "R", "QA": "C", "OPS": "I"}),
    ("Test the release", {"PM": "A", "QA": "R", "DEV": "C", "OPS": "I"}),
]


def test_a_clean_three_by_four_sheet_has_no_findings():
    columns = [Column(i, code) for i, code in enumerate(TINY_CODES)]
    index = {code: i for i, code in enumerate(TINY_CODES)}
    rows = [Row(n, name, {index[c]: v for c, v in cells.items()}) for n, (name, cells) in enumerate(TINY_ROWS)]
    assert check(kind="RACI", columns=columns, rows=rows) == []
    # The same sheet scaled up to 6 activities is big enough for the column rules to speak.
    bigger = rows + [Row(n + 3, f"{row.name} again", row.cells) for n, row in enumerate(rows)]
    assert {f.rule for f in check(kind="RACI", columns=columns, rows=bigger)} == {"V9", "V10", "V11", "V12"}


def row_findings(roles, cells):
    columns = [Column(i, f"R{i}") for i in range(roles)]
    return {f.rule for f in check_row(1, Row(1, "Step", dict(enumerate(cells))), columns=columns, kind="RACI")}


def column_findings(**counts):
    return {f.rule for f in check_column(Column(1, "PM"), ColumnCounts(**counts))}


QUIET_CASES = [
    # (rule, findings at the smallest size it speaks about, the same shape one size smaller)
    ("V7", lambda: row_findings(6, ["A", "R", "I", "I", "I", "I"]), lambda: row_findings(5, ["A", "R", "I", "I", "I"])),
    (
        "V9",
        lambda: column_findings(rows=5, filled=2, responsible=0, accountable=0),
        lambda: column_findings(rows=4, filled=2, responsible=0, accountable=0),
    ),
    (
        "V10",
        lambda: column_findings(rows=5, filled=3, responsible=3, accountable=0),
        lambda: column_findings(rows=4, filled=3, responsible=3, accountable=0),
    ),
    (
        "V11",
        lambda: column_findings(rows=5, filled=2, responsible=0, accountable=2),
        lambda: column_findings(rows=4, filled=2, responsible=0, accountable=2),
    ),
    (
        "V12",
        lambda: column_findings(rows=5, filled=5, responsible=1, accountable=1),
        lambda: column_findings(rows=4, filled=4, responsible=1, accountable=1),
    ),
]


@pytest.mark.parametrize(("rule", "at_size", "below"), QUIET_CASES, ids=[c[0] for c in QUIET_CASES])
def test_a_size_rule_speaks_from_its_minimum_and_is_quiet_below(rule, at_size, below):
    assert rule in at_size()
    assert rule not in below()


def test_every_quiet_rule_has_a_case_and_says_its_size_in_words():
    assert set(rules.QUIET_BELOW) == {case[0] for case in QUIET_CASES}
    assert rule_texts.BY_CODE["V11"].quiet_below == "Quiet in a matrix with fewer than 5 activities."
    assert rule_texts.BY_CODE["V7"].quiet_below == "Quiet in a matrix with fewer than 6 roles."
    assert rule_texts.BY_CODE["V1"].quiet_below == ""


def test_rules_that_always_apply_still_fire_in_a_tiny_matrix():
    assert {"V1", "V2"} <= row_findings(2, ["C", "I"])
    assert column_findings(rows=2, filled=0, responsible=0, accountable=0) == {"empty-column"}


def test_every_code_the_check_can_produce_is_explained():
    source = Path(rules.__file__).read_text()
    produced = set(re.findall(r'Finding\(\s*"([^"]+)"', source)) | {"V13", "V2"}
    assert produced <= set(rule_texts.BY_CODE)
    assert {f"V{n}" for n in range(1, 16)} <= set(rule_texts.BY_CODE)  # every rule of DOMAIN.md §4.2
    for rule in rule_texts.RULES:
        assert rule.meaning and rule.checks and rule.why and rule.fix


def test_the_help_page_lists_every_rule_with_what_why_and_how(
    client_for, program, viewer, django_assert_max_num_queries
):
    client = client_for(viewer)
    with django_assert_max_num_queries(8):
        response = client.get(help_url(program))
    assert response.status_code == 200
    page = response.content.decode()
    for rule in rule_texts.RULES:
        assert f'id="rule-{rule.code}"' in page
    v11 = page.split('id="rule-V11"')[1].split("</section>")[0]
    assert "Role Accountable for too much" in v11 and "Push accountability down" in v11
    assert "fewer than 5 activities" in v11


def test_the_grid_summary_explains_each_code_and_links_to_its_rule(client_for, program, viewer):
    matrix = services.matrix_create(program=program, name="Tiny", kind="RACI")
    role = RoleFactory(program=program, code="PM")
    services.column_add(matrix=matrix, role=role)
    plan = services.activity_add(matrix=matrix, name="Plan")
    services.cell_set(matrix=matrix, activity_id=plan.pk, role_id=role.pk, code="C", expected="")  # no A, no R
    page = client_for(viewer).get(matrix.get_absolute_url()).content.decode()
    summary = page.split('id="matrix-summary"')[1]
    link = f'href="{help_url(program)}#rule-V1" data-rule="V1">V1<span class="rule-tip" role="tooltip">'
    assert link + "Exactly one Accountable per activity</span></a>" in summary
    assert f'href="{help_url(program)}"' in page  # "What the rule codes mean"
