"""Where the RACI table is in a workbook, found by what its cells hold. Pure: sheets in, a layout out.

People's sheets open with a title, a blank top-left cell, "Aufgabe / Prozess", a Cyrillic word, or a stakeholder
register on the first sheet: a keyword cannot find the table. Its content can: a block of letter-like cells (R, A,
C, I and their variants, N or - for "not involved") under a header row, with a column of names to its left. Every
candidate header row of every sheet is scored by that density, in a window of the first rows (so finding the table
costs the same for 500 rows as for 20,000); the sheet's name and header keywords only break ties. The user may
correct each part of the guess (`Reading`), and the sheet is read again that way.
"""

import functools
import re
from dataclasses import dataclass, field

from connectmobilize.lib.spreadsheets import Sheet, cell_ref

from .letters import ORDER, SEPARATORS, not_involved, parse_cell, plain

SCAN_ROWS = 300  # rows of each sheet looked at to find the table (the table is then read to its end)
HEADER_SEARCH_ROWS = 60
SAMPLE_ROWS = 200  # rows under a candidate header that score it
ROLE_DENSITY = 0.6  # share of a role column's filled cells that are letters or "not involved" marks
REPEATED_HEADER_CELLS = 3  # names a header row repeated inside the table repeats, at least
MAX_STACKED = 3  # header rows above the one just over the data (super-headers, teams over people)
MAX_KEY_LETTERS = 12  # letters of a key beside the table ("Lead | L", "Auxiliary | A"), at most

EMPTY, LETTER, MARK, SHORT, NUMBER, TEXT = range(6)

# Keywords break ties and name columns; they never decide alone. Several languages, matched at a word start.
ACTIVITY_STEMS = (
    r"(activit|task|process|deliverable|step|action|work\s*item|item\b|decision|milestone|"
    r"aufgabe|tätigkeit|aktivität|prozess|arbeitspaket|vorgang|schritt|"
    r"activité|tâche|processus|livrable|étape|"
    r"actividad|tarea|proceso|entregable|atividade|tarefa|attività|compito|activiteit|taak|zadanie|czynno|"
    r"задач|работ|деятельн|процесс|действи|мероприят)"
)
ACTIVITY_WORDS = re.compile(r"(?i)^\W*" + ACTIVITY_STEMS)
# A corner cell split diagonally names both axes ("Roles  Milestones/Tasks"): an activity word anywhere in it.
ACTIVITY_ANYWHERE = re.compile(r"(?i)\b" + ACTIVITY_STEMS)
GROUP_WORDS = re.compile(
    r"(?i)^\W*(phase|group|stage|workstream|category|area|section|gruppe|bereich|kategorie|groupe|catégorie|"
    r"fase|grupo|etapa|этап|фаза|раздел)"
)
GROUP_ANYWHERE = re.compile(
    r"(?i)\b(phase|group|stage|workstream|category|area|section|gruppe|bereich|kategorie|"
    r"groupe|catégorie|fase|grupo|etapa|categoría|categoria)\b"
)
STATUS_WORDS = re.compile(r"(?i)(\?\s*$|^\W*(status|state|done|complete|progress|estado|statut|avancement|erledigt))")
DESCRIPTION_WORDS = re.compile(r"(?i)^\W*(description|details|notes?|comments?|beschreibung|bemerkung|commentaire|"
                               r"descripción|описание|примечани)")  # fmt: skip
# "Task ID", "Task_ID", "Activity No." name the id column beside the names, not the names.
NUMBER_WORDS = re.compile(
    r"(?i)^((task|activity|step|item|deliverable|aufgabe|tâche|tarea)[\s_-]*)?"
    r"(#|no\.?|nr\.?|n°|id|ref\.?|seq\.?|number|s/n|№|lfd\.?\s*nr\.?|wbs)$"
)
KEY_WORDS = re.compile(
    r"(?i)^\W*(key|legend|légende|leyenda|clave|legenda|abbreviation|letters?\b|codes?\b|"
    r"meaning|bedeutung|signification|significado|легенда|обозначени)"
)
ROLE_WORDS = re.compile(r"(?i)^\W*(roles?\b|rolle|rôle|rol\b|stakeholder|роль|роли|team\b|who\b)")
ROLE_CODE = re.compile(r"[A-Z][A-Z0-9&/.\-]{1,5}")  # EXS, PGL, QA, IT-OPS: one short upper-case word
# Words of a job title: headers holding them are roles, even with step codes (UAT, CAB) down the side.
ROLE_TITLE = re.compile(
    r"\b(manager|lead|owner|sponsor|team|analyst|engineer|admin\w*|director|officer|architect|developer|tester|"
    r"agent|supervisor|head|board|committee|vendor|partner|consultant|coordinator|specialist|desk)\b",
    re.I,
)
MATRIX_SHEET = re.compile(r"(?i)ra(s)?ci|matri|verantwort|responsab")
SKIPPED_SHEETS = re.compile(r"(?i)legend|key|notes|instructions|read\s*me|about|findings|rule")
IDENTIFIER = re.compile(r"(?i)[#№]?\s*[a-z]{0,3}[-_.#]?\d{1,6}(?:[.\-_/]\d{1,6})*[a-z]?\.?")
# "D = Driver", "D: Driver", "D – Driver", "D (Driver)" in one cell of a legend.
LEGEND_CELL = re.compile(r"^\s*([^\W\d_]{1,2})\s*(?:[=:–—-]|\()\s*([^\W\d_][\w ./-]{2,40}?)\)?\s*$")
# Several in one cell: "P: Primary   S: Support", "R = Responsible, A = Accountable".
LEGEND_ITEM = re.compile(r"(?<!\w)([^\W\d_])\s*[=:]\s*([^\W\d_][\w/-]{2,30})")


# Two letters joined by the word for "and": "R et A", "R and A", "R y A", "R und A".
LETTERS_AND = re.compile(r"(?i)^\s*([^\W\d_])\s+(?:and|et|und|y|e|en|og|och|и)\s+([^\W\d_])\s*$")


