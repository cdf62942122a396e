"""Spreadsheet safety: uploaded workbooks are untrusted; exported cells must never become formulas.

Reading goes in three steps, and nothing parses a sheet before the first two have passed:
1. `check_xlsx` decides from the zip directory alone (no decompression): size, type, macros, part names,
   number of sheets, total unpacked size, per-part ratio. A zip bomb is refused in milliseconds.
2. `_unpack` and `_survey` read every XML part once (within the declared sizes, CRC-checked), refuse entity
   declarations, and find where each sheet's cells lie with byte-level scans, counting cells as they go.
   A sheet whose cells reach too far (a stray value in row 1,048,576 or column XFD) is refused here, before
   a reader would build it.
3. python-calamine (a Rust reader, ~40× faster than openpyxl's read-only mode) parses a re-packed copy holding
   only the parts surveyed, so it can only ever see what was checked.
"""

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import python_calamine
from defusedxml import ElementTree
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import column_index_from_string, get_column_letter

from .uploads import MAX_UPLOAD_BYTES, UploadTooLarge, check_upload_size

MAX_UNCOMPRESSED_BYTES = 80 * 1024 * 1024  # a 20,000 × 40 matrix unpacks to about 35 MB
MAX_MEMBERS = 500
MAX_RATIO = 200  # per part over 1 MB: a real sheet compresses ~10-30×; bombs by thousands
MAX_SHEETS = 50
MAX_CELLS = 2_000_000  # in the whole workbook, counting every cell a sheet spans from A1
# Cells of sheets saved without addresses, which are placed one by one (~7 µs each); Excel, LibreOffice and
# Google Sheets always write addresses, so only unusual writers meet this limit.
MAX_WALKED_CELLS = 100_000
MAX_ROWS = 20_000
MAX_COLUMNS = 300
ZIP_MAGIC = b"PK\x03\x04"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"  # the content type of a download
MACRO_MEMBERS = ("xl/vbaProject.bin", "xl/macrosheets/", "xl/activeX/")
MACRO_CONTENT_TYPE = b"macroEnabled"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
XML_PARTS = (".xml", ".rels")
STRICT_NAMESPACE = b"purl.oclc.org/ooxml/spreadsheetml"
# A panic in the Rust reader reaches Python as pyo3's PanicException, a BaseException: turn it into words too.
_RUST_PANIC = next((c for c in BaseException.__subclasses__() if c.__name__ == "PanicException"), Exception)
ENTITY_REFUSED = "The workbook cannot be read: it contains XML entity definitions, which are refused for safety."


class SpreadsheetError(ValueError):
    """The file cannot be read as a safe workbook; the message says why, in words for the user."""


class UploadTooLargeError(SpreadsheetError, UploadTooLarge):
    """Raised by `check_xlsx` for an oversized file: a SpreadsheetError to the importers, UploadTooLarge to views."""


def check_file_size(data: bytes, *, limit: int = MAX_UPLOAD_BYTES) -> None:
    """The one size rule (`lib.uploads`) for a file already in memory, as a SpreadsheetError."""
    try:
        check_upload_size(len(data), limit=limit)
    except UploadTooLarge as error:
        raise UploadTooLargeError(str(error)) from None


