"""Benchmarks: prints `name value` lines (make bench). Ratios, not seconds, so they hold across machines.

Runs against a throw-away PostgreSQL database made like the test database. Each ratio is the median
of interleaved rounds (ours, baseline, ours, baseline…), so both sides see the same machine state.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "connectmobilize.test_settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def fetcher(client):
    """url → a function that GETs it with `client`, checks it answered 200 and returns the response."""

    def get(url):
        def fetch():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return fetch

    return get


def ratio(ours, baseline, *, rounds=ROUNDS, setup=None) -> tuple[float, float, float]:
    """Median of ours/baseline over interleaved rounds; also the two medians in seconds."""
    a, b = [], []
    for _ in range(rounds):
        if setup:
            setup()
        a.append(timed(ours))
        if setup:
            setup()
        b.append(timed(baseline))
    return statistics.median(a) / statistics.median(b), statistics.median(a), statistics.median(b)


def main(selected: set[str]) -> None:
    from bench import api_bench, executive_bench, grid_bench, opmodel_bench, pages_bench, raci_bench, readiness_bench

    setup_test_environment()  # the test client's host, in-memory email: as the suite runs
    config = setup_databases(verbosity=0, interactive=False)
    try:
        for bench in (raci_bench, grid_bench, readiness_bench, pages_bench, api_bench, opmodel_bench, executive_bench):
            for name, value in bench.run(selected):
                print(f"{name} {value:.3f}", flush=True)
    finally:
        connection.close()
        teardown_databases(config, verbosity=0)


if __name__ == "__main__":
    main(set(sys.argv[1:]))
