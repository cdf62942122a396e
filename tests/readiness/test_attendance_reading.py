"""Attendance workbooks read as Excel shows them: real dates, 1 for yes, and no formula read as blank."""

import datetime as dt

import pytest

from connectmobilize.lib.spreadsheets import SpreadsheetError
from readiness.attendance import parse_attendance
from tests.raci.workbooks import package, xlsx


def test_date_cells_and_numbers_read_as_the_sheet_shows_them():
    def build(workbook):
        ws = workbook.active
        ws.title = "Export"
        ws.append(["Email", "Course", "Date", "Attended"])
        ws.append(["ana@nw.example", "Agent CCP basics", dt.date(2026, 12, 1), 1])
        ws.append(["ben@nw.example", "Agent CCP basics", dt.datetime(2026, 12, 2, 9, 30), 0])  # noqa: DTZ001 - Excel has no time zones

    parsed = parse_attendance(xlsx(build), filename="x.xlsx")
    assert parsed.errors == []
    assert [(r.email, r.date, r.attended) for r in parsed.rows] == [
        ("ana@nw.example", "2026-12-01", True),
        ("ben@nw.example", "2026-12-02", False),
    ]


def test_a_formula_without_a_saved_value_is_named_not_taken_for_a_missing_answer():
    def build(workbook):
        ws = workbook.active
        ws.title = "Export"
        ws.append(["Email", "Course", "Date", "Attended"])
        ws.append(["ana@nw.example", "Agent CCP basics", "2026-12-01", '=IF(TRUE,"yes","no")'])

    parsed = parse_attendance(xlsx(build), filename="x.xlsx")
    assert parsed.errors[0].startswith("Export!D2: formula without a saved value, read as blank")
    assert parsed.rows == []


def test_a_cell_showing_an_error_is_named():
    sheet = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Email</t></is></c><c r="B1" t="inlineStr"><is><t>Course</t></is>'
        '</c><c r="C1" t="inlineStr"><is><t>Date</t></is></c><c r="D1" t="inlineStr"><is><t>Attended</t></is></c>'
        '</row><row r="2"><c r="A2" t="e"><v>#REF!</v></c></row>'
    )
    parsed = parse_attendance(package({"Export": sheet}), filename="x.xlsx")
    assert parsed.errors[0] == (
        "Export!A2: the cell shows the error #REF!, read as blank; correct the formula or type the value."
    )


def test_an_oversized_file_is_refused_by_the_one_size_rule():
    with pytest.raises(SpreadsheetError, match=r"The file is 5\.0 MB; the limit is 5 MB"):
        parse_attendance(b"x" * (5 * 1024 * 1024 + 1), filename="big.csv")
