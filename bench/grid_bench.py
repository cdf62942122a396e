"""RACI grid benchmarks for large matrices (issue 8, item 10): the 3,000 × 40 page and one cell edit.

The matrix is written straight to the database (as an import leaves it), so the figures measure the
page and the edit, not the importer. Each ratio is against a trivial page on the same signed-in client.
"""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from bench.run import fetcher, ratio
from programs import services as program_services
from programs.models import Role
from raci import services
from raci.models import Activity, Matrix, MatrixColumn

ROWS, ROLES, GROUP_SIZE = 3000, 40, 50


def _program():
    user = get_user_model().objects.create_user("grid-bench")
    program = program_services.program_create(creator=user, name="Grid bench", with_roles=False, with_risks=False)
    return user, program


def _large_matrix(program, name: str, *, grouped: bool) -> Matrix:
    """Like tests/raci/workbooks.large_matrix (one A, one R and about half the roles I on every row), but
    every seventh row has no R: a rule error, so the summary and the rows' checks have findings to show."""
    matrix = Matrix.objects.create(program=program, name=name, kind="RACI")
    roles = list(program.roles.order_by("code")) or Role.objects.bulk_create(
        Role(program=program, code=f"R{j:02d}", name=f"Role {j:02d}") for j in range(ROLES)
    )
    MatrixColumn.objects.bulk_create(MatrixColumn(matrix=matrix, role=role, position=j) for j, role in enumerate(roles))

    def letters(i: int) -> dict[str, str]:
        codes = {i % ROLES: "A"} | ({} if i % 7 == 0 else {(i + 1) % ROLES: "R"})
        codes.update({(i + j) % ROLES: "I" for j in range(2, ROLES, 2)})
        return {str(roles[j].pk): code for j, code in codes.items()}

    Activity.objects.bulk_create(
        (Activity(matrix=matrix, name=f"Activity {i:05d}", group=f"Phase {i // GROUP_SIZE}" if grouped else "",
                  position=i, letters=letters(i))
         for i in range(ROWS)),
        batch_size=1000,
    )  # fmt: skip
    services.matrix_recheck(matrix)
    with connection.cursor() as cursor:  # as autovacuum would soon after a large import: fresh planner statistics
        cursor.execute("ANALYZE raci_activity, raci_storedfinding")
    return matrix


def run(selected):
    def want(name):
        return not selected or name in selected

    if not any(want(name) for name in ("raci_grid_3000_ratio", "raci_cell_edit_ratio")):
        return
    user, program = _program()
    client = Client()
    client.force_login(user)
    trivial_url = f"/p/{program.slug}/roles/"

    get = fetcher(client)

    if want("raci_grid_3000_ratio"):
        for label, grouped in (("", True), ("_ungrouped", False)):
            matrix = _large_matrix(program, f"grid{label}", grouped=grouped)
            page = get(matrix.get_absolute_url())
            yield f"raci_grid_3000{label}_bytes", len(page().content)
            yield f"raci_grid_3000{label}_ratio", ratio(page, get(trivial_url))[0]

    if want("raci_cell_edit_ratio"):
        matrix = Matrix.objects.filter(program=program, name="grid").first() or _large_matrix(
            program, "grid", grouped=True
        )
        activity = matrix.activities.get(position=ROWS // 2)
        role = matrix.columns.order_by("position")[3].role  # an empty cell of that row
        cell_url = f"/p/{program.slug}/raci/{matrix.pk}/cell/"
        current = [activity.letters.get(str(role.pk), "")]
        sizes = []

        def edit():
            code = "C" if current[0] != "C" else ""
            response = client.post(
                cell_url,
                {"activity": activity.pk, "role": role.pk, "code": code, "expected": current[0]},
                HTTP_HX_REQUEST="true",
            )
            assert response.status_code == 200, response.status_code
            current[0] = code
            sizes.append(len(response.content))

        yield "raci_cell_edit_ratio", ratio(edit, get(trivial_url))[0]
        yield "raci_cell_edit_bytes", max(sizes)
