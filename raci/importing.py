"""What an import would change: the plan a user reviews before anything is written. Pure, no ORM.

The file is the matrix: rows, columns and letters not in the file are removed; order follows the file.
Activities are matched by phase and name, then by name (case and spacing ignored), roles by the mapping the user
confirmed.
"""

import hashlib
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import NamedTuple

from . import rules
from .spreadsheet import ParsedMatrix

CODE_SEPARATORS = re.compile(r"\s*[-–—:(/]\s*")


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class ProgramRole:
    id: int
    code: str
    name: str


def suggest_mapping(headers: list[str], roles: list[ProgramRole]) -> list[int | None]:
    """The program role each header names (by code, by name, or as "CODE – name"), or None for a new role.

    A name also answers to its short forms when no other role shares them: "Executive Sponsor" names the role
    "Executive Sponsor (VP Customer Operations)", "Program Lead" the role "Program Lead / Single-Threaded Owner".
    A role is suggested for one column only (the first that names it)."""
    by_code = {r.code.casefold(): r.id for r in roles}
    by_name = {name_key(r.name): r.id for r in roles}
    short: dict[str, set[int]] = {}
    for role in roles:
        for form in _short_forms(role.name):
            short.setdefault(form, set()).add(role.id)
    by_short = {form: next(iter(ids)) for form, ids in short.items() if len(ids) == 1 and form not in by_name}
    mapping: list[int | None] = []
    for header in headers:
        key = name_key(header)
        lead = CODE_SEPARATORS.split(header.strip(), maxsplit=1)[0].casefold()
        found = by_code.get(key) or by_name.get(key) or by_code.get(lead)
        found = found or next((by_short[f] for f in (key, *_short_forms(header)) if f in by_short), None)
        mapping.append(found if found not in mapping else None)
    return mapping


def _short_forms(name: str) -> list[str]:
    """A role name without its parenthesis or what follows a dash, and each of its alternatives written with a
    slash: "Product Owner - Contact Center Platform" answers to "Product Owner"."""
    plain = re.sub(r"\s*\([^)]*\)", " ", name)
    head = re.split(r"\s+[-–—]\s+", plain, maxsplit=1)[0]
    return [name_key(part) for part in [plain, head, *plain.split("/")] if name_key(part)]


def new_role_code(header: str, taken: set[str]) -> str:
    """A short code for a role a sheet introduces: the header itself if short, else its initials."""
    words = re.findall(r"[A-Za-z0-9]+", header)
    base = header.upper() if len(header) <= 6 and " " not in header else "".join(w[0] for w in words).upper()[:6]
    base = base or "ROLE"
    code, n = base, 2
    while code.casefold() in taken:
        code, n = f"{base[:5]}{n}", n + 1
    return code


class CurrentActivity(NamedTuple):
    id: int
    group: str
    name: str
    description: str


@dataclass
class CurrentMatrix:
    columns: list[int]  # role ids in order
    activities: list[CurrentActivity]  # in order
    letters: dict[int, dict[int, str]]  # activity id → role id → letters (an activity without letters may be absent)


@dataclass
class CellChange:
    activity: str
    role: str
    before: str
    after: str


@dataclass
class Plan:
    new_roles: list[str] = field(default_factory=list)
    added_columns: list[str] = field(default_factory=list)
    removed_columns: list[str] = field(default_factory=list)
    added_activities: list[str] = field(default_factory=list)
    removed_activities: list[str] = field(default_factory=list)
    removed_ids: list[int] = field(default_factory=list)  # of the removed activities, in the same order
    updated_activities: list[str] = field(default_factory=list)
    cell_changes: list[CellChange] = field(default_factory=list)  # on the activities that stay or come
    letters_of_removed: int = 0  # letters that go with the removed activities
    reordered: bool = False
    groups_kept: bool = False  # the sheet has no phases: the activities keep theirs
    # Per row of the sheet, in its order: the row's state ("added", "updated" or "") and its changed cells by the
    # sheet's column index: [mark, letters before] with mark "added", "changed" or "removed" (none listed for an
    # added row: all its letters are added).
    grid: list[dict] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.new_roles or self.added_columns or self.removed_columns or self.added_activities
            or self.removed_activities or self.updated_activities or self.cell_changes or self.reordered
        )  # fmt: skip

    @property
    def activity_counts(self) -> dict[str, int]:
        return {
            "added": len(self.added_activities),
            "changed": len(self.updated_activities),
            "removed": len(self.removed_activities),
        }

    @property
    def letter_counts(self) -> dict[str, int]:
        """Letters added, changed, removed (with those of the removed activities)."""
        return {
            "added": sum(not c.before for c in self.cell_changes),
            "changed": sum(bool(c.before and c.after) for c in self.cell_changes),
            "removed": self.letters_of_removed + sum(not c.after for c in self.cell_changes),
        }

    @property
    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added_activities) + sum(not c.before for c in self.cell_changes),
            "changed": len(self.updated_activities) + sum(bool(c.before and c.after) for c in self.cell_changes),
            "removed": len(self.removed_activities)
            + self.letters_of_removed
            + sum(not c.after for c in self.cell_changes),
        }


Column = int | str  # a program role id, or the header text of a role the import will create


class ResolvedRow(NamedTuple):
    activity_id: int | None  # the matched activity, None for a new one
    group: str
    name: str
    description: str
    cells: dict[Column, str]  # column → letters


@dataclass
class Resolved:
    """The file's matrix in terms of role ids and matched activity ids (None for a new activity)."""

    columns: list[Column]
    rows: list[ResolvedRow]
    groups_kept: bool = False  # the sheet has no phases: the matched activities keep theirs


def resolve(parsed: ParsedMatrix, mapping: Sequence[int | None], current: CurrentMatrix) -> Resolved:
    columns: list[Column] = [
        role_id if role_id else header for header, role_id in zip(parsed.roles, mapping, strict=True)
    ]
    matched = _match_activities(parsed, current)
    # A sheet without a phase column or phase rows says nothing about phases: re-importing it must not take
    # the matrix's phases away (a sheet that has a phase column, even an empty one, does set them).
    current_groups = {a.id: a.group for a in current.activities if a.group}
    groups_kept = bool(current_groups) and parsed.layout.get("group") is None and not any(r.group for r in parsed.rows)
    rows = []
    for row, activity_id in zip(parsed.rows, matched, strict=True):
        cells = {columns[index]: code for index, code in row.cells.items()}
        group = current_groups.get(activity_id, "") if groups_kept and activity_id else row.group
        rows.append(ResolvedRow(activity_id, group, row.name, row.description, cells))
    return Resolved(columns, rows, groups_kept)


def check_result(resolved: Resolved, *, kind: str, roles: dict[int, tuple[str, str]], thresholds: rules.Thresholds,
                 sheet_rows: Sequence[int] = ()) -> list[rules.Finding]:  # fmt: skip
    """The rule check of the matrix as applying would leave it (the sheet's rows and columns), so the preview says
    which rules it would break before anything is written. `roles`: role id → (code, side); a column of a new
    role is named by its header. `sheet_rows`: the sheet's number of each row, for the messages ("Row 7")."""
    columns = [
        rules.Column(index, *roles[column]) if isinstance(column, int) else rules.Column(index, column)
        for index, column in enumerate(resolved.columns)
    ]
    index_of = {column: index for index, column in enumerate(resolved.columns)}
    rows = [
        rules.Row(number, row.name, {index_of[column]: code for column, code in row.cells.items()})
        for number, row in enumerate(resolved.rows)
    ]
    return rules.check(kind=kind, columns=columns, rows=rows, thresholds=thresholds, numbers=sheet_rows)


def _match_activities(parsed: ParsedMatrix, current: CurrentMatrix) -> list[int | None]:
    """The current activity of each row: by the id our export wrote on it first (a row renamed in the sheet is
    still its activity), then by phase and name (the same step under two phases is two activities), then by name
    alone, in order, for a row whose activity moved to another phase."""
    by_group_and_name: dict[tuple[str, str], int] = {}
    by_name: dict[str, list[int]] = {}
    for activity in current.activities:
        by_group_and_name.setdefault((name_key(activity.group), name_key(activity.name)), activity.id)
        by_name.setdefault(name_key(activity.name), []).append(activity.id)
    names = {activity.id: name_key(activity.name) for activity in current.activities}
    matched: list[int | None] = [None] * len(parsed.rows)
    rows_of: dict[int, list[int]] = {}
    for index, row in enumerate(parsed.rows):
        if row.ref in names:
            rows_of.setdefault(row.ref, []).append(index)
    for ref, indexes in rows_of.items():  # an id copied with its row counts once: on the row still named so
        matched[next((i for i in indexes if name_key(parsed.rows[i].name) == names[ref]), indexes[0])] = ref
    taken: set[int] = set(rows_of)
    for index, row in enumerate(parsed.rows):
        if matched[index] is not None:
            continue
        activity_id = by_group_and_name.get((name_key(row.group), name_key(row.name)))
        if activity_id is not None and activity_id not in taken:
            matched[index] = activity_id
            taken.add(activity_id)
    for index, row in enumerate(parsed.rows):
        if matched[index] is None:
            free = [i for i in by_name.get(name_key(row.name), ()) if i not in taken]
            if free:
                matched[index] = free[0]
                taken.add(free[0])
    return matched


