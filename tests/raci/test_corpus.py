"""The corpus of workbooks laid out as other people lay them out: each is read as a person reads it, or refused
with its real cause; no letter is lost without a word."""

import pytest

from connectmobilize.lib.spreadsheets import SpreadsheetError
from raci.spreadsheet import parse_workbook
from tests.raci.workbooks.corpus import CASES, Case, strict_open_xml


def _letters(parsed, row) -> str:
    return " ".join(row.cells.get(i, ".") for i in range(len(parsed.roles)))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_layout_is_read_as_a_person_reads_it(case: Case):
    if case.refused:
        with pytest.raises(SpreadsheetError, match=case.refused):
            parse_workbook(case.data(), kind=case.kind, reading=case.reading)
        return
    parsed = parse_workbook(case.data(), kind=case.kind, reading=case.reading)
    assert parsed.sheet == case.sheet
    assert parsed.roles == case.roles
    assert [(r.group, r.name, _letters(parsed, r)) for r in parsed.rows] == case.rows
    assert parsed.errors == case.errors
    for expected in case.notices:
        assert any(expected in notice for notice in parsed.notices), (expected, parsed.notices)
    for expected in case.ignored:
        assert any(expected in line for line in parsed.ignored), (expected, parsed.ignored)
    if not case.ignored:
        assert parsed.ignored == []


def test_the_corpus_covers_at_least_25_layouts():
    assert len(CASES) >= 25


def test_a_strict_open_xml_workbook_is_refused_with_what_to_do():
    with pytest.raises(SpreadsheetError, match=r'Strict Open XML Spreadsheet.*save it as "Excel Workbook'):
        parse_workbook(strict_open_xml(), kind="RACI")
