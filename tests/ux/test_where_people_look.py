"""The go-live verdict where people look: the program dashboard and the go-live list."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from readiness.models import ReadinessSnapshot
from readiness.services import snapshot_take
from tests.factories import ChecklistItemFactory, GoLiveEventFactory


def dashboard(client, program):
    return client.get(reverse("programs:dashboard", kwargs={"program_slug": program.slug}))


def add_event(program, name, days, blockers=0, items=3):
    event = GoLiveEventFactory(program=program, name=name, starts_at=timezone.now() + dt.timedelta(days=days))
    for n in range(items):
        ChecklistItemFactory(event=event, ref=f"SI-{n:02d}", text=f"Check {n}", hard_blocker=n < blockers,
                             status="complete" if n >= blockers else "not_started")  # fmt: skip
    return event


def test_the_dashboard_says_the_next_go_live_is_no_go_with_its_blockers_and_days(client_for, program, viewer):
    add_event(program, "Wave 2", days=40)
    add_event(program, "Pilot", days=12, blockers=3, items=5)
    GoLiveEventFactory(program=program, name="Old pilot", starts_at=timezone.now() - dt.timedelta(days=30))

    page = dashboard(client_for(viewer), program).content.decode()

    assert "Next go-live: <a" in page and "Pilot</a>" in page
    assert 'data-testid="next-outcome">No-go<' in page
    # three checklist blockers, and the CAB approval of the window (a blocker of the program's own)
    assert "4 hard blockers open" in page and "and 1 more" in page
    assert "Window in 12 days" in page
    assert "Check 0" in page and "Check 1" in page  # the blockers are named, linked to where to act


def test_the_dashboard_shows_how_the_score_moved_over_the_week(client_for, program, viewer):
    event = add_event(program, "Pilot", days=12, blockers=0, items=2)
    old = snapshot_take(event=event)
    ReadinessSnapshot.objects.filter(pk=old.pk).update(score=40, taken_at=timezone.now() - dt.timedelta(days=8))
    page = dashboard(client_for(viewer), program).content.decode()
    assert 'data-testid="next-moved">up' in page


def test_a_program_without_events_invites_si_to_plan_one(client_for, program, members):
    page = dashboard(client_for(members["si"]), program).content.decode()
    assert "No go-live event is planned yet." in page and "Plan one" in page
    page = dashboard(client_for(members["viewer"]), program).content.decode()
    assert "Plan one" not in page


def test_the_dashboard_query_count_does_not_grow_with_events_and_items(
    client_for, program, viewer, django_assert_max_num_queries
):
    client = client_for(viewer)
    add_event(program, "Pilot", days=12, blockers=1, items=3)
    with django_assert_max_num_queries(30) as small:
        dashboard(client, program)
    for n in range(5):
        add_event(program, f"Wave {n}", days=20 + n, blockers=2, items=20)
    ChecklistItemFactory.create_batch(30, event=program.go_live_events.get(name="Pilot"), hard_blocker=True)
    with django_assert_max_num_queries(len(small.captured_queries)):
        dashboard(client, program)


def test_the_go_live_list_shows_outcome_score_and_trend(client_for, program, viewer):
    pilot = add_event(program, "Pilot", days=12, blockers=2, items=4)
    wave = add_event(program, "Wave 1", days=30, blockers=0, items=2)
    first = snapshot_take(event=wave)
    ReadinessSnapshot.objects.filter(pk=first.pk).update(score=50, taken_at=timezone.now() - dt.timedelta(days=2))
    latest = snapshot_take(event=wave)
    snapshot_take(event=pilot)

    page = client_for(viewer).get(reverse("readiness:event_list", kwargs={"program_slug": program.slug}))
    html = page.content.decode()
    pilot_row = html[html.index(f'data-event="{pilot.pk}"') :].split("</tr>")[0]
    wave_row = html[html.index(f'data-event="{wave.pk}"') :].split("</tr>")[0]
    assert ">No-go<" in pilot_row and "since" not in pilot_row  # one day of scores: no trend yet
    assert f">{latest.score:.1f}%<" in wave_row and f"▲ {latest.score - 50:.1f}" in wave_row
    assert "<polyline" in wave_row  # the sparkline of its last scores


def test_a_new_event_is_scored_at_once(client_for, program, members):
    from readiness.services import event_create

    now = timezone.now()
    event = event_create(program=program, name="Pilot", kind="pilot", starts_at=now + dt.timedelta(days=5),
                         ends_at=now + dt.timedelta(days=5, hours=4))  # fmt: skip
    # Celery runs eagerly in the tests: the coalesced recomputation ran on commit (pytest-django's db
    # fixture wraps the test in a transaction, so ask for the snapshot as the task would take it).
    from readiness.services import snapshot_take_for

    snapshot_take_for(event_id=event.pk)
    page = client_for(members["viewer"]).get(reverse("readiness:event_list", kwargs={"program_slug": program.slug}))
    assert "Being scored" not in page.content.decode()


@pytest.mark.parametrize("events", [2, 12])
def test_the_go_live_list_runs_the_same_queries_for_2_or_12_events(
    client_for, program, viewer, events, django_assert_max_num_queries
):
    for n in range(events):
        event = add_event(program, f"Wave {n}", days=10 + n, items=2)
        for _ in range(3):
            snapshot_take(event=event)
    client = client_for(viewer)
    with django_assert_max_num_queries(7):  # session, user, membership, events, latest, daily scores, decisions
        client.get(reverse("readiness:event_list", kwargs={"program_slug": program.slug}))


def test_training_is_in_the_navigation(client_for, program, viewer):
    page = dashboard(client_for(viewer), program).content.decode()
    assert f'href="{reverse("readiness:training", kwargs={"program_slug": program.slug})}">Training</a>' in page


def test_the_go_live_list_shows_the_decision_taken(client_for, program, members):
    from readiness.services import decision_record

    event = add_event(program, "Pilot", days=-20, items=1)
    si = program.memberships.get(user=members["si"])
    decision_record(event=event, membership=si, outcome="go", rationale="UAT passed")
    page = client_for(members["viewer"]).get(reverse("readiness:event_list", kwargs={"program_slug": program.slug}))
    assert 'data-testid="decision">Decided: Go<' in page.content.decode()


def test_the_dashboard_reads_todays_snapshot_and_agrees_with_the_event_page(
    client_for, program, viewer, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    """Every member's every visit shows the panel: it reads the score the last change left, not scored again."""
    from readiness.services import item_update

    event = add_event(program, "Pilot", days=12, blockers=2, items=4)
    client = client_for(viewer)
    with django_assert_max_num_queries(40) as unscored:
        dashboard(client, program)  # no snapshot yet: scored now
    item = event.items.get(ref="SI-00")
    with django_capture_on_commit_callbacks(execute=True):  # the recomputation runs on commit (eager Celery)
        item_update(item=item, version=item.version, status="complete")
    latest = event.snapshots.first()
    assert latest is not None and latest.taken_at.date() == timezone.localdate()

    with django_assert_max_num_queries(len(unscored.captured_queries) - 3):
        page = dashboard(client, program).content.decode()
    event_page = client.get(event.get_absolute_url()).content.decode()
    assert f'data-testid="next-score">{latest.score}%<' in page
    assert "2 hard blockers open" in page  # SI-01 and the CAB approval of the window
    assert f"{latest.score}%" in event_page


