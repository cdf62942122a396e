"""What an import would change: the plan a user reviews before anything is written. Pure, no ORM.

The file is the matrix: rows, columns and letters not in the file are removed; order follows the file.
Activities are matched by name (case and spacing ignored), roles by the mapping the user confirmed.
"""

import re
from dataclasses import dataclass, field

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
    """The program role each header names (by code, by name, or as "CODE – name"), or None for a new role."""
    by_code = {r.code.casefold(): r.id for r in roles}
    by_name = {name_key(r.name): r.id for r in roles}
    mapping = []
    for header in headers:
        key = name_key(header)
        lead = CODE_SEPARATORS.split(header.strip(), maxsplit=1)[0].casefold()
        mapping.append(by_code.get(key) or by_name.get(key) or by_code.get(lead))
    return mapping


def new_role_code(header: str, taken: set[str]) -> str:
    """A short code for a role a sheet introduces: the header itself if short, else its initials."""
    words = re.findall(r"[A-Za-z0-9]+", header)
    base = header.upper() if len(header) <= 6 and " " not in header else "".join(w[0] for w in words).upper()[:6]
    base = base or "ROLE"
    code, n = base, 2
    while code.casefold() in taken:
        code, n = f"{base[:5]}{n}", n + 1
    return code


@dataclass
class CurrentMatrix:
    columns: list[int]  # role ids in order
    activities: list[tuple[int, str, str, str]]  # (id, group, name, description) in order
    cells: dict[tuple[int, int], str]


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
    updated_activities: list[str] = field(default_factory=list)
    cell_changes: list[CellChange] = field(default_factory=list)  # on the activities that stay or come
    letters_of_removed: int = 0  # letters that go with the removed activities
    reordered: bool = False

    @property
    def is_empty(self) -> bool:
        return not (
            self.new_roles or self.added_columns or self.removed_columns or self.added_activities
            or self.removed_activities or self.updated_activities or self.cell_changes or self.reordered
        )  # fmt: skip

    @property
    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added_activities) + sum(not c.before for c in self.cell_changes),
            "changed": len(self.updated_activities) + sum(bool(c.before and c.after) for c in self.cell_changes),
            "removed": len(self.removed_activities)
            + self.letters_of_removed
            + sum(not c.after for c in self.cell_changes),
        }


@dataclass
class Resolved:
    """The file's matrix in terms of role ids and matched activity ids (None for a new activity)."""

    columns: list[int | str]  # role id, or the header text of a role to create
    rows: list[tuple[int | None, str, str, str, dict[int | str, str]]]  # (activity id, group, name, descr, cells)


def resolve(parsed: ParsedMatrix, mapping: list[int | None], current: CurrentMatrix) -> Resolved:
    columns: list[int | str] = [
        role_id if role_id else header for header, role_id in zip(parsed.roles, mapping, strict=True)
    ]
    unmatched = {}
    for activity_id, _, name, _ in current.activities:
        unmatched.setdefault(name_key(name), activity_id)
    rows = []
    for row in parsed.rows:
        activity_id = unmatched.pop(name_key(row.name), None)
        cells = {columns[index]: code for index, code in row.cells.items()}
        rows.append((activity_id, row.group, row.name, row.description, cells))
    return Resolved(columns, rows)


def plan_import(resolved: Resolved, current: CurrentMatrix, role_label: dict[int, str]) -> Plan:
    def label(column):
        return role_label.get(column, str(column)) if isinstance(column, int) else str(column)

    cells_of: dict[int, dict[int, str]] = {}
    for (activity_id, role), code in current.cells.items():
        cells_of.setdefault(activity_id, {})[role] = code
    plan = Plan()
    plan.new_roles = [c for c in resolved.columns if isinstance(c, str)]
    plan.added_columns = [label(c) for c in resolved.columns if c not in current.columns]
    plan.removed_columns = [label(c) for c in current.columns if c not in resolved.columns]
    kept = {row[0] for row in resolved.rows if row[0]}
    by_id = {a[0]: a for a in current.activities}
    plan.removed_activities = [a[2] for a in current.activities if a[0] not in kept]
    for activity_id, group, name, description, cells in resolved.rows:
        if activity_id is None:
            plan.added_activities.append(name)
            before_cells = {}
        else:
            _, old_group, old_name, old_description = by_id[activity_id]
            if (old_group, old_name, old_description) != (group, name, description):
                plan.updated_activities.append(name)
            before_cells = {role: code for (a, role), code in current.cells.items() if a == activity_id}
        for column in dict.fromkeys([*before_cells, *cells]):
            before, after = before_cells.get(column, ""), cells.get(column, "")
            if before != after and (column in resolved.columns or before):
                plan.cell_changes.append(CellChange(name, label(column), before, after))
    plan.letters_of_removed = sum(len(cells_of.get(a[0], {})) for a in current.activities if a[0] not in kept)
    kept_order = [row[0] for row in resolved.rows if row[0]]
    current_order = [a[0] for a in current.activities if a[0] in kept]
    kept_columns = [c for c in resolved.columns if c in current.columns]
    plan.reordered = kept_order != current_order or kept_columns != [c for c in current.columns if c in kept_columns]
    return plan
