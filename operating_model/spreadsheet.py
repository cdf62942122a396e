"""The operating model as a workbook, and back. Pure: plain data in, bytes out; bytes in, rows and addressed errors out.

The export has a sheet each for the Catalogue, Severities, Escalation, Composition and Flows (each flow as a table
of its steps). The import reads the Catalogue, Severities and Escalation sheets, however a person laid them out:
sheets found by name, the header row found by its words (title rows above it are passed over), columns in any
order and by several names, extra columns and blank rows left out with a word. Every problem is named by its
cell, e.g. `Catalogue!H7: "soon" is not a duration…`. Reading goes through `lib.spreadsheets.read_sheets`, so
every check of an untrusted upload runs before a sheet is parsed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from connectmobilize.lib.spreadsheets import (
    Header,
    Sheet,
    SpreadsheetError,
    cell_ref,
    cell_text,
    find_header,
    read_sheets,
    safe_value,
    styled_cell,
    unreadable_cells,
)

from . import sla
from .choices import ChangeType, EscalationLevel, SlaClock, StepKind, VendorSeverity

# The data both ways -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcessRow:
    code: str
    name: str
    category: str = ""
    change_type: str = ""
    owner: str = ""  # role codes
    requester: str = ""
    fulfiller: str = ""
    approver: str = ""
    sla_target: str = ""  # canonical text on its clock (sla.describe)
    sla_clock: str = sla.BUSINESS
    notes: str = ""


@dataclass(frozen=True)
class SeverityRow:
    level: int
    name: str
    definition: str = ""
    clock: str = sla.ALWAYS
    response_target: str = ""
    update_interval: str = ""
    restore_target: str = ""
    vendor_severity: str = ""


@dataclass(frozen=True)
class EscalationRow:
    severity: int
    level: str
    role: str
    after_minutes: int = 0
    note: str = ""


@dataclass
class ModelData:
    """What the import reads and writes: the catalogue, the severities and their escalation paths. A part is None
    when the workbook has no sheet for it (it is then left as it is)."""

    processes: list[ProcessRow] | None = None
    severities: list[SeverityRow] | None = None
    escalation: list[EscalationRow] | None = None

    def to_json(self) -> dict:
        return {
            name: None if rows is None else [asdict(row) for row in rows]
            for name, rows in (("processes", self.processes), ("severities", self.severities),
                               ("escalation", self.escalation))
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: dict) -> ModelData:
        def rows(name, kind):
            return None if data.get(name) is None else [kind(**row) for row in data[name]]

        return cls(rows("processes", ProcessRow), rows("severities", SeverityRow), rows("escalation", EscalationRow))


@dataclass(frozen=True)
class Composition:
    role: str
    role_name: str
    phase: str
    who: str
    organisation: str
    allocation_pct: int
    single_threaded_owner: bool


@dataclass(frozen=True)
class FlowStep:
    number: int
    lane: str
    kind: str
    name: str
    when: str
    sla: str
    activity: str
    next_steps: tuple[int, ...]


@dataclass(frozen=True)
class Flow:
    name: str
    description: str
    clock: str
    service: str
    lanes: tuple[str, ...]
    steps: tuple[FlowStep, ...]


# Words as the export writes them, and every way a person may write them back -------------------------------

CLOCK_WORDS: dict[str, str] = {SlaClock.BUSINESS_HOURS.value: "Business hours", SlaClock.ALWAYS.value: "24x7"}
_CLOCKS = {"business hours": sla.BUSINESS, "business": sla.BUSINESS, "business_hours": sla.BUSINESS,
           "office hours": sla.BUSINESS, "working hours": sla.BUSINESS, "24x7": sla.ALWAYS, "24×7": sla.ALWAYS,
           "24/7": sla.ALWAYS, "always": sla.ALWAYS}  # fmt: skip


def _choices(choices) -> dict[str, str]:
    """A choice by its value, its label, or the label's first word ("Standard" for "Standard (pre-approved)")."""
    found = {}
    for value, label in choices.choices:
        found[value.casefold()] = value
        found[label.casefold()] = value
        found[re.split(r"[\s(–-]", label.casefold(), maxsplit=1)[0]] = value
    return found