def _what_changed(old: CurrentActivity, row: ResolvedRow) -> str:
    """An activity the sheet renames, moves to another phase or describes otherwise, in words."""
    said = f"{old.name} → {row.name}" if old.name != row.name else row.name
    if old.group != row.group:
        said += f" (phase {old.group or 'none'} → {row.group or 'none'})"
    if old.description != row.description:
        said += " (description)"
    return said


def plan_import(resolved: Resolved, current: CurrentMatrix, role_label: dict[int, str]) -> Plan:
    """Linear in rows and cells: the current letters are grouped by activity once, then each row is looked up."""

    def label(column: Column) -> str:
        return role_label.get(column, str(column)) if isinstance(column, int) else str(column)

    plan = Plan(groups_kept=resolved.groups_kept)
    _plan_columns(plan, resolved, current, label)
    kept = {row.activity_id for row in resolved.rows if row.activity_id}
    cells_of = current.letters
    removed = [a for a in current.activities if a.id not in kept]
    plan.removed_activities = [a.name for a in removed]
    plan.removed_ids = [a.id for a in removed]
    plan.letters_of_removed = sum(len(cells_of.get(a.id, {})) for a in removed)
    by_id = {a.id: a for a in current.activities}
    sheet_columns = set(resolved.columns)
    index_of = {column: index for index, column in enumerate(resolved.columns)}
    for row in resolved.rows:
        state = ""
        if row.activity_id is None:
            plan.added_activities.append(row.name)
            before_cells: dict[int, str] = {}
            state = "added"
        else:
            old = by_id[row.activity_id]
            if (old.group, old.name, old.description) != (row.group, row.name, row.description):
                plan.updated_activities.append(_what_changed(old, row))
                state = "updated"
            before_cells = cells_of.get(row.activity_id, {})
        plan.cell_changes.extend(_row_changes(row, before_cells, sheet_columns, label))
        # Every letter of a new row is added: the page marks them so (selectors.import_grid), and the stored
        # preview of a new 500-row matrix stays a fifth of the size.
        marks = {} if state == "added" else _grid_marks(row, before_cells, index_of)
        plan.grid.append({"state": state, "cells": marks})
    plan.reordered = _reordered(resolved, current, kept)
    return plan


def _plan_columns(plan: Plan, resolved: Resolved, current: CurrentMatrix, label) -> None:
    current_columns, sheet_columns = set(current.columns), set(resolved.columns)
    plan.new_roles = [c for c in resolved.columns if isinstance(c, str)]
    plan.added_columns = [label(c) for c in resolved.columns if c not in current_columns]
    plan.removed_columns = [label(c) for c in current.columns if c not in sheet_columns]


def _row_changes(row: ResolvedRow, before_cells: dict[int, str], sheet_columns: set[Column], label):
    """The letters of one row that differ; a letter under a column the sheet drops goes with the column."""
    for column in dict.fromkeys([*before_cells, *row.cells]):
        before = before_cells.get(column, "") if isinstance(column, int) else ""  # a new role has no letters yet
        after = row.cells.get(column, "")
        if before != after and (column in sheet_columns or before):
            yield CellChange(row.name, label(column), before, after)


def _grid_marks(row: ResolvedRow, before_cells: dict[int, str], index_of: dict[Column, int]) -> dict[str, list[str]]:
    """The changed cells of one sheet row by the sheet's column index (a str: the plan is stored as JSON)."""
    marks = {}
    for column, index in index_of.items():
        before = before_cells.get(column, "") if isinstance(column, int) else ""
        after = row.cells.get(column, "")
        if before != after:
            marks[str(index)] = ["added" if not before else "removed" if not after else "changed", before]
    return marks


