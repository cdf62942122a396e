"""RACI imports of hostile and careless workbooks: refused in words, and nothing dropped without a word."""

import pytest

from connectmobilize.lib.models import JobStatus
from raci import services
from raci.models import MatrixImport
from raci.spreadsheet import parse_workbook
from tests.raci.workbooks import many_sheets, messy_sheet, package, simple, undimensioned_sheet_reaching_far, xlsx


def test_a_formula_without_a_saved_value_is_named_by_cell_not_read_as_blank():
    def build(workbook):
        ws = workbook.active
        ws.title = "RACI"
        ws.append(["Phase", "Activity", "CCO", "ADM"])
        ws.append(["Plan", "Go-live", "A", '=IF(1=1,"R","C")'])  # written by a script: no result is stored

    parsed = parse_workbook(xlsx(build), kind="RACI")
    assert parsed.rows[0].cells == {0: "A"}
    assert parsed.ignored == [
        "RACI!D2: formula without a saved value, read as blank; open the file in Excel and save it so its "
        "results are stored, or type the value."
    ]


def test_a_cell_showing_an_error_is_named_by_cell_not_read_as_blank():
    sheet = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Activity</t></is></c><c r="B1" t="inlineStr"><is><t>CCO</t></is>'
        '</c><c r="C1" t="inlineStr"><is><t>ADM</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Go-live'
        '</t></is></c><c r="B2" t="inlineStr"><is><t>A</t></is></c><c r="C2" t="e"><f>VLOOKUP(A2,X!A:B,2,0)</f>'
        "<v>#N/A</v></c></row>"
    )
    parsed = parse_workbook(package({"RACI": sheet}), kind="RACI")
    assert parsed.rows[0].cells == {0: "A"}
    assert parsed.ignored == [
        "RACI!C2: the cell shows the error #N/A, read as blank; correct the formula or type the value."
    ]


def test_a_letter_under_a_column_without_a_header_is_named_by_cell():
    data = simple([("Plan", "Go-live", "A", "R", "C"), ("Plan", "Cutover", "A", "R", "")], roles=("CCO", "ADM", None))
    parsed = parse_workbook(data, kind="RACI")
    assert parsed.roles == ["CCO", "ADM"]
    assert parsed.ignored == [
        'Sheet1!E2: "C" is under a column with no header, so it is not imported; name the column (a role code or '
        "name) to import it."
    ]
    assert parsed.errors == []


def test_what_a_sheet_legitimately_leaves_out_is_not_reported():
    # Title rows, a super-header, notes below the table and a legend sheet are not the table's cells.
    assert parse_workbook(xlsx(messy_sheet), kind="RASCI").ignored == []
    numbered = simple([("1", "Plan", "Go-live", "A", "R")], roles=("CCO", "ADM"), header=("#", "Phase", "Activity"))
    assert parse_workbook(numbered, kind="RACI").ignored == []


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (undimensioned_sheet_reaching_far(), "more than 2,000,000 cells (sheet RACI reaches XFD"),
        (many_sheets(35, rows=4000, columns=15), "more than 2,000,000 cells"),
    ],
    ids=["sheet-reaching-xfd1048576", "cells-spread-over-35-sheets"],
)
def test_a_hostile_workbook_fails_its_import_job_in_words(run_tasks, program, lead, data, says):
    job = run_tasks(services.matrix_import_start, program=program, user=lead, filename="x.xlsx", data=data,
                    new_name="Hostile", new_kind="RACI")  # fmt: skip
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert says in job.error
    assert MatrixImport.objects.get(pk=job.pk).matrix is None


def test_the_parse_result_reads_back_as_it_was_stored():
    import json
    from dataclasses import asdict

    from raci.spreadsheet import ParsedMatrix
    from tests.raci.workbooks import large_matrix

    parsed = parse_workbook(large_matrix(30, 6), kind="RACI")
    parsed.ignored.append("Sheet1!H8: example")
    parsed.rows[0].cells[5] = "AR"
    stored = json.loads(json.dumps(parsed.to_json()))  # as the job's JSON column gives it back
    assert ParsedMatrix.from_json(stored) == parsed
    # A job stored before the cells were written as one text still reads.
    assert ParsedMatrix.from_json(json.loads(json.dumps(asdict(parsed)))) == parsed
