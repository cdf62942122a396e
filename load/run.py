"""`make load`: the demo under gunicorn on 127.0.0.1, driven by locust, in three bounded phases.

1. one user, no think time: each page's single-user time;
2. LOAD_USERS users (20) thinking 1–3 s between pages: p95 per page against the single-user p50 (goal ≤ 3×), errors;
3. LOAD_USERS users with no think time: the throughput where the server saturates (requests/s).

Everything stays on the loopback interface and stops by itself: gunicorn is started here and stopped at the end,
whatever happens. The demo lives in its own database (LOAD_DATABASE_URL), never the development or test one;
LOAD_CACHE_URL (e.g. a Redis database) gives the server a shared cache as in production.
Prints a table per phase and `name value` lines, as `make bench` does.
"""

import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"  # loopback only, by design
DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/connectmobilize_load")
WORKERS = int(os.environ.get("LOAD_WORKERS", "3"))
USERS = min(int(os.environ.get("LOAD_USERS", "20")), 100)
SINGLE_SECONDS = min(int(os.environ.get("LOAD_SINGLE_SECONDS", "15")), 120)
# Long enough for a p95 of about 400 requests a page: at 40 s one run in three missed the goal on seven requests.
THINK_SECONDS = min(int(os.environ.get("LOAD_SECONDS", "120")), 300)
SATURATED_SECONDS = min(int(os.environ.get("LOAD_SATURATED_SECONDS", "20")), 120)
PAGES = ("dashboard", "grid", "event")


def server_env() -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "HOME", "TMPDIR")}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "load.settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": DATABASE_URL,
        "CELERY_BROKER_URL": "",  # the pages only read; tasks (none expected) would run in-process
        "LOG_LEVEL": "WARNING",
        # As in production, a shared cache (Redis) for sessions and coalescing, when given one.
        **({"CACHE_URL": os.environ["LOAD_CACHE_URL"]} if os.environ.get("LOAD_CACHE_URL") else {}),
    }


def ensure_database() -> None:
    import psycopg2

    url = urlsplit(DATABASE_URL)
    name = url.path.lstrip("/")
    admin = psycopg2.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, password=url.password, dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def prepare(env) -> tuple[dict[str, str], list[str]]:
    """Migrate and load the demo (once) in the load database; page name → path, and a signed-in session per user.

    Sessions are made here, not by signing in under load: a sign-in's password hashing is deliberately slow
    and would be most of what 20 users starting at once measure."""
    out = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [str(BIN / "python"), __file__, "--prepare", str(USERS)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    prepared = json.loads(out.stdout.strip().splitlines()[-1])
    return prepared["pages"], prepared["sessions"]


def prepare_in_django(users: int) -> None:
    """Runs in a child process with the load settings (see prepare)."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from bench.pages_bench import demo_pages

    call_command("migrate", verbosity=0, interactive=False)
    manager, urls = demo_pages()
    sessions = []
    for _ in range(users):
        client = Client()
        client.force_login(manager)
        sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    pages = {"dashboard": urls["dashboard"], "grid": urls["grid_demo"], "event": urls["event"]}
    print(json.dumps({"pages": pages, "sessions": sessions}))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(env, port) -> subprocess.Popen:
    command = [str(BIN / "gunicorn"), "connectmobilize.wsgi:application", "--bind", f"{HOST}:{port}",
               "--workers", str(WORKERS), "--log-level", "warning"]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603


def wait_until_healthy(port, seconds=60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:  # not listening yet, or busy starting its workers
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not become healthy within {seconds} s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def run_locust(*, base, pages, sessions, users, seconds, think, csv_prefix) -> dict[str, dict[str, str]]:
    print(f"locust: {users} user(s), think {think} s, {seconds} s…", file=sys.stderr, flush=True)
    env = {**os.environ, "LOAD_PAGES": json.dumps(pages), "LOAD_THINK": think, "LOAD_SESSIONS": ",".join(sessions)}
    command = [str(BIN / "locust"), "-f", str(ROOT / "load" / "locustfile.py"), "--headless", "--only-summary",
               "-u", str(users), "-r", str(max(1, users // 2)), "-t", f"{seconds}s", "--host", base,
               "--csv", csv_prefix, "--loglevel", "WARNING", "--exit-code-on-error", "0"]  # fmt: skip
    subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=seconds + 60, capture_output=True)  # noqa: S603
    with open(f"{csv_prefix}_stats.csv", newline="") as stats:
        return {row["Name"]: row for row in csv.DictReader(stats)}


def print_phase(title, stats) -> None:
    print(f"\n{title}")
    print(f"  {'page':<10} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>6}")
    for name in (*PAGES, "Aggregated"):
        row = stats.get(name)
        if row:
            print(f"  {name:<10} {row['Request Count']:>8} {row['Failure Count']:>6} {row['50%']:>7} "
                  f"{row['95%']:>7} {float(row['Requests/s']):>6.1f}")  # fmt: skip


def stop_on_term(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")  # so the `finally` below stops gunicorn too


def main() -> None:
    signal.signal(signal.SIGTERM, stop_on_term)
    env = server_env()
    ensure_database()
    pages, sessions = prepare(env)
    print("gunicorn starting…", file=sys.stderr, flush=True)
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = start_server(env, port)
    try:
        wait_until_healthy(port)
        with tempfile.TemporaryDirectory() as tmp:
            phase = {"base": base, "pages": pages, "sessions": sessions}
            single = run_locust(**phase, users=1, seconds=SINGLE_SECONDS, think="0", csv_prefix=f"{tmp}/single")
            thinking = run_locust(**phase, users=USERS, seconds=THINK_SECONDS, think="1-3", csv_prefix=f"{tmp}/think")
            saturated = run_locust(
                **phase, users=USERS, seconds=SATURATED_SECONDS, think="0", csv_prefix=f"{tmp}/saturated"
            )
    finally:
        stop_server(server)

    print(f"gunicorn, {WORKERS} workers, on {base}; pages: {pages}")
    print_phase(f"single user, no think time, {SINGLE_SECONDS} s", single)
    print_phase(f"{USERS} users thinking 1-3 s, {THINK_SECONDS} s", thinking)
    print_phase(f"{USERS} users, no think time (saturation), {SATURATED_SECONDS} s", saturated)
    print()
    for page in PAGES:
        print(f"load_{page}_single_p50_ms {float(single[page]['50%']):.0f}")
        print(f"load_{page}_p95_vs_single {float(thinking[page]['95%']) / float(single[page]['50%']):.2f}")
    errors = sum(int(stats["Aggregated"]["Failure Count"]) for stats in (single, thinking, saturated))
    print(f"load_errors {errors}")
    print(f"load_saturated_requests_per_second {float(saturated['Aggregated']['Requests/s']):.1f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--prepare"]:
        prepare_in_django(int(sys.argv[2]))
    else:
        main()