CHANGE_TYPES = _choices(ChangeType)
VENDOR_SEVERITIES = _choices(VendorSeverity)
ESCALATION_LEVELS = _choices(EscalationLevel) | {"exec": "exec", "executive": "exec", "aws": "vendor"}
SEV = re.compile(r"^(?:sev(?:erity)?\s*)?([1-4])$", re.I)

PROCESS_COLUMNS = {
    "code": ("process code", "process id", "ref", "id"),
    "name": ("process", "process name", "title"),
    "category": ("area", "group"),
    "change_type": ("change type", "type", "itil type"),
    "owner": ("owner role", "process owner", "owned by"),
    "requester": ("requester role", "requested by", "raised by"),
    "fulfiller": ("fulfiller role", "fulfilled by", "done by", "resolver"),
    "approver": ("approver role", "approved by"),
    "sla_target": ("sla", "sla target", "target"),
    "sla_clock": ("sla clock", "clock", "hours"),
    "notes": ("note", "comments", "comment", "remarks"),
}
SEVERITY_COLUMNS = {
    "level": ("severity", "sev", "priority"),
    "name": ("severity name", "label"),
    "definition": ("description", "when", "examples"),
    "clock": ("sla clock", "hours"),
    "response_target": ("response", "first response", "response time"),
    "update_interval": ("update", "updates", "updates every", "update every"),
    "restore_target": ("restore", "restore time", "resolution", "resolution target"),
    "vendor_severity": ("aws case severity", "aws severity", "vendor severity", "aws case"),
}
ESCALATION_COLUMNS = {
    "severity": ("sev", "severity level"),
    "level": ("escalation level", "tier", "line"),
    "role": ("team", "who", "escalate to"),
    "after_minutes": ("after", "after min", "after minutes", "fires after", "minutes"),
    "note": ("notes", "comment", "action"),
}
SHEETS = {
    "processes": re.compile(r"catalog|process|service", re.I),
    "severities": re.compile(r"severit", re.I),
    "escalation": re.compile(r"escalat", re.I),
}
NOT_IMPORTED = re.compile(r"composition|team|flow", re.I)
NO_SHEETS = (
    "The workbook has no Catalogue, Severities or Escalation sheet: name the sheets so (as the export does) and "
    "upload it again."
)

# Writing ----------------------------------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="DEE2E6")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
PROCESS_HEADERS = ("Code", "Name", "Category", "Change type", "Owner", "Requester", "Fulfiller", "Approver",
                   "SLA target", "SLA clock", "Notes")  # fmt: skip
SEVERITY_HEADERS = ("Level", "Name", "Definition", "Clock", "Response target", "Update interval", "Restore target",
                    "AWS case severity")  # fmt: skip
ESCALATION_HEADERS = ("Severity", "Level", "Role", "After (min)", "Note")
COMPOSITION_HEADERS = ("Role", "Role name", "Phase", "Who", "Organisation", "Allocation %", "Single-threaded owner")
STEP_HEADERS = ("#", "Lane", "Kind", "Step", "When", "SLA", "RASCI activity", "Next steps")


