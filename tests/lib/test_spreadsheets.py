"""Reading untrusted workbooks: every limit holds on the whole file, before and while it is read.

The hostile files here are small uploads that once kept a worker busy for minutes; each is now refused in
well under two seconds (measured in the report, not asserted: a timed unit test would flake on a busy machine).
"""

import io
import random
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl.utils import get_column_letter

from connectmobilize.lib.spreadsheets import SpreadsheetError, _survey, check_xlsx, read_sheets
from connectmobilize.lib.uploads import UploadTooLarge, read_upload
from tests.raci.workbooks import (
    MAIN,
    many_sheets,
    package,
    simple,
    undimensioned_sheet_reaching_far,
    with_extra_part,
    xlsx,
)


def test_a_small_sheet_without_dimension_reaching_row_a_million_and_column_xfd_is_refused_before_parsing():
    data = undimensioned_sheet_reaching_far()
    assert len(data) < 300_000
    with pytest.raises(SpreadsheetError, match=r"more than 2,000,000 cells \(sheet RACI reaches XFD\d+\)"):
        list(read_sheets(data))


def test_ninety_sheets_that_unpack_to_86_mb_are_refused_from_the_zip_directory():
    data = many_sheets(90, rows=4000, columns=16)
    assert len(data) < 800_000  # every part compresses about 120:1, under the per-part ratio check
    with pytest.raises(SpreadsheetError, match="has 90 sheets; at most 50 are accepted"):
        check_xlsx(data)


def test_sheets_hidden_in_another_folder_are_still_refused_by_the_total_unpacked_size():
    with pytest.raises(SpreadsheetError, match="unpacks to 86 MB, more than 80 MB"):
        check_xlsx(many_sheets(90, rows=4000, columns=16, folder="data"))


def test_a_workbook_listing_too_many_sheets_is_refused_while_reading():
    data = package({f"S{n}": '<row r="1"><c r="A1"><v>1</v></c></row>' for n in range(60)}, folder="data")
    check_xlsx(data)  # the directory shows no worksheets folder
    with pytest.raises(SpreadsheetError, match="has 60 sheets; at most 50"):
        list(read_sheets(data))


def test_cells_are_counted_across_all_sheets_before_any_is_parsed():
    data = many_sheets(35, rows=4000, columns=15)  # 2.1 million cells in 31 MB, 300 KB zipped
    check_xlsx(data)
    with pytest.raises(SpreadsheetError, match="more than 2,000,000 cells"):
        next(read_sheets(data))


def test_a_large_sheet_saved_without_cell_addresses_is_refused_with_what_to_do():
    with pytest.raises(SpreadsheetError, match=r"saved without cell addresses .* save it as \.xlsx"):
        next(read_sheets(many_sheets(1, rows=8000, columns=15)))


def test_a_value_far_to_the_right_is_refused_not_dropped():
    data = package(
        {"RACI": '<row r="1"><c r="A1" t="inlineStr"><is><t>Activity</t></is></c><c r="ZZ9"><v>1</v></c></row>'}
    )
    with pytest.raises(SpreadsheetError, match="value in column ZZ, beyond the 300 columns read"):
        list(read_sheets(data))


@pytest.mark.parametrize(
    "name", ["../evil.xml", "xl/../../evil.xml", "/etc/cron.d/evil", "C:/evil.xml", "..\\evil.xml"]
)
def test_parts_whose_names_climb_out_of_the_archive_are_refused(name):
    with pytest.raises(SpreadsheetError, match="points outside the file"):
        check_xlsx(with_extra_part(simple([("Plan", "Go-live", "A", "R")]), name))


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_two_parts_with_the_same_name_are_refused():
    data = with_extra_part(simple([("Plan", "Go-live", "A", "R")]), "xl/worksheets/sheet1.xml")
    with pytest.raises(SpreadsheetError, match="two parts with the same name"):
        check_xlsx(data)


def test_entity_definitions_are_refused_in_any_part():
    data = package(
        {"RACI": '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'},
        extra={"xl/sharedStrings.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><sst/>'},
    )
    with pytest.raises(SpreadsheetError, match="entity definitions, which are refused"):
        list(read_sheets(data))


def test_a_strict_open_xml_workbook_is_refused_with_what_to_do():
    data = package({"RACI": ""})
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/workbook.xml":  # Excel's "Strict Open XML" names another namespace
                content = content.replace(MAIN.encode(), b"http://purl.oclc.org/ooxml/spreadsheetml/main")
            archive.writestr(item, content)
    with pytest.raises(SpreadsheetError, match='save it as "Excel Workbook'):
        list(read_sheets(out.getvalue()))


ADDRESSED = (
    '<row r="2"><c r="B2" t="inlineStr"><is><t>Activity</t></is></c><c r="C2"><v>1</v></c></row>'
    '<row r="4"><c r="B4" s="1"/><c r="C4" t="str"><f>IF(1=1,"R","C")</f></c>'
    '<c r="D4" t="str"><f>"A"</f><v>A</v></c></row>'
)
# The same cells as some tools write them: a namespace prefix and no addresses (placed by order).
UNADDRESSED = (
    '<?xml version="1.0"?><x:worksheet xmlns:x="' + MAIN + '"><x:sheetData>'
    '<x:row r="2"><x:c s="1"></x:c><x:c t="inlineStr"><x:is><x:t>Activity</x:t></x:is></x:c><x:c><x:v>1</x:v></x:c>'
    '</x:row><x:row r="4"><x:c></x:c><x:c s="1"></x:c><x:c t="str"><x:f>IF(1=1,"R","C")</x:f></x:c>'
    '<x:c t="str"><x:f>"A"</x:f><x:v>A</x:v></x:c></x:row></x:sheetData></x:worksheet>'
)


@pytest.mark.parametrize("sheet_xml", [ADDRESSED, UNADDRESSED], ids=["addressed", "unaddressed"])
def test_cells_land_where_excel_shows_them_and_formulas_without_a_saved_value_are_named(sheet_xml):
    (sheet,) = read_sheets(package({"RACI": sheet_xml}))
    assert sheet.rows == [(), (None, "Activity", 1), (), (None, None, None, "A")]  # 1, not 1.0: as Excel shows it
    assert sheet.formulas_without_value == [(4, 3)]  # C4: read as blank, so named for the caller to report


def test_merged_ranges_and_blank_cells_are_given_as_a_person_sees_them():
    def build(workbook):
        ws = workbook.active
        ws.append(["Phase", "Activity", "IT", None])
        ws.merge_cells("C1:D1")
        ws.append(["Plan", "Go-live", "", "R"])

    (sheet,) = read_sheets(xlsx(build))
    assert sheet.merged == [(1, 3, 1, 4)]
    assert sheet.rows == [("Phase", "Activity", "IT"), ("Plan", "Go-live", None, "R")]


def test_an_upload_is_refused_from_its_size_and_never_read_past_the_limit():
    big = SimpleUploadedFile("raci.xlsx", b"x" * (5 * 1024 * 1024 + 10))
    with pytest.raises(UploadTooLarge, match=r"The file is 5\.0 MB; the limit is 5 MB"):
        read_upload(big)
    big.size = 10  # a size that lies is caught by what is read
    with pytest.raises(UploadTooLarge, match="the limit is 5 MB"):
        read_upload(big)
    assert read_upload(SimpleUploadedFile("a.csv", b"Email\n")) == b"Email\n"


def test_an_oversized_request_gets_a_413_page_before_its_body_is_read(client):
    body = b"x" * (11 * 1024 * 1024)
    response = client.generic("POST", "/accounts/login/", body, content_type="application/octet-stream")
    assert response.status_code == 413
    assert "The upload is 11.0 MB; no file over 10 MB is accepted." in response.content.decode()


def test_a_sheet_in_another_text_encoding_is_refused_as_it_would_hide_its_cells_from_the_checks():
    sheet = f'<?xml version="1.0" encoding="UTF-16"?><worksheet xmlns="{MAIN}"><sheetData/></worksheet>'
    data = package({"RACI": sheet})
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.endswith("sheet1.xml"):
                content = content.decode().encode("utf-16")
            archive.writestr(item, content)
    with pytest.raises(SpreadsheetError, match="is not written in UTF-8"):
        list(read_sheets(out.getvalue()))


def test_an_entity_definition_is_refused_in_those_words_not_as_damage():
    data = package({"RACI": '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "b">]><worksheet/>'})
    with pytest.raises(SpreadsheetError) as refused:
        list(read_sheets(data))
    assert str(refused.value) == (
        "The workbook cannot be read: it contains XML entity definitions, which are refused for safety."
    )


def _random_sheet_xml(rng: random.Random) -> str:
    """Rows and cells as odd writers make them: addressed or not, empty <c/>, <row/>, prefixes, formulas."""
    x = rng.choice(["", "x:"])
    rows, row = [], 0
    for _ in range(rng.randint(1, 8)):
        numbered = rng.random() < 0.5
        row = rng.randint(row + 1, row + 5) if numbered else row + 1
        number = f' r="{row}"' if numbered else ""
        if rng.random() < 0.1:
            rows.append(f"<{x}row{number}/>")
            continue
        cells, column = [], 0
        for _ in range(rng.randint(0, 6)):
            pick = rng.random()
            if pick < 0.3:
                column = rng.randint(column + 1, column + 30)
                address = f"{get_column_letter(column)}{rng.randint(1, 60)}"
                cells.append(f'<{x}c r="{address}"><{x}v>1</{x}v></{x}c>')
            elif pick < 0.45:
                cells.append(f'<{x}c s="1"/>')
            elif pick < 0.6:
                cells.append(f'<{x}c t="str"><{x}f>1</{x}f><{x}v>F</{x}v></{x}c>')
            else:
                cells.append(f"<{x}c><{x}v>2</{x}v></{x}c>")
        rows.append(f"<{x}row{number}>{''.join(cells)}</{x}row>")
    namespace = f'xmlns:x="{MAIN}"' if x else f'xmlns="{MAIN}"'
    return f'<?xml version="1.0"?><{x}worksheet {namespace}><{x}sheetData>{"".join(rows)}</{x}sheetData></{x}worksheet>'


def test_the_survey_never_places_a_cell_short_of_where_the_reader_puts_it():
    """The safety of reading rests on this: the survey's last row and column bound the sheet the reader builds."""
    rng = random.Random(20261123)  # noqa: S311 - test data
    for _ in range(200):
        xml = _random_sheet_xml(rng)
        survey = _survey(xml.encode(), "S", walk_budget=10**6)
        (sheet,) = read_sheets(package({"S": xml}))
        filled = [(r, c) for r, values in enumerate(sheet.rows, 1) for c, v in enumerate(values, 1) if v is not None]
        assert (survey.last_row, survey.last_column) == (
            max((r for r, _ in filled), default=0),
            max((c for _, c in filled), default=0),
        ), xml