def check_xlsx(data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES) -> None:
    """Refuse a file that is not a plain, reasonably sized xlsx, from the zip directory alone."""
    check_file_size(data, limit=max_bytes)
    if not data.startswith(ZIP_MAGIC):
        raise SpreadsheetError("This is not an Excel workbook (.xlsx): save the sheet as .xlsx and try again.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise SpreadsheetError(f"The workbook is damaged and cannot be opened ({error}).") from None
    _check_part_names([m.filename for m in members])
    _check_sizes(members)
    with archive.open("[Content_Types].xml") as types:
        if MACRO_CONTENT_TYPE in types.read(200_000):
            raise SpreadsheetError("The workbook is macro-enabled; save it as a plain .xlsx workbook.")


def _check_part_names(names: list[str]) -> None:
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise SpreadsheetError("This zip file is not an Excel workbook (.xlsx).")
    if any(name.startswith(MACRO_MEMBERS) for name in names):
        raise SpreadsheetError("The workbook contains macros; macro-enabled workbooks are refused. Save as .xlsx.")
    for name in names:
        if _climbs_out(name):
            raise SpreadsheetError(f'The workbook has a part named "{name[:80]}" that points outside the file; '
                                   "it is refused as unsafe.")  # fmt: skip
    if len(set(names)) != len(names):
        raise SpreadsheetError("The workbook has two parts with the same name; it is refused as damaged or unsafe.")
    if len(names) > MAX_MEMBERS:
        raise SpreadsheetError(f"The workbook has {len(names)} parts; at most {MAX_MEMBERS} are accepted.")
    sheets = sum(1 for name in names if "/worksheets/" in name and name.endswith(".xml") and "/_rels/" not in name)
    if sheets > MAX_SHEETS:
        raise SpreadsheetError(_too_many_sheets(sheets))


def _climbs_out(name: str) -> bool:
    """A part name that, unpacked, would land outside the archive: absolute, a drive, or `..` segments."""
    normal = name.replace("\\", "/")
    return (
        normal.startswith("/")
        or re.match(r"^[A-Za-z]:", normal) is not None
        or ".." in normal.split("/")
        or "\0" in normal
    )


def _too_many_sheets(count: int) -> str:
    return f"The workbook has {count} sheets; at most {MAX_SHEETS} are accepted. Keep only the sheets to import."


def _unpacks_too_large(how_much: str) -> str:
    limit = MAX_UNCOMPRESSED_BYTES // 1_048_576
    return f"The workbook unpacks to {how_much} {limit} MB; it is refused as a possible zip bomb."


def _check_sizes(members: list[zipfile.ZipInfo]) -> None:
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise SpreadsheetError(_unpacks_too_large(f"{total / 1_048_576:.0f} MB, more than"))
    for m in members:
        if m.compress_size and m.file_size / m.compress_size > MAX_RATIO and m.file_size > 1_048_576:
            raise SpreadsheetError(f"Part {m.filename} is compressed {m.file_size // m.compress_size}:1; "
                                   "it is refused as a possible zip bomb.")  # fmt: skip


@dataclass(frozen=True)
class Sheet:
    title: str
    rows: list[tuple]  # values only; row n of the sheet is rows[n - 1]; empty cells are None
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (first row, first col, last row, last col)
    # Cells holding a formula but no saved result (a file written by a script, never recalculated): a reader
    # sees them as blank, so they are listed here, as 1-based (row, column), for the caller to report.
    formulas_without_value: list[tuple[int, int]] = field(default_factory=list)
    # Cells showing an error (#N/A, #DIV/0!…): the reader gives them as blank, so they are listed here too,
    # as (row, column, the error shown).
    error_values: list[tuple[int, int, str]] = field(default_factory=list)


def read_sheets(data: bytes, *, max_rows: int = MAX_ROWS, max_columns: int = MAX_COLUMNS) -> Iterator[Sheet]:
    """Each worksheet's values, in workbook order. Every check runs before the first sheet is parsed; a sheet
    reaching past `max_rows` or `max_columns` is an error, not a truncation."""
    check_xlsx(data)
    parts = _unpack(data)
    sheets = _sheet_parts(parts)
    surveys = _survey_all(parts, sheets, max_rows=max_rows, max_columns=max_columns)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(_repack(parts)))
    except (Exception, _RUST_PANIC) as error:
        raise SpreadsheetError(f"The workbook cannot be read ({type(error).__name__}): it may be damaged.") from None
    with workbook:
        for name, part in sheets:
            yield _read_sheet(workbook, name, surveys.get(part))


