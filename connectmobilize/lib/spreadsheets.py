"""Spreadsheet safety: uploaded workbooks are untrusted; exported cells must never become formulas.

`check_xlsx` decides from the zip directory alone (no decompression), so a zip bomb is refused in
milliseconds. `read_sheets` parses with openpyxl in read-only mode (XML through defusedxml, which
openpyxl uses when it is installed) and never trusts a sheet's declared size.
"""

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 500
MAX_RATIO = 200  # a real sheet compresses ~10-30×; bombs by thousands
MAX_ROWS = 20_000
MAX_COLUMNS = 300
ZIP_MAGIC = b"PK\x03\x04"
MACRO_MEMBERS = ("xl/vbaProject.bin", "xl/macrosheets/", "xl/activeX/")
MACRO_CONTENT_TYPE = b"macroEnabled"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


class SpreadsheetError(ValueError):
    """The file cannot be read as a safe workbook; the message says why, in words for the user."""


def check_xlsx(data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES) -> None:
    if len(data) > max_bytes:
        raise SpreadsheetError(f"The file is {len(data) / 1_048_576:.1f} MB; the limit is {max_bytes // 1_048_576} MB.")
    if not data.startswith(ZIP_MAGIC):
        raise SpreadsheetError("This is not an Excel workbook (.xlsx): save the sheet as .xlsx and try again.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise SpreadsheetError(f"The workbook is damaged and cannot be opened ({error}).") from None
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise SpreadsheetError("This zip file is not an Excel workbook (.xlsx).")
    if any(name.startswith(MACRO_MEMBERS) for name in names):
        raise SpreadsheetError("The workbook contains macros; macro-enabled workbooks are refused. Save as .xlsx.")
    if len(members) > MAX_MEMBERS:
        raise SpreadsheetError(f"The workbook has {len(members)} parts; at most {MAX_MEMBERS} are accepted.")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise SpreadsheetError("The workbook unpacks to more than 100 MB; it is refused as a possible zip bomb.")
    for m in members:
        if m.compress_size and m.file_size / m.compress_size > MAX_RATIO and m.file_size > 1_048_576:
            raise SpreadsheetError(f"Part {m.filename} is compressed {m.file_size // m.compress_size}:1; "
                                   "it is refused as a possible zip bomb.")  # fmt: skip
    with archive.open("[Content_Types].xml") as types:
        if MACRO_CONTENT_TYPE in types.read(200_000):
            raise SpreadsheetError("The workbook is macro-enabled; save it as a plain .xlsx workbook.")


@dataclass(frozen=True)
class Sheet:
    title: str
    rows: list[tuple]  # values only; row n of the sheet is rows[n - 1]


def read_sheets(data: bytes, *, max_rows: int = MAX_ROWS, max_columns: int = MAX_COLUMNS) -> Iterator[Sheet]:
    """Each worksheet's values, after `check_xlsx`. Rows past `max_rows` are an error, not a truncation."""
    check_xlsx(data)
    workbook = None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        for worksheet in workbook.worksheets:
            worksheet.reset_dimensions()  # the declared size can lie
            rows = []
            for row in worksheet.iter_rows(values_only=True):  # read-only sheets are parsed here, lazily
                if len(rows) == max_rows:
                    raise SpreadsheetError(
                        f"Sheet {worksheet.title} has more than {max_rows:,} rows; split it or remove empty rows."
                    )
                rows.append(_trim(row)[:max_columns])
            yield Sheet(worksheet.title, rows)
    except SpreadsheetError:
        raise
    except DefusedXmlException:
        raise SpreadsheetError(
            "The workbook cannot be read: it contains XML entity definitions, which are refused for safety."
        ) from None
    except Exception as error:  # openpyxl and the XML parser raise many kinds on a broken file
        cause = error.__cause__ or error.__context__
        if isinstance(cause, DefusedXmlException):
            raise SpreadsheetError(
                "The workbook cannot be read: it contains XML entity definitions, which are refused for safety."
            ) from None
        raise SpreadsheetError(f"The workbook cannot be read ({type(error).__name__}): it may be damaged.") from None
    finally:
        if workbook is not None:
            workbook.close()


def _trim(row: tuple) -> tuple:
    end = len(row)
    while end and row[end - 1] in (None, ""):
        end -= 1
    return row[:end]


def cell_ref(sheet: str, row: int, column: int) -> str:
    """`Sheet1!D7` for 1-based row and column numbers."""
    return f"{sheet}!{get_column_letter(column)}{row}"


def safe_value(worksheet, value):
    """`value` to append to a write-only sheet so that it shows as typed: text starting with =, +, -, @
    (or a control character) becomes a text cell, never a formula. Characters XML cannot hold are dropped."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return styled_cell(worksheet, value) if value.startswith(FORMULA_TRIGGERS) else value


def styled_cell(worksheet, value, **style):
    """A write-only cell with a style (fill=, font=, …); text is kept as text, never a formula."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(worksheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell
