"""Reads for matrices: the grid and its rule check in a constant number of queries."""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple, cast

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from connectmobilize.lib.access import Capability, can
from connectmobilize.lib.hooks import SearchHit, WorkItem, WorkSection
from connectmobilize.lib.people import person_name
from connectmobilize.lib.search import text_match
from programs.models import Program, Role

from . import rules
from .choices import MatrixStatus
from .importing import Preview
from .models import Activity, LetterOf, Matrix, MatrixColumn, MatrixExport, MatrixImport, StoredFinding, cells_of
from .spreadsheet import ParsedMatrix

__all__ = [
    "CellChange",
    "CellChecks",
    "CellsChecks",
    "CompareCell",
    "CompareColumn",
    "ComparePoint",
    "CompareRow",
    "Comparison",
    "Grid",
    "GridCell",
    "GridPage",
    "GridRow",
    "RuleSummary",
    "Section",
    "SheetCell",
    "SheetRow",
    "accountable_or_responsible_for",
    "activities_to_link",
    "activity_cell_history",
    "cell_checks",
    "cells_checks",
    "compare_default",
    "export_list",
    "grid_document",
    "grid_page",
    "grid_section",
    "import_grid",
    "import_list",
    "import_preview",
    "letters_of",
    "matrices_with_errors",
    "matrix_compare",
    "matrix_grid",
    "matrix_list",
    "my_matrices_to_approve",
    "parsed_of",
    "search_raci",
    "who_to_involve",
]


def matrix_list(program: Program) -> QuerySet[Matrix]:
    return program.matrices.select_related("workstream").annotate(
        activity_count=Count("activities", distinct=True), column_count=Count("columns", distinct=True)
    )


class GridCell(NamedTuple):
    column: MatrixColumn
    code: str  # "" for an empty cell


class GridRow(NamedTuple):
    activity: Activity
    cells: list[GridCell]  # in column order
    findings: list[rules.Finding]  # of this row


@dataclass
class Grid:
    matrix: Matrix
    columns: list[MatrixColumn]
    activities: list[Activity]  # with their letters
    findings: list[rules.Finding]
    row_findings: dict[int, list[rules.Finding]] = field(default_factory=dict)
    column_findings: dict[int, list[rules.Finding]] = field(default_factory=dict)

    @property
    def summary(self) -> rules.Summary:
        return rules.summarise(self.findings)

    def rows(self) -> Iterator[GridRow]:
        """The rows in display order."""
        for activity in self.activities:
            yield self._row(activity)

    def row(self, activity_id: int) -> GridRow:
        return self._row(next(a for a in self.activities if a.pk == activity_id))

    def _row(self, activity: Activity) -> GridRow:
        letters = activity.letters
        cells = [GridCell(column, letters.get(str(column.role_id), "")) for column in self.columns]
        return GridRow(activity, cells, self.row_findings.get(activity.pk, []))

    def column_status(self):
        return [(column, self.column_findings.get(column.role_id, [])) for column in self.columns]


def matrix_grid(matrix: Matrix, *, first_row: int = 1) -> Grid:
    """The matrix checked by the rules; `first_row`: the number its findings give the first row ("Row 3"), where
    a workbook's rows start below its title and header."""
    return grid_of(matrix, list(matrix.activities.all()), first_row=first_row)


def grid_of(matrix: Matrix, activities: list[Activity], *, first_row: int = 1) -> Grid:
    """The grid of these rows (in order, with their letters), checked by the rules: for a writer that already holds
    what it wrote (an import), without reading it back."""
    columns = list(matrix.columns.select_related("role"))
    role_of = {str(c.role_id): c.role_id for c in columns}
    findings = rules.check(
        kind=matrix.kind,
        columns=[rules.Column(c.role_id, c.role.code, c.role.side) for c in columns],
        rows=[
            rules.Row(a.pk, a.name, {role_of[k]: code for k, code in a.letters.items() if k in role_of})
            for a in activities
        ],
        thresholds=matrix.thresholds,
        numbers=range(first_row, first_row + len(activities)),
    )
    by_row, by_column = defaultdict(list), defaultdict(list)
    for finding in findings:
        if finding.row_id is not None:
            by_row[finding.row_id].append(finding)
        elif finding.column_id is not None:
            by_column[finding.column_id].append(finding)
    return Grid(matrix, columns, activities, findings, dict(by_row), dict(by_column))


