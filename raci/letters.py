"""RACI letters: what a cell may hold and how people write it. Pure."""

import re
import unicodedata

ORDER = "ARSCI"
MEANING = {
    "R": "Responsible",
    "A": "Accountable",
    "S": "Supportive",
    "C": "Consulted",
    "I": "Informed",
}
# The only combination practitioners use (DOMAIN.md §4.2 V3).
COMBINED = {"AR"}
SEPARATORS = re.compile(r"[\s/,;+&()\[\]]+")
# What people write for "not involved" in a cell they did not want to leave empty.
NOT_INVOLVED = {"N", "X", "N/A", "NA", "-", "–", "—", "·", "."}
# Letters of other alphabets that look like A, C, I, S, R-less Latin ones (a sheet typed on a Cyrillic or Greek
# keyboard): read as the Latin letter, with a notice naming the cells.
LOOKALIKES = str.maketrans({
    "А": "A", "а": "A", "С": "C", "с": "C", "І": "I", "і": "I", "Ӏ": "I", "Ѕ": "S", "ѕ": "S",
    "Α": "A", "α": "A", "Ι": "I", "ι": "I",
})  # fmt: skip


def plain(text: str) -> tuple[str, bool]:
    """The cell's text with look-alike letters (Cyrillic С, Greek Α, full-width Ａ) made Latin, and whether any were."""
    stripped = text.strip()
    latin = unicodedata.normalize("NFKC", stripped).translate(LOOKALIKES)
    return latin, latin != stripped


def not_involved(text: str) -> bool:
    """ "N", "x", "-", "n/a"… : the cell says the role is not involved."""
    return " ".join(text.split()).upper() in NOT_INVOLVED


def parse_cell(text: str | None) -> str:
    """Canonical letters of a cell as written in a sheet: 'a/r', 'R, A', 'AR' → 'AR'; blank → ''.

    Raises ValueError naming what is not a letter. Whether the letters may stand together is the
    rules' business (V3), not the parser's.
    """
    raw = SEPARATORS.sub("", (text or "").strip().upper())
    if raw in ("", "-", "·", ".", "—"):
        return ""
    unknown = sorted(set(raw) - set(ORDER))
    if unknown:
        detail = f" ({', '.join(unknown)} unknown)" if len(raw) > 1 else ""
        raise ValueError(f'"{(text or "").strip()}" is not a RACI letter{detail}')
    letters = set(raw)
    if len(letters) != len(raw):
        raise ValueError(f'"{(text or "").strip()}" repeats a letter')
    return "".join(ch for ch in ORDER if ch in letters)


def allowed_codes(kind: str) -> list[str]:
    """What a cell may hold in a matrix of this kind, in the order the grid offers them."""
    singles = ["R", "A", "S", "C", "I"] if kind == "RASCI" else ["R", "A", "C", "I"]
    return ["AR", *singles]


def as_written(code: str) -> str:
    """A cell's letters as the grid, its menu, the legend and the export write them: "A/R" for the code "AR"."""
    return "A/R" if code == "AR" else code


def describe(code: str) -> str:
    return " and ".join(MEANING[ch] for ch in code) if code else "Not involved"