def write_workbook(
    *, title: str, data: ModelData, composition: Iterable[Composition] = (), flows: Iterable[Flow] = ()
) -> bytes:
    """The operating model as a styled workbook: a title row, a coloured header, frozen panes and dropdowns on each
    sheet. Every text cell is written as text, never a formula (`lib.spreadsheets.safe_value`)."""
    workbook = Workbook(write_only=True)
    change_labels = dict(ChangeType.choices)
    vendor_labels = dict(VendorSeverity.choices)
    processes = data.processes or []
    sheet = _table(workbook, "Catalogue", f"Service catalogue of {title}", PROCESS_HEADERS,
                   (30, 12, 44, 18, 24, 10, 10, 10, 10, 20, 16, 40))  # fmt: skip
    _dropdown(sheet, "J", len(processes), CLOCK_WORDS.values())
    _dropdown(sheet, "D", len(processes), change_labels.values())
    for p in processes:
        _row(sheet, p.code, p.name, p.category, change_labels.get(p.change_type, p.change_type), p.owner,
             p.requester, p.fulfiller, p.approver, p.sla_target, CLOCK_WORDS.get(p.sla_clock, p.sla_clock),
             p.notes)  # fmt: skip
    severities = data.severities or []
    sheet = _table(workbook, "Severities", f"Incident severities of {title}", SEVERITY_HEADERS,
                   (30, 8, 14, 60, 16, 18, 18, 18, 40))  # fmt: skip
    _dropdown(sheet, "D", len(severities), CLOCK_WORDS.values())
    for s in severities:
        _row(sheet, f"Sev {s.level}", s.name, s.definition, CLOCK_WORDS.get(s.clock, s.clock), s.response_target,
             s.update_interval, s.restore_target, vendor_labels.get(s.vendor_severity, s.vendor_severity))  # fmt: skip
    sheet = _table(workbook, "Escalation", f"Escalation paths of {title}: minutes on the severity's clock",
                   ESCALATION_HEADERS, (30, 10, 12, 12, 12, 50))  # fmt: skip
    _dropdown(sheet, "B", len(data.escalation or []), (value for value, _ in EscalationLevel.choices))
    for e in data.escalation or []:
        _row(sheet, f"Sev {e.severity}", e.level, e.role, e.after_minutes, e.note)
    sheet = _table(workbook, "Composition", f"Team composition of {title} (not imported)", COMPOSITION_HEADERS,
                   (30, 10, 30, 18, 30, 24, 14, 22))  # fmt: skip
    for c in composition:
        _row(sheet, c.role, c.role_name, c.phase, c.who, c.organisation, c.allocation_pct,
             "yes" if c.single_threaded_owner else "")  # fmt: skip
    _write_flows(workbook, title, flows)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _table(workbook, name: str, title: str, headers: tuple[str, ...], widths: tuple[int, ...]):
    sheet = workbook.create_sheet(name)
    sheet.freeze_panes = "A3"
    for index, width in enumerate(widths[1:], 1):
        sheet.column_dimensions[chr(64 + index)].width = width
    sheet.append([styled_cell(sheet, title, font=TITLE)])
    sheet.append([styled_cell(sheet, text, fill=HEADER_FILL, font=BOLD) for text in headers])
    return sheet


def _dropdown(sheet, column: str, rows: int, choices: Iterable[str]) -> None:
    listed = ",".join(choices)
    if rows and len(listed) < 250:  # Excel's limit for a list typed in the rule
        validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
        validation.add(f"{column}3:{column}{rows + 2}")
        sheet.data_validations.append(validation)


def _row(sheet, *values) -> None:
    sheet.append([None if value == "" else safe_value(sheet, value) for value in values])


def _write_flows(workbook, title: str, flows: Iterable[Flow]) -> None:
    sheet = workbook.create_sheet("Flows")
    for index, width in enumerate((6, 10, 12, 40, 30, 14, 36, 12), 1):
        sheet.column_dimensions[chr(64 + index)].width = width
    sheet.append([styled_cell(sheet, f"Swimlane flows of {title}, step by step (not imported)", font=TITLE)])
    kinds = dict(StepKind.choices)
    for flow in flows:
        sheet.append([])
        sheet.append([styled_cell(sheet, flow.name, font=Font(bold=True, size=12))])
        about = f"Clock: {CLOCK_WORDS.get(flow.clock, flow.clock)}. Lanes: {', '.join(flow.lanes) or 'none'}."
        if flow.service:
            about += f" Details catalogue process {flow.service}."
        sheet.append([safe_value(sheet, about)])
        if flow.description:
            sheet.append([safe_value(sheet, flow.description)])
        sheet.append([styled_cell(sheet, text, fill=HEADER_FILL, font=BOLD) for text in STEP_HEADERS])
        for step in flow.steps:
            _row(sheet, step.number, step.lane, kinds.get(step.kind, step.kind), step.name, step.when, step.sla,
                 step.activity, ", ".join(str(n) for n in step.next_steps))  # fmt: skip


# Reading ----------------------------------------------------------------------------------------------------


@dataclass
class ParsedModel:
    data: ModelData
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what was read otherwise than a user may think, or left out

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_workbook(data: bytes, *, roles: dict[str, str]) -> ParsedModel:
    """The catalogue, severities and escalation paths of an uploaded workbook. `roles` maps each program role's
    code and name, casefolded, to its code. SpreadsheetError for a file that cannot be read safely."""
    return parse_sheets(list(read_sheets(data)), roles=roles)