# The grid page of a large matrix -------------------------------------------------------------------------
# The page lists the matrix in sections (a group, or SECTION_ROWS of its rows) and renders only the first
# rows; the others load as they are opened or scrolled to (grid_section). Rule findings are read from the
# stored check (services.matrix_recheck / cell_set keep it), so neither the page nor a cell edit rechecks
# every row.

SECTION_ROWS = 100  # a longer group, or a matrix without groups, is split into sections of this many rows
OPEN_ROWS = 200  # the page renders whole sections up to this many rows; a smaller matrix shows all at once
SUMMARY_LIMIT = 50  # findings listed in the summary; every row and column shows its own


@dataclass
class Section:
    index: int
    group: str
    continued: bool  # the same group as the section before (a long group split up)
    activity_ids: list[int]
    errors: int = 0  # of its rows' findings, for the collapsed header
    warnings: int = 0
    rows: list[GridRow] | None = None  # None until loaded

    @property
    def size(self) -> int:
        return len(self.activity_ids)


@dataclass
class RuleSummary:
    summary: rules.Summary
    findings: list[rules.Finding]  # the first SUMMARY_LIMIT, in the order the check lists them

    @property
    def more(self) -> int:
        s = self.summary
        return s.errors + s.warnings + s.infos - len(self.findings)


@dataclass
class GridPage:
    matrix: Matrix
    columns: list[MatrixColumn]
    sections: list[Section]
    column_findings: dict[int, list[rules.Finding]]
    checks: RuleSummary

    def column_status(self):
        return [(column, self.column_findings.get(column.role_id, [])) for column in self.columns]


@dataclass
class CellChecks:
    """What a cell edit changes on the page: the cell, its row's and column's checks, the summary."""

    activity_id: int
    column: MatrixColumn
    code: str
    row_findings: list[rules.Finding]
    column_findings: list[rules.Finding]
    checks: RuleSummary


def _sections(matrix: Matrix) -> list[Section]:
    sections: list[Section] = []
    for activity_id, group in matrix.activities.values_list("pk", "group"):
        last = sections[-1] if sections else None
        if last is None or last.group != group or last.size >= SECTION_ROWS:
            continued = last is not None and last.group == group
            last = Section(len(sections), group, continued, [])
            sections.append(last)
        last.activity_ids.append(activity_id)
    return sections


def _load_rows(matrix: Matrix, columns: list[MatrixColumn], sections: list[Section]) -> None:
    """Fill in the rows of these sections: their activities with their letters, and their findings, in two
    queries."""
    ids = [pk for section in sections for pk in section.activity_ids]
    activities = {a.pk: a for a in Activity.objects.filter(pk__in=ids)}
    findings: dict[int, list[rules.Finding]] = defaultdict(list)
    for stored in StoredFinding.objects.filter(matrix=matrix, activity_id__in=ids):
        findings[cast(int, stored.activity_id)].append(stored.as_finding())
    for section in sections:
        section.rows = [
            GridRow(
                activities[pk],
                [GridCell(column, activities[pk].letters.get(str(column.role_id), "")) for column in columns],
                findings.get(pk, []),
            )
            for pk in section.activity_ids
            if pk in activities
        ]


def _rule_summary(matrix: Matrix) -> RuleSummary:
    stored = StoredFinding.objects.filter(matrix=matrix)
    count = dict(stored.values_list("severity").annotate(n=Count("pk")).values_list("severity", "n"))
    return RuleSummary(
        rules.Summary(count.get(rules.ERROR, 0), count.get(rules.WARNING, 0), count.get(rules.INFO, 0)),
        [f.as_finding() for f in stored[:SUMMARY_LIMIT]],
    )


