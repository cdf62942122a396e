"""RACI letters: what a cell may hold and how people write it. Pure."""

import re

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
SEPARATORS = re.compile(r"[\s/,;+&]+")


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


def describe(code: str) -> str:
    return " and ".join(MEANING[ch] for ch in code) if code else "Not involved"
