"""Reading RACI sheets the way people keep them, and writing them back. Pure: bytes in, data out.

Where the table is, is found by its content (`layout.py`): a block of letters under a header row, a column of
names to its left, on whichever sheet holds it. A sheet may have title rows, a blank top-left cell, headers in any
language, an id column beside the names, phases as a column or as rows of their own, merged and stacked headers
(a team over its people, a department over its roles), letters in any case and spacing (A/R, (R), R (A), AR), "N"
or "-" for not involved, look-alike letters of another alphabet, letters a legend defines, a legend sheet or notes
below the table. Every problem is reported with its cell address, e.g. `Sheet1!D7: "Q" is not a RACI letter`;
identical ones are grouped; every non-empty cell of the table that is not imported is listed.
"""

import functools
import io
import itertools
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

from .choices import ACTIVITY_GROUP_MAX, ACTIVITY_NAME_MAX
from .layout import (
    EMPTY,
    LETTER,
    MARK,
    SKIPPED_SHEETS,
    Layout,
    Reading,
    Zone,
    and_letters,
    and_mark,
    column_heading,
    find_table,
    header_letter,
    kind_of,
    legend_cells,
    legend_of,
    legend_row,
    redefinitions,
    repeated_header,
    text_of,
)
from .letters import COMBINED, MEANING, ORDER, SEPARATORS, allowed_codes, as_written, not_involved, parse_cell, plain

HEADER_SEARCH_ROWS = 30
ACTIVITY = re.compile(r"^(activit|task|process|deliverable|step|action|work\s*item|item\b|decision)", re.I)
GROUP = re.compile(r"^(phase|group|stage|workstream|category|area|section)", re.I)
NUMBER = re.compile(r"^(#|no\.?|nr\.?|id|ref\.?|seq\.?|number|s/n)$", re.I)
COLUMN_NUMBER = re.compile(r"^\d{1,4}\.?$")  # a role column's number in a row numbering them
DESCRIPTION = re.compile(r"^(description|details|notes?|comments?)$", re.I)
# Our own export says so on its Legend sheet: then its cells are taken literally (an empty Phase is no phase,
# every header after Description is a role, whatever its code), so export → import is the identity.
EXPORT_MARK = "Written by ConnectMobilize"
# The last column of our export: each row's activity, so a row renamed in the sheet is still that activity.
ROW_ID_HEADER = "ConnectMobilize ID"
EXPORT_FIRST_ROW = 3  # the export's first activity, below its title and header rows
SHOWN_CELLS = 5  # cells named in a grouped message
MAX_MESSAGES = 200  # messages of one list; the rest are counted
PICTURE_ROWS, PICTURE_COLUMNS = 8, 14
MAX_PHASE_ROWS = 3  # phase rows (a phase over its sub-phases) after a blank row, before the letters come back
NO_TABLE = (
    "No RACI table found: no sheet has a block of letters (R, A, C, I…) under a header row with the activity names "
    "to its left. Put one column per role, one row per activity, and a letter in each cell where a role takes part."
)
NO_SHEETS = (
    'The workbook has no sheet that can be read. If it was saved as "Strict Open XML Spreadsheet" or by an unusual '
    'tool, open it in Excel or LibreOffice and save it as "Excel Workbook (.xlsx)".'
)


@dataclass
class ParsedRow:
    row: int  # the sheet's row number
    group: str
    name: str
    description: str = ""
    cells: dict[int, str] = field(default_factory=dict)  # index into ParsedMatrix.roles → canonical code
    ref: int | None = None  # the activity our export wrote the row from (its ROW_ID_HEADER column)


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
    # What was read otherwise than written, in words (N read as not involved, a Cyrillic С read as C…).
    notices: list[str] = field(default_factory=list)
    # Per role, the names its header rows offer (the one taken first): a person under a team, a role over a person.
    role_names: list[list[str]] = field(default_factory=list)
    # Letters the kind does not know, found in the table: letter → what a legend of the workbook says it means.
    unknown_letters: dict[str, str] = field(default_factory=dict)
    layout: dict = field(default_factory=dict)  # where the table was found, for the preview (see `_describe`)

    @property
    def ok(self) -> bool:
        return not self.errors

    @classmethod
    def from_json(cls, data: dict) -> "ParsedMatrix":
        rows = [ParsedRow(**{**r, "cells": _cells_of(r["cells"])}) for r in data["rows"]]
        return cls(**{**data, "rows": rows})

    def to_json(self) -> dict:
        """Plain data to store on the job, built directly (`dataclasses.asdict` deep-copies field by field and
        costs about as much as reading the sheet). A row's cells are one text, "0A1AR3I" (column index, then its
        code): half the size of an object, and the job is written once and read three times."""
        return {
            "sheet": self.sheet, "header_row": self.header_row, "roles": list(self.roles),
            "rows": [
                {"row": r.row, "group": r.group, "name": r.name, "description": r.description,
                 "cells": "".join(f"{index}{code}" for index, code in r.cells.items()), "ref": r.ref}
                for r in self.rows
            ],
            "errors": list(self.errors), "ignored": list(self.ignored), "notices": list(self.notices),
            "role_names": [list(n) for n in self.role_names], "unknown_letters": dict(self.unknown_letters),
            "layout": dict(self.layout),
        }  # fmt: skip


_text = text_of
STORED_CELL = re.compile(r"(\d+)([A-Z]+)")


def _cells_of(stored: str | dict) -> dict[int, str]:
    """A row's cells as ParsedMatrix.to_json stores them (an object in jobs stored before 2026-12-06)."""
    if isinstance(stored, dict):
        return {int(index): code for index, code in stored.items()}
    return {int(index): code for index, code in STORED_CELL.findall(stored)}


ReportRows = Callable[[int, int], None]  # (rows read, rows in the table)
ROWS_PER_REPORT = 500


def parse_workbook(
    data: bytes, *, kind: str, reading: dict | None = None, progress: ReportRows | None = None
) -> ParsedMatrix:
    """The RACI table of the workbook, found by its content (or where the user's `reading` says it is);
    SpreadsheetError for an unusable file or a workbook without a table.

    `progress` is told the rows read as the table is read (every ROWS_PER_REPORT rows and at the end)."""
    progress = progress or (lambda done, total: None)
    sheets = list(read_sheets(data))
    if not sheets:
        raise SpreadsheetError(NO_SHEETS)
    choice = Reading.of(reading)
    if choice.is_automatic and any(_is_our_export(sheet) for sheet in sheets):
        for sheet in sheets:
            if SKIPPED_SHEETS.search(sheet.title) and len(sheets) > 1:
                continue
            layout = _find_header(sheet)
            if layout is not None:
                return _parse_sheet(sheet, layout, kind, choice, {}, [s.title for s in sheets], progress)
    legend = legend_of(sheets)
    found = find_table(sheets, choice, legend)
    if found is None:
        if choice.is_automatic:
            raise SpreadsheetError(NO_TABLE)
        where = f"sheet {choice.sheet}" if choice.sheet else "the workbook"
        row = f" under row {choice.header_row}" if choice.header_row else ""
        parsed = ParsedMatrix(sheet=choice.sheet, errors=[f"No table of letters found in {where}{row}: choose "
                                                          "another sheet or header row."])  # fmt: skip
        parsed.layout = {"sheets": [s.title for s in sheets], "reading": choice.to_json()}
        return parsed
    return _parse_sheet(found.sheet, found.layout, kind, choice, legend, found.sheets, progress, sheets)