def grid_page(matrix: Matrix) -> GridPage:
    """The grid page: every section's header, the first sections' rows, the column checks and the summary."""
    columns = list(matrix.columns.select_related("role"))
    sections = _sections(matrix)
    section_of = {pk: section for section in sections for pk in section.activity_ids}
    column_findings: dict[int, list[rules.Finding]] = defaultdict(list)
    findings = [
        rules.Finding(rule, severity, message, activity_id, role_id)
        for activity_id, role_id, severity, rule, message in StoredFinding.objects.filter(matrix=matrix).values_list(
            "activity_id", "role_id", "severity", "rule", "message"
        )
    ]  # every finding, in the check's order: one pass gives the headers' counts, the columns and the summary
    for finding in findings:
        if finding.row_id is None:
            column_findings[cast(int, finding.column_id)].append(finding)
        elif finding.row_id in section_of:
            section = section_of[finding.row_id]
            section.errors += finding.severity == rules.ERROR
            section.warnings += finding.severity == rules.WARNING
    opened: list[Section] = []
    shown = 0
    for section in sections:
        if shown + section.size > OPEN_ROWS and opened:
            break
        opened.append(section)
        shown += section.size
    _load_rows(matrix, columns, opened)
    checks = RuleSummary(rules.summarise(findings), findings[:SUMMARY_LIMIT])
    return GridPage(matrix, columns, sections, dict(column_findings), checks)


def grid_section(matrix: Matrix, index: int) -> tuple[list[MatrixColumn], Section | None]:
    """One section with its rows (None if the matrix no longer has that many sections)."""
    columns = list(matrix.columns.select_related("role"))
    sections = _sections(matrix)
    if not 0 <= index < len(sections):
        return columns, None
    _load_rows(matrix, columns, [sections[index]])
    return columns, sections[index]


def cell_checks(matrix: Matrix, activity_id: int, role_id: int) -> CellChecks:
    column = matrix.columns.select_related("role").get(role_id=role_id)
    code = Activity.objects.filter(pk=activity_id).values_list(LetterOf(role_id), flat=True)
    row_findings: list[rules.Finding] = []
    column_findings: list[rules.Finding] = []
    for stored in StoredFinding.objects.filter(Q(activity_id=activity_id) | Q(activity=None, role_id=role_id),
                                               matrix=matrix):  # fmt: skip
        (row_findings if stored.activity_id else column_findings).append(stored.as_finding())
    return CellChecks(activity_id, column, code.first() or "", row_findings, column_findings, _rule_summary(matrix))


@dataclass
class CellsChecks:
    """What a change set changes on the page: its cells, the checks of its rows and columns, the summary."""

    cells: list[tuple[int, int, str]]  # activity id, role id, code now
    rows: list[tuple[int, list[rules.Finding]]]
    columns: list[tuple[MatrixColumn, list[rules.Finding]]]
    checks: RuleSummary


def cells_checks(matrix: Matrix, cells: list[tuple[int, int]]) -> CellsChecks:
    """The current letters of `cells` and the checks of their rows and columns: five queries for any number."""
    activity_ids = {a for a, _ in cells}
    role_ids = {r for _, r in cells}
    letters = dict(Activity.objects.filter(pk__in=activity_ids).values_list("pk", "letters"))
    columns = list(matrix.columns.select_related("role").filter(role_id__in=role_ids))
    row_findings: dict[int, list[rules.Finding]] = {a: [] for a in activity_ids}
    column_findings: dict[int, list[rules.Finding]] = {r: [] for r in role_ids}
    stored = StoredFinding.objects.filter(Q(activity_id__in=activity_ids) | Q(activity=None, role_id__in=role_ids),
                                          matrix=matrix)  # fmt: skip
    for finding in stored:
        if finding.activity_id:
            row_findings[finding.activity_id].append(finding.as_finding())
        else:
            column_findings[cast(int, finding.role_id)].append(finding.as_finding())
    return CellsChecks(
        cells=[(a, r, letters.get(a, {}).get(str(r), "")) for a, r in cells],
        rows=list(row_findings.items()),
        columns=[(column, column_findings[column.role_id]) for column in columns],
        checks=_rule_summary(matrix),
    )


