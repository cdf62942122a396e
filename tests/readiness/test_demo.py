"""The demo tells the go-live story (issue #13): a pilot gone live on a Go, wave 1 two months out with two
months of daily scores, wave 2 later, a freeze and a blackout, and agents behind on training."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from connectmobilize.demo import load_demo
from programs.demo import SECOND_PROGRAM
from programs.models import Program
from readiness import selectors
from readiness.models import ChangeWindow, TrainingSession
from readiness.training import completion_by_audience


def test_the_demo_tells_the_go_live_story(client, db):
    program = load_demo()[0]
    now = timezone.now()
    pilot, wave_1, wave_2 = program.go_live_events.order_by("starts_at")
    assert pilot.ends_at < now < wave_1.starts_at < wave_2.starts_at

    # The pilot went live on a Go taken before its window, on a Go score; its record ends there.
    decision = pilot.decisions.get()
    assert decision.outcome == "go" and decision.decided_at < pilot.starts_at
    assert decision.snapshot.outcome == "go" and decision.snapshot.score >= 90
    assert not pilot.snapshots.filter(taken_at__gt=pilot.ends_at).exists()

    # Wave 1: a score a day for sixty days, climbing, drawn with dates under it.
    trend = selectors.event_readiness(wave_1).trend
    assert len(trend.dots) == 60 and trend.dots[0][1] > trend.dots[-1][1]  # y grows downwards
    assert len(trend.date_ticks) >= 3

    assert set(ChangeWindow.objects.filter(program=program).values_list("kind", flat=True)) == {"freeze", "blackout"}

    # Training: courses and sessions (past with attendance, some to come); only the agents are below target.
    sessions = TrainingSession.objects.filter(course__program=program)
    assert sessions.filter(starts_at__lt=now, enrolments__attendance="no_show").exists()
    assert sessions.filter(starts_at__gt=now, starts_at__lt=now + dt.timedelta(days=14)).exists()
    below = [a.audience for a in completion_by_audience(program, 95) if not a.met]
    assert below == ["agent"]

    assert Program.objects.get(name=SECOND_PROGRAM).go_live_events.get().snapshots.count() >= 14

    client.force_login(program.memberships.get(user__username="sofia").user)
    page = client.get(reverse("readiness:training", args=[program.slug])).content.decode()
    assert "37 / 60" in page and "Amazon Connect CCP for agents" in page
    calendar = client.get(reverse("readiness:calendar", args=[program.slug])).content.decode()
    assert "Freeze: telephony carrier maintenance" in calendar and "Open enrolment peak" in calendar
