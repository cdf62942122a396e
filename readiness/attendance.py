"""Reading a training system's attendance export (xlsx or csv). Pure: bytes in, rows and addressed errors out.

Columns, in any order and case: Email, Course, Date, Attended; Name and Audience for people not yet
known. Each problem names its cell, e.g. `attendance.csv!D7: "maybe" is not yes or no`.
"""

import csv
import datetime as dt
import io
from dataclasses import asdict, dataclass, field

from connectmobilize.lib.spreadsheets import (
    MAX_ROWS,
    ZIP_MAGIC,
    SpreadsheetError,
    cell_ref,
    check_file_size,
    read_sheets,
    unreadable_cells,
)

from .choices import Audience

COLUMNS = {
    "email": ("email", "e-mail", "email address", "learner email"),
    "name": ("name", "learner", "full name", "trainee"),
    "audience": ("audience", "role", "group"),
    "course": ("course", "course name", "training"),
    "date": ("date", "session date", "session", "completed on", "start"),
    "attended": ("attended", "attendance", "status", "completed"),
}
REQUIRED = ("email", "course", "date", "attended")
YES = {"yes", "y", "true", "1", "attended", "completed", "complete", "present", "x"}
NO = {"no", "n", "false", "0", "no-show", "no show", "absent", "not attended", "cancelled"}
AUDIENCES = {a.value: a.value for a in Audience} | {a.label.casefold(): a.value for a in Audience}


@dataclass
class AttendanceRow:
    row: int
    email: str
    name: str
    audience: str
    course: str
    date: str  # ISO date
    attended: bool


@dataclass
class ParsedAttendance:
    rows: list[AttendanceRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an Excel 97–2003 .xls (OLE2 compound file)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def check_kind(data: bytes, *, filename: str) -> None:
    """A file that is not what its name says is refused in those words, before its first row is read as a
    header (a text file named .xlsx would otherwise be "missing the Email column")."""
    name = filename.rsplit("/", 1)[-1] or "The file"
    if data.startswith(OLD_EXCEL_MAGIC):
        raise SpreadsheetError(
            f"{name} is an old Excel 97–2003 workbook (.xls): open it in Excel and save it as .xlsx or .csv."
        )
    if name.casefold().endswith(WORKBOOK_SUFFIXES) and not data.startswith(ZIP_MAGIC):
        raise SpreadsheetError(
            f"{name} is named like an Excel workbook but is not one (an .xlsx file is a zip package; this one is "
            "not): export it again as .xlsx, or upload it as .csv if it is a CSV file."
        )


def parse_attendance(data: bytes, *, filename: str) -> ParsedAttendance:
    check_file_size(data)
    check_kind(data, filename=filename)
    if data.startswith(ZIP_MAGIC):
        sheet = next(read_sheets(data), None)
        if sheet is None:
            raise SpreadsheetError("The workbook has no worksheet to read.")
        parsed = _parse(sheet.title, sheet.rows)
        # A formula whose result was never saved, or showing an error, reads as blank: name it, not the blank.
        parsed.errors[:0] = unreadable_cells(sheet)
        return parsed
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError("The file is neither an .xlsx workbook nor a UTF-8 CSV file.") from None
    dialect = csv.excel_tab if text.count("\t") > text.count(",") and text.count("\t") > text.count(";") else None
    delimiter = ";" if dialect is None and text.count(";") > text.count(",") else ","
    reader = csv.reader(io.StringIO(text), dialect=dialect or "excel", delimiter="\t" if dialect else delimiter)
    rows: list[tuple] = []
    for row in reader:
        if len(rows) == MAX_ROWS:
            raise SpreadsheetError(f"The file has more than {MAX_ROWS:,} rows.")
        rows.append(tuple(row))
    return _parse(filename, rows)


def _parse(where: str, rows: list[tuple]) -> ParsedAttendance:
    parsed = ParsedAttendance()
    if not rows:
        parsed.errors.append(f"{where}: the file is empty.")
        return parsed
    header = [str(v or "").strip().casefold() for v in rows[0]]
    index = {key: next((i for i, h in enumerate(header) if h in names), None) for key, names in COLUMNS.items()}
    missing = [key.capitalize() for key in REQUIRED if index[key] is None]
    if missing:
        parsed.errors.append(f"{where}: row 1 needs the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}.")
        return parsed
    for n, values in enumerate(rows[1:], 2):
        if any(str(v or "").strip() for v in values):
            _parse_row(parsed, where, n, values, index)
    return parsed


def _parse_row(parsed: ParsedAttendance, where: str, n: int, values: tuple, index: dict) -> None:
    def cell(key):
        i = index[key]
        return values[i] if i is not None and i < len(values) else None

    def ref(key):
        return cell_ref(where, n, index[key] + 1)

    email = str(cell("email") or "").strip().lower()
    if "@" not in email:
        parsed.errors.append(f'{ref("email")}: "{email}" is not an email address.')
        return
    course = str(cell("course") or "").strip()
    if not course:
        parsed.errors.append(f"{ref('course')}: the course is missing.")
    date = _date(cell("date"))
    if date is None:
        parsed.errors.append(f'{ref("date")}: "{cell("date")}" is not a date (use YYYY-MM-DD).')
    answer = _plain(cell("attended")).casefold()  # 0 is "no", not a blank
    if answer not in YES | NO:
        parsed.errors.append(f'{ref("attended")}: "{cell("attended")}" is not yes or no.')
    audience_text = str(cell("audience") or "").strip().casefold()
    audience = AUDIENCES.get(audience_text, "")
    if audience_text and not audience:
        parsed.errors.append(f'{ref("audience")}: "{cell("audience")}" is not an audience.')
    if course and date and answer in YES | NO:
        name = str(cell("name") or "").strip()
        parsed.rows.append(AttendanceRow(n, email, name, audience, course, date.isoformat(), answer in YES))


def _plain(value) -> str:
    return "" if value is None else str(value).strip()


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - only the calendar date is kept
        except ValueError:
            continue
    return None


@dataclass
class AttendancePlan:
    rows: list[AttendanceRow]
    errors: list[str]
    new_trainees: int = 0
    new_sessions: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "AttendancePlan":
        return cls(**{**data, "rows": [AttendanceRow(**row) for row in data["rows"]]})