def _is_our_export(sheet: Sheet) -> bool:
    return SKIPPED_SHEETS.search(sheet.title) is not None and any(
        isinstance(value, str) and value.startswith(EXPORT_MARK) for row in sheet.rows for value in row
    )


def _find_header(sheet: Sheet) -> Layout | None:
    """Our own export's header, by its own words: every column after Description is a role, whatever its code."""
    for r, values in enumerate(sheet.rows[:HEADER_SEARCH_ROWS], 1):
        texts = [_text(v) for v in values]
        activity = next((i for i, t in enumerate(texts) if ACTIVITY.match(t)), None)
        if activity is None:
            continue
        group = next((i for i, t in enumerate(texts) if i != activity and GROUP.match(t)), None)
        description = next((i for i, t in enumerate(texts) if i > activity and DESCRIPTION.match(t)), None)
        ref = next((i for i, t in enumerate(texts) if t == ROW_ID_HEADER), None)
        skip = {activity, group, description, ref}
        roles = [i for i, t in enumerate(texts) if i not in skip and t]
        if roles:
            return Layout(
                sheet=sheet.title, header_rows=[r], activity=activity, group=group, description=description,
                roles=roles, headers={i: [t] for i, t in enumerate(texts)}, last_column=len(texts) - 1, literal=True,
                ref=ref,
            )  # fmt: skip
    return None


class _Messages:
    """Problems of the same cause, grouped: `Sheet!D4 and 1,428 other cells (E4, F4…): "N" is not a letter.`"""

    def __init__(self) -> None:
        self.cells: dict[str, list[str]] = {}

    def add(self, ref: str, problem: str) -> None:
        self.cells.setdefault(problem, []).append(ref)

    def lines(self, *, kept: int = MAX_MESSAGES) -> list[str]:
        lines = [_grouped(refs, problem) for problem, refs in self.cells.items()]
        if len(lines) > kept:
            rest = len(lines) - kept
            lines = [*lines[:kept], f"… and {rest:,} more problem{'s' if rest != 1 else ''} of other kinds."]
        return lines


def _grouped(refs: list[str], problem: str) -> str:
    if len(refs) == 1:
        return f"{refs[0]}: {problem}"
    shown = ", ".join(ref.split("!")[-1] for ref in refs[1 : SHOWN_CELLS + 1])
    more = "…" if len(refs) > SHOWN_CELLS + 1 else ""
    return f"{refs[0]} and {len(refs) - 1:,} other cells ({shown}{more}): {problem}"


def _parse_sheet(
    sheet: Sheet,
    layout: Layout,
    kind: str,
    reading: Reading,
    legend: dict,
    sheets: list[str],
    progress: ReportRows,
    workbook: list[Sheet] | None = None,
) -> ParsedMatrix:
    parsed, reader = _read_table(sheet, layout, kind, reading, legend, progress, {})
    if workbook and not layout.literal:
        # A legend outside the table giving R, A, S, C or I another meaning ("Auxiliary | A"): read again, those
        # letters offered as a choice (rare: the table's own end is known only once it was read).
        end = max(reader.last_row, layout.data_start)
        zone = Zone(sheet.title, layout.header_rows[0], end, layout.last_column, layout.transposed)
        redefined = redefinitions(workbook, zone)
        if redefined:
            parsed, reader = _read_table(sheet, layout, kind, reading, legend, lambda done, total: None, redefined)
    parsed.errors = reader.errors.lines() + reader.combined_errors() + parsed.errors
    template = _blank_template(reader, parsed)
    if template:
        parsed.errors = [template]
    unreadable = _unreadable_cells(sheet, layout, reader.first_row, reader.last_row, reader.ref)
    parsed.ignored = [*unreadable, *reader.ignored.lines()]
    parsed.notices = reader.notices()
    if not parsed.rows:
        parsed.errors.append(f"{sheet.title}: no activities found under the header on row {layout.header_rows[-1]}.")
    parsed.layout = _describe(sheet, layout, reader, reading, sheets)
    return parsed


def _read_table(
    sheet: Sheet, layout: Layout, kind: str, reading: Reading, legend: dict, progress: ReportRows, redefined: dict
) -> tuple[ParsedMatrix, "_RowReader"]:
    names = layout.role_names(reading.names) if not layout.literal else [[layout.header(c)] for c in layout.roles]
    named = [(c, n) for c, n in zip(layout.roles, names, strict=True) if n[0]]
    parsed = ParsedMatrix(sheet=sheet.title, header_row=layout.header_rows[0])
    reader = _RowReader(sheet, layout, kind, parsed, named, reading, legend, progress, redefined)
    if layout.letters_as_headers:
        reader.read_letters_as_headers()
    else:
        parsed.roles = [n[0] for _, n in named]
        parsed.role_names = [n for _, n in named]
        parsed.errors += _duplicate_roles(reader, named)
        reader.read_all()
    return parsed, reader


PLACEHOLDER = re.compile(r"^\s*(\[[^\]]*\]|<[^>]*>|\{[^}]*\}|(enter|insert|type|add|your)\b.*)\s*$", re.I)


def _blank_template(reader: "_RowReader", parsed: ParsedMatrix) -> str:
    """A template never filled in: its role headers or its activities are placeholders ("[Name of person or
    department]", "<Task>", "Enter task…"). Said once, instead of a duplicate error for each repeated placeholder."""
    roles = [name for name in parsed.roles if PLACEHOLDER.match(name)]
    rows = [row.name for row in parsed.rows if PLACEHOLDER.match(row.name)]
    if not (parsed.roles and len(roles) == len(parsed.roles)) and not (parsed.rows and len(rows) == len(parsed.rows)):
        return ""
    layout = reader.layout
    where = reader.ref(layout.header_rows[-1], layout.roles[0] if roles else layout.activity)
    shown = " and ".join(
        f'the {what} read "{names[0]}"' for what, names in (("role columns", roles), ("activities", rows)) if names
    )
    return (f"{where}: this is a blank template: {shown}. Write your roles' names over the placeholders in the "
            "header and your activities in their column, then import the file again.")  # fmt: skip


def _duplicate_roles(reader: "_RowReader", named: list[tuple[int, list[str]]]) -> list[str]:
    errors, seen = [], set()
    for column, names in named:
        if names[0].casefold() in seen:
            errors.append(f'{reader.ref(reader.layout.header_rows[-1], column)}: role "{names[0]}" is a column twice.'
                          + (" Choose how columns are named under \"How the sheet was read\"." if len(names) > 1
                             else ""))  # fmt: skip
        seen.add(names[0].casefold())
    return errors


