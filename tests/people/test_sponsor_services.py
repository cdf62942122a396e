"""Sponsor roadmap and activity services, called directly."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from connectmobilize.lib.records import StaleEdit
from people import selectors, services
from people.models import SponsorActivity, SponsorRoadmapItem

TODAY = timezone.localdate


def record(program, sponsor, **fields):
    defaults = {"kind": "town_hall", "title": "Town hall", "done_on": TODAY()}
    return services.sponsor_activity_record(program=program, sponsor=sponsor, user=sponsor, **{**defaults, **fields})


def test_recording_against_the_roadmap_marks_the_item_done(program, executive, town_hall):
    assert selectors.sponsor_tallies([program.pk])[program.pk].overdue == 1
    activity = record(program, executive, planned=town_hall, notes="120 agents, questions on schedules")
    assert activity.abc == "communicate"  # a town hall communicates, unless the sponsor says otherwise
    assert activity.recorded_by == executive
    tally = selectors.sponsor_tallies([program.pk])[program.pk]
    assert (tally.due, tally.done, tally.overdue) == (1, 1, 0)
    assert selectors.roadmap_items(program).get().is_done


def test_an_activity_on_its_own_counts_as_unplanned(program, executive, town_hall):
    record(program, executive, kind="message_sent", title="Why we move, by email")
    tally = selectors.sponsor_tallies([program.pk])[program.pk]
    assert (tally.done, tally.unplanned, tally.overdue) == (0, 1, 1)


def test_a_planned_item_is_done_once(program, executive, town_hall):
    record(program, executive, planned=town_hall)
    with pytest.raises(ValidationError) as error:
        record(program, executive, planned=town_hall)
    assert "already recorded as done" in str(error.value.message_dict["planned"])
    assert SponsorActivity.objects.count() == 1


def test_what_is_refused(program, other_program, executive, members, town_hall):
    with pytest.raises(ValidationError) as error:
        record(program, executive, done_on=TODAY() + dt.timedelta(days=1))
    assert "done_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:  # a viewer is no sponsor
        record(program, members["viewer"])
    assert "not an executive or manager" in str(error.value.message_dict["sponsor"])
    foreign = SponsorRoadmapItem.objects.create(
        program=other_program, sponsor=executive, kind="kick_off", title="Kick-off", planned_on=TODAY()
    )
    with pytest.raises(ValidationError) as error:
        record(program, executive, planned=foreign)
    assert "not part of this program" in str(error.value.message_dict["planned"])
    services.roadmap_item_update(item=town_hall, version=town_hall.version, cancelled=True)
    with pytest.raises(ValidationError) as error:
        record(program, executive, planned=town_hall)
    assert "was cancelled" in str(error.value.message_dict["planned"])
    assert SponsorActivity.objects.count() == 0


def test_edits_are_checked_against_the_version_opened_and_kept_in_history(program, executive, town_hall):
    opened = town_hall.version
    moved = services.roadmap_item_update(item=town_hall, version=opened, planned_on=TODAY() + dt.timedelta(days=3))
    assert moved.version == opened + 1
    with pytest.raises(StaleEdit):
        services.roadmap_item_update(item=town_hall, version=opened, title="Someone else's change")
    assert SponsorRoadmapItem.objects.get().title == "Town hall with the Leeds agents"
    assert town_hall.history.count() == 2
    # the planned day moved to next week: no longer overdue
    assert selectors.sponsor_tallies([program.pk])[program.pk].overdue == 0
    activity = record(program, executive)
    services.sponsor_activity_update(activity=activity, version=activity.version, kind="project_review")
    changed = SponsorActivity.objects.get()
    assert changed.abc == "active"  # the ABC follows the new kind
    with pytest.raises(StaleEdit):
        services.sponsor_activity_update(activity=activity, version=activity.version, title="x")


def test_weekly_summary_opt_in(executive):
    assert not selectors.weekly_summary_wanted(executive)
    services.weekly_summary_set(user=executive, wanted=True)
    assert selectors.weekly_summary_wanted(executive)
    services.weekly_summary_set(user=executive, wanted=False)
    assert not selectors.weekly_summary_wanted(executive)
