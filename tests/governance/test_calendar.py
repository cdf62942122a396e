"""The iCalendar feed and the meeting .ics: the format on plain data, the private address, what it shows."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from governance import calendar, selectors, services
from tests.factories import MembershipFactory

LONDON = ZoneInfo("Europe/London")


def events(body: bytes) -> dict[str, dict]:
    """uid → the event's properties as a calendar app reads them."""
    parsed = Calendar.from_ical(body)
    return {str(e["uid"]): e for e in parsed.walk("VEVENT")}


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        (dt.datetime(2026, 3, 27, 9, 0, tzinfo=LONDON), "20260327T090000Z"),  # winter: London is UTC
        (dt.datetime(2026, 3, 30, 9, 0, tzinfo=LONDON), "20260330T080000Z"),  # summer time: an hour ahead
        (dt.datetime(2026, 10, 26, 9, 0, tzinfo=LONDON), "20261026T090000Z"),  # back to winter
        (dt.datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo("America/New_York")), "20270101T043000Z"),  # year end
    ],
)
def test_a_meeting_is_written_in_utc_whatever_its_zone(local, utc):
    entry = calendar.MeetingEntry(uid="m-1@x", summary="Steering, wave 1; go", starts_at=local,
                                  ends_at=local + dt.timedelta(minutes=90), url="https://x/m/1")  # fmt: skip
    text = calendar.build("Contoso", [entry], stamp=local).decode()
    assert f"DTSTART:{utc}" in text
    event = events(text.encode())["m-1@x"]
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(minutes=90)
    assert str(event["summary"]) == "Steering, wave 1; go"  # escaped on the way out, read back whole


def test_a_due_date_is_an_all_day_event_that_does_not_make_anyone_busy_and_a_cancelled_meeting_says_so():
    now = dt.datetime(2026, 2, 28, 12, 0, tzinfo=dt.UTC)
    due = calendar.DueEntry(uid="a-1@x", summary="Action due: rota", day=dt.date(2026, 2, 28), url="https://x/a/1")
    gone = calendar.MeetingEntry(uid="m-2@x", summary="Pre-CAB", starts_at=now, ends_at=now, url="https://x/m/2",
                                 cancelled=True, sequence=3)  # fmt: skip
    found = events(calendar.build("Mine", [due, gone], stamp=now))
    assert found["a-1@x"].decoded("dtstart") == dt.date(2026, 2, 28)
    assert found["a-1@x"].decoded("dtend") == dt.date(2026, 3, 1)  # month end: the next day is 1 March
    assert str(found["a-1@x"]["transp"]) == "TRANSPARENT"
    assert str(found["m-2@x"]["status"]) == "CANCELLED" and found["m-2@x"]["sequence"] == 3


def tampered(token: str) -> str:
    return token[:-1] + ("1" if token.endswith("0") else "0")


@pytest.mark.parametrize(
    ("token", "read"),
    [
        (calendar.feed_token(7, 2), (7, 2)),
        (calendar.feed_token(7, 2).replace("7.", "8.", 1), None),  # another user's id on my code
        (tampered(calendar.feed_token(7, 2)), None),
        ("7.2", None),
        ("a.b.c", None),
        ("", None),
    ],
)
def test_a_feed_address_is_read_only_with_its_own_code(token, read):
    assert calendar.read_token(token) == read


