"""Property: writing any matrix to xlsx and reading it back gives the same matrix, each row naming its activity."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from raci.letters import allowed_codes
from raci.spreadsheet import parse_workbook, write_workbook

# Codes a sheet may take for a row-number column: in our own export they are roles like any other.
LOOKS_LIKE_A_NUMBER_COLUMN = ["ID", "NO", "NR", "REF", "SEQ", "#", "NO.", "S/N"]
PUNCTUATION = " =+-@&/,.'\"\u00e9\u00fc\u2013"  # formula triggers, quotes, accents, an en dash
words = (
    st.text(alphabet=string.ascii_letters + string.digits + PUNCTUATION, min_size=1, max_size=40)
    .map(lambda t: " ".join(t.split()))  # names and groups are one line with single spaces (as the page keeps them)
    .filter(bool)
)
# Descriptions keep what was typed: line breaks, tabs, double spaces.
descriptions = st.text(alphabet=string.ascii_letters + PUNCTUATION + "\n\t", max_size=60).map(str.strip)
role_codes = st.one_of(
    st.sampled_from(LOOKS_LIKE_A_NUMBER_COLUMN),
    st.text(alphabet=string.ascii_uppercase + string.digits + "#&-/.", min_size=1, max_size=6).filter(str.strip),
)


@st.composite
def matrices(draw):
    kind = draw(st.sampled_from(["RACI", "RASCI"]))
    codes = draw(st.lists(role_codes, min_size=1, max_size=8, unique_by=str.casefold))
    names = draw(st.lists(words, min_size=1, max_size=15, unique_by=str.casefold))  # the page refuses case twins
    letters = st.sampled_from(["", *allowed_codes(kind)])
    group = st.one_of(st.just(""), words)  # blank groups between named ones stay blank
    cells = st.lists(letters, min_size=len(codes), max_size=len(codes))
    rows = [(draw(group), name, draw(descriptions), draw(cells), 1000 + n) for n, name in enumerate(names)]
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
    got = [(r.group, r.name, r.description, [r.cells.get(i, "") for i in range(len(codes))], r.ref)
           for r in parsed.rows]  # fmt: skip
    assert got == rows  # each row still names the activity it was written from


def _sheet(rows) -> bytes:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_in_a_sheet_people_keep_a_number_column_is_skipped_but_a_role_coded_no_is_read():
    data = _sheet([
        ["No", "Phase", "Activity", "NO", "ID"],
        [1, "Plan", "Agree scope", "A/R", "C"],
        [2, None, "Book CAB", "I", "A/R"],
    ])  # fmt: skip
    parsed = parse_workbook(data, kind="RACI")
    assert parsed.errors == [] and parsed.roles == ["NO", "ID"]
    assert [(r.group, r.name, r.cells) for r in parsed.rows] == [
        ("Plan", "Agree scope", {0: "AR", 1: "C"}),
        ("Plan", "Book CAB", {0: "I", 1: "AR"}),  # an empty phase cell carries the one above down
    ]


def test_cells_the_import_leaves_out_are_listed_and_must_be_acknowledged(client_for, django_capture_on_commit_callbacks,
                                                                        program, lead):  # fmt: skip
    import pytest
    from django.core.exceptions import ValidationError
    from django.urls import reverse

    from raci import services
    from tests.factories import RoleFactory, letters_in

    RoleFactory(program=program, code="CCO")
    data = _sheet([
        ["Activity", "CCO", None],
        ["Agree scope", '=IF(1=1,"A/R","C")', None],  # a formula never calculated: no saved value
        ["Book CAB", "A/R", "R"],  # a letter under a column without a header
    ])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        job = services.matrix_import_start(program=program, user=lead, filename="raci.xlsx", data=data,
                                           new_name="Scoped", new_kind="RACI")  # fmt: skip
    job.refresh_from_db()
    detail = reverse("raci:import_detail", kwargs={"program_slug": program.slug, "import_id": job.pk})
    listed = client_for(lead).get(detail).content.decode().split('id="import-ignored"')[1].split("</div>")[0]
    assert "2 cells of the sheet will not be imported" in listed
    assert "B2: formula without a saved value" in listed
    assert "C3: &quot;R&quot; is under a column with no header" in listed

    with pytest.raises(ValidationError, match="2 cells of the sheet would not be imported"):
        services.matrix_import_confirm(job=job, mapping=job.mapping, planned_against=job.planned_against)
    with django_capture_on_commit_callbacks(execute=True):
        services.matrix_import_confirm(job=job, mapping=job.mapping, planned_against=job.planned_against,
                                       seen_ignored=2)  # fmt: skip
    job.refresh_from_db()
    assert job.status == "done" and len(letters_in(job.matrix)) == 1
