"""iCalendar (RFC 5545) for governance: a meeting as an event, an action's due date as an all-day event, and
the private feed address of a user. Written with the `icalendar` library; no ORM here (the selectors gather
the entries), so the format is tested on plain data.

The feed address is `<user id>.<generation>.<code>`: the code is an HMAC of the first two under the site's
secret key. Nothing secret is stored; a new generation makes a new address and the old one stops working.
Changing SECRET_KEY stops every feed address (users make a new one on their profile page).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.crypto import constant_time_compare, salted_hmac
from icalendar import Calendar, Event

SALT = "governance.calendar-feed"
PRODID = "-//ConnectMobilize//Governance//EN"


@dataclass(frozen=True)
class MeetingEntry:
    uid: str
    summary: str
    starts_at: dt.datetime  # aware
    ends_at: dt.datetime
    url: str
    location: str = ""
    description: str = ""
    cancelled: bool = False
    sequence: int = 0  # goes up when the meeting changes, so calendars take the new time


@dataclass(frozen=True)
class DueEntry:
    uid: str
    summary: str
    day: dt.date
    url: str
    description: str = ""


def build(name: str, entries: list[MeetingEntry | DueEntry], *, stamp: dt.datetime) -> bytes:
    """A VCALENDAR of the entries (times in UTC; due dates as all-day events)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp.astimezone(dt.UTC))
        event.add("summary", entry.summary)
        event.add("url", entry.url)
        if isinstance(entry, MeetingEntry):
            event.add("dtstart", entry.starts_at.astimezone(dt.UTC))
            event.add("dtend", entry.ends_at.astimezone(dt.UTC))
            event.add("sequence", entry.sequence)
            event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
            if entry.location:
                event.add("location", entry.location)
        else:
            event.add("dtstart", entry.day)
            event.add("dtend", entry.day + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")  # a due date does not make anyone busy
        if entry.description:
            event.add("description", entry.description)
        calendar.add_component(event)
    return calendar.to_ical()


def feed_token(user_id: int, generation: int) -> str:
    code = salted_hmac(SALT, f"{user_id}.{generation}", algorithm="sha256").hexdigest()[:40]
    return f"{user_id}.{generation}.{code}"


def read_token(token: str) -> tuple[int, int] | None:
    """(user id, generation) when the code is right, else None (whether the feed is still on is the caller's)."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    user_id, generation = int(parts[0]), int(parts[1])
    if not constant_time_compare(feed_token(user_id, generation), token):
        return None
    return user_id, generation
