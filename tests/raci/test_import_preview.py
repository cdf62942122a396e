"""The import preview: the sheet as a grid with its changes marked, activities and letters counted apart, and
"Needs fixes" while errors block it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connectmobilize.lib.models import JobStatus
from raci import services
from tests.factories import RoleFactory
from tests.raci.workbooks import simple


@pytest.fixture
def matrix(program):
    matrix = services.matrix_create(program=program, name="Tiny", kind="RACI")
    cco, adm = RoleFactory(program=program, code="CCO"), RoleFactory(program=program, code="ADM")
    for role in (cco, adm):
        services.column_add(matrix=matrix, role=role)
    for name, letters in (("Go-live", ("A", "R")), ("Training", ("A", "C")), ("Old step", ("A", "R"))):
        activity = services.activity_add(matrix=matrix, name=name, group="Plan")
        for role, code in zip((cco, adm), letters, strict=True):
            services.cell_set(matrix=matrix, activity_id=activity.pk, role_id=role.pk, code=code, expected="")
    return matrix


def preview_page(client_for, run_tasks, matrix, lead, rows):
    job = run_tasks(services.matrix_import_start, program=matrix.program, user=lead, filename="x.xlsx",
                    data=simple(rows, roles=("CCO", "ADM")), matrix=matrix)  # fmt: skip
    job.refresh_from_db()
    assert job.status == JobStatus.READY, job.error
    url = reverse("raci:import_detail", kwargs={"program_slug": matrix.program.slug, "import_id": job.pk})
    return url, client_for(lead).get(url).content.decode()


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_preview_shows_the_sheet_as_a_grid_with_each_change_marked(client_for, run_tasks, matrix, lead):
    rows = [("Plan", "Go-live", "A", "C"), ("Plan", "Training", "A", ""), ("Plan", "Hypercare", "A", "R")]
    _, page = preview_page(client_for, run_tasks, matrix, lead, rows)
    grid = page.split('id="import-grid"')[1].split("</table>")[0]
    cells = re.findall(r'<td class="cell[^"]*"( data-mark="\w+" title="[^"]*")?>(.*?)</td>', grid)
    marked = [(attrs, re.sub(r"<[^>]+>", "", content)) for attrs, content in cells]
    assert marked == [
        ("", "A"),
        (' data-mark="changed" title="Changed: R → C"', "C✎ changed from R"),
        ("", "A"),
        (' data-mark="removed" title="Removed: was C"', "C− removed"),
        (' data-mark="added" title="Added: A"', "A+ added"),
        (' data-mark="added" title="Added: R"', "R+ added"),
    ]
    assert grid.count('data-state="added"') == 1 and "Hypercare new" in text(grid)
    assert text(page.split('id="activity-counts">')[1].split("</li>")[0]) == (
        "Activities: 1 added · 0 renamed, moved to another phase or described otherwise · 1 removed"
    )
    # the removed activity "Old step" takes its 2 letters with it
    assert text(page.split('id="letter-counts">')[1].split("</li>")[0]) == "Letters: 2 added · 1 changed · 3 removed"
    assert 'data-testid="import-state">Ready' in page
    assert "Old step" in page  # the lists of what changes are still there


def test_a_sheet_with_errors_says_it_needs_fixes(client_for, run_tasks, matrix, lead):
    _, page = preview_page(client_for, run_tasks, matrix, lead, [("Plan", "Go-live", "A", "Q")])
    assert 'data-testid="import-state">Needs fixes</strong>' in page
    assert 'id="import-errors"' in page


def test_the_preview_query_count_does_not_grow_with_the_sheet(client_for, run_tasks, matrix, lead):
    small = [("Plan", f"Step {i}", "A", "R") for i in range(3)]
    big = small + [("Plan", f"More {i}", "A", "R") for i in range(120)]
    small_url, _ = preview_page(client_for, run_tasks, matrix, lead, small)
    big_url, page = preview_page(client_for, run_tasks, matrix, lead, big)
    assert page.count("<tr data-state=") == 123
    client = client_for(lead)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    assert count(small_url) == count(big_url) <= 12
