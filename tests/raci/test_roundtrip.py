"""Property: writing any matrix to xlsx and reading it back gives the same matrix."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from raci.letters import allowed_codes
from raci.spreadsheet import parse_workbook, write_workbook

RESERVED = {"ID", "NO", "NR", "REF", "SEQ"}  # would read as a row-number column
PUNCTUATION = " =+-@&/,.'\"\u00e9\u00fc\u2013"  # formula triggers, quotes, accents, an en dash
words = (
    st.text(alphabet=string.ascii_letters + string.digits + PUNCTUATION, min_size=1, max_size=40)
    .map(lambda t: " ".join(t.split()))
    .filter(bool)
)
role_codes = st.text(alphabet=string.ascii_uppercase, min_size=2, max_size=5).filter(lambda c: c not in RESERVED)


@st.composite
def matrices(draw):
    kind = draw(st.sampled_from(["RACI", "RASCI"]))
    codes = draw(st.lists(role_codes, min_size=1, max_size=8, unique=True))
    names = draw(st.lists(words, min_size=1, max_size=15, unique_by=str.casefold))
    letters = st.sampled_from(["", *allowed_codes(kind)])
    optional = st.one_of(st.just(""), words)
    cells = st.lists(letters, min_size=len(codes), max_size=len(codes))
    rows = [(draw(optional), name, draw(optional), draw(cells)) for name in names]
    return kind, codes, rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matrices())
def test_export_then_import_is_the_identity(matrix):
    kind, codes, rows = matrix
    roles = [(c, f"Role {c}") for c in codes]
    data = write_workbook(title="Round trip", kind=kind, roles=roles, rows=rows, findings=[])
    parsed = parse_workbook(data, kind=kind)
    assert parsed.errors == []
    assert parsed.roles == codes
    got = [(r.group, r.name, r.description, [r.cells.get(i, "") for i in range(len(codes))]) for r in parsed.rows]
    # An empty group cell carries the group above it down (as a merged phase column does).
    expected, group = [], ""
    for row_group, name, description, cells in rows:
        group = row_group or group
        expected.append((group, name, description, cells))
    assert got == expected
