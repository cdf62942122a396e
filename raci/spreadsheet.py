"""Reading RACI sheets the way people keep them, and writing them back. Pure: bytes in, data out.

A sheet may have title rows above the header, a phase/group column (merged down or as group rows),
role names or codes as headers (merged, or under a merged super-header), letters in any case and
spacing (A/R, A,R, AR), and a legend sheet or notes below the table, which are ignored.
Every problem is reported with its cell address, e.g. `Sheet1!D7: "X" is not a RACI letter`.
"""

import functools
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from connectmobilize.lib.spreadsheets import Sheet, SpreadsheetError, cell_ref, read_sheets, safe_value, styled_cell

from .letters import COMBINED, MEANING, allowed_codes, parse_cell

HEADER_SEARCH_ROWS = 30
ACTIVITY = re.compile(r"^(activit|task|process|deliverable|step|action|work\s*item|item\b|decision)", re.I)
GROUP = re.compile(r"^(phase|group|stage|workstream|category|area|section)", re.I)
NUMBER = re.compile(r"^(#|no\.?|nr\.?|id|ref\.?|seq\.?|number|s/n)$", re.I)
DESCRIPTION = re.compile(r"^(description|details|notes?|comments?)$", re.I)
SKIPPED_SHEETS = re.compile(r"legend|key|notes|instructions|read\s*me|about|findings|rule", re.I)
# Our own export says so on its Legend sheet: then its cells are taken literally (an empty Phase is no phase,
# every header after Description is a role, whatever its code), so export → import is the identity.
EXPORT_MARK = "Written by ConnectMobilize"


@dataclass
class ParsedRow:
    row: int  # the sheet's row number
    group: str
    name: str
    description: str = ""
    cells: dict[int, str] = field(default_factory=dict)  # index into ParsedMatrix.roles → canonical code


