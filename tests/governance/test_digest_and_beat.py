"""What runs by itself: the daily digest (opt-in), the agenda frozen when a meeting's time comes, and the
"missed" marker of a routine on the program dashboard."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from governance import cadence, services, tasks
from governance.models import Decision, Meeting
from operating_model.models import RoleAssignment
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

TODAY = timezone.localdate


def at_today(hour: int) -> dt.datetime:
    return timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)


# The daily digest ----------------------------------------------------------------------------------------


def test_the_digest_goes_only_to_who_asked_for_it_once_a_day_with_their_actions_and_the_days_meetings(
    program, other_program, steering, manager, lead, viewer
):
    services.digest_set(user=viewer, on=True)
    late = services.action_create(program=program, user=lead, title="Publish the rota", owner=viewer,
                                  due_date=TODAY())  # fmt: skip
    type(late).objects.filter(pk=late.pk).update(due_date=TODAY() - dt.timedelta(days=3))
    services.action_create(program=program, user=lead, title="Brief the agents", owner=viewer, due_date=TODAY())
    services.action_create(program=program, user=lead, title="Next week's", owner=viewer,
                           due_date=TODAY() + dt.timedelta(days=7))  # fmt: skip
    services.action_create(program=program, user=lead, title="The lead's own", owner=lead, due_date=TODAY())
    Meeting.objects.create(program=program, routine=steering, starts_at=at_today(23), location="Board room")
    elsewhere = ProgramFactory(name="Elsewhere")  # the viewer is not in it: its meetings are not theirs
    routine = services.routine_create(program=elsewhere, name="Their steering", first_at=timezone.now())
    Meeting.objects.create(program=elsewhere, routine=routine, starts_at=at_today(23))

    assert tasks.send_daily_digests.delay().get() == 1
    assert tasks.send_daily_digests.delay().get() == 0  # again the same day: nothing twice
    (message,) = mail.outbox
    assert message.to == [viewer.email]
    assert message.subject == "ConnectMobilize governance: 1 overdue action, 1 due today, 1 meeting today"
    body = message.body
    assert "Publish the rota" in body and "3 days late" in body and "Brief the agents" in body
    assert "23:00 Steering committee (Contoso migration), Board room" in body
    assert "Next week's" not in body and "The lead's own" not in body and "Their steering" not in body
    assert late.get_absolute_url() in body and reverse("profile") in body


def test_nothing_to_say_sends_nothing_and_leaving_a_program_takes_its_actions_out(program, lead, viewer):
    services.digest_set(user=viewer, on=True)
    services.action_create(program=program, user=lead, title="Publish the rota", owner=viewer, due_date=TODAY())
    program.memberships.filter(user=viewer).delete()
    assert tasks.send_daily_digests.delay().get() == 0
    assert mail.outbox == []


def test_a_failed_send_leaves_no_receipt_so_the_retry_sends_it(program, lead, viewer, monkeypatch):
    services.digest_set(user=viewer, on=True)
    services.action_create(program=program, user=lead, title="Publish the rota", owner=viewer, due_date=TODAY())

    def broken(*args, **kwargs):
        raise ConnectionError("SMTP server unreachable")

    monkeypatch.setattr("governance.digest.send_mail", broken)
    with pytest.raises(ConnectionError):
        tasks.send_daily_digests.delay()
    monkeypatch.undo()
    assert tasks.send_daily_digests.delay().get() == 1


def test_the_digest_is_opted_in_on_the_profile_page_and_needs_an_email(client_for, program, viewer):
    client = client_for(viewer)
    assert 'name="daily_digest"' in client.get(reverse("profile")).content.decode()
    client.post(reverse("governance_personal:digest_set"), {"daily_digest": "on"})
    assert viewer.governance_settings.daily_digest
    assert "checked" in client.get(reverse("profile")).content.decode().split('id="daily-digest"')[1][:20]
    client.post(reverse("governance_personal:digest_set"), {})
    viewer.governance_settings.refresh_from_db()
    assert not viewer.governance_settings.daily_digest
    nobody = UserFactory(email="")
    with pytest.raises(ValidationError, match="no email"):
        services.digest_set(user=nobody, on=True)


def test_the_digest_builds_in_a_constant_number_of_queries(program, lead, django_assert_max_num_queries):
    from governance.selectors import digests_due

    def subscribe(n):
        for _ in range(n):
            user = MembershipFactory(program=program).user
            services.digest_set(user=user, on=True)
            services.action_create(program=program, user=lead, title="x", owner=user, due_date=TODAY())

    subscribe(2)
    with django_assert_max_num_queries(6) as small:
        assert len(digests_due(TODAY())) == 2
    subscribe(8)
    with django_assert_max_num_queries(6) as large:
        assert len(digests_due(TODAY())) == 10
    assert len(small.captured_queries) == len(large.captured_queries)


# The agenda frozen when the meeting's time comes ----------------------------------------------------------


def test_the_beat_freezes_the_agenda_of_a_meeting_whose_time_has_come_and_nothing_else(program, steering, manager):
    begun = services.meeting_schedule(routine=steering, starts_at=timezone.now() + dt.timedelta(hours=2), user=manager)
    coming = services.meeting_schedule(routine=steering, starts_at=timezone.now() + dt.timedelta(days=3), user=manager)
    called_off = services.meeting_schedule(routine=steering, starts_at=timezone.now() + dt.timedelta(hours=3),
                                           user=manager)  # fmt: skip
    services.meeting_cancel(meeting=called_off)
    for minutes, meeting in enumerate((begun, called_off), start=1):  # their time has come
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=minutes))
    services.decision_raise(program=program, user=manager, title="Which wave goes first")

    assert tasks.freeze_started_meetings.delay().get() == 1
    begun.refresh_from_db()
    assert begun.is_frozen and begun.status == "started"
    decisions = next(s for s in begun.agenda if s["key"] == "decisions")
    assert [line["text"] for line in decisions["lines"]] == ["Which wave goes first"]
    services.decision_raise(program=program, user=manager, title="Raised after the start")
    assert tasks.freeze_started_meetings.delay().get() == 0  # frozen once: a later decision is not on it
    begun.refresh_from_db()
    assert len(next(s for s in begun.agenda if s["key"] == "decisions")["lines"]) == 1
    for meeting in (coming, called_off):
        meeting.refresh_from_db()
        assert not meeting.is_frozen


# "Missed" on the program dashboard --------------------------------------------------------------------------


def test_a_missed_routine_shows_on_the_dashboard_to_its_trigger_owner_and_managers_only(
    client_for, program, steering, manager, viewer, members
):
    dashboard = reverse("programs:dashboard", kwargs={"program_slug": program.slug})
    RoleAssignment.objects.create(program=program, role=steering.trigger_owner, phase="during", person=viewer)
    for user in (manager, viewer):
        page = client_for(user).get(dashboard).content.decode()
        assert 'id="missed-routines"' in page and "Steering committee" in page, user
    assert 'id="missed-routines"' not in client_for(members["lead"]).get(dashboard).content.decode()

    services.meeting_record(routine=steering, user=manager, starts_at=cadence.last_due(steering.rhythm,
                                                                                      now=timezone.now()))  # fmt: skip
    assert 'id="missed-routines"' not in client_for(manager).get(dashboard).content.decode()


def test_the_dashboard_with_missed_routines_runs_a_constant_number_of_queries(
    client_for, program, roles, manager, django_assert_max_num_queries
):
    dashboard = reverse("programs:dashboard", kwargs={"program_slug": program.slug})
    client = client_for(manager)

    def routines(n, start):
        for i in range(start, start + n):
            services.routine_create(program=program, name=f"Review {i}", cadence="weekly", trigger_owner=roles["PGL"],
                                    first_at=timezone.now() - dt.timedelta(days=30))  # fmt: skip

    routines(2, 0)
    with django_assert_max_num_queries(80) as small:
        client.get(dashboard)
    routines(8, 2)
    with django_assert_max_num_queries(80) as large:
        assert client.get(dashboard).content.decode().count("no meeting near") == 10
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_decision_waiting_past_the_programs_limit_goes_to_who_decides_and_past_twice_to_the_sponsor(
    client_for, program, manager, lead, members
):
    executive = members["executive"]
    for user in (manager, lead, executive):
        services.digest_set(user=user, on=True)
    client = client_for(manager)
    settings_page = reverse("governance:settings", kwargs={"program_slug": program.slug})
    form = client.get(settings_page).context["form"]
    client.post(settings_page, {"decision_wait_days": 5, "submission": form["submission"].value()})
    assert (
        "after 5 days, escalated to the sponsor after 10 days"
        in client.get(reverse("governance:overview", kwargs={"program_slug": program.slug})).content.decode()
    )

    def raised(title, days_ago):
        decision = services.decision_raise(program=program, user=lead, title=title)
        Decision.objects.filter(pk=decision.pk).update(created_at=timezone.now() - dt.timedelta(days=days_ago))

    raised("Fresh question", 2)
    raised("Which WFM tool", 6)
    raised("Extend hypercare", 11)

    assert tasks.send_daily_digests.delay().get() == 2  # the lead does not decide: nothing for them
    sent = {message.to[0]: message for message in mail.outbox}
    to_manager, to_sponsor = sent[manager.email], sent[executive.email]
    assert to_manager.subject == "ConnectMobilize governance: 2 decisions waiting"
    assert "D-002 Which WFM tool, waiting 6 days\n" in to_manager.body
    assert "D-003 Extend hypercare, waiting 11 days (escalated to the sponsor)" in to_manager.body
    assert "Which WFM tool" not in to_sponsor.body and "Extend hypercare" in to_sponsor.body
    assert "Fresh question" not in to_manager.body + to_sponsor.body