def _unreadable_cells(sheet: Sheet, layout: Layout, first_row: int, last_row: int, ref) -> list[str]:
    """Cells of the table a reader sees as blank though they are not: a formula whose result was never
    saved, or a formula showing an error. Named, so that nothing is dropped without a word."""
    formulas = [
        (row, column, f"{ref(row, column - 1)}: formula without a saved value, read as blank; open "
                      "the file in Excel and save it so its results are stored, or type the value.")
        for row, column in sheet.formulas_without_value
    ]  # fmt: skip
    errors = [
        (row, column, f"{ref(row, column - 1)}: the cell shows the error {shown}, read as blank; "
                      "correct the formula or type the value.")
        for row, column, shown in sheet.error_values
    ]  # fmt: skip
    return [message for row, _, message in sorted(formulas + errors) if layout.header_rows[0] <= row <= last_row]


class _RowReader:
    """Reads the table's rows one by one, carrying the current group and the names seen so far.

    In a sheet people keep, an empty group cell carries the group above it down (as a merged phase column
    does), and a named row without letters followed by lettered rows is a phase of its own; in our own export
    (`layout.literal`) an empty group cell means no group and every named row is an activity."""

    def __init__(self, sheet: Sheet, layout: Layout, kind: str, parsed: ParsedMatrix, named, reading: Reading,
                 legend: dict[str, tuple[str, str]], progress: ReportRows,
                 redefined: dict[str, tuple[str, str]] | None = None):  # fmt: skip
        self.sheet, self.layout, self.kind, self.parsed = sheet, layout, kind, parsed
        self.literal, self.reading, self.legend = layout.literal, reading, legend
        self.redefined = redefined or {}  # R, A, S, C, I a legend gives another meaning: letter → (meaning, cell)
        self.role_index = {column: index for index, (column, _) in enumerate(named)}
        self.headless = [c for c in layout.roles if c not in self.role_index]
        number_columns = set(layout.ids)
        if layout.literal:
            number_columns = {c for c, t in layout.headers.items() if t and NUMBER.match(t[0])} - set(self.role_index)
        self.used = {layout.activity, layout.group, layout.description, layout.ref} | number_columns
        self.used |= set(self.role_index)
        self.other = {c for c in layout.other if c not in self.used}
        self.skipped = set(layout.ignored) - self.used
        self.group = ""
        self.levels: list[str] = []  # the phases the current row sits in, outermost first
        self.run: list[str] = []  # group rows read since the last activity
        self.base: list[str] = []  # the phases before that run
        self.keys: dict[tuple[str, str], int] = {}
        self.long_groups: set[str] = set()  # phases named as too long (once each, not on every row under them)
        self.started = False
        self.first_row = self.last_row = layout.data_start - 1
        self.errors, self.ignored = _Messages(), _Messages()
        self.marks: dict[str, list[str]] = {}
        self.lookalikes: list[str] = []
        self.mapped: dict[str, list[str]] = {}
        self.combined: dict[str, list[str]] = {}  # spelling → cells holding several letters, not read
        self.kept: dict[str, list[str]] = {}  # '"I/C" read as C' → cells, as the user chose
        self.written = ""  # the cell being read, as written
        self.order: list[str] = []  # cells with several letters, in reading order
        self.duplicates = 0  # activities named twice in one phase, refused
        self.renamed: list[str] = []  # … kept, the later named by its row, as the user chose
        self.header_texts = [_text(v) for v in sheet.rows[layout.header_rows[-1] - 1]]
        self.spread = _merged_body(sheet, layout, set(self.role_index))
        self.banners = _banner_rows(sheet, layout, set(self.role_index))
        self.name_span = _name_span(sheet, layout)
        self.shifted: list[str] = []  # names read one column right, under the activity header's merged span
        self.repeats: list[int] = []  # rows repeating the header (for printing), skipped
        self.numbering: list[str] = []  # cells of a row numbering the role columns (1, 2, 3…) under the header
        self.progress = progress

    def ref(self, r: int, column: int) -> str:
        """A cell's address in the sheet as the user sees it (turned back if the table was read turned)."""
        if self.layout.transposed:
            return cell_ref(self.sheet.title, column + 1, r)
        return cell_ref(self.sheet.title, r, column + 1)

    # The rows --------------------------------------------------------------------------------------------

    def read_all(self) -> None:
        rows, layout = self.sheet.rows, self.layout
        r = start = layout.data_start
        total = len(rows) - start + 1
        while r <= len(rows):
            if (r - start) % ROWS_PER_REPORT == 0:
                self.progress(r - start, total)
            texts = self._texts(r)
            if not self.literal and any(texts) and all(not t or not_involved(t) for t in texts):
                self.ignored.add(self.ref(r, layout.activity), "a row holding only not-involved marks (N, -, x) and "
                                 "no activity name, read as an empty row.")  # fmt: skip
                texts = []
            if not any(texts):
                if self.started and (self.literal or not self._continues_after(r)):
                    self._letters_below(r)
                    break  # the table ended; what follows is notes
                r += 1
                continue
            beyond = layout.last_column + 1
            if not self.literal and self.started and len(texts) > beyond and not any(texts[:beyond]):
                self._unused_cells(r, texts, legend=legend_row(texts))  # only right of the table: no phase of it
                r += 1
                continue
            width = len(texts)
            if not self.literal and repeated_header(texts, self.header_texts):
                self._repeated_header(r, texts)
                self.last_row = r
                r += 1
                continue
            letters = {column: texts[column] for column in self.role_index if column < width and texts[column]}
            if not self.literal and not self.started and self._numbers_the_columns(letters):
                self.numbering += [self.ref(r, column) for column, text in enumerate(texts) if text]
                self.last_row = r
                r += 1
                continue
            if not self.literal and (r in self.banners or (not letters and self._is_group_row(r, texts))):
                name = next(i for i, t in enumerate(texts) if t)
                self._enter_group(texts[name])
                self._unused_cells(r, [t if i != name else "" for i, t in enumerate(texts)])
            elif not self.literal and (not letters or not _at(texts, layout.activity)) and legend_row(texts):
                # a legend under the table ("R" | "Responsible"), its letter in the activity or the group column
                self._unused_cells(r, texts, legend=True)
            else:
                self.read(r, texts, letters)
            self.last_row = r
            r += 1
        self.progress(total, total)

    def _numbers_the_columns(self, letters: dict[int, str]) -> bool:
        """A row of rising numbers over the role columns (1, 2, 3…) before the first activity: part of the header
        (a first activity marked with 1s, in a sheet using 1 for involved, rises not and stays an activity)."""
        texts = [letters[column] for column in sorted(letters)]
        if len(texts) < min(2, len(self.role_index)) or not all(COLUMN_NUMBER.match(t) for t in texts):
            return False
        numbers = [int(t.rstrip(".")) for t in texts]
        return all(a < b for a, b in itertools.pairwise(numbers))

    def _repeated_header(self, r: int, texts: list[str]) -> None:
        """The header written again inside the table, at the top of a section: the section's name, in the
        activity column, is a phase; so was the header's own (the first section), when rows came before.
        The header itself repeated (for printing, on every page: its own activity header again, or any repeat when
        a column names the phases) names no section: it is skipped, and listed. A phase written in the phase column
        of that row ("Build | Activity | PM…") is the phase of the rows below it, as on any row."""
        name = _at(texts, self.layout.activity)
        first = _at(self.header_texts, self.layout.activity)
        if self.layout.group is not None or not name or name.casefold() == first.casefold():
            self.repeats.append(r)
            phase = _at(texts, self.layout.group)
            if phase and phase.casefold() != _at(self.header_texts, self.layout.group).casefold():
                self.group, self.levels, self.run = phase, [phase], []
            return
        if first and not self.levels and self.parsed.rows and not any(row.group for row in self.parsed.rows):
            self._regroup(first)
        self.levels, self.run, self.base = [name], [], []
        self.group = name

    def _letters_below(self, r: int, columns: list[int] | None = None) -> None:
        """Letters under the role columns further down, past the table's end: named, never dropped silently
        (a table cut in two by blank rows and more than a few phase rows). A legend down there is no loss."""
        columns = list(self.role_index) if columns is None else columns
        for n in range(r + 1, len(self.sheet.rows) + 1):
            values = self.sheet.rows[n - 1]
            found = [c for c in columns if c < len(values) and kind_of(values[c]) == LETTER]
            if not found or legend_row(self._texts(n)):
                continue
            for column in found:
                self.ignored.add(self.ref(n, column), f"a letter below the end of the table (row {self.last_row}), not "
                                                      "imported; remove the blank rows above it if it belongs to "
                                                      "the table.")  # fmt: skip

    def _enter_group(self, name: str) -> None:
        """A phase row. Several in a row nest ("Jalon 1" over "Ressources entreprise"); a single one after
        activities takes the place of the innermost phase ("Fournisseurs" after "Ressources entreprise")."""
        if not self.run:
            self.base = self.levels
        self.run.append(name)
        self.levels = [*self.base[: max(0, len(self.base) - len(self.run))], *self.run]
        self.group = " › ".join(self.levels)

    def _texts(self, r: int) -> list[str]:
        texts = [_text(v) for v in self.sheet.rows[r - 1]]
        for column, text in self.spread.get(r, ()):
            texts.extend([""] * (column + 1 - len(texts)))
            texts[column] = texts[column] or text
        return texts

    def _lettered(self, r: int) -> bool:
        values = self.sheet.rows[r - 1] if r - 1 < len(self.sheet.rows) else ()
        return any(kind_of(values[c]) != EMPTY for c in self.role_index if c < len(values))

    def _continues_after(self, r: int) -> bool:
        """After blank rows, the table goes on if letters come back under a few phase rows: one ("Testing"), or
        a phase and its sub-phases ("2.0 Planning Phase", "2.1 Plan Development"), written in the name columns."""
        seen = 0
        names = max(c for c in (self.layout.activity, self.layout.group) if c is not None)
        for following in range(r + 1, min(r + 8, len(self.sheet.rows) + 1)):
            values = self.sheet.rows[following - 1]
            if not any(v is not None for v in values):
                continue
            seen += 1
            if any(kind_of(values[c]) in (LETTER, MARK) for c in self.role_index if c < len(values)):
                return True
            phase = all(v is None for v in values[names + 1 :])
            if seen > (MAX_PHASE_ROWS if phase else 1):
                return False
        return False

    def _is_group_row(self, r: int, texts: list[str]) -> bool:
        """A row with no activity name and no letters ("Plan" in a column of its own), or a named row without
        letters whose next row has letters, or whose next rows are phases too ("1.0 Initiation" over "1.1 Launch")
        over letters: a phase, not an empty activity."""
        layout = self.layout
        if _at(texts, layout.group):
            return False
        width = len(texts)
        if any(texts[c] for c in self.headless if c < width):
            return False
        if not _at(texts, layout.activity):
            return True
        following = self._next_lettered(r)
        if not following:
            return False
        # In an outline indented with spaces ("   Research done" between "      Compile costs" and "   Plan"),
        # a row without letters heads the rows below it only if they are indented deeper: else it is a milestone.
        indent, below = self._indent(r), self._indent(following)
        if indent is None:
            return True
        if below is None:
            # An unindented row below is shallower: the row closes the indented rows above it ("   Research done"
            # before "Wrap up"). With no indented row above, there is no outline: the space is a slip ("  Semester 2").
            above = self.parsed.rows[-1].row if self.parsed.rows else 0
            return not above or self._indent(above) is None
        return below > indent

    def _next_lettered(self, r: int) -> int:
        """The row with letters that the rows after r lead to, past up to two more rows naming only a phase;
        0 if another kind of row comes first."""
        phases, n, last = 0, r + 1, len(self.sheet.rows)
        while n <= min(r + 3 + phases, last):
            texts = self._texts(n)
            if any(texts):
                if self._lettered(n):
                    return n
                named = [c for c, t in enumerate(texts) if t]
                if phases + 1 >= MAX_PHASE_ROWS or named != [self.layout.activity]:
                    return 0
                phases += 1
            n += 1
        return 0

    def _indent(self, r: int) -> int | None:
        """The leading spaces of the row's activity name, None when it has none (no outline)."""
        values = self.sheet.rows[r - 1]
        value = values[self.layout.activity] if self.layout.activity < len(values) else None
        if not isinstance(value, str):
            return None
        indent = len(value) - len(value.lstrip(" "))
        return indent or None

    def read(self, r: int, texts: list[str], letters: dict[int, str]) -> None:
        layout, parsed = self.layout, self.parsed
        name = _at(texts, layout.activity)
        if _at(texts, layout.group) or (self.literal and layout.group is not None):
            self.group = _at(texts, layout.group)
            self.levels, self.run = [self.group], []
        if not name and letters:
            name, texts = self._shifted_name(r, texts)
        if not name:
            if letters:
                self.errors.add(self.ref(r, layout.activity), self._nameless(r, texts))
            else:
                self._enter_group(next(t for t in texts if t))
            return
        self.run = []
        if not self.started:
            self.started, self.first_row = True, r
        self._check_lengths(r, name)
        name = self._check_unique(r, name)
        row = ParsedRow(row=r, group=self.group, name=name, description=self._description(r), ref=self._ref(r))
        for column, raw in letters.items():
            code = self._letter(r, column, raw)
            if code:
                row.cells[self.role_index[column]] = code
        self._unused_cells(r, texts)
        parsed.rows.append(row)

    def _ref(self, r: int) -> int | None:
        """The activity our export wrote this row from; None for a row added in the sheet (or a value not ours)."""
        if self.layout.ref is None:
            return None
        values = self.sheet.rows[r - 1]
        value = values[self.layout.ref] if self.layout.ref < len(values) else None
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def _shifted_name(self, r: int, texts: list[str]) -> tuple[str, list[str]]:
        """A row with letters whose name was typed one column to the right, in a column the activity column's header
        is merged over ("ANÁLISIS" over A2:B2, "Codificar" in B31 with A31 empty): to a reader it stands in the
        activity column, so it is its name (named in a notice); the cell is then read, not listed as left out."""
        column = next((c for c in self.name_span if _at(texts, c)), None)
        if column is None:
            return "", texts
        self.shifted.append(self.ref(r, column))
        return texts[column], [t if c != column else "" for c, t in enumerate(texts)]

    def _nameless(self, r: int, texts: list[str]) -> str:
        """Why a row with letters has no activity: none at all, or its name written in another column."""
        elsewhere = next((c for c in sorted(self.other) if _at(texts, c)), None)
        if elsewhere is None:
            return "this row has letters but no activity name."
        return (f'this row has letters but no activity name in its column; "{_shortened(texts[elsewhere])}" is in '
                f"{self.ref(r, elsewhere).split('!')[-1]}: move it to the activity column.")  # fmt: skip

    def _description(self, r: int) -> str:
        """As written: line breaks, tabs and double spaces are part of a description."""
        column, values = self.layout.description, self.sheet.rows[r - 1]
        if column is None or column >= len(values) or values[column] is None:
            return ""
        value = values[column]
        return str(int(value) if isinstance(value, float) and value.is_integer() else value).strip()

    def _check_lengths(self, r: int, name: str) -> None:
        """What the database could not hold is refused here, by cell, not by a failed apply."""
        if len(name) > ACTIVITY_NAME_MAX:
            self.errors.add(
                self.ref(r, self.layout.activity),
                f"the activity name has {len(name):,} characters; at most {ACTIVITY_NAME_MAX} are kept.",
            )
        if len(self.group) > ACTIVITY_GROUP_MAX and self.group not in self.long_groups:
            self.long_groups.add(self.group)
            where = self.layout.group if self.layout.group is not None else self.layout.activity
            self.errors.add(self.ref(r, where),
                            f'the phase "{self.group[:40]}…" has {len(self.group):,} characters; at most '
                            f"{ACTIVITY_GROUP_MAX} are kept (phases within phases are joined with ›).")  # fmt: skip

    def _check_unique(self, r: int, name: str) -> str:
        """Activities are told apart by phase and name: the same step under two phases is two activities. The same
        name twice in one phase is refused, or, if the user chose to keep both, the later one is named by its row."""
        key = (self.group.casefold(), name.casefold())
        if key in self.keys:
            ref = self.ref(r, self.layout.activity)
            if self.reading.duplicates == "keep":
                renamed = f"{name} (row {r})"
                self.renamed.append(f'{ref}: "{name}" is named twice{f" in {self.group}" if self.group else ""} '
                                    f'(also row {self.keys[key]}): this one is imported as "{renamed}", as chosen '
                                    'under "How the sheet was read".')  # fmt: skip
                self.keys[(self.group.casefold(), renamed.casefold())] = r
                return renamed
            self.duplicates += 1
            self.errors.add(ref, f'activity "{name}" appears twice{f" in {self.group}" if self.group else ""} (also '
                                 f'row {self.keys[key]}). Rename one in the sheet, or choose to keep both under "How '
                                 'the sheet was read".')  # fmt: skip
        self.keys[key] = r
        return name

    def _letter(self, r: int, column: int, raw: str) -> str:
        """The cell's canonical code, or "" after recording why it cannot be taken."""
        self.written = raw
        mark = and_mark(raw)
        if mark:
            written = " ".join(raw.split())
            self.errors.add(self.ref(r, column), f'"{written}" joins a not-involved mark ("{mark}") and a letter: '
                                                 "write the letter alone, or leave the cell empty.")  # fmt: skip
            return ""
        raw = self._known_letters(r, column, and_letters(raw))
        if raw and self.redefined:
            raw = self._redefined_letters(r, column, raw)
        if not raw:
            return ""
        code, problem, note = _reading_of(raw, self.kind)
        if note:
            return self._noted(r, column, raw, code, problem, note)
        if problem:
            self.errors.add(self.ref(r, column), problem)
        return code

    def _noted(self, r: int, column: int, raw: str, code: str, problem: str, note: str) -> str:
        ref = self.ref(r, column)
        if note == "mark":
            self.marks.setdefault(" ".join(raw.split()).upper(), []).append(ref)
        elif note == "lookalike":
            self.lookalikes.append(ref)
        elif note == "combined":
            return self._combined(ref, raw, code)
        elif note.startswith("unknown:"):
            letter = note.split(":", 1)[1]
            meaning, where = self.legend.get(letter, ("", ""))
            self.parsed.unknown_letters[letter] = meaning
            if letter in self.reading.letters:
                chosen = self.reading.letters[letter]
                if chosen and chosen in allowed_codes(self.kind):
                    self.mapped.setdefault(f"{letter}→{chosen}", []).append(ref)
                    return chosen
                self.ignored.add(ref, f'"{raw}" is left out, as chosen under "How the sheet was read".')
                return ""
            if meaning:
                problem = (f'"{raw}" is not a RACI letter; the legend ({where}) says it means "{meaning}": choose '
                           'what it stands for under "How the sheet was read".')  # fmt: skip
            else:
                problem += ' Choose what it stands for under "How the sheet was read", or correct the sheet.'
        if problem:
            self.errors.add(ref, problem)
        return code

    def _known_letters(self, r: int, column: int, raw: str) -> str:
        """A cell of several letters with one the kind does not know ("R,A,C,Q"): that letter as the user chose
        (another letter, or left out), else an error offering the choice; the cell's other letters are read on."""
        tokens = _letter_list(raw)
        if not tokens:
            return raw
        ref, kept = self.ref(r, column), []
        for letter in tokens:
            if letter in ORDER:
                kept.append(letter)
                continue
            self.parsed.unknown_letters.setdefault(letter, self.legend.get(letter, ("", ""))[0])
            if letter not in self.reading.letters:
                self.errors.add(ref, f'"{letter}" is not a RACI letter (it stands with other letters in these cells). '
                                     'Choose what it stands for under "How the sheet was read", or correct the '
                                     "sheet.")  # fmt: skip
                known = {t for t in tokens if t in ORDER}
                if len(known) > 1 and known != {"A", "R"} and not self.reading.combined:
                    self.combined.setdefault(f'"{" ".join(raw.split())}"', []).append(ref)  # both choices offered
                    self.order.append(ref)
                return ""
            chosen = self._chosen(ref, letter, f'"{letter}" is left out of these cells, as chosen under "How the '
                                               'sheet was read"; their other letters are read.')  # fmt: skip
            kept += [chosen] if chosen else []
        return "/".join(dict.fromkeys(kept))

    def _chosen(self, ref: str, letter: str, left_out: str) -> str:
        """The letter the user chose for the sheet's `letter` (the mapping noted), or "" when they chose to leave it
        out (the cell listed with `left_out`)."""
        chosen = self.reading.letters[letter]
        if chosen and chosen in allowed_codes(self.kind):
            self.mapped.setdefault(f"{letter}→{chosen}", []).append(ref)
            return chosen
        self.ignored.add(ref, left_out)
        return ""

    def _redefined_letters(self, r: int, column: int, raw: str) -> str:
        """R, A, S, C or I that a legend of the workbook gives another meaning ("Auxiliary | A"): never read as the
        usual letter unless the user says so; refused (the choice offered) until they say what it stands for."""
        letters = SEPARATORS.sub("", plain(raw)[0]).upper()
        if not set(letters) & self.redefined.keys() or not set(letters) <= set(ORDER):
            return raw
        ref, kept = self.ref(r, column), []
        for letter in dict.fromkeys(letters):
            if letter not in self.redefined:
                kept.append(letter)
                continue
            meaning, where = self.redefined[letter]
            self.parsed.unknown_letters[letter] = meaning
            if letter not in self.reading.letters:
                self.errors.add(ref, f'"{letter}" is not read as {MEANING[letter]}: the legend ({where}) says it '
                                     f'means "{meaning}". Choose what it stands for under "How the sheet was '
                                     'read".')  # fmt: skip
                return ""
            chosen = self._chosen(ref, letter, f'"{letter}" ("{meaning}" in the legend, {where}) is left out, as '
                                               'chosen under "How the sheet was read".')  # fmt: skip
            kept += [chosen] if chosen else []
        return "/".join(kept)

    def _combined(self, ref: str, raw: str, code: str, *, label: str = "") -> str:
        """Several letters in one cell (only A/R may stand together): refused, with one message for all such
        cells, unless the user chose to keep the first letter written or the stronger one; either way each cell
        read is named. `label` says what was written when it is not the cell's text (a name under two letters)."""
        choice, raw = self.reading.combined, self.written
        label = label or f'"{" ".join(raw.split())}"'
        allowed = allowed_codes(self.kind)
        if choice == "first":
            written = [ch for ch in SEPARATORS.sub("", plain(raw)[0]).upper() if ch in code]
            kept = next((ch for ch in written if ch in allowed), "")
            how = "the first letter written"
        elif choice == "strongest":
            kept = "AR" if {"A", "R"} <= set(code) else next((ch for ch in ORDER if ch in code and ch in allowed), "")
            how = "the stronger letter"
        else:
            self.combined.setdefault(label, []).append(ref)
            self.order.append(ref)
            return ""
        self.kept.setdefault(f"{label} read as {as_written(kept)} ({how})", []).append(ref)
        return kept

    def combined_errors(self) -> list[str]:
        """One message for every cell holding several letters, whatever their spelling."""
        if not self.combined:
            return []
        order = {ref: i for i, ref in enumerate(self.order)}
        refs = sorted((ref for cells in self.combined.values() for ref in cells), key=lambda ref: order.get(ref, 0))
        spellings = ", ".join(list(self.combined)[:6]) + ("…" if len(self.combined) > 6 else "")
        offer = ('Choose under "How the sheet was read" to keep the first letter written or the stronger one, or '
                 "correct the sheet.")  # fmt: skip
        if self.layout.letters_as_headers:
            return [_grouped(refs, f"a role named under several letters ({spellings}); only A/R may stand together. "
                                   f"{offer}")]  # fmt: skip
        if len(refs) == 1:
            return [f"{refs[0]}: {spellings} combines letters; only A/R may stand together. {offer}"]
        return [_grouped(refs, f"these cells combine letters ({spellings}); only A/R may stand together. {offer}")]

    def _unused_cells(self, r: int, texts: list[str], *, legend: bool = False) -> None:
        """Values in columns the table does not read: never dropped without a word."""
        if not legend and all(not text or column in self.used for column, text in enumerate(texts)):
            return  # the usual row: every value is read (checked first: the legend search costs more)
        explained = legend_cells(texts, set() if legend else self.used)
        for column, text in enumerate(texts):
            if not text or (column in self.used and not legend):
                continue
            ref = self.ref(r, column)
            if column in explained:
                self.ignored.add(ref, "a legend (a letter and what it means), not an activity, so it is not imported.")
            elif column in self.skipped:
                self.ignored.add(ref, f"{self._line(column)} is left out, as chosen; its cells are not "
                                      "imported.")  # fmt: skip
            elif column in self.other:
                self.ignored.add(ref, f"{self._line(column)} holds text, not letters, so it is not imported "
                                      "(choose it as the activity column if it names the activities).")  # fmt: skip
            elif column in self.layout.roles or column <= self.layout.last_column:
                self.ignored.add(ref, f'"{_shortened(text)}" is under a column with no header, so it is not '
                                      "imported; name the column (a role code or name) to import it.")  # fmt: skip
            else:
                self.ignored.add(ref, f'"{_shortened(text)}" lies right of the table, so it is not imported.')

    def _line(self, column: int) -> str:
        """A table column as the sheet shows it: 'column C ("Owner")', or 'row 3 ("Owner")' in a sheet read turned."""
        line = f"row {column + 1}" if self.layout.transposed else f"column {get_column_letter(column + 1)}"
        header = self.layout.header(column)
        return f'{line} ("{_shortened(header, 30)}")' if header else line

    def notices(self) -> list[str]:
        notices = []
        if self.layout.transposed:
            notices.append(f"Sheet {self.sheet.title} has its roles as rows and its activities as columns: it was "
                           "read turned.")  # fmt: skip
        if self.layout.letters_as_headers:
            notices.append(f"Sheet {self.sheet.title} has the letters as column headers and the roles in the cells: "
                           "each name in a cell became a role column.")  # fmt: skip
        numbers = "column numbers" if self.layout.transposed else "row numbers"
        notices += [f"{_capitalized(self._line(c))} holds {numbers} or ids: not imported." for c in self.layout.ids]
        for mark, refs in self.marks.items():
            notices.append(_grouped(refs, f'"{mark}" read as not involved (an empty cell).'))
        if self.lookalikes:
            notices.append(
                _grouped(
                    self.lookalikes,
                    "letters of another alphabet that look like R, A, S, C or I "
                    "(a Cyrillic С, a Greek Α…) were read as those letters.",
                )
            )
        if self.shifted:
            bottom = self.layout.header_rows[-1]
            merged = ":".join(self.ref(bottom, c).split("!")[-1] for c in (self.layout.activity, self.name_span[-1]))
            beside = "below" if self.layout.transposed else "right of"
            notices.append(_grouped(self.shifted, f"the activity's name stands {beside} "
                                                  f"{self._line(self.layout.activity)}, under its header merged "
                                                  f"over {merged}: read as the activity's name."))  # fmt: skip
        if self.numbering:
            notices.append(_grouped(self.numbering, "a row numbering the role columns, under the header: read as "
                                                    "part of the header, not as letters."))  # fmt: skip
        if self.repeats:
            lines = ("column" if self.layout.transposed else "row") + ("s" if len(self.repeats) > 1 else "")
            shown = ", ".join(map(str, self.repeats[:SHOWN_CELLS])) + ("…" if len(self.repeats) > SHOWN_CELLS else "")
            notices.append(f"Sheet {self.sheet.title} repeats its header row ({lines} {shown}), as for printing: "
                           "its header cells are skipped, not read as a phase or an activity.")  # fmt: skip
        notices += self.renamed
        for kept, refs in self.kept.items():
            notices.append(_grouped(refs, f'{kept}, as chosen under "How the sheet was read".'))
        for mapping, refs in self.mapped.items():
            letter, code = mapping.split("→")
            meaning, where = self.redefined.get(letter, ("", ""))
            said = f' ("{meaning}" in the legend, {where})' if meaning else ""
            notices.append(
                _grouped(refs, f'"{letter}"{said} read as {code}, as chosen under "How the sheet was read".')
            )
        return notices[:MAX_MESSAGES]

    # Letters as headers: "Task | R | A | C | I" with the roles' names in the cells --------------------------

    def read_letters_as_headers(self) -> None:
        layout, parsed = self.layout, self.parsed
        letter_of = {c: self._header_letter(c, header_letter(layout.header(c))) for c in layout.roles}
        self.used = {layout.activity, layout.group, *layout.ids, *layout.roles}
        self.role_index = {}
        roles: dict[str, int] = {}
        # A name on the letters row itself, in the activity column ("1 | Application Java | R | A | C | I"), is the
        # first phase when phase rows follow: the rows before the first of them are in it.
        first = _at(self.header_texts, layout.activity)
        first = "" if column_heading(first) or layout.group is not None else first
        r = layout.data_start
        while r <= len(self.sheet.rows):
            texts = self._texts(r)
            if not any(texts):
                if self.started:
                    self._letters_below(r, [c for c in range(layout.last_column + 1) if c != layout.activity])
                    break
                r += 1
                continue
            name = _at(texts, layout.activity)
            if _at(texts, layout.group):
                self.group = _at(texts, layout.group)
            people = {c: _names_in(texts[c]) for c in layout.roles if c < len(texts) and texts[c]}
            people = {c: names for c, names in people.items() if names}  # "-" under a letter: nobody
            if not name:
                if people:
                    self.errors.add(self.ref(r, layout.activity), "this row has roles but no activity name.")
                else:
                    self.group = next(t for t in texts if t)
                r += 1
                continue
            if not people and self._names_follow(r):  # a named row without roles over rows with them: a phase
                if first and parsed.rows and not any(row.group for row in parsed.rows):
                    self._regroup(first)
                first, self.group = "", name
                self._unused_cells(r, [t if c != layout.activity else "" for c, t in enumerate(texts)])
                r += 1
                continue
            if not self.started:
                self.started, self.first_row = True, r
            self._check_lengths(r, name)
            name = self._check_unique(r, name)
            row = ParsedRow(row=r, group=self.group, name=name)
            self._named(row, people, letter_of, roles)
            self._unused_cells(r, texts)
            parsed.rows.append(row)
            self.last_row = r
            r += 1

    def _named(self, row: ParsedRow, people: dict[int, list[str]], letter_of: dict, roles: dict[str, int]) -> None:
        """Each person named on the row gets the letters of the columns naming them (a new role at first sight)."""
        parsed, r = self.parsed, row.row
        codes: dict[int, str] = {}
        where: dict[int, str] = {}
        for column, found in people.items():
            letter = letter_of[column]
            if not letter:  # a letter refused until the user says what it means (said once), or left out
                if letter == "":
                    self.ignored.add(self.ref(r, column), f'a name under "{self.layout.header(column)}", left out '
                                                          'as chosen under "How the sheet was read".')  # fmt: skip
                continue
            for person in found:
                index = roles.setdefault(person.casefold(), len(roles))
                if index == len(parsed.roles):
                    parsed.roles.append(person)
                    parsed.role_names.append([person])
                codes[index] = codes.get(index, "") + letter
                where[index] = self.ref(r, column)
        for index, letters in codes.items():
            code = "".join(ch for ch in ORDER if ch in letters)
            _, problem, note = _reading_of(code, self.kind)
            if note == "combined":  # named under C and under I: refused, or read as the user chose
                self.written = "/".join(letters)
                label = f'"{parsed.roles[index]}" under {" and ".join(letters)}'
                code, problem = self._combined(where[index], self.written, code, label=label), ""
            if problem:
                self.errors.add(where[index], f'{parsed.roles[index]} is named under {", ".join(letters)}: '
                                              f"{problem}")  # fmt: skip
            elif code:
                row.cells[index] = code

    def _header_letter(self, column: int, code: str) -> str | None:
        """A letter heading a column of names, unless a legend gives it another meaning: then as the user chose
        ("" leaves the column out), or refused (None) until they choose."""
        if code not in self.redefined:
            return code
        meaning, where = self.redefined[code]
        self.parsed.unknown_letters[code] = meaning
        ref = self.ref(self.layout.header_rows[-1], column)
        if code not in self.reading.letters:
            self.errors.add(ref, f'"{code}" is not read as {MEANING[code]}: the legend ({where}) says it means '
                                 f'"{meaning}". Choose what it stands for under "How the sheet was read".')  # fmt: skip
            return None
        chosen = self.reading.letters[code]
        if chosen and chosen in allowed_codes(self.kind):
            self.mapped.setdefault(f"{code}→{chosen}", []).append(ref)
            return chosen
        return ""

    def _regroup(self, phase: str) -> None:
        """The rows read so far, outside any phase, are in this one after all (it was named on the header row)."""
        for row in self.parsed.rows:
            row.group = phase
        # re-keyed once: a name refused as a duplicate has one key for its two rows
        self.keys = {(phase.casefold(), name): r for (_, name), r in self.keys.items()}

    def _names_follow(self, r: int) -> bool:
        """The next row with anything in it names roles under the letters."""
        for following in range(r + 1, min(r + 4, len(self.sheet.rows) + 1)):
            texts = self._texts(following)
            if any(texts):
                return any(_at(texts, c) for c in self.layout.roles)
        return False


