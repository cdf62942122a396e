"""API benchmarks (issue 12): the 500 × 40 matrix as JSON ÷ a trivial API call, on one token; queries counted.

The matrix is the grid benchmark's (bench/grid_bench.py), 500 rows. The trivial call reads the program."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import grid_bench
from bench.run import fetcher, ratio
from connectmobilize.lib.tokens import api_token_create
from programs import services as program_services


def run(selected):
    names = ("api_grid_ratio", "api_grid_queries")
    if selected and not selected & set(names):
        return
    user = get_user_model().objects.create_user("api-bench")
    program = program_services.program_create(creator=user, name="API bench", with_roles=False, with_risks=False)
    grid_bench.ROWS, rows = 500, grid_bench.ROWS
    try:
        matrix = grid_bench._large_matrix(program, "api grid", grouped=True)
    finally:
        grid_bench.ROWS = rows
    token = api_token_create(user=user, name="bench")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    base = f"/api/v1/programs/{program.slug}"

    get = fetcher(client)

    grid, trivial = get(f"{base}/matrices/{matrix.pk}/grid/"), get(f"{base}/")
    grid()
    trivial()  # warm both (first-call costs are not the grid's)
    with CaptureQueriesContext(connection) as queries:
        grid()
    yield "api_grid_queries", len(queries.captured_queries)
    yield "api_grid_ratio", ratio(grid, trivial)[0]
