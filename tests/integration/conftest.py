"""A real Celery worker process on Redis, reading the test database."""

import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection

from connectmobilize.celery import app as celery_app

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def wait_for(predicate, *, timeout=60, what="the condition"):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what}"
        time.sleep(0.1)


@pytest.fixture
def start_worker(tmp_path):
    """start_worker(pool="solo"|"prefork") → a worker with .queue, .outbox, .log(), .send(task, *args), .process."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("The worker tests need PostgreSQL: set DATABASE_URL (make test does).")
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{connection.settings_dict['NAME']}"
    )
    started = []

    def start(pool="solo", name="w1"):
        queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
        log_path = tmp_path / f"{name}.log"
        outbox = tmp_path / "outbox"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "connectmobilize.settings",
            "SECRET_KEY": "worker-test-only",
            "DEBUG": "0",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": REDIS_URL,
            "EMAIL_URL": f"filemail:///{outbox}",
        }
        log = log_path.open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "connectmobilize", "worker", f"--pool={pool}", "--concurrency=1",
             "-Q", queue, "-n", f"{name}@%h", "--without-heartbeat", "--without-mingle", "--without-gossip",
             "--loglevel=INFO"],
            cwd=Path(settings.BASE_DIR), env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        worker = SimpleNamespace(queue=queue, outbox=outbox, process=process, log=log_path.read_text)
        started.append((process, log))
        wait_for(lambda: "ready." in worker.log() or process.poll() is not None, what="the worker to start")
        assert process.poll() is None, worker.log()

        def send(task, *args):
            with celery_app.connection_for_write(REDIS_URL) as broker:
                celery_app.send_task(task.name, args=args, queue=queue, connection=broker)

        worker.send = send
        return worker

    yield start
    for process, log in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()