def test_the_feed_gives_the_owners_meetings_and_own_action_due_dates_until_it_is_renewed_or_off(
    client, program, other_program, steering, manager, lead, viewer
):
    meeting = services.meeting_schedule(routine=steering, starts_at=timezone.now() + dt.timedelta(days=2),
                                        user=manager, location="Board room")  # fmt: skip
    mine = services.action_create(program=program, user=lead, title="Publish the rota", owner=viewer,
                                  due_date=timezone.localdate() + dt.timedelta(days=3))  # fmt: skip
    services.action_create(program=program, user=lead, title="Someone else's", owner=lead,
                           due_date=timezone.localdate())  # fmt: skip
    services.calendar_feed_renew(user=viewer)
    address = selectors.feed_url(selectors.personal_settings_of(viewer))
    path = address.split("127.0.0.1:8000", 1)[-1]

    answer = client.get(path)  # no sign-in: a calendar app cannot
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/calendar")
    found = events(answer.content)
    summaries = sorted(str(e["summary"]) for e in found.values())
    assert summaries == ["Action due: Publish the rota", "Steering committee · Contoso migration"]
    event = next(e for e in found.values() if "Steering" in str(e["summary"]))
    assert event.decoded("dtstart") == meeting.starts_at.replace(microsecond=0)
    assert str(event["location"]) == "Board room" and meeting.get_absolute_url() in str(event["url"])
    assert f"action-{mine.pk}@" in " ".join(found)

    # One program only; a program the owner is not in is not found.
    assert len(events(client.get(path, {"program": program.slug}).content)) == 2
    assert client.get(path, {"program": other_program.slug}).status_code == 404

    # Leaving the program takes its items out.
    program.memberships.filter(user=viewer).delete()
    assert events(client.get(path).content) == {}
    MembershipFactory(program=program, user=viewer)

    services.calendar_feed_renew(user=viewer)  # a new address: the old one stops
    assert client.get(path).status_code == 404
    renewed = selectors.feed_url(selectors.personal_settings_of(viewer)).split("127.0.0.1:8000", 1)[-1]
    assert client.get(renewed).status_code == 200
    services.calendar_feed_off(user=viewer)
    assert client.get(renewed).status_code == 404
    assert client.get(path.replace(".ics", "x.ics")).status_code == 404


def test_an_inactive_users_feed_stops(client, program, viewer):
    services.calendar_feed_renew(user=viewer)
    path = reverse("governance_personal:calendar_feed", kwargs={"token": calendar.feed_token(viewer.pk, 1)})
    assert client.get(path).status_code == 200
    viewer.is_active = False
    viewer.save()
    assert client.get(path).status_code == 404


def test_the_feed_runs_a_constant_number_of_queries(client, program, steering, manager, viewer,
                                                    django_assert_max_num_queries):  # fmt: skip
    services.calendar_feed_renew(user=viewer)
    path = reverse("governance_personal:calendar_feed", kwargs={"token": calendar.feed_token(viewer.pk, 1)})

    def fill(n, start):
        for i in range(n):
            services.meeting_schedule(routine=steering, starts_at=timezone.now() + dt.timedelta(days=start + i),
                                      user=manager)  # fmt: skip
            services.action_create(program=program, user=manager, title=f"A{start + i}", owner=viewer,
                                   due_date=timezone.localdate() + dt.timedelta(days=i))  # fmt: skip

    fill(2, 1)
    with django_assert_max_num_queries(10) as small:
        client.get(path)
    fill(10, 10)
    with django_assert_max_num_queries(10) as large:
        assert len(events(client.get(path).content)) == 24
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_meeting_downloads_as_ics_and_the_profile_makes_and_stops_the_feed(client_for, program, steering, manager,
                                                                            viewer):  # fmt: skip
    meeting = services.meeting_schedule(routine=steering, starts_at=timezone.now() + dt.timedelta(days=2),
                                        user=manager)  # fmt: skip
    client = client_for(viewer)
    page = client.get(meeting.get_absolute_url()).content.decode()
    ics = reverse("governance:meeting_ics", kwargs={"program_slug": program.slug, "meeting_id": meeting.pk})
    assert ics in page
    answer = client.get(ics)
    assert answer["Content-Disposition"] == f'attachment; filename="meeting-{meeting.pk}.ics"'
    assert [str(e["summary"]) for e in events(answer.content).values()] == ["Steering committee · Contoso migration"]

    profile = client.get(reverse("profile")).content.decode()
    assert "Make my calendar feed" in profile and 'id="calendar-feed-url"' not in profile
    client.post(reverse("governance_personal:calendar_renew"))
    profile = client.get(reverse("profile")).content.decode()
    first = selectors.feed_url(selectors.personal_settings_of(viewer))
    assert first in profile
    overview = client.get(reverse("governance:overview", kwargs={"program_slug": program.slug})).content.decode()
    assert f"{first}?program={program.slug}" in overview
    client.post(reverse("governance_personal:calendar_renew"))
    assert first not in client.get(reverse("profile")).content.decode()
    client.post(reverse("governance_personal:calendar_off"))
    assert "Make my calendar feed" in client.get(reverse("profile")).content.decode()