def parse_sheets(sheets: list[Sheet], *, roles: dict[str, str]) -> ParsedModel:
    found: dict[str, Sheet] = {}
    parsed = ParsedModel(ModelData())
    for sheet in sheets:
        part = next((name for name, pattern in SHEETS.items() if pattern.search(sheet.title)), None)
        if part is not None and part not in found:
            found[part] = sheet
        elif NOT_IMPORTED.search(sheet.title):
            parsed.notices.append(f"Sheet {sheet.title} is not imported: edit it on its page.")
        else:
            parsed.notices.append(f"Sheet {sheet.title} is not imported: it is not a Catalogue, Severities or "
                                  "Escalation sheet.")  # fmt: skip
    if not found:
        raise SpreadsheetError(NO_SHEETS)
    reader = _Reader(parsed, roles)
    if "processes" in found:
        parsed.data.processes = reader.processes(found["processes"])
    if "severities" in found:
        parsed.data.severities = reader.severities(found["severities"])
    if "escalation" in found:
        if "severities" not in found:
            parsed.errors.append(f"Sheet {found['escalation'].title}: escalation paths come with their severities; "
                                 "add the Severities sheet.")  # fmt: skip
        else:
            parsed.data.escalation = reader.escalation(found["escalation"], parsed.data.severities or [])
    elif "severities" in found:
        parsed.notices.append("The workbook has no Escalation sheet: the escalation paths are left as they are.")
    return parsed


