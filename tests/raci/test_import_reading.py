"""The user corrects where the table is (sheet, header row, activity column, columns, names, letters) on the
preview, and the worker reads the stored file again that way: nothing is uploaded again."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from connectmobilize.lib.models import JobStatus
from raci import selectors, services
from tests.raci.workbooks import xlsx
from tests.raci.workbooks.corpus import CASES, rows_of


def two_tables(wb):
    """A big matrix on the first sheet and the one the user means on the second."""
    ws = wb.active
    ws.title = "Last year"
    rows_of(ws, [["Activity", "PM", "Dev", "QA"], *[[f"Old step {n}", "A", "R", "C"] for n in range(10)]])
    rows_of(wb.create_sheet("This year"), [["Activity", "PM", "Ops"], ["Plan", "A", "R"], ["Run", "R", "A"]])


def _start(run_tasks, program, lead, data):
    job = run_tasks(services.matrix_import_start, program=program, user=lead, filename="w.xlsx", data=data,
                    new_name="Read", new_kind="RACI")  # fmt: skip
    job.refresh_from_db()
    assert job.status == JobStatus.READY, job.error
    return job


def _post_reading(client, job, **fields):
    layout = job.parsed["layout"]
    form = {
        "sheet": layout["sheet"], "header_row": layout["header_rows"][-1], "activity": layout["activity"],
        "names": "", "transposed": "", **fields,
    }  # fmt: skip
    url = reverse("raci:import_reading", kwargs={"program_slug": job.program.slug, "import_id": job.pk})
    return client.post(url, form)


def test_the_preview_shows_where_the_table_was_found_and_the_user_picks_another_sheet(
    run_tasks, program, lead, client_for, django_capture_on_commit_callbacks
):
    job = _start(run_tasks, program, lead, xlsx(two_tables))
    assert selectors.parsed_of(job).sheet == "Last year"
    client = client_for(lead)
    page = client.get(reverse("raci:import_detail", kwargs={"program_slug": program.slug, "import_id": job.pk}))
    html = page.content.decode()
    assert 'data-testid="sheet-picture"' in html and "Old step 0" in html and "This year" in html

    with django_capture_on_commit_callbacks(execute=True):
        _post_reading(client, job, sheet="This year")
    job.refresh_from_db()
    parsed = selectors.parsed_of(job)
    assert job.status == JobStatus.READY and parsed.sheet == "This year"
    assert [r.name for r in parsed.rows] == ["Plan", "Run"] and parsed.roles == ["PM", "Ops"]
    assert len(job.mapping) == 2 and selectors.import_preview(job).added_count == 2

    run_tasks(services.matrix_import_confirm, job=job, mapping=job.mapping, planned_against=job.planned_against)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert list(job.matrix.activities.values_list("name", flat=True)) == ["Plan", "Run"]


def test_a_letter_the_legend_defines_is_mapped_in_the_preview_then_imported(
    run_tasks, program, lead, client_for, django_capture_on_commit_callbacks
):
    data = next(c for c in CASES if c.name == "legend_letter").data()
    job = _start(run_tasks, program, lead, data)
    parsed = selectors.parsed_of(job)
    assert parsed.errors and parsed.unknown_letters == {"D": "Driver"}
    with pytest.raises(ValidationError, match="Fix the problems"):
        services.matrix_import_confirm(job=job, mapping=job.mapping, planned_against=job.planned_against)
    client = client_for(lead)
    page = client.get(reverse("raci:import_detail", kwargs={"program_slug": program.slug, "import_id": job.pk}))
    assert "“D” (Driver) stands for" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        _post_reading(client, job, letter_D="R")
    job.refresh_from_db()
    parsed = selectors.parsed_of(job)
    assert parsed.errors == [] and [r.cells for r in parsed.rows] == [{0: "A", 1: "R"}, {0: "A", 1: "R"}]
    assert any('"D" read as R' in n for n in parsed.notices)
    run_tasks(services.matrix_import_confirm, job=job, mapping=job.mapping, planned_against=job.planned_against)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


def test_a_raci_letter_the_key_gives_another_meaning_is_never_read_silently_and_is_mapped_in_the_preview(
    run_tasks, program, lead, client_for, django_capture_on_commit_callbacks
):
    data = next(c for c in CASES if c.name == "key_redefines_a_letter").data()
    job = _start(run_tasks, program, lead, data)
    parsed = selectors.parsed_of(job)
    assert parsed.unknown_letters == {"A": "Auxiliary", "L": "Lead"}
    assert "the legend (Sheet1!G5)" in parsed.errors[0] and all(not r.cells for r in parsed.rows)
    client = client_for(lead)
    page = client.get(reverse("raci:import_detail", kwargs={"program_slug": program.slug, "import_id": job.pk}))
    assert "“A” (Auxiliary) stands for" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        _post_reading(client, job, letter_A="C", letter_L="R")
    job.refresh_from_db()
    parsed = selectors.parsed_of(job)
    assert parsed.errors == [] and [r.cells for r in parsed.rows] == [
        {0: "C", 1: "C", 2: "R"},
        {1: "R"},
        {0: "R", 1: "C"},
    ]
    assert any('"A" ("Auxiliary" in the legend, Sheet1!G5) read as C' in n for n in parsed.notices)
    run_tasks(services.matrix_import_confirm, job=job, mapping=job.mapping, planned_against=job.planned_against,
              seen_ignored=len(parsed.ignored))  # fmt: skip
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


def test_a_person_named_under_two_letters_is_read_as_the_user_chooses(
    run_tasks, program, lead, client_for, django_capture_on_commit_callbacks
):
    data = next(c for c in CASES if c.name == "letters_row_names_a_phase").data()
    job = _start(run_tasks, program, lead, data)
    assert "a role named under several letters" in selectors.parsed_of(job).errors[0]
    client = client_for(lead)
    page = client.get(reverse("raci:import_detail", kwargs={"program_slug": program.slug, "import_id": job.pk}))
    assert "keep the stronger letter" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _post_reading(client, job, combined="strongest")
    job.refresh_from_db()
    parsed = selectors.parsed_of(job)
    assert parsed.errors == [] and [r.group for r in parsed.rows] == ["Backend", "Backend", "Frontend"]


def test_cells_with_two_letters_and_a_name_twice_are_refused_until_the_user_chooses_how_to_read_them(
    run_tasks, program, lead, client_for, django_capture_on_commit_callbacks
):
    def build(wb):
        rows_of(wb.active, [["Task", "Ann", "Bo"], ["Forecast", "I/C", "A"], ["Review", "A", "R / C"],
                            ["Forecast", "A", "R"]])  # fmt: skip

    job = _start(run_tasks, program, lead, xlsx(build))
    parsed = selectors.parsed_of(job)
    assert len(parsed.errors) == 2 and "combine letters" in parsed.errors[1] and "twice" in parsed.errors[0]
    client = client_for(lead)
    page = client.get(reverse("raci:import_detail", kwargs={"program_slug": program.slug, "import_id": job.pk}))
    assert "keep the stronger letter" in page.content.decode()
    assert "keep both, the later one named by its row" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        _post_reading(client, job, combined="strongest", duplicates="keep")
    job.refresh_from_db()
    parsed = selectors.parsed_of(job)
    assert parsed.errors == []
    assert [(r.name, r.cells) for r in parsed.rows] == [
        ("Forecast", {0: "C", 1: "A"}), ("Review", {0: "A", 1: "R"}), ("Forecast (row 4)", {0: "A", 1: "R"}),
    ]  # fmt: skip
    assert any('"I/C" read as C (the stronger letter)' in n for n in parsed.notices)
    assert any('"R / C" read as R' in n for n in parsed.notices)
    assert any('imported as "Forecast (row 4)"' in n for n in parsed.notices)
    with pytest.raises(ValidationError, match="offered ways"):
        services.matrix_import_reread(job=job, reading={"combined": "all"})


def test_the_user_sets_the_header_row_the_activity_column_and_columns_to_leave_out(
    run_tasks, program, lead, client_for, django_capture_on_commit_callbacks
):
    def build(wb):
        rows_of(wb.active, [["Ref", "Step", "Owner", "PM", "Dev"], ["S-1", "Plan", "Ann", "A", "R"],
                            ["S-2", "Build", "Bo", "A", "R"]])  # fmt: skip

    job = _start(run_tasks, program, lead, xlsx(build))
    parsed = selectors.parsed_of(job)
    assert parsed.roles == ["PM", "Dev"] and [r.name for r in parsed.rows] == ["Plan", "Build"]
    assert any("Owner" in line for line in parsed.ignored)  # the owner column is listed, not dropped silently

    with django_capture_on_commit_callbacks(execute=True):
        _post_reading(client_for(lead), job, activity=2, ignore=[4])
    job.refresh_from_db()
    parsed = selectors.parsed_of(job)
    assert [r.name for r in parsed.rows] == ["Ann", "Bo"] and parsed.roles == ["PM"]
    assert any("column E" in line and "left out" in line for line in parsed.ignored)
    assert job.reading["activity"] == 2 and job.reading["ignore"] == [4]


def test_a_reading_naming_no_table_says_so_and_can_be_corrected_again(run_tasks, program, lead):
    job = _start(run_tasks, program, lead, xlsx(two_tables))
    run_tasks(services.matrix_import_reread, job=job, reading={"sheet": "Last year", "header_row": 11})
    job.refresh_from_db()
    assert job.status == JobStatus.READY
    assert selectors.parsed_of(job).errors == [
        "No table of letters found in sheet Last year under row 11: choose another sheet or header row."
    ]
    run_tasks(services.matrix_import_reread, job=job, reading={})
    job.refresh_from_db()
    assert selectors.parsed_of(job).ok


def test_a_reading_of_a_sheet_the_workbook_lacks_is_refused(run_tasks, program, lead):
    job = _start(run_tasks, program, lead, xlsx(two_tables))
    with pytest.raises(ValidationError, match='no sheet called "Elsewhere"'):
        services.matrix_import_reread(job=job, reading={"sheet": "Elsewhere"})
    with pytest.raises(ValidationError, match="only stand for one of"):
        services.matrix_import_reread(job=job, reading={"letters": {"D": "Q"}})


def test_only_planners_of_the_program_correct_a_reading(run_tasks, program, lead, viewer, outsider, client_for):
    job = _start(run_tasks, program, lead, xlsx(two_tables))
    assert _post_reading(client_for(viewer), job, sheet="This year").status_code == 403
    assert _post_reading(client_for(outsider), job, sheet="This year").status_code == 404
    job.refresh_from_db()
    assert job.reading is None and selectors.parsed_of(job).sheet == "Last year"


def test_a_name_longer_than_an_activity_can_hold_is_refused_by_its_cell_not_by_a_failed_apply():
    from raci.spreadsheet import parse_workbook

    def sheet(wb):
        rows_of(wb.active, [["Phase", "Activity", "PM", "Dev"], ["P" * 130, "Plan " * 70, "A", "R"],
                            ["", "Build", "R", "A"], ["Run", "Operate", "A", "R"]])  # fmt: skip

    parsed = parse_workbook(xlsx(sheet), kind="RACI")
    assert parsed.errors == [
        "Sheet!B2: the activity name has 349 characters; at most 300 are kept.",  # the trailing space trimmed
        f'Sheet!A2: the phase "{"P" * 40}…" has 130 characters; at most 120 are kept (phases within phases are '
        "joined with ›).",
    ]  # the long phase is named once, at the row that names it, not again under it (row 3)


def test_turning_the_sheet_in_the_preview_starts_a_fresh_guess_that_way(
    run_tasks, program, lead, client_for, django_capture_on_commit_callbacks
):
    def roles_down_the_side(wb):  # read as activities down the side until the user says otherwise
        rows_of(wb.active, [["Support desk"], [], [None, "Intake", "Triage"], ["PM", "A", "A"], ["Dev", "R", "C"],
                            ["QA", "C", "R"]])  # fmt: skip

    job = _start(run_tasks, program, lead, xlsx(roles_down_the_side))
    assert [r.name for r in selectors.parsed_of(job).rows] == ["PM", "Dev", "QA"]
    with django_capture_on_commit_callbacks(execute=True):  # the form still sends the header row and column found
        _post_reading(client_for(lead), job, transposed="columns")
    job.refresh_from_db()
    parsed = selectors.parsed_of(job)
    assert parsed.errors == [] and parsed.roles == ["PM", "Dev", "QA"]
    assert [(r.name, r.cells) for r in parsed.rows] == [("Intake", {0: "A", 1: "R", 2: "C"}),
                                                        ("Triage", {0: "A", 1: "C", 2: "R"})]  # fmt: skip
    page = client_for(lead).get(reverse("raci:import_detail", kwargs={"program_slug": program.slug,
                                                                    "import_id": job.pk})).content.decode()  # fmt: skip
    assert "header in column A, activities in columns B to C, read turned" in page  # named as the sheet names them
    assert "Activity names in" in page and "Rows to leave out" in page


def test_a_row_numbering_the_columns_is_not_where_the_activities_start(run_tasks, program, lead, client_for):
    def numbered(wb):
        rows_of(wb.active, [["Activity", "PM", "Dev"], ["Step", 1, 2], ["Design", "A", "R"], ["Build", "A", "R"]])

    job = _start(run_tasks, program, lead, xlsx(numbered))
    page = client_for(lead).get(reverse("raci:import_detail", kwargs={"program_slug": program.slug,
                                                                    "import_id": job.pk})).content.decode()  # fmt: skip
    assert "header on row 1, activities from row 3 to 4" in page and "role columns on sheet" in page
