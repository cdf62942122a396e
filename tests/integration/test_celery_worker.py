"""The daily reminder, run by a real Celery worker on Redis against the test database."""

import datetime as dt

import pytest
from django.utils import timezone

from programs.tasks import send_overdue_milestone_reminders
from tests.factories import MilestoneFactory, UserFactory
from tests.integration.conftest import wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    # send_task puts the message on the broker even though this test process runs tasks eagerly: as meant.
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


def test_a_real_worker_emails_the_owner_of_an_overdue_milestone(start_worker, program):
    worker = start_worker()
    owner = UserFactory(username="olu", email="olu@example.com")
    MilestoneFactory(program=program, title="Number porting booked", owner=owner,
                     baseline_date=timezone.localdate() - dt.timedelta(days=2))  # fmt: skip

    worker.send(send_overdue_milestone_reminders)  # as beat does: a message only the real worker can take

    wait_for(lambda: worker.outbox.exists() and any(worker.outbox.iterdir()), what="the email")
    sent = "".join(f.read_text() for f in worker.outbox.iterdir())
    assert "To: olu@example.com" in sent
    assert "Number porting booked" in sent


def test_a_real_worker_recomputes_readiness_after_a_sign_off(start_worker, program, members, monkeypatch):
    from readiness import services, tasks
    from readiness.models import ReadinessSnapshot
    from tests.factories import ChecklistItemFactory, GoLiveEventFactory

    worker = start_worker()
    monkeypatch.setattr(
        tasks.recompute_event_readiness,
        "apply_async",
        lambda args, countdown: worker.send(tasks.recompute_event_readiness, *args),
    )
    item = ChecklistItemFactory(event=GoLiveEventFactory(program=program), evidence_note="CAB minutes")
    services.sign_off(
        item=item, membership=program.memberships.get(user=members["si"]), fingerprint=item.evidence_fingerprint
    )

    wait_for(lambda: ReadinessSnapshot.objects.filter(event=item.event).exists(), what="the snapshot")
    snapshot = ReadinessSnapshot.objects.get(event=item.event)
    assert next(c for c in snapshot.criteria if c["key"] == item.ref)["value"] == 1.0


def test_a_real_worker_moves_the_score_when_an_overdue_milestone_is_completed(start_worker, program, monkeypatch):
    """Completing a milestone is a write of `programs`; readiness hears of it through the change signal."""
    from programs import services as program_services
    from readiness import tasks
    from readiness.models import ReadinessSnapshot
    from tests.factories import GoLiveEventFactory, WorkstreamFactory

    worker = start_worker()
    monkeypatch.setattr(  # no coalescing pause in a test: straight to the real worker
        tasks.recompute_event_readiness,
        "apply_async",
        lambda args, countdown: worker.send(tasks.recompute_event_readiness, *args),
    )
    workstream = WorkstreamFactory(program=program, name="Cutover")
    event = GoLiveEventFactory(program=program)
    event.workstreams.add(workstream)
    late = MilestoneFactory(program=program, workstream=workstream, title="Runbook signed",
                            baseline_date=timezone.localdate() - dt.timedelta(days=3))  # fmt: skip

    program_services.milestone_complete(milestone=late)

    wait_for(lambda: ReadinessSnapshot.objects.filter(event=event).exists(), timeout=30, what="the snapshot")
    criterion = next(c for c in ReadinessSnapshot.objects.get(event=event).criteria if c["key"] == "milestones")
    assert criterion["value"] == 1.0, criterion["why"]