def column_heading(text: str) -> bool:
    """The text names a column ("Task", "Phase", "No.", "Notes", "Role"), not a row of the table."""
    headings = (ACTIVITY_WORDS, GROUP_WORDS, DESCRIPTION_WORDS, NUMBER_WORDS, ROLE_WORDS)
    return any(words.match(text) for words in headings)


def and_letters(text: str) -> str:
    """ "R et A" → "R/A"; any other text as it is. Never a not-involved mark: "N y A" is no "N/A"."""
    joined = LETTERS_AND.match(text) if len(text) <= 12 else None
    if not joined or not_involved(joined.group(1)) or not_involved(joined.group(2)):
        return text
    return f"{joined.group(1)}/{joined.group(2)}"


@functools.lru_cache(maxsize=4096)
def and_mark(text: str) -> str:
    """The not-involved mark of "N y A" / "x and R" (a mark and a letter joined by "and"), else ""."""
    joined = LETTERS_AND.match(text) if len(text) <= 12 else None
    if not joined:
        return ""
    return next((part for part in joined.groups() if not_involved(part)), "")


@functools.lru_cache(maxsize=16384)
def text_kind(text: str) -> int:
    stripped = and_letters(text.strip())
    if not stripped:
        return EMPTY
    if and_mark(stripped):
        return LETTER  # "N y A": meant as letters, refused when read
    if not_involved(stripped):
        return MARK
    if len(stripped) <= 12:
        latin, _ = plain(stripped)
        try:
            code = parse_cell(latin)
        except ValueError:
            code = None
        if code and len(code) <= 2:
            return LETTER
        squeezed = SEPARATORS.sub("", latin)
        if len(squeezed) == 1 and squeezed.isalpha():
            return SHORT
        tokens = [t for t in SEPARATORS.split(latin) if t]
        if 1 < len(tokens) <= 5 and all(len(t) == 1 and t.isalpha() for t in tokens):
            return LETTER if any(t.upper() in ORDER for t in tokens) else SHORT
    if IDENTIFIER.fullmatch(stripped):
        return NUMBER
    return TEXT