def _names_in(text: str) -> list[str]:
    names = [" ".join(n.split()) for n in re.split(r"[,;/\n&+]| and | und | et ", text)]
    return list(dict.fromkeys(n for n in names if n and not not_involved(n)))


def _merged_body(sheet: Sheet, layout: Layout, columns: set[int]) -> dict[int, list[tuple[int, str]]]:
    """A letter merged across several role columns of a row (a team's letter over its people) counts for each:
    row → [(column, text)]."""
    spread: dict[int, list[tuple[int, str]]] = {}
    for r0, c0, r1, c1 in sheet.merged:
        if r0 < layout.data_start or not columns.intersection(range(c0 - 1, c1)) or (r1 - r0 + 1) * (c1 - c0 + 1) > 400:
            continue
        if c0 - 1 <= layout.activity <= c1 - 1:
            continue  # a phase written across the row, not a letter
        value = (
            _text(sheet.rows[r0 - 1][c0 - 1]) if r0 - 1 < len(sheet.rows) and c0 - 1 < len(sheet.rows[r0 - 1]) else ""
        )
        for r in range(r0, r1 + 1):
            for c in range(c0 - 1, c1):
                if (r, c) != (r0, c0 - 1) and c in columns:
                    spread.setdefault(r, []).append((c, value))
    return spread