def _read_sheet(workbook, name: str, survey: "_Survey | None") -> Sheet:
    try:
        sheet = workbook.get_sheet_by_name(name)
        values = sheet.to_python(skip_empty_area=False)
        merged = sheet.merged_cell_ranges or []
    except (Exception, _RUST_PANIC) as error:
        raise SpreadsheetError(f"Sheet {name} cannot be read ({type(error).__name__}): it may be damaged.") from None
    rows = [_clean_row(row) for row in values]
    while rows and not rows[-1]:
        rows.pop()
    return Sheet(
        title=name,
        rows=rows,
        merged=[(r0 + 1, c0 + 1, r1 + 1, c1 + 1) for (r0, c0), (r1, c1) in merged],
        formulas_without_value=sorted(survey.formulas_without_value) if survey else [],
        error_values=sorted(survey.error_values) if survey else [],
    )


def _clean_row(row: list) -> tuple:
    """Trailing blanks dropped, blanks as None, whole numbers as int (a reader sees 1.0 where Excel shows 1)."""
    end = len(row)
    while end and row[end - 1] == "":
        end -= 1
    return tuple(
        None if value == "" else int(value) if type(value) is float and value.is_integer() else value
        for value in row[:end]
    )


# Step 2: every part read once, bounded, and surveyed before any parse ------------------------------------


def _unpack(data: bytes) -> dict[str, bytes]:
    """Every XML part, decompressed within its declared size (zipfile stops there and checks the CRC)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    parts, total = {}, 0
    for member in archive.infolist():
        if not member.filename.endswith(XML_PARTS):
            continue  # images and other binaries: no reader here looks at them
        try:
            content = archive.read(member)
        except Exception as error:  # zipfile raises many kinds: bad CRC, zlib errors, encryption, methods
            raise SpreadsheetError(f"The workbook is damaged and cannot be opened ({error}).") from None
        total += len(content)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise SpreadsheetError(_unpacks_too_large("more than"))
        _check_markup(member.filename, content)
        parts[member.filename] = content
    return parts


def _check_markup(name: str, content: bytes) -> None:
    """UTF-8 only (the byte scans below read UTF-8; another encoding would hide cells from them), and no DTD."""
    declared = XML_ENCODING.match(content)
    if (
        content.startswith((b"\xff\xfe", b"\xfe\xff"))
        or b"\0" in content[:512]
        or (declared and declared.group(1).lower() not in (b"utf-8", b"utf8"))
    ):
        raise SpreadsheetError(f"Part {name[:80]} is not written in UTF-8, as Excel writes it; open the file in "
                               "Excel or LibreOffice, save it as .xlsx and upload it again.")  # fmt: skip
    if DOCTYPE.search(content):
        raise SpreadsheetError(ENTITY_REFUSED)


XML_ENCODING = re.compile(rb"""(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)""")
DOCTYPE = re.compile(rb"<!(?i:doctype|entity)")


def _sheet_parts(parts: dict[str, bytes]) -> list[tuple[str, str]]:
    """(sheet name, part name) of each worksheet, in workbook order, from workbook.xml and its relationships."""
    workbook = parts.get("xl/workbook.xml", b"")
    if STRICT_NAMESPACE in workbook[:4000]:
        raise SpreadsheetError("The workbook is saved as \"Strict Open XML Spreadsheet\", which cannot be read: "
                               "open it in Excel and save it as \"Excel Workbook (.xlsx)\".")  # fmt: skip
    try:
        sheets = [
            (element.get("name", ""), next((v for k, v in element.attrib.items() if k.endswith("}id")), ""))
            for element in ElementTree.fromstring(workbook).iter()
            if element.tag.endswith("}sheet")
        ]
        relations = {
            element.get("Id"): (element.get("Target", ""), element.get("Type", ""))
            for element in ElementTree.fromstring(parts.get("xl/_rels/workbook.xml.rels", b"<r/>")).iter()
            if element.tag.endswith("}Relationship")
        }
    except ElementTree.ParseError:
        raise SpreadsheetError("The workbook's list of sheets cannot be read: it may be damaged.") from None
    if len(sheets) > MAX_SHEETS:
        raise SpreadsheetError(_too_many_sheets(len(sheets)))
    found = []
    for name, relation in sheets:
        target, kind = relations.get(relation, ("", ""))
        if kind.endswith("/worksheet"):
            found.append((name, _part_name(target)))
    return found


def _part_name(target: str) -> str:
    """A relationship target as a part name: relative to xl/, or absolute from the package root."""
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _repack(parts: dict[str, bytes]) -> bytes:
    """The surveyed parts, stored uncompressed: the reader sees exactly these bytes and nothing else."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


