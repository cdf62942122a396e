"""The rule check of a RACI/RASCI matrix (DOMAIN.md §4.2). Pure: plain data in, findings out.

Errors break the matrix (it cannot be approved); warnings are smells worth a look; info is a hint.
Every finding says in words what is wrong and where, and names the row and/or column it is about.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

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
    *, kind: str, columns: Sequence[Column], rows: Sequence[Row], thresholds: Thresholds = Thresholds()
) -> list[Finding]:
    allowed = set(allowed_codes(kind))
    findings: list[Finding] = []
    for number, row in enumerate(rows, 1):
        findings += _check_row(number, row, columns, kind, allowed, thresholds)
    findings += _check_columns(columns, rows, thresholds)
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def _check_row(number, row, columns, kind, allowed, t):
    where = f'Row {number} "{row.name}"'
    codes = [row.cells.get(c.id, "") for c in columns]
    if not any(codes):
        return [Finding("empty-row", WARNING, f"{where} has nobody involved.", row.id)]
    out = []
    for column in columns:
        code = row.cells.get(column.id, "")
        if not code:
            continue
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
    count = {letter: sum(letter in code for code in codes) for letter in ORDER}
    accountable = [c.code for c, code in zip(columns, codes, strict=True) if "A" in code]
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
    if columns and count["I"] > t.max_informed_share * len(columns):
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


def _check_columns(columns, rows, t):
    out: list[Finding] = []
    n = len(rows)
    if not n:
        return out
    for column in columns:
        codes = [row.cells.get(column.id, "") for row in rows]
        where = f"Role {column.code}"
        filled = sum(bool(code) for code in codes)
        responsible = sum("R" in code for code in codes)
        accountable = sum("A" in code for code in codes)
        if not filled:
            out.append(Finding("empty-column", WARNING, f"{where} takes part in no activity.", None, column.id))
            continue
        if not responsible and not accountable:
            out.append(
                Finding(
                    "V9",
                    WARNING,
                    f"{where} is never Accountable or Responsible: is the role needed here?",
                    None,
                    column.id,
                )
            )
        if responsible > t.max_responsible_share * n:
            out.append(
                Finding(
                    "V10",
                    WARNING,
                    f"{where} is Responsible for {responsible} of {n} activities: overloaded?",
                    None,
                    column.id,
                )
            )
        if accountable > t.max_accountable_share * n:
            out.append(
                Finding(
                    "V11",
                    WARNING,
                    f"{where} is Accountable for {accountable} of {n} activities: push accountability down.",
                    None,
                    column.id,
                )
            )
        if filled == n and n > 1:
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