def _name_span(sheet: Sheet, layout: Layout) -> list[int]:
    """Columns right of the activity column that its header is merged over (A2:B2): part of the activity column to a
    reader, up to the first role column."""
    if layout.literal or layout.transposed:
        return []
    bottom, end = layout.header_rows[-1], min([*layout.roles, layout.last_column + 1])
    spans = [
        range(layout.activity + 1, min(c1, end))
        for r0, c0, r1, c1 in sheet.merged
        if r0 <= bottom <= r1 and c0 - 1 == layout.activity and c1 - 1 > layout.activity
    ]
    return list(spans[0]) if spans else []


def _banner_rows(sheet: Sheet, layout: Layout, columns: set[int]) -> set[int]:
    """Rows whose activity cell is merged across the role columns ("Jalon 1" over the whole row): a phase, whatever
    follows it."""
    return {
        r0
        for r0, c0, r1, c1 in sheet.merged
        if r0 >= layout.data_start and c0 - 1 <= layout.activity <= c1 - 1 and columns.intersection(range(c0 - 1, c1))
    }


def _at(texts: list[str], index: int | None) -> str:
    return texts[index] if index is not None and index < len(texts) else ""


@functools.lru_cache(maxsize=4096)
def _letter_list(raw: str) -> tuple[str, ...]:
    """The letters of a cell listing several ("R,A,C,Q"), when one of them is not R, A, S, C or I; else ()."""
    if not_involved(raw):
        return ()
    tokens = tuple(t.upper() for t in SEPARATORS.split(plain(raw)[0]) if t)
    if len(tokens) < 2 or not all(len(t) == 1 and t.isalpha() for t in tokens) or set(tokens) <= set(ORDER):
        return ()
    return tokens


