"""A real Celery worker, on Redis, runs the reminder task against the test database."""

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from connectmobilize.celery import app as celery_app
from programs.tasks import send_overdue_milestone_reminders
from tests.factories import MilestoneFactory, UserFactory

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    # send_task puts the message on the broker even though this test process runs tasks eagerly: as meant.
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def worker(tmp_path):
    """Start a worker process that reads the test database and writes emails to files."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("The worker test needs PostgreSQL: set DATABASE_URL (make test does).")
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{connection.settings_dict['NAME']}"
    )
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
    queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "connectmobilize",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while "ready." not in (tmp_path / "worker.log").read_text():
            assert process.poll() is None, (tmp_path / "worker.log").read_text()
            assert time.monotonic() < deadline, "the worker did not start in 60 s"
            time.sleep(0.2)
        yield SimpleNamespace(queue=queue, outbox=outbox)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_a_real_worker_emails_the_owner_of_an_overdue_milestone(worker, program):
    owner = UserFactory(username="olu", email="olu@example.com")
    MilestoneFactory(
        program=program,
        title="Number porting booked",
        owner=owner,
        baseline_date=timezone.localdate() - dt.timedelta(days=2),
    )

    # As beat does: a message on the broker, which only the real worker can pick up.
    with celery_app.connection_for_write(REDIS_URL) as broker:
        celery_app.send_task(send_overdue_milestone_reminders.name, queue=worker.queue, connection=broker)

    deadline = time.monotonic() + 60
    while not (worker.outbox.exists() and any(worker.outbox.iterdir())):
        assert time.monotonic() < deadline, "the worker sent no email within 60 s"
        time.sleep(0.2)
    sent = "".join(f.read_text() for f in worker.outbox.iterdir())
    assert "To: olu@example.com" in sent
    assert "Number porting booked" in sent
