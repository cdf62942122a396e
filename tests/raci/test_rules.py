"""The rule engine, table-driven: the sample matrix is clean, and each variant breaks one rule."""

import pytest

from raci.letters import allowed_codes, parse_cell
from raci.rules import ERROR, INFO, WARNING, Column, Row, Thresholds, check, summarise
from raci.starting_matrices import STARTING_MATRICES


def matrix_from(codes, rows):
    columns = [Column(i, code) for i, code in enumerate(codes)]
    index = {code: i for i, code in enumerate(codes)}
    return columns, [Row(n, name, {index[c]: v for c, v in cells.items()}) for n, (name, cells) in enumerate(rows)]


def sample():
    codes, rows = STARTING_MATRICES["connect_migration"].load()
    return codes, [(name, cells) for _, name, cells in rows]


def test_the_sample_migration_matrix_has_no_errors_and_no_warnings():
    codes, rows = sample()
    assert len(rows) == 25 and len(codes) == 10
    columns, rows = matrix_from(codes, rows)
    assert check(kind="RASCI", columns=columns, rows=rows) == []


def rows_with(change):
    """The sample with one row (or the whole set) changed by `change`."""
    codes, rows = sample()
    rows = [(name, dict(cells)) for name, cells in rows]
    change(rows)
    return matrix_from(codes, rows)


def set_row(index, cells):
    def change(rows):
        rows[index] = (rows[index][0], cells)

    return change


CASES = [
    # (rule, severity, what the message says, change to the sample)
    ("V1", ERROR, "has 2 Accountables (CCO, PO)", set_row(8, {"CCO": "A", "PO": "A", "ADM": "R"})),
    ("V1", ERROR, "has no Accountable", set_row(8, {"CCO": "C", "SUP": "I", "ADM": "R"})),
    ("V2", ERROR, "has no Responsible", set_row(8, {"CCO": "A", "SUP": "I", "PO": "C"})),
    ("V13", ERROR, "Supportive roles but no Responsible", set_row(8, {"CCO": "A", "WFR": "S", "PO": "C"})),
    ("V3", ERROR, "combines letters", set_row(8, {"CCO": "AC", "ADM": "R", "PO": "C"})),
    ("V5", WARNING, "4 Responsibles", set_row(8, {"CCO": "A", "ADM": "R", "TEL": "R", "SDK": "R", "WFR": "R"})),
    (
        "V6",
        WARNING,
        "consults 6 roles",
        set_row(8, {"WFR": "AR", "EXS": "C", "PGL": "C", "CCO": "C", "PO": "C", "ADM": "C", "TEL": "C"}),
    ),
    (
        "V7",
        WARNING,
        "informs 6 of 10 roles",
        set_row(8, {"CCO": "AR", "EXS": "I", "PGL": "I", "PO": "I", "ADM": "I", "TEL": "C", "SDK": "I", "SUP": "I"}),
    ),
    ("V8", INFO, "neither consults nor informs", set_row(8, {"PO": "A", "ADM": "R"})),
    ("empty-row", WARNING, "has nobody involved", set_row(8, {})),
]


@pytest.mark.parametrize(("rule", "severity", "says", "change"), CASES, ids=[c[0] + ":" + c[2] for c in CASES])
def test_each_row_rule_is_found_explained_and_placed(rule, severity, says, change):
    columns, rows = rows_with(change)
    findings = [f for f in check(kind="RASCI", columns=columns, rows=rows) if f.rule == rule]
    assert len(findings) == 1, findings
    finding = findings[0]
    assert finding.severity == severity
    assert says in finding.message
    assert finding.message.startswith('Row 9 "Define routing/prompt/hours change request process and SLAs"')
    assert finding.row_id == 8


def test_an_s_in_a_raci_matrix_is_an_error_at_its_cell():
    columns, rows = rows_with(lambda rows: None)
    findings = [f for f in check(kind="RACI", columns=columns, rows=rows) if f.rule == "kind"]
    s_cells = sum(code == "S" for _, row in enumerate(rows) for code in row.cells.values())
    assert len(findings) == s_cells > 0
    assert all(f.severity == ERROR and f.row_id is not None and f.column_id is not None for f in findings)
    assert "S (Supportive) is not used in a RACI matrix" in findings[0].message


def test_an_earlier_draft_without_row_17_trips_v9_for_wfr():
    """DOMAIN.md §10.B: the regression the sample was built against."""
    codes, rows = sample()
    columns, rows = matrix_from(codes, [r for r in rows if not r[0].startswith("Go-live staffing plan")])
    findings = check(kind="RASCI", columns=columns, rows=rows)
    assert [(f.rule, f.column_id) for f in findings] == [("V9", codes.index("WFR"))]
    assert findings[0].message == "Role WFR is never Accountable or Responsible: is the role needed here?"


def column_case(codes_by_row, thresholds=None):
    columns = [Column(0, "X"), Column(1, "Y", "vendor")]
    rows = [Row(n, f"Activity {n}", cells) for n, cells in enumerate(codes_by_row)]
    thresholds = thresholds or Thresholds()
    return {f.rule for f in check(kind="RASCI", columns=columns, rows=rows, thresholds=thresholds) if f.column_id == 0}


def test_column_rules():
    base = [{1: "AR"}] * 10
    assert column_case([{0: "I", 1: "AR"}, *base[1:]]) == {"V9"}  # X never A or R
    assert column_case([{0: "R", 1: "A"}] * 5 + base[5:]) == {"V10"}  # X R on 5 of 10 > 40%
    assert column_case([{0: "A", 1: "R"}] * 4 + base[4:]) == {"V11"}  # X A on 4 of 10 > 30%
    assert column_case([{0: "C", 1: "AR"}] * 9 + [{0: "R", 1: "A"}]) == {"V12"}  # X in every row
    assert column_case(base) == {"empty-column"}
    assert column_case([{0: "A", 1: "R"}] * 4 + base[4:], Thresholds(max_accountable_share=0.5)) == set()


def test_accountable_external_role_is_warned():
    columns = [Column(0, "VND", "vendor"), Column(1, "OPS", "it")]
    findings = [
        f for f in check(kind="RACI", columns=columns, rows=[Row(1, "Patch", {0: "A", 1: "R"})]) if f.rule == "V4"
    ]
    assert len(findings) == 1 and (findings[0].row_id, findings[0].column_id) == (1, 0)
    assert "VND is Accountable but is a vendor" in findings[0].message


def test_summary_counts_by_severity():
    columns, rows = rows_with(set_row(8, {"CCO": "A", "ADM": "R"}))  # CCO now A on 8 of 25 rows, V8 on row 9
    summary = summarise(check(kind="RASCI", columns=columns, rows=rows))
    assert (summary.errors, summary.warnings, summary.infos, summary.ok) == (0, 1, 1, True)


@pytest.mark.parametrize(
    ("written", "code"),
    [("A/R", "AR"), ("r, a", "AR"), ("RA", "AR"), (" c ", "C"), ("", ""), ("-", ""), ("i", "I"), ("A+R", "AR")],
)
def test_letters_as_people_write_them(written, code):
    assert parse_cell(written) == code


@pytest.mark.parametrize(
    ("written", "says"), [("X", '"X" is not a RACI letter'), ("RR", "repeats"), ("Yes", "E, Y unknown")]
)
def test_what_is_not_a_letter_is_named(written, says):
    with pytest.raises(ValueError, match=says):
        parse_cell(written)


def test_allowed_codes_follow_the_kind():
    assert "S" in allowed_codes("RASCI") and "S" not in allowed_codes("RACI")
    assert allowed_codes("RACI")[0] == "AR"