@functools.lru_cache(maxsize=4096)
def _reading_of(raw: str, kind: str) -> tuple[str, str, str]:
    """(code, why not, note) for a cell's text; a sheet repeats a handful of spellings thousands of times.
    The note says what was read otherwise than written: "mark" (N, -, x: not involved), "lookalike" (a letter
    of another alphabet), "unknown:D" (a letter the kind does not know)."""
    if not_involved(raw):
        return "", "", "mark"
    latin, changed = plain(and_letters(raw))
    try:
        code = parse_cell(latin)
    except ValueError as error:
        squeezed = SEPARATORS.sub("", latin).upper()
        note = f"unknown:{squeezed}" if len(squeezed) == 1 and squeezed.isalpha() else ""
        return "", f"{error}.", note
    if len(code) > 1 and code not in COMBINED:
        return code, f'"{raw}" combines letters; only A/R may stand together.', "combined"
    if code and code not in allowed_codes(kind):
        return "", f'"{raw}" ({MEANING[code[0]]}) is not used in a {kind} matrix.', ""
    return code, "", "lookalike" if changed and latin.upper() != raw.strip().upper() else ""


def _capitalized(text: str) -> str:
    """The first letter made a capital, the rest left as written (str.capitalize lowers it)."""
    return text[:1].upper() + text[1:]


