"""Where the time of each demo page goes: `make profile-pages` (or `python load/profile_pages.py [page…]`).

Runs like `make bench` (a throw-away copy of the test database, the demo loaded, a signed-in manager),
requests each page ROUNDS times under pyinstrument (sampling), and prints per page its median time
(unprofiled), its queries and their time, then the costs as file:function with their share of the page:
first our own functions with what they call, then where the time goes function by function.
PROFILE_TREE=1 adds pyinstrument's call tree.
"""

import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "connectmobilize.test_settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

ROUNDS = int(os.environ.get("PROFILE_ROUNDS", "30"))
TOP = int(os.environ.get("PROFILE_TOP", "12"))
PROJECT = str(Path(__file__).resolve().parent.parent)


def costs(session):
    """file:function → (share of the page's time in it and below, share in it alone), from a sampled profile.

    A function is counted once per call chain (recursion and re-entry are not added twice)."""
    inclusive, own = defaultdict(float), defaultdict(float)

    def walk(frame, open_keys):
        key = f"{_short(frame.file_path or '?')}:{frame.function}"
        own[key] += frame.total_self_time
        if key not in open_keys:
            inclusive[key] += frame.time
            open_keys = open_keys | {key}
        for child in frame.children:
            walk(child, open_keys)

    walk(session.root_frame(), frozenset())
    total = session.duration
    return {key: (inclusive[key] / total, own[key] / total) for key in inclusive if not key.startswith("?:")}


def _short(path):
    if "site-packages/" in path:
        return path.split("site-packages/")[-1]
    return str(Path(path).relative_to(PROJECT)) if path.startswith(PROJECT) else path


# Frames every request passes through: their inclusive time is the whole page, so they tell nothing.
PLUMBING = ("django/core/handlers/", "django/test/", "django/utils/deprecation.py", "django/views/generic/base.py",
            "django/contrib/auth/mixins.py", "simple_history/middleware.py", "django/template/response.py",
            "django/template/backends/", "django/template/base.py", "django/template/loader_tags.py",
            "django/template/loader.py", "django/shortcuts.py", "connectmobilize/lib/health.py",
            "load/profile_pages.py", "whitenoise/middleware.py", "django_htmx/middleware.py",
            "axes/middleware.py", "csp/middleware.py", "<")  # fmt: skip


def report(session, median_ms: float, top: int):
    """Shares of the profiled time, shown also as ms of the unprofiled median (the profiler slows all alike)."""
    table = costs(session)
    ours = sorted(((inc, key) for key, (inc, _) in table.items() if _is_ours(key)), reverse=True)
    hot = sorted(((own, key) for key, (_, own) in table.items()), reverse=True)
    print("  our code, with what it calls:")
    for share, key in ours[:top]:
        print(f"    {share:6.1%} {share * median_ms:6.1f} ms  {key}")
    print("  where the time is spent, in the function alone:")
    for share, key in hot[:top]:
        print(f"    {share:6.1%} {share * median_ms:6.1f} ms  {key}")


def _is_ours(key):
    return not key.startswith(PLUMBING) and key.split("/")[0] in {"connectmobilize", "programs", "raci", "readiness"}


def main(selected):
    from bench.pages_bench import demo_pages

    # No setup_test_environment(): its template instrumentation would be most of what we measure.
    config = setup_databases(verbosity=0, interactive=False)
    try:
        user, urls = demo_pages()
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        for page, url in urls.items():
            if selected and page not in selected:
                continue
            client.get(url)  # warm
            times = []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - started)
            queries = []

            def timed_query(execute, sql, *args, queries=queries):
                started = time.perf_counter()
                try:
                    return execute(sql, *args)
                finally:
                    queries.append((time.perf_counter() - started, sql))

            with connection.execute_wrapper(timed_query):
                status = client.get(url).status_code
            median_ms = statistics.median(times) * 1000
            in_sql = sum(spent for spent, _ in queries) * 1000
            print(
                f"\n== {page} {url}: HTTP {status}, median {median_ms:.1f} ms, {len(queries)} queries ({in_sql:.1f} ms)"
            )
            for spent, sql in sorted(queries, reverse=True)[: int(os.environ.get("PROFILE_QUERIES", "3"))]:
                print(f"  query {spent * 1000:5.1f} ms  {sql[:150]}")
            profiler = Profiler(interval=0.001)
            profiler.start()
            for _ in range(ROUNDS):
                client.get(url)
            profiler.stop()
            report(profiler.last_session, median_ms, TOP)
            if os.environ.get("PROFILE_TREE"):
                print(profiler.output_text(color=False, show_all=False))
    finally:
        connection.close()
        teardown_databases(config, verbosity=0)


if __name__ == "__main__":
    main(set(sys.argv[1:]))