def _reordered(resolved: Resolved, current: CurrentMatrix, kept: set[int]) -> bool:
    """Whether the rows or columns that stay come in another order in the sheet."""
    kept_order = [row.activity_id for row in resolved.rows if row.activity_id]
    current_order = [a.id for a in current.activities if a.id in kept]
    current_columns = set(current.columns)
    kept_columns = [c for c in resolved.columns if c in current_columns]
    kept_column_set = set(kept_columns)
    return kept_order != current_order or kept_columns != [c for c in current.columns if c in kept_column_set]


def fingerprint(current: CurrentMatrix) -> str:
    """A digest of everything a plan depends on: columns, rows and letters. Any edit changes it."""
    digest = hashlib.sha256()
    digest.update(repr(current.columns).encode())
    for activity in current.activities:
        digest.update(repr(tuple(activity)).encode())
    for activity_id in sorted(current.letters):
        for role_id, code in sorted(current.letters[activity_id].items()):
            digest.update(f"{activity_id},{role_id}={code};".encode())
    return digest.hexdigest()


@dataclass
class Preview:
    """What the user reviews, as stored on the job: the plan's counts and its first changes (a plan of 100,000
    letter changes is summed up, not shipped to the page)."""

    counts: dict[str, int]
    is_empty: bool
    reordered: bool
    new_roles: list[str]
    added_columns: list[str]
    removed_columns: list[str]
    added_activities: list[str]
    added_count: int
    removed_activities: list[str]
    removed_count: int
    updated_activities: list[str]
    updated_count: int
    letters_of_removed: int
    cell_changes: list[CellChange]
    cell_change_count: int
    activity_counts: dict[str, int] = field(default_factory=dict)  # added, changed (renamed/regrouped), removed
    letter_counts: dict[str, int] = field(default_factory=dict)  # added, changed, removed
    grid: list[dict] = field(default_factory=list)  # the first GRID_ROWS rows of Plan.grid
    # Records elsewhere linked to removed activities, whose link applying clears, by kind: ["2 flow steps"].
    unlinked: list[str] = field(default_factory=list)
    # The rule check of the matrix as applying would leave it: its errors (the first SHOWN_ERRORS) and counts.
    rule_errors: list[str] = field(default_factory=list)
    rule_counts: dict[str, int] = field(default_factory=dict)  # errors, warnings
    groups_kept: bool = False  # the sheet has no phases: the activities keep theirs

    SHOWN = 200  # names and letter changes listed on the page
    SHOWN_ERRORS = 20  # rule errors listed (all are counted)
    GRID_ROWS = 300  # rows of the sheet shown as a grid with their changes marked

    @classmethod
    def of(cls, plan: Plan, *, unlinked: list[str] | None = None, findings: Sequence[rules.Finding] = ()) -> "Preview":
        shown = cls.SHOWN
        errors = [f.message for f in findings if f.severity == rules.ERROR]
        return cls(
            counts=plan.counts, is_empty=plan.is_empty, reordered=plan.reordered, new_roles=plan.new_roles,
            added_columns=plan.added_columns, removed_columns=plan.removed_columns,
            added_activities=plan.added_activities[:shown], added_count=len(plan.added_activities),
            removed_activities=plan.removed_activities[:shown], removed_count=len(plan.removed_activities),
            updated_activities=plan.updated_activities[:shown], updated_count=len(plan.updated_activities),
            letters_of_removed=plan.letters_of_removed, cell_changes=plan.cell_changes[:shown],
            cell_change_count=len(plan.cell_changes), activity_counts=plan.activity_counts,
            letter_counts=plan.letter_counts, grid=plan.grid[: cls.GRID_ROWS], unlinked=unlinked or [],
            rule_errors=errors[: cls.SHOWN_ERRORS], groups_kept=plan.groups_kept,
            rule_counts={"errors": len(errors), "warnings": sum(f.severity == rules.WARNING for f in findings)},
        )  # fmt: skip

    @property
    def more_rule_errors(self) -> int:
        """Rule errors counted but not listed."""
        return self.rule_counts.get("errors", 0) - len(self.rule_errors)

    def to_json(self) -> dict:
        # Field by field, not dataclasses.asdict: that deep-copies the grid's rows, a fifth of a 500-row import.
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["cell_changes"] = [asdict(change) for change in self.cell_changes]
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Preview":
        return cls(**{**data, "cell_changes": [CellChange(**c) for c in data["cell_changes"]]})