def _shortened(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(sheet: Sheet, layout: Layout, reader: _RowReader, reading: Reading, sheets: list[str]) -> dict:
    """Where the table was found, for the preview: a small picture of the sheet with the table outlined, the
    columns and what each was taken for, and the choices the user can correct."""
    uses: dict[int, str] = (
        dict.fromkeys(reader.role_index, "role")
        if not layout.letters_as_headers
        else dict.fromkeys(layout.roles, "letters")
    )
    uses.update(dict.fromkeys(layout.ids, "id"))
    uses.update(dict.fromkeys(reader.other, "other"))
    uses.update(dict.fromkeys(reader.skipped, "left out"))
    uses.update(dict.fromkeys(reader.headless, "no header"))
    named = ((layout.group, "group"), (layout.description, "description"), (layout.activity, "activity"))
    uses.update({column: use for column, use in named if column is not None})
    width = max([layout.last_column + 1, *(c + 1 for c in uses)])
    top = max(1, layout.header_rows[0] - 2)
    bottom = min(len(sheet.rows), layout.data_start + PICTURE_ROWS - 1)
    shown = min(width, PICTURE_COLUMNS)

    def letter(column: int) -> str:
        return str(column + 1) if layout.transposed else get_column_letter(column + 1)

    def line(r: int) -> str:  # a row of the table as the sheet names it: a column when read turned
        return get_column_letter(r) if layout.transposed else str(r)

    header, plural = "–".join(line(r) for r in layout.header_rows), "s" if len(layout.header_rows) > 1 else ""
    first = reader.first_row if reader.started else layout.data_start  # below a row numbering the columns, say
    if layout.transposed:
        where = f"header in column{plural} {header}, activities in columns {line(first)} to {line(reader.last_row)}"
    else:
        where = f"header on row{plural} {header}, activities from row {first} to {reader.last_row}"
    picture = [
        {"row": line(r), "part": "header" if r in layout.header_rows else "data" if r >= layout.data_start else "",
         "cells": [_shortened(_text(v), 18) for v in (list(sheet.rows[r - 1][:shown]) + [None] * shown)[:shown]]}
        for r in range(top, bottom + 1)
    ]  # fmt: skip
    return {
        **layout.to_json(),
        "sheets": sheets,
        "last_row": reader.last_row,
        "where": where,
        "columns": [
            {"index": c, "letter": letter(c), "header": _shortened(layout.header(c), 40), "use": uses.get(c, "")}
            for c in range(min(width, 300))
        ],
        "picture": {
            "columns": [letter(c) for c in range(shown)],
            "uses": [uses.get(c, "") for c in range(shown)],
            "rows": picture,
            "more_columns": width - shown,
        },
        "reading": reading.to_json(),
        "unknown": dict(sorted(reader.parsed.unknown_letters.items())),
        "duplicates": reader.duplicates + len(reader.renamed),
        "combined": sum(map(len, reader.combined.values())) + sum(map(len, reader.kept.values())),
    }


# Writing --------------------------------------------------------------------------------------------------

FILLS = {
    "A": "F8D7DA", "AR": "F8D7DA", "R": "CFE2FF", "S": "D1E7DD", "C": "FFF3CD", "I": "E2E3E5",
}  # fmt: skip
HEADER_FILL = PatternFill("solid", fgColor="DEE2E6")
BOLD = Font(bold=True)


def write_workbook(*, title: str, kind: str, roles: list[tuple[str, str]], rows, findings) -> bytes:
    """An xlsx of the matrix: styled grid (frozen headers, letter colours, dropdowns), findings, legend.

    `roles` is [(code, name)], `rows` is [(group, activity, description, [code per role], activity id)],
    `findings` is [(severity, rule, message)]. Write-only mode keeps memory flat; letters are coloured by
    conditional formatting (one rule per letter, and colours follow edits made in Excel) rather than
    by styling thousands of cells.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Matrix")
    sheet.freeze_panes = f"D{EXPORT_FIRST_ROW}"
    for column, width in (("A", 24), ("B", 60), ("C", 30), (get_column_letter(4 + len(roles)), 20)):
        sheet.column_dimensions[column].width = width
    codes = allowed_codes(kind)
    shown = {code: as_written(code) for code in codes}
    if rows and roles:
        letters = f"D{EXPORT_FIRST_ROW}:{get_column_letter(3 + len(roles))}{EXPORT_FIRST_ROW + len(rows) - 1}"
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
    headers = ("Phase", "Activity", "Description", *(code for code, _ in roles), ROW_ID_HEADER)
    sheet.append([styled_cell(sheet, text, fill=HEADER_FILL, font=BOLD) for text in headers])
    for group, name, description, cells, activity_id in rows:
        sheet.append([
            safe_value(sheet, group), safe_value(sheet, name), safe_value(sheet, description),
            *(shown.get(code) for code in cells), activity_id,
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
    legend.append([f"{ROW_ID_HEADER}: the activity each row was written from. Keep it when you rename or move a "
                   "row, and the row keeps its history and links; leave it empty on a row you add."])  # fmt: skip

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