def test_a_change_waiting_to_be_scored_or_a_snapshot_of_yesterday_is_not_shown_as_the_verdict(
    client_for, program, viewer
):
    event = add_event(program, "Pilot", days=12, blockers=0, items=2)
    old = snapshot_take(event=event)
    live = dashboard(client_for(viewer), program).content.decode()
    ReadinessSnapshot.objects.filter(pk=old.pk).update(score=12.5, taken_at=timezone.now() - dt.timedelta(days=1))
    page = dashboard(client_for(viewer), program).content.decode()
    assert 'data-testid="next-score">12.5%<' not in page
    assert page.split('data-testid="next-score">')[1][:6] == live.split('data-testid="next-score">')[1][:6]

    ReadinessSnapshot.objects.filter(pk=old.pk).update(score=12.5, taken_at=timezone.now())
    from django.core.cache import cache

    from readiness.selectors import recompute_pending_key

    cache.set(recompute_pending_key(event.pk), 1)  # what readiness_changed holds until the task has run
    try:
        page = dashboard(client_for(viewer), program).content.decode()
    finally:
        cache.delete(recompute_pending_key(event.pk))
    assert 'data-testid="next-score">12.5%<' not in page
    assert 'data-testid="next-score">12.5%<' in dashboard(client_for(viewer), program).content.decode()
