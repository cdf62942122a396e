"""Governance's beat tasks run by a real Celery worker on Redis against the test database."""

import datetime as dt

import pytest
from django.utils import timezone

from governance import services, tasks
from governance.models import Meeting, Routine
from tests.factories import MembershipFactory, UserFactory
from tests.integration.conftest import wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


def test_a_real_worker_sends_the_digest_and_freezes_a_meeting_whose_time_has_come(start_worker, program):
    worker = start_worker()
    owner = MembershipFactory(program=program, user=UserFactory(username="olu", email="olu@example.com")).user
    services.digest_set(user=owner, on=True)
    services.action_create(program=program, user=owner, title="Publish the hypercare rota", owner=owner,
                           due_date=timezone.localdate())  # fmt: skip
    routine = Routine.objects.create(program=program, name="Pre-CAB", kind="pre_cab", first_at=timezone.now())
    meeting = Meeting.objects.create(program=program, routine=routine,
                                     starts_at=timezone.now() - dt.timedelta(minutes=2))  # fmt: skip

    worker.send(tasks.send_daily_digests)  # as beat does: a message only the real worker can take
    worker.send(tasks.freeze_started_meetings)

    wait_for(lambda: worker.outbox.exists() and any(worker.outbox.iterdir()), what="the digest")
    sent = "".join(f.read_text() for f in worker.outbox.iterdir())
    assert "To: olu@example.com" in sent and "Publish the hypercare rota" in sent
    wait_for(lambda: Meeting.objects.get(pk=meeting.pk).agenda is not None, what="the frozen agenda")
    assert Meeting.objects.get(pk=meeting.pk).status == "started"