def kind_of(value) -> int:
    if value is None:
        return EMPTY
    if isinstance(value, str):
        return text_kind(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return NUMBER
    return TEXT


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


@dataclass
class Reading:
    """The user's corrections of the guess; each empty field leaves that part to the content."""

    sheet: str = ""
    header_row: int = 0  # the row just above the first activity
    activity: int | None = None  # 0-based column of the activity names
    ignore: list[int] = field(default_factory=list)  # 0-based columns not to read as roles
    names: str = ""  # "" (the lowest header row, combined where that repeats), "combined", or a row number
    letters: dict[str, str] = field(default_factory=dict)  # a letter the kind does not know → a code, "" leaves out
    transposed: bool | None = None  # None: decided by the content
    combined: str = ""  # a cell with several letters (only A/R may stand together): "" refuses, "first", "strongest"
    duplicates: str = ""  # the same activity twice in one phase: "" refuses, "keep" (the later named by its row)

    @classmethod
    def of(cls, data: dict | None) -> "Reading":
        data = data or {}
        return cls(
            sheet=str(data.get("sheet") or ""), header_row=int(data.get("header_row") or 0),
            activity=None if data.get("activity") is None else int(data["activity"]),
            ignore=[int(i) for i in data.get("ignore") or []], names=str(data.get("names") or ""),
            letters={str(k): str(v) for k, v in (data.get("letters") or {}).items()},
            transposed=data.get("transposed"), combined=str(data.get("combined") or ""),
            duplicates=str(data.get("duplicates") or ""),
        )  # fmt: skip

    def to_json(self) -> dict:
        return {
            "sheet": self.sheet, "header_row": self.header_row, "activity": self.activity, "ignore": list(self.ignore),
            "names": self.names, "letters": dict(self.letters), "transposed": self.transposed,
            "combined": self.combined, "duplicates": self.duplicates,
        }  # fmt: skip

    @property
    def is_automatic(self) -> bool:
        return self == Reading()


@dataclass
class Layout:
    """Where the table lies on its sheet (rows 1-based, columns 0-based), and what each column is."""

    sheet: str
    header_rows: list[int]  # top to bottom; the last is just above the first activity
    activity: int
    group: int | None = None
    description: int | None = None
    ids: list[int] = field(default_factory=list)
    roles: list[int] = field(default_factory=list)
    headers: dict[int, list[str]] = field(default_factory=dict)  # column → its text in each header row
    other: list[int] = field(default_factory=list)  # columns of the table holding text that is not imported
    ignored: list[int] = field(default_factory=list)  # role-like columns the user chose to leave out
    last_column: int = 0
    score: float = 0.0
    transposed: bool = False
    letters_as_headers: bool = False  # "Activity | R | A | C | I" with role names in the cells
    literal: bool = False  # our own export: cells taken as written
    ref: int | None = None  # our own export: the column naming each row's activity

    @property
    def data_start(self) -> int:
        return self.header_rows[-1] + 1

    def header(self, column: int | None) -> str:
        """The column's name: its lowest non-empty header cell."""
        if column is None:
            return ""
        return next((t for t in reversed(self.headers.get(column, [])) if t), "")

    def role_names(self, names: str = "") -> list[list[str]]:
        """Per role column, the names it may take: the chosen one first, then the other header rows' and combined."""
        result = []
        for column in self.roles:
            texts = [t for t in self.headers.get(column, []) if t]
            unique = list(dict.fromkeys(texts))
            combined = " – ".join(unique)
            options = list(dict.fromkeys([*reversed(unique), combined])) if unique else [""]
            result.append(options)
        chosen = [self._chosen(options, column, names) for options, column in zip(result, self.roles, strict=True)]
        if not names:  # the lowest row names a column, unless it names several: then they are told apart
            seen: dict[str, int] = {}
            for name in chosen:
                seen[name.casefold()] = seen.get(name.casefold(), 0) + 1
            chosen = [
                options[-1] if seen[name.casefold()] > 1 and len(options) > 1 else name
                for name, options in zip(chosen, result, strict=True)
            ]
        return [[name, *[o for o in options if o != name]] for name, options in zip(chosen, result, strict=True)]

    def _chosen(self, options: list[str], column: int, names: str) -> str:
        if names == "combined":
            return options[-1]
        if names.isdigit() and int(names) in self.header_rows:
            texts = self.headers.get(column, [])
            text = texts[self.header_rows.index(int(names))] if texts else ""
            return text or options[0]
        return options[0]

    def to_json(self) -> dict:
        return {
            "sheet": self.sheet, "header_rows": list(self.header_rows), "activity": self.activity,
            "group": self.group, "description": self.description, "ids": list(self.ids), "roles": list(self.roles),
            "other": list(self.other), "ignored": list(self.ignored), "last_column": self.last_column,
            "transposed": self.transposed, "letters_as_headers": self.letters_as_headers,
        }  # fmt: skip


# Looking at a sheet ------------------------------------------------------------------------------------------


def _kinds(row: tuple) -> list[int]:
    """The kind of each cell of a row; a row holding only a legend ("R" | "Responsible") is no part of a table."""
    kinds = [kind_of(v) for v in row]
    if LETTER in kinds and TEXT in kinds and legend_row([text_of(v) for v in row]):
        return [EMPTY] * len(kinds)
    return kinds


def repeated_header(texts: list[str], earlier: list[str]) -> bool:
    """The row repeats the names of an earlier row (a section's own copy of the header: "DISEÑO | Jefe de
    proyecto | Jefe de modulo…" under "ANÁLISIS | Jefe de proyecto | Jefe de modulo…"): three or more cells
    after its first equal the earlier row's, and none differs."""
    first = next((c for c, t in enumerate(texts) if t), len(texts))
    same = 0
    for c in range(first + 1, max(len(texts), len(earlier))):
        text = texts[c] if c < len(texts) else ""
        if not text:
            continue
        if c >= len(earlier) or text.casefold() != earlier[c].casefold():
            return False
        same += 1
    return same >= REPEATED_HEADER_CELLS


def _blank_repeated_headers(rows: list[tuple], kinds: list[list[int]]) -> None:
    """A header repeated inside the table is no prose under the role columns: its cells count as empty."""
    seen: dict[tuple, list[str]] = {}
    for r, row_kinds in enumerate(kinds):
        if row_kinds.count(TEXT) < REPEATED_HEADER_CELLS + 1:
            continue
        texts = [text_of(v) for v in rows[r]]
        first = next(c for c, t in enumerate(texts) if t)
        key = tuple(t.casefold() for t in texts[first + 1 :])
        if key in seen and repeated_header(texts, seen[key]):
            row_kinds[first + 1 :] = [EMPTY] * (len(row_kinds) - first - 1)
        else:
            seen.setdefault(key, texts)


def _running_counts(kinds: list[list[int]], width: int) -> list[list[list[int]]]:
    """Per kind (letters, marks, shorts, texts, filled), the count in each column of the rows above each row."""
    letters, marks, shorts, texts, filled = ([[0] * width] for _ in range(5))
    for row_kinds in kinds:
        row_counts = [list(letters[-1]), list(marks[-1]), list(shorts[-1]), list(texts[-1]), list(filled[-1])]
        for c, k in enumerate(row_kinds):
            if k == EMPTY:
                continue
            row_counts[4][c] += 1
            if k == LETTER:
                row_counts[0][c] += 1
            elif k == MARK:
                row_counts[1][c] += 1
            elif k == SHORT:
                row_counts[2][c] += 1
            elif k == TEXT:
                row_counts[3][c] += 1
        for counts, new in zip((letters, marks, shorts, texts, filled), row_counts, strict=True):
            counts.append(new)
    return [letters, marks, shorts, texts, filled]


def _lone_letter(text: str) -> str:
    """The letter of a cell holding one letter ("A", "(L)"), else ""."""
    letter = SEPARATORS.sub("", plain(text)[0]).upper() if text and len(text) <= 3 else ""
    return letter if len(letter) == 1 and letter.isalpha() else ""


def key_word(text: str, letter: str) -> bool:
    """A key's word for a letter: a short name that starts with it ("Lead" for L, "Auxiliary" for A)."""
    return (3 < len(text) <= 30 and len(text.split()) <= 3 and text[:1].upper() == letter
            and not any(ch.isdigit() for ch in text))  # fmt: skip


def _key_pairs(rows: list[tuple], column: int, r_first: int = 0) -> tuple[int, list[int]] | None:
    """A key in this column: each of its letters once, each beside the word it stands for, all on the same side
    ("Lead | L" over "Auxiliary | A"), nothing over its first pair but a heading such as "Key". (partner column,
    rows) or None."""
    found: list[int] = []
    seen: set[str] = set()
    side = 0
    for r in range(r_first, len(rows)):
        row = rows[r]
        letter = _lone_letter(text_of(row[column])) if column < len(row) and row[column] is not None else ""
        if not letter:
            continue
        if letter in seen:
            return None
        here = [s for s in (-1, 1) if 0 <= column + s < len(row) and key_word(text_of(row[column + s]), letter)]
        if not here or (side and side not in here):
            return None
        side = side or here[0]
        seen.add(letter)
        found.append(r)
    if len(found) < 2 or not side:
        return None
    above = rows[found[0] - 1] if found[0] else ()
    over = [text_of(above[c]) if c < len(above) else "" for c in (column, column + side)]
    if any(t and not KEY_WORDS.match(t) for t in over):
        return None
    return column + side, found


def _blank_keys(rows: list[tuple], kinds: list[list[int]], columns: list[int]) -> bool:
    blanked = False
    for column in columns:
        key = _key_pairs(rows, column)
        if key is None:
            continue
        partner, found = key
        for r in found:
            kinds[r][column] = kinds[r][partner] = EMPTY
        heading = kinds[found[0] - 1] if found[0] else []
        for c in (column, partner):
            if c < len(heading):
                heading[c] = EMPTY  # "Key" over it
        blanked = True
    return blanked


def _local_letters(rows: list[tuple], kinds: list[list[int]], columns: list[int], letters: list[int]) -> bool:
    """A letter no legend defines ("P", "D") standing in the cells of several columns that hold R, A, C or I too is
    the sheet's own letter: it counts as a letter (the reader then asks what it stands for). True if any did."""
    seen: dict[str, set[int]] = {}
    cells: dict[str, list[tuple[int, int]]] = {}
    for c in columns:
        for r, row_kinds in enumerate(kinds):
            if c < len(row_kinds) and row_kinds[c] == SHORT:
                letter = SEPARATORS.sub("", plain(text_of(rows[r][c]))[0]).upper()
                seen.setdefault(letter, set()).add(c)
                cells.setdefault(letter, []).append((r, c))
    local = [letter for letter, where in seen.items() if sum(1 for c in where if letters[c]) >= 2]
    for letter in local:
        for r, c in cells[letter]:
            kinds[r][c] = LETTER
    return bool(local)


class _Window:
    """The first rows of a sheet as cell kinds, with running counts per column so any block is scored in O(columns)."""

    def __init__(self, sheet: Sheet, legend: dict[str, str]):
        self.sheet = sheet
        rows = sheet.rows[:SCAN_ROWS]
        self.width = max((len(r) for r in rows), default=0)
        self.kinds = [_kinds(row) for row in rows]
        _blank_repeated_headers(rows, self.kinds)
        defined = {code.upper() for code in legend}
        if defined:  # letters a legend on the sheet defines count as letters
            for row, kinds in zip(rows, self.kinds, strict=True):
                for c, k in enumerate(kinds):
                    if k == SHORT and plain(str(row[c]))[0].strip().upper() in defined:
                        kinds[c] = LETTER
        counts = _running_counts(self.kinds, self.width)
        keys = [c for c in range(self.width) if 2 <= counts[0][-1][c] + counts[2][-1][c] <= MAX_KEY_LETTERS]
        changed = bool(keys) and _blank_keys(rows, self.kinds, keys)  # a key beside the table ("Lead | L") is no role
        shorts = [c for c in range(self.width) if counts[2][-1][c]]
        if shorts and _local_letters(rows, self.kinds, shorts, counts[0][-1]):
            changed = True
        if changed:
            counts = _running_counts(self.kinds, self.width)
        self.letters, self.marks, self.shorts, self.texts, self.filled = counts
        # For each row, where the block it is in ends: at two empty rows in a row (notes or a legend further down
        # are another block, and do not make a role column look like prose).
        self.block_end = [len(self.kinds)] * (len(self.kinds) + 1)
        for r in range(len(self.kinds) - 2, -1, -1):
            empty = not any(self.kinds[r]) and not any(self.kinds[r + 1])
            self.block_end[r] = r if empty else self.block_end[r + 1]

    def count(self, counts: list[list[int]], column: int, first: int, end: int) -> int:
        """Cells of that count in rows first..end-1 (0-based, end excluded) of a column."""
        end = min(end, len(counts) - 1)
        return counts[end][column] - counts[first][column] if end > first else 0

    def role_like(self, column: int, first: int, end: int) -> bool:
        letters = self.count(self.letters, column, first, end)
        shorts = self.count(self.shorts, column, first, end)
        marks = self.count(self.marks, column, first, end)
        filled = self.count(self.filled, column, first, end)
        return letters >= 1 and letters >= shorts and letters + marks + shorts >= ROLE_DENSITY * filled

    def kind(self, row: int, column: int) -> int:
        """Kind of a cell, by 0-based row index in the window."""
        kinds = self.kinds[row] if row < len(self.kinds) else []
        return kinds[column] if column < len(kinds) else EMPTY


def legend_cells(texts: list[str], read: set | frozenset = frozenset()) -> set[int]:
    """Columns of a row holding a legend: a letter followed by a word that starts with it ("R" | "Responsible",
    "A" | "Approbateur"), the word within two cells to its right; or a short word and then its letter, ending the
    row or followed by a blank ("Lead" | "L")."""
    cells: set[int] = set()
    for column, text in enumerate(texts):
        letter = _lone_letter(text)
        if not letter or column in read:
            continue
        before, after = texts[column - 1] if column else "", texts[column + 1] if column + 1 < len(texts) else ""
        if not after and column - 1 not in read and key_word(before, letter):  # word first: "Lead" | "L"
            cells.update((column - 1, column))
            continue
        if column + 1 >= len(texts):
            continue
        meaning = texts[column + 1]
        if len(meaning) > 3 and plain(meaning)[0][:1].upper() == letter:
            cells.update((column, column + 1))
            for c in range(column + 2, min(column + 4, len(texts))):  # what it means in a sentence, beside
                if texts[c] and len(texts[c]) > 3:
                    cells.add(c)
    return cells


def legend_row(texts: list[str]) -> bool:
    """A row with no activity made only of a legend ("R" | "Responsible" under the table)."""
    filled = [c for c, t in enumerate(texts) if t]
    if not filled or len(texts[filled[0]]) > 3:
        return False  # a legend row opens with its letter; an activity's row opens with words (the cheap test first)
    return set(filled) <= legend_cells(texts)


def legend_of(sheets: list[Sheet]) -> dict[str, tuple[str, str]]:
    """Letters other than R, A, S, C, I that a legend in the workbook defines: letter → (meaning, cell)."""
    found: dict[str, tuple[str, str]] = {}
    for sheet in sheets:
        for r, row in enumerate(sheet.rows[:SCAN_ROWS] if not SKIPPED_SHEETS.search(sheet.title) else sheet.rows, 1):
            texts = [text_of(v) for v in row]
            for c, text in enumerate(texts):
                if not text or len(text) > 60:
                    continue
                single = LEGEND_CELL.match(text)
                if single:
                    letter, meaning = single.group(1), single.group(2)
                elif len(text) <= 3 and text_kind(text) == SHORT:
                    nxt = next((t for t in texts[c + 1 : c + 3] if t), "")
                    letter = SEPARATORS.sub("", plain(text)[0])
                    ahead = [*texts[c + 1 : c + 4], "", "", ""]
                    if nxt and not ahead[0] and _lone_letter(ahead[2]) == nxt[:1].upper():
                        continue  # the word two cells on is a key's word for its own letter ("L" | | "Lead" | "L")
                    if nxt and text_kind(nxt) == TEXT:
                        meaning = nxt
                    elif not nxt and c and key_word(texts[c - 1], letter.upper()):  # word first: "Lead" | "L"
                        meaning = texts[c - 1]
                    else:
                        continue
                else:
                    if len(text) >= 8 and (":" in text or "=" in text):
                        several = LEGEND_ITEM.findall(text)
                        for letter, meaning in several if len(several) >= 2 else ():
                            _define(found, letter, meaning, cell_ref(sheet.title, r, c + 1))
                    continue
                _define(found, letter, meaning, cell_ref(sheet.title, r, c + 1))
    return found


# What R, A, S, C and I stand for, in the languages the headers are read in (the word a key gives each starts with
# its letter): a legend saying so tells nothing new. Any other word ("Auxiliary" for A, "Review" for R) is news.
STANDARD_MEANINGS = {
    "R": re.compile(r"(?i)^(resp|r[ée]ali[sz]|realiz)"),
    "A": re.compile(
        r"(?i)^(acc?ount|answer|appr|aprob|aprue|aprov|autor|author|abnahm|abnehm|akzept|akcept|accept|"
        r"aansprak|accord|al?\s+cargo)"
    ),
    "S": re.compile(r"(?i)^(support|soport|suport|soutien|sost[eé]n)"),
    "C": re.compile(r"(?i)^(consult|konsult|contribu|conseil|collab|colab|coop[eé]r)"),
    "I": re.compile(r"(?i)^(inform|info\b)"),
}


@dataclass
class Zone:
    """The table's own cells (on its sheet, as the sheet is written): rows first..last, columns up to `last_column`."""

    sheet: str
    first: int
    last: int
    last_column: int
    transposed: bool = False

    def holds(self, title: str, row: int, column: int) -> bool:
        if title != self.sheet:
            return False
        if self.transposed:
            row, column = column + 1, row - 1
        return self.first <= row <= self.last and column <= self.last_column


def redefinitions(sheets: list[Sheet], table: Zone) -> dict[str, tuple[str, str]]:
    """R, A, S, C or I given another meaning by a legend of the workbook outside the table ("Auxiliary | A" in a key
    beside it, "A: Auxiliary" on a legend sheet): letter → (meaning, cell). Only a word that starts with the letter
    counts ("A: the one who signs off" explains, it does not rename)."""
    found: dict[str, tuple[str, str]] = {}

    def define(letter: str, meaning: str, r: int, c: int) -> None:
        letter, meaning = plain(letter)[0].upper(), meaning.strip()
        if (
            letter in ORDER
            and letter not in found
            and meaning[:1].upper() == letter
            and not (STANDARD_MEANINGS[letter].match(meaning))
        ):
            found[letter] = (meaning, cell_ref(sheet.title, r, c + 1))

    for sheet in sheets:
        rows = sheet.rows if SKIPPED_SHEETS.search(sheet.title) else sheet.rows[:SCAN_ROWS]
        ours = sheet.title == table.sheet
        after = max(table.last, len(rows))  # and the rows under a long table, where legends are kept too
        below = sheet.rows[after : table.last + SCAN_ROWS] if ours and not table.transposed else []
        for r, row in [*enumerate(rows, 1), *enumerate(below, after + 1)]:
            inside = ours and not table.transposed and table.first <= r <= table.last
            for c in range(table.last_column + 1 if inside else 0, len(row)):
                value = row[c]
                if not isinstance(value, str) or (ours and table.transposed and table.holds(sheet.title, r, c)):
                    continue
                text = text_of(value)
                if len(text) <= 3:
                    letter = _lone_letter(text)
                    if letter in ORDER and letter:
                        pair = _legend_pair(sheet.rows, r - 1, c, letter)
                        if pair is not None and not table.holds(sheet.title, r, pair[0]):
                            define(letter, pair[1], r, c)
                elif len(text) <= 60 and (":" in text or "=" in text or "(" in text or "–" in text or "-" in text):
                    single = LEGEND_CELL.match(text)
                    several = LEGEND_ITEM.findall(text) if not single and len(text) >= 8 else []
                    for letter, meaning in [single.groups()] if single else several if len(several) >= 2 else ():
                        define(letter, meaning, r, c)
    return found


def _legend_pair(rows: list[tuple], r: int, column: int, letter: str) -> tuple[int, str] | None:
    """(column, word) of the word a lone letter stands beside as in a key: "Auxiliary" | "A" ending its row or
    followed by a blank, or "A" | "Auxiliary" after a blank, with another such pair over or under it, or a heading
    such as "Key" over it."""
    row = rows[r]
    texts = [text_of(row[c]) if 0 <= c < len(row) else "" for c in (column - 2, column - 1, column + 1)]
    if not texts[2] and key_word(texts[1], letter) and not texts[0]:
        side = -1
    elif not texts[1] and key_word(texts[2], letter):
        side = 1
    else:
        return None
    word = texts[1] if side == -1 else texts[2]
    for n in (r - 1, r + 1):
        other = rows[n] if 0 <= n < len(rows) else ()
        mark = _lone_letter(text_of(other[column])) if column < len(other) and isinstance(other[column], str) else ""
        near = text_of(other[column + side]) if 0 <= column + side < len(other) else ""
        if (mark and mark != letter and key_word(near, mark)) or (n == r - 1 and KEY_WORDS.match(near or " ")):
            return column + side, word
    return None


def _define(found: dict[str, tuple[str, str]], letter: str, meaning: str, where: str) -> None:
    letter = plain(letter)[0].upper()
    if len(letter) == 1 and letter not in ORDER and letter not in found and not not_involved(letter):
        found[letter] = (meaning.strip(), where)


def _merged_header_texts(sheet: Sheet, rows: list[int], width: int) -> dict[int, list[str]]:
    """Each column's text in each of the header rows, a merged range's text spread over every cell it covers.
    A range covering the activity column and beyond is a title, not a header, and is not spread."""
    spread: dict[tuple[int, int], str] = {}
    for r0, c0, r1, c1 in sheet.merged:
        if r1 < rows[0] or r0 > rows[-1] or (c1 - c0) > width:
            continue
        value = sheet.rows[r0 - 1][c0 - 1] if r0 - 1 < len(sheet.rows) and c0 - 1 < len(sheet.rows[r0 - 1]) else None
        for r in range(max(r0, rows[0]), min(r1, rows[-1]) + 1):
            for c in range(c0, min(c1, width) + 1):
                spread[(r, c - 1)] = text_of(value)
    headers: dict[int, list[str]] = {}
    for column in range(width):
        texts = []
        for r in rows:
            values = sheet.rows[r - 1] if r - 1 < len(sheet.rows) else ()
            text = text_of(values[column]) if column < len(values) else ""
            texts.append(text or spread.get((r, column), ""))
        headers[column] = texts
    return headers


@dataclass
class _Candidate:
    header_row: int  # 1-based
    roles: list[int]
    score: float


def _score(window: _Window, header_row: int) -> _Candidate | None:
    """How much a block under this header row looks like a RACI table (None: not at all)."""
    first, end = header_row, header_row + SAMPLE_ROWS  # 0-based body rows
    if first < len(window.kinds):  # the block under the header, past a blank row or two inside it
        end = min(end, max(window.block_end[first], _next_block_end(window, first)))
    roles = [c for c in range(window.width) if window.role_like(c, first, end)]
    names = [
        c for c in range(window.width) if window.count(window.texts, c, first, end) or _numbers(window, c, first, end)
    ]
    if not roles or not names:
        return None
    leftmost_text = min(names)
    roles = [c for c in roles if c > leftmost_text]
    if not roles:
        return None
    letters = sum(
        window.count(window.letters, c, first, end) + window.count(window.shorts, c, first, end) for c in roles
    )
    texts = sum(window.count(window.texts, c, first, end) for c in roles)
    named = sum(1 for c in roles if window.kind(header_row - 1, c) in (TEXT, NUMBER))
    return _Candidate(header_row, roles, letters - 2 * texts + 0.5 * named)


def _next_block_end(window: _Window, first: int) -> int:
    """The block's end, skipping empty rows at its top (a header, then a blank row, then the data)."""
    r = first
    while r < len(window.kinds) and not any(window.kinds[r]):
        r += 1
    return window.block_end[r] if r < len(window.kinds) else len(window.kinds)


def _numbers(window: _Window, column: int, first: int, end: int) -> int:
    letter_like = sum(window.count(n, column, first, end) for n in (window.letters, window.marks, window.shorts))
    return (
        window.count(window.filled, column, first, end) - letter_like - window.count(window.texts, column, first, end)
    )


def _best_header(window: _Window, header_row: int = 0, sheet: Sheet | None = None) -> _Candidate | None:
    if header_row:
        return _score(window, header_row)
    best = _best_row(window)
    if best is not None and sheet is not None:
        # Role headers merged down over the row below ("Sponzori" in G3:G4): the header ends at the merge's bottom.
        bottoms = {
            r1 for r0, c0, r1, c1 in sheet.merged if r0 == best.header_row < r1 and c0 - 1 in best.roles and c0 == c1
        }
        if len(bottoms) == 1:
            lower = _score(window, bottoms.pop())
            if lower is not None and set(lower.roles) >= set(best.roles):
                return lower
    return best


def _best_row(window: _Window) -> _Candidate | None:
    best = None
    for row in range(1, min(HEADER_SEARCH_ROWS, len(window.kinds)) + 1):
        if not any(window.kinds[row - 1]):
            continue
        candidate = _score(window, row)
        if candidate and (best is None or candidate.score > best.score):
            best = candidate
    return best


def _layout(sheet: Sheet, window: _Window, candidate: _Candidate, reading: Reading) -> Layout:
    bottom = candidate.header_row
    first, end = bottom, bottom + SAMPLE_ROWS
    # Header rows above: a team merged over its people, a department over its roles, a role over a person.
    rows = [bottom]
    lo = min(candidate.roles)
    for r in range(bottom - 1, max(0, bottom - 1 - MAX_STACKED), -1):
        above = _merged_header_texts(sheet, [r], window.width)
        if not any(above[c][0] for c in candidate.roles):
            break
        if any(r0 <= r <= r1 and c0 - 1 < lo <= c1 - 1 for r0, c0, r1, c1 in sheet.merged):
            break  # a title merged from the name columns across the roles ("Project Name: …"), not a header
        lettered = sum(1 for c in candidate.roles if window.kind(r - 1, c) in (LETTER, MARK))
        if 2 * lettered >= sum(1 for c in candidate.roles if above[c][0]):
            break  # a row of letters above is an activity, not a header
        rows.insert(0, r)
    headers = _merged_header_texts(sheet, rows, window.width)

    def header(column: int) -> str:
        return next((t for t in reversed(headers.get(column, [])) if t), "")

    # The role span: between the first and last letter column, a column with a header and no prose is a role
    # too (a role nobody is assigned to yet), and so are such columns just after it.
    hi = max(candidate.roles)
    span = set(candidate.roles)
    for c in range(lo, window.width):
        if c in span:
            continue
        if c > hi + 1 and c - 1 not in span:
            break
        filled = window.count(window.filled, c, first, end)
        letter_like = sum(window.count(n, c, first, end) for n in (window.letters, window.marks, window.shorts))
        flags = (  # "Complete?" over Y, Y, Y: a status, no role
            filled and letter_like == window.count(window.shorts, c, first, end) and STATUS_WORDS.search(header(c))
        )
        if header(c) and filled == letter_like and not flags and not (filled == 0 and _widened(sheet, rows, c)):
            span.add(c)
    beside = _table_beside(sorted(span), header)
    span = {c for c in span if c < beside}
    roles = sorted(c for c in span if c not in reading.ignore)
    left = [c for c in range(lo) if window.count(window.filled, c, first, end) or header(c)]
    ids = [c for c in left if _is_identifier_column(window, c, first, end, header(c))]
    texts = [c for c in left if c not in ids and window.count(window.texts, c, first, end)]
    named = [c for c in left if c not in ids and ACTIVITY_WORDS.match(header(c)) and not _grouping(header(c))]
    if reading.activity is not None:
        activity = reading.activity
    else:
        activity = named[0] if named else _activity_column(sheet, texts, ids, header, bottom)
    texts = sorted({*texts, activity} - set(ids)) if activity not in ids else texts
    group = next((c for c in texts if c != activity and _grouping(header(c))), None)
    if group is None:
        group = next((c for c in texts if c < activity and _sparse_or_repeated(sheet, c, bottom)), None)
    description = next((c for c in texts if c > activity and c != group and DESCRIPTION_WORDS.match(header(c))), None)
    if description is None:
        description = next((c for c in texts if c > activity and c != group and _prose(sheet, c, bottom)), None)
    used = {activity, group, description, *ids, *roles, *reading.ignore}
    last = max([*span, *left, activity])
    right_text = [c for c in range(last + 1, min(window.width, beside)) if window.count(window.texts, c, first, end)]
    other = [c for c in [*left, *right_text] if c not in used]
    if reading.activity is not None and reading.activity in roles:
        roles.remove(reading.activity)
    return Layout(
        sheet=sheet.title, header_rows=rows, activity=activity, group=group, description=description,
        ids=[c for c in ids if c != activity], roles=[c for c in roles if c != activity], headers=headers,
        other=[c for c in other if c != activity], ignored=[c for c in reading.ignore if c in span],
        last_column=max([last, *other]) if other else last, score=candidate.score,
    )  # fmt: skip


def _table_beside(span: list[int], header) -> int:
    """Where a second table beside this one starts ("Activity | Nate | Steve" again right of the first, past a blank
    column): a column among the roles headed by an activity word, with roles of the same names right of it. The
    table ends before it (the other is listed as not imported); the sheet's width if there is none."""
    for column in range(span[0] + 1, span[-1]) if span else ():
        if column in span or not ACTIVITY_WORDS.match(header(column)):
            continue
        before = {header(c).casefold() for c in span if c < column and header(c)}
        if any(header(c).casefold() in before for c in span if c > column):
            return column
    return 1 << 30


def _grouping(header: str) -> bool:
    """The header names groups: "Phase", "Workstream", or an activity word with a group word ("Task Category")."""
    return bool(GROUP_WORDS.match(header) or (ACTIVITY_WORDS.match(header) and GROUP_ANYWHERE.search(header)))


def _widened(sheet: Sheet, rows: list[int], column: int) -> bool:
    """The column only widens a role to its left: every header cell of it is the tail of a range merged from a
    column before it ("PROJECT MANAGER" merged over D:E, with each letter merged over D:E too)."""
    return all(any(r0 <= r <= r1 and c0 < column + 1 <= c1 for r0, c0, r1, c1 in sheet.merged) for r in rows)


def _is_identifier_column(window: _Window, column: int, first: int, end: int, header: str) -> bool:
    filled = window.count(window.filled, column, first, end)
    texts = window.count(window.texts, column, first, end)
    letters = window.count(window.letters, column, first, end) + window.count(window.shorts, column, first, end)
    numbers = filled - texts - letters - window.count(window.marks, column, first, end)
    return (filled > 0 and numbers >= 0.8 * filled) or (bool(NUMBER_WORDS.match(header)) and texts < 0.2 * filled)


def _column_texts(sheet: Sheet, column: int, bottom: int) -> list[str]:
    values = (row[column] if column < len(row) else None for row in sheet.rows[bottom : bottom + SAMPLE_ROWS])
    return [t for t in map(text_of, values) if t]


def _activity_column(sheet: Sheet, texts: list[int], ids: list[int], header, bottom: int) -> int:
    """The column of names: headed so, or the one with the most different short texts (prose is a description)."""
    named = [c for c in texts if ACTIVITY_WORDS.match(header(c)) and not GROUP_WORDS.match(header(c))]
    if named:
        return named[0]
    if not texts:
        return ids[-1] if ids else 0

    def rank(column: int) -> tuple:
        values = _column_texts(sheet, column, bottom)
        mean = sum(map(len, values)) / len(values) if values else 0
        return (len(set(values)), -(mean > 80), -column)

    return max(texts, key=rank)


def _sparse_or_repeated(sheet: Sheet, column: int, bottom: int) -> bool:
    values = _column_texts(sheet, column, bottom)
    rows = sum(1 for row in sheet.rows[bottom : bottom + SAMPLE_ROWS] if any(v is not None for v in row))
    return bool(values) and (len(set(values)) <= 0.5 * len(values) or len(values) <= 0.6 * rows)


def _prose(sheet: Sheet, column: int, bottom: int) -> bool:
    values = _column_texts(sheet, column, bottom)
    return bool(values) and sum(map(len, values)) / len(values) >= 30


# Other shapes: letters as headers, roles as rows --------------------------------------------------------------


def _letters_as_headers(window: _Window, sheet: Sheet, only: int = 0) -> _Candidate | None:
    """A header row of single letters (R, A, C, I…) over cells naming roles: "Task | R | A | C | I"."""
    best = None
    for row in [only] if only else range(1, min(HEADER_SEARCH_ROWS, len(window.kinds)) + 1):
        if row > len(sheet.rows):
            break
        values = sheet.rows[row - 1]
        letters: dict[int, str] = {}
        worded = 0  # headers that spell the letter out ("Responsible (R)", "Consultado")
        for c, value in enumerate(values):
            if window.kind(row - 1, c) not in (LETTER, TEXT):
                continue
            code = header_letter(text_of(value))
            if code and code not in letters.values():
                letters[c] = code
                worded += window.kind(row - 1, c) == TEXT
        if len(letters) < 3:
            continue
        first, end = row, row + SAMPLE_ROWS
        names = sum(window.count(window.texts, c, first, end) for c in letters)
        inner = sum(window.count(window.letters, c, first, end) for c in letters)
        left = [c for c in range(min(letters)) if window.count(window.texts, c, first, end)]
        score = names - (0.5 if worded else 0)  # a row of the letters themselves under the words wins a tie
        if left and names > inner and (best is None or score > best.score):
            best = _Candidate(row, sorted(letters), score)
    return best


@functools.lru_cache(maxsize=4096)
def header_letter(text: str) -> str:
    """The RACI letter a column header stands for: "R", "(A)", "Responsible (R)", "Aprovar (Accountable)",
    "Consulté"; "" for any other header."""
    if not text or len(text) > 40:
        return ""
    kind = text_kind(text)
    if kind == LETTER:
        try:
            code = parse_cell(plain(and_letters(text))[0])
        except ValueError:
            return ""
        return code if len(code) == 1 else ""
    if kind != TEXT or len(text.split()) > 3:
        return ""
    spelled = re.search(r"\(\s*([A-Z])\s*\)", text)  # "Responsible (R)"; not "Member(s)"
    if spelled and spelled.group(1) in ORDER:
        return spelled.group(1)
    first = text.strip()[:1].upper()
    return first if first in ORDER and STANDARD_MEANINGS[first].match(text.strip()) else ""


def transpose(sheet: Sheet) -> Sheet:
    width = max((len(r) for r in sheet.rows), default=0)
    rows = [tuple(row[c] if c < len(row) else None for row in sheet.rows) for c in range(width)]
    rows = [tuple(_trim(row)) for row in rows]
    return Sheet(
        title=sheet.title, rows=rows, merged=[(c0, r0, c1, r1) for r0, c0, r1, c1 in sheet.merged],
        formulas_without_value=[(c, r) for r, c in sheet.formulas_without_value],
        error_values=[(c, r, shown) for r, c, shown in sheet.error_values],
    )  # fmt: skip


def _trim(row: tuple) -> tuple:
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return row[:end]


def _looks_transposed(layout: Layout, sheet: Sheet) -> bool:
    """Roles as rows: the name column is headed Role (or the like), or the "roles" are long names and few rows."""
    corner = layout.header(layout.activity)
    if ROLE_WORDS.match(corner) and not ACTIVITY_ANYWHERE.search(corner):
        return True
    headers = [layout.header(c) for c in layout.roles]
    names = _column_texts(sheet, layout.activity, layout.header_rows[-1])
    if not headers or not names:
        return False
    if any(ACTIVITY_WORDS.match(h) for h in headers) and not any(ACTIVITY_WORDS.match(corner) for _ in [0]):
        return True
    if (_share(names, ROLE_CODE.fullmatch) >= 0.8 and _share(headers, lambda h: " " in h) >= 0.5
            and _share(headers, ROLE_TITLE.search) < 0.5):  # fmt: skip
        return True  # role codes down the side (EXS, PGL, CCO), steps worded across the top ("Load test")
    mean_header = sum(map(len, headers)) / len(headers)
    mean_name = sum(map(len, names)) / len(names)
    return len(headers) > 2 * len(names) and mean_header > 1.5 * mean_name


def _share(texts: list[str], test) -> float:
    return sum(bool(test(t)) for t in texts) / len(texts)


# The workbook ------------------------------------------------------------------------------------------------


@dataclass
class Found:
    layout: Layout
    sheet: Sheet  # as read (transposed if the layout is)
    sheets: list[str]  # every sheet's name, for the user to pick another


def find_table(sheets: list[Sheet], reading: Reading, legend: dict[str, tuple[str, str]]) -> Found | None:
    """The best-scoring table of the workbook (or of the sheet the user chose), read as the user corrected it."""
    titles = [s.title for s in sheets]
    chosen = [s for s in sheets if s.title == reading.sheet] if reading.sheet else []
    pool = chosen or [s for s in sheets if not SKIPPED_SHEETS.search(s.title)] or sheets
    letters = {k: v[0] for k, v in legend.items()}
    best: tuple[float, Layout, Sheet] | None = None
    for sheet in pool:
        found = _on_sheet(sheet, reading, letters)
        if found is None:
            continue
        layout, read_as = found
        rank = layout.score + (0.5 if MATRIX_SHEET.search(sheet.title) else 0)
        rank += 0.25 if ACTIVITY_WORDS.match(layout.header(layout.activity)) else 0
        if best is None or rank > best[0]:
            best = (rank, layout, read_as)
    if best is None:
        return None
    return Found(best[1], best[2], titles)


def _on_sheet(sheet: Sheet, reading: Reading, letters: dict[str, str]) -> tuple[Layout, Sheet] | None:
    if reading.transposed:
        return _plain_layout(transpose(sheet), reading, letters, transposed=True)
    window = _Window(sheet, letters)
    candidate = _best_header(window, reading.header_row, sheet)
    # With a header row chosen (the preview sends the one it found with every correction), that row only.
    as_headers = None if reading.transposed is False else _letters_as_headers(window, sheet, reading.header_row)
    if as_headers and (candidate is None or as_headers.score > candidate.score):
        return _letters_layout(sheet, window, as_headers), sheet
    if candidate is None:
        return None
    layout = _layout(sheet, window, candidate, reading)
    if reading.transposed is None and len(sheet.rows) <= 300 and _looks_transposed(layout, sheet):
        turned = _plain_layout(transpose(sheet), Reading(), letters, transposed=True)
        if turned is not None:
            return turned
    return layout, sheet


def _plain_layout(sheet: Sheet, reading: Reading, letters: dict[str, str], *, transposed: bool):
    window = _Window(sheet, letters)
    candidate = _best_header(window, reading.header_row, sheet)
    if candidate is None:
        return None
    layout = _layout(sheet, window, candidate, reading)
    layout.transposed = transposed
    return layout, sheet


def _letters_layout(sheet: Sheet, window: _Window, candidate: _Candidate) -> Layout:
    bottom = candidate.header_row
    headers = _merged_header_texts(sheet, [bottom], window.width)
    first, end = bottom, bottom + SAMPLE_ROWS
    texts = [c for c in range(min(candidate.roles)) if window.count(window.texts, c, first, end)]
    ids = [c for c in range(min(candidate.roles)) if _is_identifier_column(window, c, first, end, headers[c][0])]
    texts = [c for c in texts if c not in ids]

    def header(column: int) -> str:
        return headers.get(column, [""])[0]

    activity = _activity_column(sheet, texts, ids, header, bottom)
    group = next((c for c in texts if c < activity and GROUP_WORDS.match(header(c))), None)
    other = [c for c in texts if c not in (activity, group)]
    return Layout(
        sheet=sheet.title, header_rows=[bottom], activity=activity, group=group, ids=ids, roles=candidate.roles,
        headers=headers, other=other, last_column=max(candidate.roles), score=candidate.score,
        letters_as_headers=True,
    )  # fmt: skip