@dataclass
class _Survey:
    """Where a sheet's cells lie (1-based), found without parsing it, and how many there are."""

    cells: int = 0
    last_row: int = 0
    last_column: int = 0
    formulas_without_value: list[tuple[int, int]] = field(default_factory=list)
    error_values: list[tuple[int, int, str]] = field(default_factory=list)
    walked: int = 0  # cells placed one by one (a sheet saved without cell addresses): the slow way

    def add(self, cell: tuple[int, int], *, formula_without_value: bool, error: str | None) -> None:
        self.cells += 1
        self.last_row, self.last_column = max(self.last_row, cell[0]), max(self.last_column, cell[1])
        if formula_without_value:
            self.formulas_without_value.append(cell)
        if error is not None:
            self.error_values.append((*cell, error))

    @property
    def span(self) -> int:
        """Cells a reader builds for this sheet: everything from A1 to its last row and column."""
        return self.last_row * self.last_column


# Attributes as XML writes them; a quoted value may hold ">" or "/" but never its own quote.
_ATTRIBUTES = rb"""(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*"""
ANY_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
# Excel, LibreOffice, Google Sheets and openpyxl write every cell as <c r="B7" ...>: read those by one scan.
ADDRESSED_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"' + _ATTRIBUTES + rb"\s*(/?)>")
MAYBE_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")  # a quick look first: the exact search costs more
PREFIXED_TAG = re.compile(rb"<[A-Za-z_][\w.-]*:(?:c|row)[\s/>]")
FORMULA_TAG = re.compile(rb"<f[\s/>]")
ERROR_TYPE = re.compile(rb"""\st\s*=\s*(?:"e"|'e')""")
ERROR_TEXT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v>([^<]*)<")
CACHED_VALUE = re.compile(rb"<v(?:\s[^>]*)?(?<!/)>")  # <v>…</v>, even empty; not <v/>, which openpyxl writes
# Anything else is walked tag by tag, placing cells the way the reader does (a cell without an address
# follows the one before it; a row without a number follows the row before it).
TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c|f|v|is)(" + _ATTRIBUTES + rb")\s*(/?)>")
REF_ATTRIBUTE = re.compile(rb"""(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
HIDDEN_MARKUP = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.S)
CELL_ADDRESS = re.compile(rb"([A-Za-z]{0,3})([0-9]{1,7})")


def _survey_all(parts: dict[str, bytes], sheets: list[tuple[str, str]], *, max_rows: int,
                max_columns: int) -> dict[str, _Survey]:  # fmt: skip
    """Survey every part holding cells (mapped to a sheet or not), counting cells across the workbook."""
    titles = {part: name for name, part in sheets}
    with_cells = {part: content for part, content in parts.items() if b"sheetData" in content}
    # A first count by plain byte search (it also counts <col> and the like: an upper bound) refuses a
    # workbook of millions of cells before any scan that costs time per cell.
    if sum(content.count(b"<c") + content.count(b":c") for content in with_cells.values()) > MAX_CELLS:
        raise SpreadsheetError(_too_many_cells())
    surveys, span, walk_budget = {}, 0, MAX_WALKED_CELLS
    for part, content in with_cells.items():
        title = titles.get(part, part)
        survey = _survey(content, title, walk_budget=walk_budget)
        walk_budget -= survey.walked
        span += survey.span
        if span > MAX_CELLS:
            raise SpreadsheetError(_too_many_cells(f"sheet {title} reaches {_cell_name(survey)}"))
        if survey.last_row > max_rows:
            raise SpreadsheetError(f"Sheet {title} has more than {max_rows:,} rows; split it or remove empty rows.")
        if survey.last_column > max_columns:
            raise SpreadsheetError(f"Sheet {title} has a value in column {get_column_letter(survey.last_column)}, "
                                   f"beyond the {max_columns} columns read ({get_column_letter(max_columns)}); "
                                   "delete what lies to the right of the table.")  # fmt: skip
        surveys[part] = survey
    return surveys


def _too_many_cells(where: str = "") -> str:
    return (f"The workbook has more than {MAX_CELLS:,} cells{f' ({where})' if where else ''}; "
            "keep only the table to import.")  # fmt: skip


def _cell_name(survey: _Survey) -> str:
    return f"{get_column_letter(min(survey.last_column, 16_384))}{survey.last_row}"


def _survey(xml: bytes, title: str, *, walk_budget: int) -> _Survey:
    tags = len(ANY_CELL_TAG.findall(xml))
    if not (MAYBE_PREFIXED.search(xml) and PREFIXED_TAG.search(xml)):
        addressed = ADDRESSED_CELL.findall(xml)
        if len(addressed) == tags:
            return _survey_addressed(xml, addressed)
    if tags > walk_budget:
        raise SpreadsheetError(f"Sheet {title} was saved without cell addresses and is too large to read so: "
                               "open it in Excel or LibreOffice, save it as .xlsx and upload it again.")  # fmt: skip
    survey = _survey_walked(HIDDEN_MARKUP.sub(b"", xml), title)
    survey.walked = tags
    return survey


def _survey_addressed(xml: bytes, addressed: list[tuple[bytes, bytes, bytes]]) -> _Survey:
    # A self-closing cell holds no value (a border, a colour): the reader skips it, so does the span.
    filled = [(letters, digits) for letters, digits, self_closing in addressed if not self_closing]
    survey = _Survey(cells=len(filled))
    if filled:
        letters, digits = zip(*filled, strict=True)
        survey.last_row = max(map(int, set(digits)))
        survey.last_column = max(column_index_from_string(c.decode()) for c in set(letters))
    for match in FORMULA_TAG.finditer(xml):
        start = xml.rfind(b'<c r="', 0, match.start())
        end = xml.find(b"</c>", match.end())
        if start >= 0 and not CACHED_VALUE.search(xml, match.end(), end if end >= 0 else len(xml)):
            cell = ADDRESSED_CELL.match(xml, start)
            if cell is not None:
                survey.formulas_without_value.append(_address(cell.group(1), cell.group(2)))
    if b'"e"' in xml or b"'e'" in xml:  # a plain search first: most sheets show no error at all
        survey.error_values = _addressed_errors(xml)
    return survey


def _addressed_errors(xml: bytes) -> list[tuple[int, int, str]]:
    errors = []
    for match in ERROR_TYPE.finditer(xml):
        start = xml.rfind(b'<c r="', 0, match.start())
        cell = ADDRESSED_CELL.match(xml, start) if start >= 0 else None
        if cell is None or cell.end() < match.end():
            continue  # t="e" outside a cell's start tag
        end = xml.find(b"</c>", cell.end())
        shown = ERROR_TEXT.search(xml, cell.end(), end if end >= 0 else len(xml))
        if shown is not None:
            errors.append((*_address(cell.group(1), cell.group(2)), shown.group(1).decode(errors="replace")))
    return errors


def _survey_walked(xml: bytes, title: str) -> _Survey:
    survey, row, column = _Survey(), 1, 1
    cell: tuple[int, int] | None = None
    formula = value = False
    error: str | None = None
    opened = 0
    for match in TAG.finditer(xml):
        closing, name, attributes, self_closing = match.groups()
        # The reader expands <x/> into <x></x>: an empty row or cell still moves the position on.
        if name == b"row":
            row = row if closing else _row_number(attributes, row, title)
            row, column = (row + 1, 1) if closing or self_closing else (row, column)
        elif name == b"c" and not closing:
            opened += 1
            cell, formula, value = _cell_position(attributes, row, column, title), False, False
            error = "" if ERROR_TYPE.search(attributes) else None
            column = cell[1]
            if self_closing:  # nothing in it: the reader skips it, but moves on a column
                cell, column = None, column + 1
        elif name == b"c" and cell is not None:
            survey.add(cell, formula_without_value=formula and not value, error=error or None)
            cell, column = None, column + 1
        elif cell is not None and not closing:
            formula |= name == b"f"
            value |= name in (b"v", b"is") and not self_closing
            if error == "" and name == b"v" and not self_closing:
                error = xml[match.end() : xml.find(b"<", match.end())].decode(errors="replace")
    if opened != len(ANY_CELL_TAG.findall(xml)):
        raise SpreadsheetError(f"Sheet {title} is damaged: some of its cells cannot be read.")
    return survey


def _reference(attributes: bytes) -> bytes | None:
    found = REF_ATTRIBUTE.search(attributes)
    return None if found is None else (found.group(1) if found.group(1) is not None else found.group(2))


def _row_number(attributes: bytes, current: int, title: str) -> int:
    reference = _reference(attributes)
    if reference is None:
        return current
    found = CELL_ADDRESS.fullmatch(reference)
    if found is None or int(found.group(2)) < 1:
        raise SpreadsheetError(f"Sheet {title} is damaged: a row is numbered {reference[:20]!r}.")
    return int(found.group(2))


def _cell_position(attributes: bytes, row: int, column: int, title: str) -> tuple[int, int]:
    reference = _reference(attributes)
    if reference is None:
        return row, column
    found = CELL_ADDRESS.fullmatch(reference)
    if found is None or not found.group(1) or int(found.group(2)) < 1:
        raise SpreadsheetError(f"Sheet {title} is damaged: a cell is addressed {reference[:20]!r}.")
    return _address(found.group(1), found.group(2))


def _address(letters: bytes, digits: bytes) -> tuple[int, int]:
    return int(digits), column_index_from_string(letters.decode().upper())


# Cells for people and for writing ---------------------------------------------------------------------


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


# Tables people lay out themselves -------------------------------------------------------------------------

HEADER_SEARCH_ROWS = 30


def cell_text(value) -> str:
    """A cell as the text a person sees: blank for None, 4 for 4.0, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def header_key(text) -> str:
    """A header as words only: "SLA target", "sla_target" and " SLA  Target (h)" compare alike but for "(h)"."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", cell_text(text).casefold()).split())


@dataclass(frozen=True)
class Header:
    row: int  # 1-based
    columns: dict[str, int]  # column key → 0-based index
    others: list[tuple[int, str]]  # headed columns no key names: (0-based index, header text)


def find_header(
    rows: list[tuple], names: dict[str, tuple[str, ...]], required: tuple[str, ...], *, search: int = HEADER_SEARCH_ROWS
) -> Header | None:
    """Where a table starts, by its own words: the first of the first `search` rows that names every `required`
    column, by any of its `names` (case, spacing and punctuation ignored), in any order; title rows above it and
    columns no name matches are passed over."""
    wanted = {header_key(name): key for key, aliases in names.items() for name in (key, *aliases)}
    for number, values in enumerate(rows[:search], 1):
        columns: dict[str, int] = {}
        others = []
        for index, value in enumerate(values):
            key = wanted.get(header_key(value))
            if key is not None and key not in columns:
                columns[key] = index
            elif cell_text(value):
                others.append((index, cell_text(value)))
        if all(key in columns for key in required):
            return Header(number, columns, others)
    return None


def unreadable_cells(sheet: Sheet, *, from_row: int = 1) -> list[str]:
    """Cells a reader sees as blank though they are not (a formula whose result was never saved, a formula
    showing an error), from `from_row` down, each named by its address: nothing is dropped without a word."""
    formulas = [
        (row, column, f"{cell_ref(sheet.title, row, column)}: formula without a saved value, read as blank; open the "
                      "file in Excel and save it so its results are stored, or type the value.")
        for row, column in sheet.formulas_without_value
    ]  # fmt: skip
    errors = [
        (row, column, f"{cell_ref(sheet.title, row, column)}: the cell shows the error {shown}, read as blank; "
                      "correct the formula or type the value.")
        for row, column, shown in sheet.error_values
    ]  # fmt: skip
    return [message for row, _, message in sorted(formulas + errors) if row >= from_row]
