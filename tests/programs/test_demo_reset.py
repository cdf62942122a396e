"""`seed_demo --reset` starts the demo again even when it holds records kept for good (append-only or protected):
the old program is set aside under another name and address, without members; the new one takes its place."""

import datetime as dt

from django.utils import timezone

from programs import demo
from programs.models import Program
from readiness import services as readiness_services


def test_a_reset_sets_aside_a_demo_that_cannot_be_deleted(db):
    old, created = demo.load_demo()
    assert created
    starts = timezone.now() + dt.timedelta(days=30)
    event = readiness_services.event_create(program=old, name="Wave", kind="wave", starts_at=starts,
                                            ends_at=starts + dt.timedelta(hours=4), with_template=False)  # fmt: skip
    readiness_services.decision_record(event=event, membership=old.memberships.get(user__username="maria"),
                                       outcome="no_go", rationale="Not ready.")  # fmt: skip

    new, created = demo.load_demo(reset=True)

    assert created and new.pk != old.pk
    assert (new.name, new.slug) == (demo.DEMO_PROGRAM, old.slug)
    old.refresh_from_db()
    assert old.name.startswith(f"{demo.DEMO_PROGRAM} (set aside") and old.slug != new.slug
    assert not old.memberships.exists() and new.memberships.count() == len(demo.DEMO_USERS)
    assert Program.objects.filter(name=demo.DEMO_PROGRAM).get() == new


def test_a_reset_deletes_a_demo_that_can_be(db):
    old = demo.load_demo()[0]
    new = demo.load_demo(reset=True)[0]
    assert not Program.objects.filter(pk=old.pk).exists() and new.slug == old.slug