def grid_document(matrix: Matrix) -> dict:
    """The whole grid as plain data (the API's JSON), in four queries whatever its size: the columns in order,
    the rows in order with their filled cells by role code, and the stored check's counts."""
    columns = list(matrix.columns.order_by("position", "id").values_list("role_id", "role__code", "role__name"))
    keys = [(str(role_id), code) for role_id, code, _ in columns]
    rows = [
        {"id": pk, "group": group, "name": name, "description": description, "version": version,
         "cells": {code: letters[key] for key, code in keys if key in letters}}
        for pk, group, name, description, version, letters in matrix.activities.values_list(
            "pk", "group", "name", "description", "version", "letters"
        )
    ]  # fmt: skip
    count = dict(
        StoredFinding.objects.filter(matrix=matrix)
        .values_list("severity")
        .annotate(n=Count("pk"))
        .values_list("severity", "n")
    )
    return {
        "matrix": {"id": matrix.pk, "name": matrix.name, "kind": matrix.kind, "status": matrix.status,
                   "version": matrix.version},
        "columns": [{"role": role_id, "code": code, "name": name} for role_id, code, name in columns],
        "rows": rows,
        "summary": {"errors": count.get(rules.ERROR, 0), "warnings": count.get(rules.WARNING, 0),
                    "infos": count.get(rules.INFO, 0)},
    }  # fmt: skip


class Responsibility(NamedTuple):
    """A row a role is Accountable or Responsible for."""

    activity: Activity  # with its matrix
    code: str


def accountable_or_responsible_for(program: Program, role: Role) -> list[Responsibility]:
    """Everything the role is A or R for, across the program's matrices, in one query."""
    rows = (
        Activity.objects.filter(matrix__program=program)
        .annotate(code=LetterOf(role.pk))
        .filter(Q(code__contains="A") | Q(code__contains="R"))
        .select_related("matrix")
        .order_by("matrix__name", "position", "id")
    )
    return [Responsibility(activity, activity.code) for activity in rows]


def activities_to_link(program: Program) -> QuerySet[Activity]:
    """The program's activities, matrix by matrix in grid order, for other apps to link to (a flow step)."""
    current = Activity.objects.filter(matrix__program=program).exclude(matrix__status="superseded")
    return current.select_related("matrix__program").order_by("matrix__name", "position", "id")


def letters_of(activity_ids) -> dict[int, dict[int, str]]:
    """activity id → {role id: letters} for these activities, in one query."""
    letters: dict[int, dict[int, str]] = {pk: {} for pk in activity_ids}
    for pk, cells in Activity.objects.filter(pk__in=letters).values_list("pk", "letters"):
        letters[pk] = cells_of(cells)
    return letters


class Involvement(NamedTuple):
    """A role to consult (C) or inform (I) on an activity of a workstream's matrix."""

    workstream_id: int
    activity: str
    role_id: int
    role_code: str
    role_name: str
    code: str  # "C" or "I"


def consulted_and_informed(program: Program, workstream_ids) -> list[Involvement]:
    """The C and I cells of the current matrices of these workstreams, in two queries (for the comms plan)."""
    rows = (
        Activity.objects.filter(matrix__program=program, matrix__workstream_id__in=list(workstream_ids))
        .exclude(matrix__status="superseded")
        .order_by("matrix__name", "position", "id")
        .values_list("matrix__workstream_id", "name", "letters")
    )
    roles = {str(pk): (pk, code, name) for pk, code, name in program.roles.values_list("pk", "code", "name")}
    return [
        Involvement(workstream_id, name, *roles[key], code)
        for workstream_id, name, letters in rows
        for key, code in sorted(
            ((key, code) for key, code in letters.items() if code in ("C", "I") and key in roles),
            key=lambda cell: roles[cell[0]][1],
        )
    ]