@dataclass
class ParsedMatrix:
    sheet: str = ""
    header_row: int = 0
    roles: list[str] = field(default_factory=list)  # header texts, in column order
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Non-empty cells of the table that are not imported (a formula without a saved value, a value under a
    # column with no header), each named by cell: the preview shows them before anything is applied.
    ignored: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> dict:
        """What `dataclasses.asdict` gives, built directly: asdict deep-copies field by field and costs
        about as much as reading the sheet."""
        return {
            "sheet": self.sheet, "header_row": self.header_row, "roles": list(self.roles),
            "rows": [
                {"row": r.row, "group": r.group, "name": r.name, "description": r.description, "cells": dict(r.cells)}
                for r in self.rows
            ],
            "errors": list(self.errors), "ignored": list(self.ignored),
        }  # fmt: skip


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


ReportRows = Callable[[int, int], None]  # (rows read, rows in the table)
ROWS_PER_REPORT = 500


def parse_workbook(data: bytes, *, kind: str, progress: ReportRows | None = None) -> ParsedMatrix:
    """The matrix in the workbook's first sheet that has one; SpreadsheetError for an unusable file.

    `progress` is told the rows read as the table is read (every ROWS_PER_REPORT rows and at the end)."""
    sheets = list(read_sheets(data))
    ours = any(_is_our_export(sheet) for sheet in sheets)
    for sheet in sheets:
        if SKIPPED_SHEETS.search(sheet.title) and len(sheets) > 1:
            continue
        header = _find_header(sheet, literal=ours)
        if header is not None:
            return _parse_sheet(sheet, header, kind, literal=ours, progress=progress or (lambda done, total: None))
    raise SpreadsheetError(
        "No RACI table found: put a header row with an Activity (or Task / Process) column and one column per "
        "role within the first 30 rows of the first sheet."
    )


@dataclass
class _Header:
    row: int  # 1-based
    activity: int  # 0-based column indexes
    group: int | None
    description: int | None
    roles: list[tuple[int, str]]  # (column index, header text)
    data_start: int  # 1-based row where data begins
    texts: list[str] = field(default_factory=list)  # the header row's cells, as text


def _is_our_export(sheet: Sheet) -> bool:
    return SKIPPED_SHEETS.search(sheet.title) is not None and any(
        isinstance(value, str) and value.startswith(EXPORT_MARK) for row in sheet.rows for value in row
    )


def _find_header(sheet: Sheet, *, literal: bool = False) -> _Header | None:
    for r, values in enumerate(sheet.rows[:HEADER_SEARCH_ROWS], 1):
        texts = [_text(v) for v in values]
        activity = next((i for i, t in enumerate(texts) if ACTIVITY.match(t)), None)
        if activity is None:
            continue
        group = next((i for i, t in enumerate(texts) if i != activity and GROUP.match(t)), None)
        description = next((i for i, t in enumerate(texts) if i > activity and DESCRIPTION.match(t)), None)
        numbers = set() if literal else _number_columns(sheet, texts, r)
        skip = {activity, group, description} | numbers
        roles = [(i, t) for i, t in enumerate(texts) if i not in skip and t]
        data_start = r + 1
        # A merged super-header ("IT", "Contact center") above the real role names: take the names below.
        below = [_text(v) for v in sheet.rows[r]] if r < len(sheet.rows) else []
        if below and not (below[activity] if activity < len(below) else "") and _looks_like_names(below, skip):
            roles = [(i, t) for i, t in enumerate(below) if i not in skip and t]
            data_start = r + 2
        if roles:
            return _Header(r, activity, group, description, roles, data_start, texts)
    return None


def _number_columns(sheet: Sheet, texts: list[str], header_row: int) -> set[int]:
    """Columns headed like a row number ("#", "No", "ID"...) that do not hold letters. A role coded "NO" or
    "ID" has letters under it, so it stays a role."""
    numbered = [i for i, t in enumerate(texts) if NUMBER.match(t)]
    return {i for i in numbered if not _holds_letters(sheet, i, header_row)}


def _holds_letters(sheet: Sheet, column: int, header_row: int) -> bool:
    for values in sheet.rows[header_row:]:
        text = _text(values[column]) if column < len(values) else ""
        if text and not _reading_of(text, "RASCI")[1] and not text.isdigit():
            return True
    return False


def _looks_like_names(texts: list[str], skip: set) -> bool:
    """A row of role names, not of letters."""
    names = [t for i, t in enumerate(texts) if i not in skip and t]
    if not names:
        return False
    for t in names:
        try:
            parse_cell(t)
        except ValueError:
            continue
        return False
    return True


def _at(texts: list[str], index: int | None) -> str:
    return texts[index] if index is not None and index < len(texts) else ""


def _parse_sheet(
    sheet: Sheet, header: _Header, kind: str, *, literal: bool = False, progress: ReportRows
) -> ParsedMatrix:
    parsed = ParsedMatrix(sheet=sheet.title, header_row=header.row, roles=[t for _, t in header.roles])
    parsed.errors += _duplicate_roles(sheet, header)
    reader = _RowReader(sheet, header, kind, parsed, literal=literal)
    last_row = header.data_start - 1
    total = len(sheet.rows) - last_row
    for r in range(header.data_start, len(sheet.rows) + 1):
        if (r - header.data_start) % ROWS_PER_REPORT == 0:
            progress(r - header.data_start, total)
        texts = [_text(v) for v in sheet.rows[r - 1]]
        if not any(texts):
            if reader.started:
                break  # the table ended; what follows is notes
            continue
        reader.read(r, texts)
        last_row = r
    progress(total, total)
    parsed.ignored += _unreadable_cells(sheet, header.row, last_row)
    if not parsed.rows:
        parsed.errors.append(f"{sheet.title}: no activities found under the header on row {header.row}.")
    return parsed


def _duplicate_roles(sheet: Sheet, header: _Header) -> list[str]:
    errors, seen = [], set()
    for column, text in header.roles:
        if text.casefold() in seen:
            errors.append(f'{cell_ref(sheet.title, header.row, column + 1)}: role "{text}" is a column twice.')
        seen.add(text.casefold())
    return errors


def _unreadable_cells(sheet: Sheet, first_row: int, last_row: int) -> list[str]:
    """Cells of the table a reader sees as blank though they are not: a formula whose result was never
    saved, or a formula showing an error. Named, so that nothing is dropped without a word."""
    formulas = [
        (row, column, f"{cell_ref(sheet.title, row, column)}: formula without a saved value, read as blank; open "
                      "the file in Excel and save it so its results are stored, or type the value.")
        for row, column in sheet.formulas_without_value
    ]  # fmt: skip
    errors = [
        (row, column, f"{cell_ref(sheet.title, row, column)}: the cell shows the error {shown}, read as blank; "
                      "correct the formula or type the value.")
        for row, column, shown in sheet.error_values
    ]  # fmt: skip
    return [message for row, _, message in sorted(formulas + errors) if first_row <= row <= last_row]


class _RowReader:
    """Reads the table's rows one by one, carrying the current group and the names seen so far.

    In a sheet people keep, an empty group cell carries the group above it down (as a merged phase column
    does); in our own export (`literal`) it means no group."""

    def __init__(self, sheet: Sheet, header: _Header, kind: str, parsed: ParsedMatrix, *, literal: bool = False):
        self.sheet, self.header, self.kind, self.parsed, self.literal = sheet, header, kind, parsed, literal
        self.role_index = {column: index for index, (column, _) in enumerate(header.roles)}
        number_columns = {i for i, t in enumerate(header.texts) if NUMBER.match(t)} - set(self.role_index)
        self.used = {header.activity, header.group, header.description} | number_columns | set(self.role_index)
        self.group = ""
        self.names: dict[str, int] = {}
        self.started = False

    def read(self, r: int, texts: list[str]) -> None:
        header, parsed = self.header, self.parsed
        name = _at(texts, header.activity)
        letters = {column: texts[column] for column in self.role_index if column < len(texts) and texts[column]}
        if _at(texts, header.group) or (self.literal and header.group is not None):
            self.group = _at(texts, header.group)
        if not name:
            if letters:
                parsed.errors.append(f"{self._ref(r, header.activity)}: this row has letters but no activity name.")
            else:
                # A group row: "Plan" on a line of its own, in the group or activity column or the first one.
                self.group = next(t for t in texts if t)
            return
        self.started = True
        self._check_unique(r, name)
        row = ParsedRow(row=r, group=self.group, name=name, description=self._description(r))
        for column, raw in letters.items():
            code = self._letter(r, column, raw)
            if code:
                row.cells[self.role_index[column]] = code
        parsed.ignored += self._unused_cells(r, texts)
        parsed.rows.append(row)

    def _description(self, r: int) -> str:
        """As written: line breaks, tabs and double spaces are part of a description."""
        column, values = self.header.description, self.sheet.rows[r - 1]
        if column is None or column >= len(values) or values[column] is None:
            return ""
        value = values[column]
        return str(int(value) if isinstance(value, float) and value.is_integer() else value).strip()

    def _ref(self, r: int, column: int) -> str:
        return cell_ref(self.sheet.title, r, column + 1)

    def _check_unique(self, r: int, name: str) -> None:
        key = name.casefold()
        if key in self.names:
            self.parsed.errors.append(f'{self._ref(r, self.header.activity)}: activity "{name}" appears twice '
                                      f"(also row {self.names[key]}).")  # fmt: skip
        self.names[key] = r

    def _letter(self, r: int, column: int, raw: str) -> str:
        """The cell's canonical code, or "" after recording why it cannot be taken."""
        code, problem = _reading_of(raw, self.kind)
        if problem:
            self.parsed.errors.append(f"{self._ref(r, column)}: {problem}")
        return code

    def _unused_cells(self, r: int, texts: list[str]) -> list[str]:
        """Values in columns the table does not name (a blank header): never dropped without a word."""
        return [
            f'{self._ref(r, column)}: "{_shortened(text)}" is under a column with no header, so it is not imported; '
            "name the column (a role code or name) to import it."
            for column, text in enumerate(texts)
            if text and column not in self.used
        ]


@functools.lru_cache(maxsize=4096)
def _reading_of(raw: str, kind: str) -> tuple[str, str]:
    """(code, "") or ("", why not) for a cell's text; a sheet repeats a handful of spellings thousands of times."""
    try:
        code = parse_cell(raw)
    except ValueError as error:
        return "", f"{error}."
    if len(code) > 1 and code not in COMBINED:
        return "", f'"{raw}" combines letters; only A/R may stand together.'
    if code and code not in allowed_codes(kind):
        return "", f'"{raw}" ({MEANING[code[0]]}) is not used in a {kind} matrix.'
    return code, ""


def _shortened(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Writing --------------------------------------------------------------------------------------------------

FILLS = {
    "A": "F8D7DA", "AR": "F8D7DA", "R": "CFE2FF", "S": "D1E7DD", "C": "FFF3CD", "I": "E2E3E5",
}  # fmt: skip
HEADER_FILL = PatternFill("solid", fgColor="DEE2E6")
BOLD = Font(bold=True)


def write_workbook(*, title: str, kind: str, roles: list[tuple[str, str]], rows, findings) -> bytes:
    """An xlsx of the matrix: styled grid (frozen headers, letter colours, dropdowns), findings, legend.

    `roles` is [(code, name)], `rows` is [(group, activity, description, [code per role])],
    `findings` is [(severity, rule, message)]. Write-only mode keeps memory flat; letters are coloured by
    conditional formatting (one rule per letter, and colours follow edits made in Excel) rather than
    by styling thousands of cells.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Matrix")
    sheet.freeze_panes = "D3"
    for column, width in (("A", 24), ("B", 60), ("C", 30)):
        sheet.column_dimensions[column].width = width
    codes = allowed_codes(kind)
    shown = {code: "A/R" if code == "AR" else code for code in codes}
    if rows and roles:
        letters = f"D3:{get_column_letter(3 + len(roles))}{len(rows) + 2}"
        choices = ",".join(shown.values())
        validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True,
                                    error=f"Use one of {choices}", errorTitle="Not a letter")  # fmt: skip
        validation.add(letters)
        sheet.data_validations.append(validation)
        for code, text in shown.items():
            style = DifferentialStyle(fill=PatternFill(bgColor=FILLS[code]), font=BOLD)
            rule = Rule(type="cellIs", operator="equal", formula=[f'"{text}"'], dxf=style)
            sheet.conditional_formatting.add(letters, rule)
    sheet.append([styled_cell(sheet, f"{title} ({kind})", font=Font(bold=True, size=14))])
    sheet.append([styled_cell(sheet, text, fill=HEADER_FILL, font=BOLD)
                  for text in ("Phase", "Activity", "Description", *(code for code, _ in roles))])  # fmt: skip
    for group, name, description, cells in rows:
        sheet.append([
            safe_value(sheet, group), safe_value(sheet, name), safe_value(sheet, description),
            *(shown.get(code) for code in cells),
        ])  # fmt: skip

    notes = workbook.create_sheet("Findings")
    notes.append([styled_cell(notes, h, fill=HEADER_FILL, font=BOLD) for h in ("Severity", "Rule", "Finding")])
    for severity, rule, message in findings:
        notes.append([severity, rule, safe_value(notes, message)])
    if not findings:
        notes.append(["The matrix follows every rule."])

    legend = workbook.create_sheet("Legend")
    legend.append([styled_cell(legend, h, fill=HEADER_FILL, font=BOLD) for h in ("Letter", "Meaning")])
    for code, text in shown.items():
        fill = PatternFill("solid", fgColor=FILLS[code])
        legend.append([styled_cell(legend, text, fill=fill, font=BOLD), " and ".join(MEANING[ch] for ch in code)])
    legend.append([])
    legend.append([styled_cell(legend, h, fill=HEADER_FILL, font=BOLD) for h in ("Role", "Name")])
    for code, name in roles:
        legend.append([safe_value(legend, code), safe_value(legend, name)])
    legend.append([])
    legend.append([f"{EXPORT_MARK}: an empty Phase cell means the activity has no phase; re-importing this "
                   "workbook gives back the same matrix."])  # fmt: skip

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
