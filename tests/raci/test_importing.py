"""The import plan, pure: what a sheet would change in a matrix."""

from raci import rules
from raci.importing import (
    CurrentActivity,
    CurrentMatrix,
    Plan,
    Preview,
    ProgramRole,
    new_role_code,
    plan_import,
    resolve,
    suggest_mapping,
)
from raci.spreadsheet import ParsedMatrix, ParsedRow

ROLES = [ProgramRole(1, "CCO", "Contact Center Operations Manager"), ProgramRole(2, "ADM", "Connect admin")]


def test_headers_are_matched_by_code_name_or_code_with_a_title():
    assert suggest_mapping(["cco", "Connect Admin", "Vendor"], ROLES) == [1, 2, None]
    assert suggest_mapping(["ADM – routing admin", "CCO (ops)"], ROLES) == [2, 1]


def test_a_role_is_suggested_for_the_first_column_naming_it_only():
    # Two columns on one role would put one column's letters over the other's: the later one is a new role.
    headers = ["cco", "Connect Admin", "ADM – routing admin", "Vendor", "CCO (ops)"]
    assert suggest_mapping(headers, ROLES) == [1, 2, None, None, None]


def test_a_header_naming_a_role_by_the_short_form_of_its_name_is_that_role():
    roles = [ProgramRole(1, "EXS", "Executive Sponsor (VP Customer Operations)"),
             ProgramRole(2, "PGL", "Program Lead / Single-Threaded Owner"),
             ProgramRole(3, "TL1", "Team Lead (East)"), ProgramRole(4, "TL2", "Team Lead (West)"),
             ProgramRole(5, "PO", "Product Owner - Contact Center Platform")]  # fmt: skip
    headers = ["Executive Sponsor", "program lead", "Single-Threaded Owner", "Team Lead", "Team Lead (West)",
               "Product Owner"]  # fmt: skip
    # "Single-Threaded Owner" is PGL again: one column per role; "Team Lead" could be either: not guessed.
    assert suggest_mapping(headers, roles) == [1, 2, None, None, 4, 5]


def test_new_role_codes_are_short_and_unique():
    assert new_role_code("tel", set()) == "TEL"
    assert new_role_code("Workforce Management Lead", set()) == "WML"
    assert new_role_code("Workforce Management Lead", {"wml"}) == "WML2"


def sheet(*rows):
    return ParsedMatrix(
        sheet="S", header_row=1, roles=["CCO", "ADM"],
        rows=[ParsedRow(row=n + 2, group=g, name=name, cells=cells) for n, (g, name, cells) in enumerate(rows)],
    )  # fmt: skip


CURRENT = CurrentMatrix(
    columns=[1, 2],
    activities=[
        CurrentActivity(10, "Plan", "Design flows", ""),
        CurrentActivity(11, "Plan", "Train agents", ""),
        CurrentActivity(12, "Run", "Old task", ""),
    ],
    letters={10: {1: "A", 2: "R"}, 11: {1: "AR"}, 12: {1: "A", 2: "R"}},
)
LABELS = {1: "CCO", 2: "ADM"}


def plan_for(parsed):
    return plan_import(resolve(parsed, [1, 2], CURRENT), CURRENT, LABELS)


def test_the_same_content_plans_nothing():
    same = sheet(("Plan", "Design flows", {0: "A", 1: "R"}), ("Plan", "Train agents", {0: "AR"}),
                 ("Run", "Old task", {0: "A", 1: "R"}))  # fmt: skip
    assert plan_for(same).is_empty


def test_added_changed_removed_and_reordered_are_all_seen():
    plan = plan_for(
        sheet(
            ("Plan", "train  AGENTS", {0: "A", 1: "R"}),  # matched despite case and spacing; letters changed
            ("Build", "Design flows", {0: "A", 1: "R"}),  # regrouped
            ("Run", "Hypercare", {1: "AR"}),  # new
        )
    )
    assert plan.added_activities == ["Hypercare"]
    assert plan.removed_activities == ["Old task"] and plan.letters_of_removed == 2
    assert set(plan.updated_activities) == {"Train agents → train  AGENTS", "Design flows (phase Plan → Build)"}
    assert [(c.activity, c.role, c.before, c.after) for c in plan.cell_changes] == [
        ("train  AGENTS", "CCO", "AR", "A"),
        ("train  AGENTS", "ADM", "", "R"),
        ("Hypercare", "ADM", "", "AR"),
    ]
    assert plan.reordered
    assert plan.counts == {"added": 3, "changed": 3, "removed": 3}


def test_a_column_left_out_of_the_sheet_is_removed_with_its_letters():
    parsed = ParsedMatrix(sheet="S", header_row=1, roles=["CCO"], rows=[
        ParsedRow(row=2, group="Plan", name="Design flows", cells={0: "A"}),
        ParsedRow(row=3, group="Plan", name="Train agents", cells={0: "AR"}),
        ParsedRow(row=4, group="Run", name="Old task", cells={0: "A"}),
    ])  # fmt: skip
    plan = plan_import(resolve(parsed, [1], CURRENT), CURRENT, LABELS)
    assert plan.removed_columns == ["ADM"]
    assert [(c.activity, c.role, c.before, c.after) for c in plan.cell_changes] == [
        ("Design flows", "ADM", "R", ""),
        ("Old task", "ADM", "R", ""),
    ]


def test_a_row_renamed_in_our_export_is_still_its_activity_by_the_id_written_on_it():
    renamed = sheet(("Plan", "Design the IVR flows", {0: "A", 1: "R"}), ("Plan", "Train agents", {0: "AR"}),
                    ("Run", "Old task", {0: "A", 1: "R"}))  # fmt: skip
    renamed.rows[0].ref = 10
    renamed.rows[2].ref = 10  # the row copied with its id: the id counts once, this row is matched by its name
    resolved = resolve(renamed, [1, 2], CURRENT)
    assert [row.activity_id for row in resolved.rows] == [10, 11, 12]

    copied = sheet(("Plan", "Design flows (east)", {0: "A"}), ("Plan", "Design flows", {0: "A", 1: "R"}))
    copied.rows[0].ref = copied.rows[1].ref = 10  # the copy, renamed, put above its original
    assert [row.activity_id for row in resolve(copied, [1, 2], CURRENT).rows] == [None, 10]
    plan = plan_import(resolved, CURRENT, LABELS)
    assert plan.updated_activities == ["Design flows → Design the IVR flows"]
    assert plan.added_activities == [] and plan.removed_activities == [] and plan.cell_changes == []


def test_an_id_that_is_not_of_this_matrix_is_no_match():
    foreign = sheet(("Plan", "Design the IVR flows", {0: "A", 1: "R"}))
    foreign.rows[0].ref = 99  # exported from another matrix
    assert [row.activity_id for row in resolve(foreign, [1, 2], CURRENT).rows] == [None]


def test_the_preview_lists_the_first_rule_errors_and_counts_them_all():
    findings = [
        rules.Finding("V1", rules.ERROR, f'Row {n} "Step {n}" has no Accountable.', row_id=n) for n in range(23)
    ]
    preview = Preview.of(Plan(), findings=[*findings, rules.Finding("V5", rules.WARNING, "Too many R.")])
    assert len(preview.rule_errors) == Preview.SHOWN_ERRORS == 20 and preview.more_rule_errors == 3
    assert preview.rule_counts == {"errors": 23, "warnings": 1}