class _Reader:
    def __init__(self, parsed: ParsedModel, roles: dict[str, str]):
        self.parsed, self.roles = parsed, roles

    def _table(self, sheet: Sheet, columns: dict, required: tuple[str, ...], what: str):
        """Each data row below the header as (its number, a function giving a column's text and address)."""
        header = find_header(sheet.rows, columns, required)
        if header is None:
            names = ", ".join(name.replace("_", " ").capitalize() for name in required)
            self.parsed.errors.append(f"Sheet {sheet.title}: no header row naming {names} found in its first rows; "
                                      f"put the {what} under a row of column names.")  # fmt: skip
            return
        self.parsed.errors += unreadable_cells(sheet, from_row=header.row)
        for index, text in header.others:
            self.parsed.notices.append(f'{cell_ref(sheet.title, header.row, index + 1)}: column "{text}" is not '
                                       "imported.")  # fmt: skip
        for number in range(header.row + 1, len(sheet.rows) + 1):
            values = sheet.rows[number - 1]
            if not any(cell_text(v) for v in values):
                continue  # a blank row
            yield number, _Cells(sheet, header, number, values)

    def _role(self, cells: _Cells, key: str) -> str:
        text = cells.text(key)
        if not text:
            return ""
        code = self.roles.get(" ".join(text.split()).casefold())
        if code is None:
            self.error(cells, key, f'"{text}" is not a role of this program (give its code, e.g. SDK).')
            return ""
        return code

    def _clock(self, cells: _Cells, key: str, default: str) -> str:
        text = cells.text(key)
        if not text:
            return default
        clock = _CLOCKS.get(text.casefold())
        if clock is None:
            self.error(cells, key, f'"{text}" is not a clock: write Business hours or 24x7.')
            return default
        return clock

    def _duration(self, cells: _Cells, key: str, clock: str, *, required: bool = False) -> str:
        text = cells.text(key)
        if not text:
            if required:
                self.error(cells, key, f"give a duration, e.g. {sla.EXAMPLES}.")
            return ""
        try:
            return str(sla.parse(text, clock=clock))
        except sla.SlaError as error:
            self.error(cells, key, str(error))
            return ""

    def _choice(self, cells: _Cells, key: str, choices: dict[str, str], what: str) -> str:
        text = cells.text(key)
        if not text:
            return ""
        value = choices.get(text.casefold())
        if value is None:
            self.error(cells, key, f'"{text}" is not {what}.')
            return ""
        return value

    def error(self, cells: _Cells, key: str, message: str) -> None:
        self.parsed.errors.append(f"{cells.ref(key)}: {message}")

    def processes(self, sheet: Sheet) -> list[ProcessRow]:
        rows: list[ProcessRow] = []
        seen: dict[str, int] = {}
        for number, cells in self._table(sheet, PROCESS_COLUMNS, ("code", "name"), "processes"):
            code, name = cells.text("code"), cells.text("name")
            if not code or not name:
                self.error(cells, "code" if not code else "name", "a process needs a code and a name.")
                continue
            if code.casefold() in seen:
                self.error(cells, "code", f'process code "{code}" is on row {seen[code.casefold()]} already.')
                continue
            seen[code.casefold()] = number
            clock = self._clock(cells, "sla_clock", sla.BUSINESS)
            rows.append(ProcessRow(
                code=code, name=name, category=cells.text("category"),
                change_type=self._choice(cells, "change_type", CHANGE_TYPES, "a change type"),
                owner=self._role(cells, "owner"), requester=self._role(cells, "requester"),
                fulfiller=self._role(cells, "fulfiller"), approver=self._role(cells, "approver"),
                sla_target=self._duration(cells, "sla_target", clock), sla_clock=clock, notes=cells.text("notes"),
            ))  # fmt: skip
        return rows

    def severities(self, sheet: Sheet) -> list[SeverityRow]:
        rows: list[SeverityRow] = []
        seen: dict[int, int] = {}
        required = ("level", "name", "response_target")
        for number, cells in self._table(sheet, SEVERITY_COLUMNS, required, "severities"):
            level = self._level(cells, "level")
            name = cells.text("name")
            if level is None:
                continue
            if not name:
                self.error(cells, "name", f"Sev {level} needs a name.")
                continue
            if level in seen:
                self.error(cells, "level", f"Sev {level} is on row {seen[level]} already.")
                continue
            seen[level] = number
            clock = self._clock(cells, "clock", sla.ALWAYS)
            rows.append(SeverityRow(
                level=level, name=name, definition=cells.text("definition"), clock=clock,
                response_target=self._duration(cells, "response_target", clock, required=True),
                update_interval=self._duration(cells, "update_interval", clock),
                restore_target=self._duration(cells, "restore_target", clock),
                vendor_severity=self._choice(cells, "vendor_severity", VENDOR_SEVERITIES, "an AWS case severity"),
            ))  # fmt: skip
        return rows

    def _level(self, cells: _Cells, key: str) -> int | None:
        text = cells.text(key)
        found = SEV.match(" ".join(text.split()))
        if found is None:
            self.error(cells, key, f'"{text}" is not a severity: write Sev 1 to Sev 4.' if text else
                       "the severity is missing (Sev 1 to Sev 4).")  # fmt: skip
            return None
        return int(found.group(1))

    def escalation(self, sheet: Sheet, severities: list[SeverityRow]) -> list[EscalationRow]:
        clocks = {s.level: s.clock for s in severities}
        rows: list[EscalationRow] = []
        for _, cells in self._table(sheet, ESCALATION_COLUMNS, ("severity", "level", "role"), "escalation steps"):
            severity = self._level(cells, "severity")
            if severity is None:
                continue
            if severity not in clocks:
                self.error(cells, "severity", f"Sev {severity} is not on the Severities sheet.")
                continue
            level = self._choice(cells, "level", ESCALATION_LEVELS, "an escalation level (L1, L2, L3, vendor, exec)")
            role = self._role(cells, "role")
            if not cells.text("role"):
                self.error(cells, "role", "the step needs a role (its code, e.g. SDK).")
            after = self._after(cells, clocks[severity])
            if level and role and after is not None:
                rows.append(EscalationRow(severity, level, role, after, cells.text("note")))
        return rows

    def _after(self, cells: _Cells, clock: str) -> int | None:
        """Minutes on the severity's clock: a number of minutes, or a duration ("2 business hours")."""
        value = cells.value("after_minutes")
        if value is None or cell_text(value) == "":
            return 0
        if isinstance(value, int | float) and not isinstance(value, bool):
            if value < 0 or value != int(value):
                self.error(cells, "after_minutes", f"{cell_text(value)} is not a whole number of minutes.")
                return None
            return int(value)
        text = cell_text(value)
        if text.isdigit():
            return int(text)
        try:
            return sla.parse(text, clock=clock).minutes
        except sla.SlaError as error:
            self.error(cells, "after_minutes", str(error))
            return None


class _Cells:
    """One data row of a table, its columns named by their keys."""

    def __init__(self, sheet: Sheet, header: Header, number: int, values: tuple):
        self.sheet, self.header, self.number, self.values = sheet, header, number, values

    def value(self, key: str):
        index = self.header.columns.get(key)
        return self.values[index] if index is not None and index < len(self.values) else None

    def text(self, key: str) -> str:
        return cell_text(self.value(key))

    def ref(self, key: str) -> str:
        return cell_ref(self.sheet.title, self.number, self.header.columns.get(key, 0) + 1)