def who_to_involve(activity: Activity) -> dict[str, list[Role]]:
    """For one activity: the roles by letter (who is A, R, S, who to consult, who to inform)."""
    by_letter: dict[str, list[Role]] = {letter: [] for letter in "ARSCI"}
    cells = activity.cells
    for role in Role.objects.filter(pk__in=cells).order_by("code"):
        for letter in cells[role.pk]:
            by_letter[letter].append(role)
    return by_letter


@dataclass(frozen=True)
class CellChange:
    when: object
    who: object
    role: Role
    before: str
    after: str


def _cell_changes(records) -> Iterator[tuple[Any, str, str, str]]:
    """Each cell change in rows' history records (given row by row, oldest first): the record that made it, the
    role id as stored, the letters before and after. A row's consecutive versions are compared role by role."""
    last: dict[int, dict[str, str]] = {}
    for record in records:
        letters = {} if record.history_type == "-" else record.letters
        before = last.get(record.id, {})
        for key in sorted(before.keys() | letters.keys(), key=int):
            if before.get(key, "") != letters.get(key, ""):
                yield record, key, before.get(key, ""), letters.get(key, "")
        last[record.id] = letters


def activity_cell_history(activity: Activity) -> list[CellChange]:
    """Every change to the activity's cells, newest first: who, when, from which letter to which. Read from the
    row's history (a row keeps its letters), in two queries."""
    records = (
        Activity.history.filter(id=activity.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
        .only("id", "letters", "history_date", "history_user", "history_type")
    )
    found = list(_cell_changes(records))
    roles = Role.objects.in_bulk({int(key) for _, key, _, _ in found})
    return [CellChange(record.history_date, record.history_user, roles[int(key)], before, after)
            for record, key, before, after in reversed(found) if int(key) in roles]  # fmt: skip


def last_changed_by(cells, *, viewer) -> str:
    """Who last changed these cells ([(activity id, role id)]), by name ("Anna Berg", "Anna Berg and Ravi Shah"),
    to tell the viewer whose change got in first: read from the rows' history, the latest record that changed each
    cell (not merely the row's latest). The viewer is "you, in another window"; "Someone else" when no record
    names a person."""
    wanted: dict[int, set[str]] = defaultdict(set)
    for activity_id, role_id in cells:
        wanted[activity_id].add(str(role_id))
    records = (
        Activity.history.filter(id__in=wanted)
        .order_by("id", "history_date", "history_id")
        .only("id", "letters", "history_type", "history_user")
    )
    # Oldest first, so each cell ends with its latest change's author.
    by = {(r.id, key): r.history_user_id for r, key, _, _ in _cell_changes(records) if key in wanted[r.id]}
    user_ids = {user_id for user_id in by.values() if user_id is not None}
    others = sorted(person_name(u) for u in get_user_model().objects.filter(pk__in=user_ids - {viewer.pk}))
    if viewer.pk in user_ids:
        others.append("you, in another window,")
    if not others:
        return "Someone else"
    said = others[0] if len(others) == 1 else f"{', '.join(others[:-1])} and {others[-1]}"
    return said[:1].upper() + said[1:]


ADDED, CHANGED, REMOVED = "added", "changed", "removed"


class CompareCell(NamedTuple):
    then: str
    now: str

    @property
    def mark(self) -> str:
        """How the cell changed: added, changed, removed, or "" when it did not."""
        if self.then == self.now:
            return ""
        return ADDED if not self.then else REMOVED if not self.now else CHANGED


class CompareColumn(NamedTuple):
    role_id: int
    code: str
    name: str
    state: str  # "" or REMOVED (it had letters then and is no column now)


class CompareRow(NamedTuple):
    activity_id: int
    name: str
    state: str  # "", ADDED (did not exist then) or REMOVED (gone now)
    cells: list[CompareCell]  # in column order

    @property
    def changed(self) -> bool:
        return bool(self.state) or any(cell.mark for cell in self.cells)


@dataclass
class Comparison:
    at: object
    columns: list[CompareColumn]
    rows: list[CompareRow]  # the activities now in grid order, then those removed since

    @property
    def added(self) -> list[str]:
        return [row.name for row in self.rows if row.state == ADDED]

    @property
    def removed(self) -> list[str]:
        return [row.name for row in self.rows if row.state == REMOVED]

    @property
    def letters(self) -> dict[str, int]:
        """How many letters were added, changed and removed."""
        count = {ADDED: 0, CHANGED: 0, REMOVED: 0}
        for row in self.rows:
            for cell in row.cells:
                if cell.mark:
                    count[cell.mark] += 1
        return count

    @property
    def changed_rows(self) -> list[CompareRow]:
        return [row for row in self.rows if row.changed]

    @property
    def is_same(self) -> bool:
        return not self.changed_rows


@dataclass(frozen=True)
class ComparePoint:
    at: object  # the default point in time to compare with
    approved: bool  # True: the last approval; False: the matrix was never approved, so its creation


def compare_default(matrix: Matrix) -> ComparePoint:
    """The last time the matrix became approved or, if it never was, when it was created: one query."""
    created = approved_at = previous = None
    for status, when in (
        Matrix.history.filter(id=matrix.pk).order_by("history_date", "history_id").values_list("status", "history_date")
    ):
        created = created or when
        if status == MatrixStatus.APPROVED and previous != MatrixStatus.APPROVED:
            approved_at = when
        previous = status
    if approved_at is not None:
        return ComparePoint(approved_at, True)
    return ComparePoint(created or timezone.now(), False)


def matrix_compare(matrix: Matrix, at) -> Comparison:
    """The matrix at `at` (from the recorded history) beside the matrix now, cell by cell: four queries whatever
    its size (the rows' history up to `at`, the columns, the rows now, the roles)."""
    then: dict[int, tuple[str, dict]] = {}  # activity id → its name and letters at `at`
    for activity_id, name, letters, kind in (
        Activity.history.filter(matrix_id=matrix.pk, history_date__lte=at)
        .order_by("history_date", "history_id")
        .values_list("id", "name", "letters", "history_type")
    ):
        if kind == "-":
            then.pop(activity_id, None)
        else:
            then[activity_id] = (name, letters)
    then_names = {pk: name for pk, (name, _) in then.items()}
    then_cells = {(pk, int(key)): code for pk, (_, letters) in then.items() for key, code in letters.items()}
    column_ids = list(matrix.columns.order_by("position", "id").values_list("role_id", flat=True))
    now_names: dict[int, str] = {}
    now_cells: dict[tuple[int, int], str] = {}
    for pk, name, letters in matrix.activities.values_list("pk", "name", "letters"):  # in grid order
        now_names[pk] = name
        now_cells |= {(pk, int(key)): code for key, code in letters.items()}
    roles = {pk: (code, name) for pk, code, name in Role.objects.filter(program=matrix.program).values_list(
        "pk", "code", "name")}  # fmt: skip
    had_then = {r for _, r in then_cells}
    gone = sorted(had_then - set(column_ids), key=lambda r: roles.get(r, ("", ""))[0])
    columns = [CompareColumn(r, *roles.get(r, ("?", "")), state="") for r in column_ids] + [
        CompareColumn(r, *roles.get(r, ("?", "")), state=REMOVED) for r in gone
    ]
    rows = []
    for activity_id, name in [*now_names.items(), *((a, n) for a, n in then_names.items() if a not in now_names)]:
        state = ADDED if activity_id not in then_names else REMOVED if activity_id not in now_names else ""
        cells = [
            CompareCell(then_cells.get((activity_id, c.role_id), ""), now_cells.get((activity_id, c.role_id), ""))
            for c in columns
        ]
        rows.append(CompareRow(activity_id, name, state, cells))
    return Comparison(at=at, columns=columns, rows=rows)


def matrices_with_errors(program: Program) -> QuerySet[Matrix]:
    """The program's current matrices whose rule check finds errors (count kept by services.matrix_recheck)."""
    return program.matrices.exclude(status="superseded").filter(error_count__gt=0)


def import_list(program: Program) -> QuerySet[MatrixImport]:
    """The program's imports, newest first, without their files (what a poll reads)."""
    return (
        MatrixImport.objects.filter(program=program)
        .select_related("created_by", "matrix")
        .defer("data", "parsed", "plan", "reading", "mapping")
    )


def export_list(program: Program) -> QuerySet[MatrixExport]:
    """The program's exports, newest first, without their workbooks."""
    return MatrixExport.objects.filter(matrix__program=program).select_related("created_by").defer("result")


def import_preview(job: MatrixImport) -> Preview | None:
    """The preview the worker stored for the job's mapping (None until it has planned). Computes nothing."""
    return Preview.from_json(job.plan) if job.plan else None


class SheetCell(NamedTuple):
    code: str  # the letters the sheet gives
    mark: str  # "added", "changed", "removed" or "" (unchanged)
    before: str  # the letters the matrix has now


class SheetRow(NamedTuple):
    group: str
    name: str
    state: str  # "added" (a new activity), "updated" (renamed or regrouped) or ""
    cells: list[SheetCell]  # in the sheet's column order


def import_grid(parsed: ParsedMatrix, preview: Preview | None) -> list[SheetRow]:
    """The sheet's first rows as a grid, each cell with what importing it changes (from the stored preview)."""
    if preview is None or not preview.grid:
        return []
    rows = []
    for row, marks in zip(parsed.rows, preview.grid, strict=False):
        cells = []
        added = marks["state"] == "added"  # a new row: every letter is added (importing.plan_import)
        for index in range(len(parsed.roles)):
            code = row.cells.get(index, "")
            mark, before = ("added" if code else "", "") if added else marks["cells"].get(str(index), ("", ""))
            cells.append(SheetCell(code, mark, before))
        rows.append(SheetRow(row.group, row.name, marks["state"], cells))
    return rows


def parsed_of(job: MatrixImport) -> ParsedMatrix:
    return ParsedMatrix.from_json(job.parsed or {"rows": []})


# "My work" and the program search (connectmobilize/lib/hooks.py; registered in apps.py) ----------------------

MY_WORK_LIMIT = 25


def my_matrices_to_approve(user, memberships) -> list[WorkSection]:
    """Matrices in review in the programs where the user approves them (lib/access.py): one or two queries."""
    approver_of = {m.program_id: m.program for m in memberships if can(m.access, Capability.APPROVE)}
    if not approver_of:
        return []
    matrices = Matrix.objects.filter(program_id__in=approver_of, status=MatrixStatus.IN_REVIEW).order_by("updated_at")
    section = WorkSection("raci.approve", "RACI matrices awaiting your approval", total=matrices.count())
    for matrix in matrices[:MY_WORK_LIMIT]:
        program = approver_of[matrix.program_id]
        errors = matrix.error_count
        note = f"{errors} rule error{'s' if errors != 1 else ''} to fix first" if errors else "rule check clean"
        url = reverse("raci:matrix_grid", kwargs={"program_slug": program.slug, "matrix_id": matrix.pk})
        section.items.append(
            WorkItem(program=program, action="Approve", what="RACI matrix", title=matrix.name, url=url, note=note)
        )
    return [section] if section.total else []


def search_raci(program: Program, query: str, limit: int) -> list[SearchHit]:
    """Matrices and their activities matching the words typed: two queries."""
    slug = {"program_slug": program.slug}
    matrices = text_match(program.matrices.all(), ["name", "description"], query).order_by("-rank", "name")
    activities = text_match(
        Activity.objects.filter(matrix__program=program).select_related("matrix"),
        ["name", "group", "description"],
        query,
    ).order_by("-rank", "matrix__name", "position")
    hits = [
        SearchHit("RACI matrices", m.name, reverse("raci:matrix_grid", kwargs={**slug, "matrix_id": m.pk}),
                  f"{m.kind} · {m.get_status_display()}", float(m.rank))
        for m in matrices[:limit]
    ]  # fmt: skip
    hits += [
        SearchHit("Activities", a.name,
                  reverse("raci:activity_detail", kwargs={**slug, "matrix_id": a.matrix_id, "activity_id": a.pk}),
                  " · ".join(part for part in (a.matrix.name, a.group) if part), float(a.rank))
        for a in activities[:limit]
    ]  # fmt: skip
    return hits
