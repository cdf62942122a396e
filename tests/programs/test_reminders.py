"""The daily overdue-milestone reminder, run in-process (eager, as in the embedded default)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from programs.choices import MilestoneStatus
from programs.tasks import send_overdue_milestone_reminders
from tests.factories import MilestoneFactory, UserFactory

TODAY = timezone.localdate


def test_each_owner_gets_one_email_listing_only_their_overdue_milestones(program):
    ana, ben = (
        UserFactory(username="ana", email="ana@example.com"),
        UserFactory(username="ben", email="ben@example.com"),
    )
    late = TODAY() - dt.timedelta(days=4)
    MilestoneFactory(program=program, title="UAT signed off", owner=ana, baseline_date=late)
    MilestoneFactory(
        program=program,
        title="CAB approval",
        owner=ana,
        baseline_date=late,
        forecast_date=TODAY() - dt.timedelta(days=1),
    )
    MilestoneFactory(
        program=program,
        title="Slipped into the future",
        owner=ana,
        baseline_date=late,
        forecast_date=TODAY() + dt.timedelta(days=5),
    )
    MilestoneFactory(
        program=program,
        title="Already done",
        owner=ben,
        baseline_date=late,
        status=MilestoneStatus.COMPLETED,
        completed_date=TODAY(),
    )
    MilestoneFactory(program=program, title="Nobody owns this", baseline_date=late)

    assert send_overdue_milestone_reminders.delay().get() == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.com"]
    assert message.subject == "ConnectMobilize: 2 overdue milestones"
    assert "UAT signed off" in message.body and "CAB approval" in message.body
    assert "Slipped into the future" not in message.body
    assert f"/p/{program.slug}/milestones/" in message.body


def test_nothing_overdue_sends_nothing(program):
    MilestoneFactory(program=program, owner=UserFactory(), baseline_date=TODAY() + dt.timedelta(days=1))
    assert send_overdue_milestone_reminders.delay().get() == 0
    assert mail.outbox == []


def test_running_again_the_same_day_does_not_email_twice(program):
    owner = UserFactory(email="cara@example.com")
    MilestoneFactory(program=program, owner=owner, baseline_date=TODAY() - dt.timedelta(days=1))
    assert send_overdue_milestone_reminders.delay().get() == 1
    assert send_overdue_milestone_reminders.delay().get() == 0
    assert len(mail.outbox) == 1


def test_a_failed_send_leaves_no_receipt_so_the_retry_sends_it(program, monkeypatch):
    owner = UserFactory(email="dev@example.com")
    MilestoneFactory(program=program, owner=owner, baseline_date=TODAY() - dt.timedelta(days=1))

    def broken(*args, **kwargs):
        raise ConnectionError("SMTP server unreachable")

    monkeypatch.setattr("programs.reminders.send_mail", broken)
    with pytest.raises(ConnectionError):
        send_overdue_milestone_reminders.delay()
    monkeypatch.undo()
    assert send_overdue_milestone_reminders.delay().get() == 1
    assert mail.outbox[0].to == ["dev@example.com"]