# What applying would change -----------------------------------------------------------------------------------


@dataclass
class Plan:
    """What the import would change, for the user to review; the rows to apply travel with it."""

    data: ModelData
    errors: list[str]
    notices: list[str]
    added: list[str] = field(default_factory=list)  # "P25 Agent offboarding"
    changed: list[str] = field(default_factory=list)  # "P04 Emergency message: SLA target, fulfiller"
    retired: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    unchanged: int = 0
    severities_added: list[str] = field(default_factory=list)
    severities_changed: list[str] = field(default_factory=list)
    severities_kept: list[str] = field(default_factory=list)  # in the program, not in the file: left as they are
    paths_changed: list[str] = field(default_factory=list)  # "Sev 1: 3 steps → 4 steps"

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.retired or self.restored or self.severities_added
                    or self.severities_changed or self.paths_changed)  # fmt: skip

    def to_json(self) -> dict:
        return {**asdict(self), "data": self.data.to_json()}

    @classmethod
    def from_json(cls, data: dict) -> Plan:
        return cls(**{**data, "data": ModelData.from_json(data["data"])})


PROCESS_FIELDS = {
    "name": "name", "category": "category", "change_type": "change type", "owner": "owner",
    "requester": "requester", "fulfiller": "fulfiller", "approver": "approver", "sla_target": "SLA target",
    "sla_clock": "SLA clock", "notes": "notes",
}  # fmt: skip
SEVERITY_FIELDS = {
    "name": "name", "definition": "definition", "clock": "clock", "response_target": "response target",
    "update_interval": "update interval", "restore_target": "restore target", "vendor_severity": "AWS case severity",
}  # fmt: skip


def plan_import(parsed: ParsedModel, current: ModelData, *, retired: Iterable[str] = ()) -> Plan:
    """Compare the file with the model as it stands. The file's catalogue is the catalogue (a process in use that
    the file lacks is retired; a retired one it names comes back); its severities are added or updated (one it
    lacks is kept); each of its severities' escalation paths becomes the file's."""
    plan = Plan(parsed.data, list(parsed.errors), list(parsed.notices))
    file = parsed.data
    if file.processes is not None:
        now = {p.code.casefold(): p for p in current.processes or []}
        gone = {code.casefold() for code in retired}
        for row in file.processes:
            key = row.code.casefold()
            if key in gone:
                plan.restored.append(f"{row.code} {row.name}")
            before = now.get(key)
            if before is None and key not in gone:
                plan.added.append(f"{row.code} {row.name}")
            elif before is not None and (fields := _differs(before, row, PROCESS_FIELDS)):
                plan.changed.append(f"{row.code} {row.name}: {', '.join(fields)}")
            elif before is not None:
                plan.unchanged += 1
        named = {row.code.casefold() for row in file.processes}
        plan.retired = [f"{p.code} {p.name}" for p in current.processes or [] if p.code.casefold() not in named]
    if file.severities is not None:
        now_sev = {s.level: s for s in current.severities or []}
        for severity in file.severities:
            before_sev = now_sev.get(severity.level)
            if before_sev is None:
                plan.severities_added.append(f"Sev {severity.level} {severity.name}")
            elif fields := _differs(before_sev, severity, SEVERITY_FIELDS):
                plan.severities_changed.append(f"Sev {severity.level} {severity.name}: {', '.join(fields)}")
        levels = {s.level for s in file.severities}
        plan.severities_kept = [f"Sev {s.level} {s.name}" for s in current.severities or [] if s.level not in levels]
    if file.escalation is not None:
        for level in sorted({s.level for s in file.severities or []}):
            before_path, after_path = path_of(current.escalation or [], level), path_of(file.escalation, level)
            if before_path != after_path:
                plan.paths_changed.append(f"Sev {level}: {_steps(len(before_path))} → {_steps(len(after_path))}")
    return plan


def path_of(rows: Iterable[EscalationRow], level: int) -> list[tuple]:
    """A severity's escalation path in a canonical order, to compare two."""
    return sorted((r.after_minutes, r.level, r.role, r.note) for r in rows if r.severity == level)


def _differs(before, after, fields: dict[str, str]) -> list[str]:
    return [label for name, label in fields.items() if getattr(before, name) != getattr(after, name)]


def _steps(count: int) -> str:
    return f"{count} step{'s' if count != 1 else ''}"
