"""The rule check of a RACI/RASCI matrix (DOMAIN.md §4.2). Pure: plain data in, findings out.

Errors break the matrix (it cannot be approved); warnings are smells worth a look; info is a hint.
Every finding says in words what is wrong and where, and names the row and/or column it is about.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from .letters import ORDER, allowed_codes

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
EXTERNAL_SIDES = {"vendor", "partner"}


@dataclass(frozen=True)
class Thresholds:
    max_responsible: int = 3  # V5: more R's on a row than this → split the activity
    max_consulted: int = 4  # V6: more C's on a row slows decisions
    max_informed_share: float = 0.5  # V7: I's on more than this share of the roles → reporting burden
    max_responsible_share: float = 0.4  # V10: a role R on more than this share of the rows → overload
    max_accountable_share: float = 0.3  # V11: a role A on more than this share of the rows → push it down


@dataclass(frozen=True)
class MinSize:
    """The smallest matrix a rule speaks about: below it the rule stays quiet (it cannot be a real smell)."""

    activities: int = 0
    roles: int = 0

    def allows(self, *, activities: int | None = None, roles: int | None = None) -> bool:
        return (activities is None or activities >= self.activities) and (roles is None or roles >= self.roles)


# A clean 3 activities x 4 roles sheet is not overloaded because one role is A on all three rows: the share rules
# (and "never A or R", "in every activity", "informs most roles") only mean something once the
# matrix has enough rows or columns for a share to be a pattern. The rule help page states these sizes.
QUIET_BELOW: dict[str, MinSize] = {
    "V7": MinSize(roles=6),  # with 4 or 5 roles, informing most of them is no reporting burden
    "V9": MinSize(activities=5),  # a role only consulted on 3 activities is common in a small matrix
    "V10": MinSize(activities=5),  # R on 2 of 3 rows is not overload
    "V11": MinSize(activities=5),  # with 3 rows, 30 % is 1 row: every A would warn
    "V12": MinSize(activities=5),  # being in each of 3 activities is not over-involvement
}


def applies(rule: str, *, activities: int | None = None, roles: int | None = None) -> bool:
    """Whether `rule` speaks about a matrix of this size (a rule without a minimum always does)."""
    size = QUIET_BELOW.get(rule)
    return size is None or size.allows(activities=activities, roles=roles)


@dataclass(frozen=True)
class Column:
    id: int
    code: str
    side: str = ""


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    cells: dict[int, str] = field(default_factory=dict)  # column id → canonical code


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    row_id: int | None = None
    column_id: int | None = None


def check(
    *,
    kind: str,
    columns: Sequence[Column],
    rows: Sequence[Row],
    thresholds: Thresholds = Thresholds(),
    numbers: Sequence[int] = (),
) -> list[Finding]:
    """`numbers`: how each row is numbered in the messages ("Row 7"), e.g. a sheet's row numbers; 1, 2, 3… by
    default (the row's place in the matrix)."""
    findings: list[Finding] = []
    allowed = set(allowed_codes(kind))
    for number, row in zip(numbers or range(1, len(rows) + 1), rows, strict=True):
        findings += _check_row(number, row, columns, kind, allowed, thresholds)
    findings += _check_columns(columns, rows, thresholds)
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def check_row(
    number: int, row: Row, *, columns: Sequence[Column], kind: str, thresholds: Thresholds = Thresholds()
) -> list[Finding]:
    """The findings of one row (its `number` counts from 1): they depend on the row and the columns only."""
    return _check_row(number, row, columns, kind, set(allowed_codes(kind)), thresholds)


def _check_row(number, row, columns, kind, allowed, t):
    where = f'Row {number} "{row.name}"'
    # The filled cells, in column order: every count below walks these, not every column of the matrix.
    filled = [(column, code) for column in columns if (code := row.cells.get(column.id))]
    if not filled:
        return [Finding("empty-row", WARNING, f"{where} has nobody involved.", row.id)]
    out = []
    for column, code in filled:
        if len(code) > 1 and code not in allowed:
            out.append(
                Finding(
                    "V3",
                    ERROR,
                    f'{where}, {column.code}: "{code}" combines letters; only A/R may stand together.',
                    row.id,
                    column.id,
                )
            )
        elif "S" in code and kind != "RASCI":
            out.append(
                Finding(
                    "kind",
                    ERROR,
                    f"{where}, {column.code}: S (Supportive) is not used in a RACI matrix; make it RASCI or use C.",
                    row.id,
                    column.id,
                )
            )
        if "A" in code and column.side in EXTERNAL_SIDES:
            out.append(
                Finding(
                    "V4",
                    WARNING,
                    f"{where}: {column.code} is Accountable but is a {column.side}; "
                    "accountability usually stays inside the organisation.",
                    row.id,
                    column.id,
                )
            )
    count = _letter_counts(code for _, code in filled)
    accountable = [column.code for column, code in filled if "A" in code]
    if count["A"] == 0:
        out.append(Finding("V1", ERROR, f"{where} has no Accountable: name exactly one A.", row.id))
    elif count["A"] > 1:
        out.append(
            Finding(
                "V1",
                ERROR,
                f"{where} has {count['A']} Accountables ({', '.join(accountable)}): exactly one role may be A.",
                row.id,
            )
        )
    if count["R"] == 0:
        message = f"{where} has no Responsible: nobody does the work."
        if count["S"]:
            message = f"{where} has Supportive roles but no Responsible to support."
        out.append(Finding("V13" if count["S"] else "V2", ERROR, message, row.id))
    if count["R"] > t.max_responsible:
        out.append(
            Finding(
                "V5",
                WARNING,
                f"{where} has {count['R']} Responsibles (more than "
                f"{t.max_responsible}): consider splitting the activity.",
                row.id,
            )
        )
    if count["C"] > t.max_consulted:
        out.append(
            Finding(
                "V6",
                WARNING,
                f"{where} consults {count['C']} roles (more than {t.max_consulted}): decisions will be slow.",
                row.id,
            )
        )
    roles = len(columns)
    if columns and count["I"] > t.max_informed_share * roles and applies("V7", roles=roles):
        out.append(
            Finding(
                "V7",
                WARNING,
                f"{where} informs {count['I']} of {len(columns)} roles: a "
                "reporting burden; does everyone need to know?",
                row.id,
            )
        )
    if count["C"] == 0 and count["I"] == 0:
        out.append(Finding("V8", INFO, f"{where} neither consults nor informs anyone: is it done in a silo?", row.id))
    return out


def _letter_counts(codes) -> dict[str, int]:
    """How many cells hold each letter (a code holds a letter at most once: letters.py), in one pass."""
    count = dict.fromkeys(ORDER, 0)
    for code in codes:
        for letter in code:
            if letter in count:
                count[letter] += 1
    return count


@dataclass(frozen=True)
class ColumnCounts:
    """What the column rules read of a column: over how many rows, and how many are filled, R, A."""

    rows: int
    filled: int
    responsible: int
    accountable: int


def _check_columns(columns, rows, t):
    out: list[Finding] = []
    if not rows:
        return out
    # One pass over the filled cells of every row, counting per column (not a pass over every row per column).
    filled, responsible, accountable = Counter(), Counter(), Counter()
    for row in rows:
        for column_id, code in row.cells.items():
            if code:
                filled[column_id] += 1
                responsible[column_id] += "R" in code
                accountable[column_id] += "A" in code
    for column in columns:
        counts = ColumnCounts(len(rows), filled[column.id], responsible[column.id], accountable[column.id])
        out += check_column(column, counts, thresholds=t)
    return out


def check_column(column: Column, counts: ColumnCounts, *, thresholds: Thresholds = Thresholds()) -> list[Finding]:
    """The findings of one column, from its counts (so a single edit can recheck it without every row)."""
    t, n = thresholds, counts.rows
    where = f"Role {column.code}"
    if not n:
        return []
    if not counts.filled:
        return [Finding("empty-column", WARNING, f"{where} takes part in no activity.", None, column.id)]
    out = []
    if not counts.responsible and not counts.accountable and applies("V9", activities=n):
        out.append(
            Finding(
                "V9",
                WARNING,
                f"{where} is never Accountable or Responsible: is the role needed here?",
                None,
                column.id,
            )
        )
    if counts.responsible > t.max_responsible_share * n and applies("V10", activities=n):
        out.append(
            Finding(
                "V10",
                WARNING,
                f"{where} is Responsible for {counts.responsible} of {n} activities: overloaded?",
                None,
                column.id,
            )
        )
    if counts.accountable > t.max_accountable_share * n and applies("V11", activities=n):
        out.append(
            Finding(
                "V11",
                WARNING,
                f"{where} is Accountable for {counts.accountable} of {n} activities: push accountability down.",
                None,
                column.id,
            )
        )
    if counts.filled == n and n > 1 and applies("V12", activities=n):
        out.append(
            Finding("V12", WARNING, f"{where} is involved in every activity: over-involvement?", None, column.id)
        )
    return out


@dataclass(frozen=True)
class Summary:
    errors: int
    warnings: int
    infos: int

    @property
    def ok(self) -> bool:
        return self.errors == 0


def summarise(findings: Sequence[Finding]) -> Summary:
    return Summary(
        errors=sum(f.severity == ERROR for f in findings),
        warnings=sum(f.severity == WARNING for f in findings),
        infos=sum(f.severity == INFO for f in findings),
    )


COLUMN_PLACES = 10**8  # where column findings sort: after every row's


@dataclass(frozen=True)
class Placed:
    """A finding with the keys that list it where the full check does: severity, then place, then seq."""

    finding: Finding
    rank: int
    place: int  # the row's number, or COLUMN_PLACES + the column's index
    seq: int  # among the findings of the same row or column, in the order the rules ran


def place(findings: Sequence[Finding], *, row_numbers: dict[int, int], column_indexes: dict[int, int]) -> list[Placed]:
    """Each finding of one check (or of one row or column) with its sort keys."""
    seen: dict[int, int] = {}
    placed = []
    for finding in findings:
        if finding.row_id is not None:
            where = row_numbers[finding.row_id]
        else:
            where = COLUMN_PLACES + column_indexes[cast(int, finding.column_id)]  # a column finding
        seen[where] = seq = seen.get(where, -1) + 1
        placed.append(Placed(finding, SEVERITY_ORDER[finding.severity], where, seq))
    return placed
