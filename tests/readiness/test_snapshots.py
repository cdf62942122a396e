"""Readiness snapshots: recomputed after changes (coalesced), nightly, and drawn as a trend."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from readiness import services, tasks
from readiness.models import ReadinessSnapshot
from tests.factories import ChecklistItemFactory, GoLiveEventFactory
from tests.readiness.actions import sign_off, update_evidence


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


@pytest.fixture
def event(program):
    event = GoLiveEventFactory(program=program)
    for n in range(3):
        ChecklistItemFactory(event=event, ref=f"SI-0{n}", evidence_note="ok")
    return event


def test_a_burst_of_changes_schedules_one_recomputation(event, program, members, monkeypatch,
                                                        django_capture_on_commit_callbacks):  # fmt: skip
    scheduled = []
    monkeypatch.setattr(tasks.recompute_event_readiness, "apply_async", lambda args, countdown: scheduled.append(args))
    si = program.memberships.get(user=members["si"])
    with django_capture_on_commit_callbacks(execute=True):
        for item in event.items.all():
            update_evidence(item, membership=si, note="new evidence", link="", status="complete")
            sign_off(item, membership=si)
    assert scheduled == [(event.pk,)]


def test_a_sign_off_leaves_a_snapshot_with_the_new_score(event, program, members, django_capture_on_commit_callbacks):
    si = program.memberships.get(user=members["si"])
    with django_capture_on_commit_callbacks(execute=True):
        sign_off(event.items.first(), membership=si)
    snapshot = ReadinessSnapshot.objects.get(event=event)
    criterion = next(c for c in snapshot.criteria if c["key"] == event.items.first().ref)
    assert criterion["value"] == 1.0
    assert snapshot.outcome == "no_go" and {b["key"] for b in snapshot.open_blockers} == {"cab"}


def test_the_nightly_run_snapshots_every_event_still_to_come(program):
    upcoming = GoLiveEventFactory(program=program)
    past = timezone.now() - dt.timedelta(days=10)
    GoLiveEventFactory(program=program, starts_at=past, ends_at=past + dt.timedelta(hours=2))
    assert tasks.recompute_all_readiness.delay().get() == 1
    assert list(ReadinessSnapshot.objects.values_list("event", flat=True)) == [upcoming.pk]


def test_the_event_page_draws_the_trend(client, event, members):
    client.force_login(members["viewer"])
    target = reverse("readiness:event_detail", args=[event.program.slug, event.pk])
    assert 'id="no-trend"' in client.get(target).content.decode()
    for _ in range(3):
        services.snapshot_take(event=event)
    page = client.get(target).content.decode()
    assert "<polyline" in page and page.count('class="dot-no_go"') == 1  # a day of recomputes is one point
    for days_ago in (2, 40):
        snapshot = services.snapshot_take(event=event)
        ReadinessSnapshot.objects.filter(pk=snapshot.pk).update(taken_at=snapshot.taken_at - dt.timedelta(days_ago))
    page = client.get(target).content.decode()
    assert page.count('class="dot-no_go"') == 3
    today = timezone.localdate()
    assert f">{today.day} {today:%b}</text>" in page  # the date axis ends on today


def test_the_score_takes_six_queries_whatever_the_size(program, django_assert_max_num_queries):
    from readiness.models import Course, Enrolment, Trainee, TrainingSession
    from readiness.selectors import readiness_score

    event = GoLiveEventFactory(program=program)
    course = Course.objects.create(program=program, name="CCP basics", audience="agent")
    session = TrainingSession.objects.create(course=course, starts_at=timezone.now())
    for n in range(40):
        ChecklistItemFactory(event=event, hard_blocker=n % 4 == 0)
        trainee = Trainee.objects.create(program=program, name=f"T{n}", email=f"t{n}@x.example", audience="agent")
        Enrolment.objects.create(session=session, trainee=trainee, attendance="attended" if n % 2 else "no_show")
    with django_assert_max_num_queries(6):
        result = readiness_score(event.pk)
    assert next(c for c in result.criteria if c.key == "training:agent").explanation == "20 of 40 trained (50.0%)."


def test_the_nightly_recompute_costs_the_same_queries_per_program(db, django_user_model):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from programs.services import program_create

    user = django_user_model.objects.create_user("nightly")

    def run_with(n):
        for i in range(n):
            event = GoLiveEventFactory(program=program_create(creator=user, name=f"P{n}-{i}"))
            ChecklistItemFactory(event=event)
        ReadinessSnapshot.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            count = tasks.recompute_all_readiness.delay().get()
        return len(ctx.captured_queries), count

    queries_3, events_3 = run_with(3)
    queries_9, events_9 = run_with(6)
    assert (events_3, events_9) == (3, 9)
    assert (queries_9 - 1) / events_9 == (queries_3 - 1) / events_3 == 7  # six to score, one to store
