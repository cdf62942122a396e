"""The demo's sponsor roadmap and what Evelyn did, in Northwind and the second program."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import services

# kind, ABC ("" = the kind's usual), title, planned (days from today), done (days from today; None: not done)
NORTHWIND_ROADMAP = (
    ("kick_off", "", "Program kick-off with the contact-center leadership", -75, -75),
    ("message_sent", "", "Why we are moving to Amazon Connect: email to every agent", -60, -59),
    ("town_hall", "", "Town hall: the case for change, at the Leeds and Cardiff sites", -40, -38),
    ("other", "coalition", "Meet the claims and sales heads as peer sponsors", -25, -24),
    ("project_review", "", "Steering committee: pilot review", -14, -14),
    ("message_sent", "", "Wave 1 date and what changes for agents on day one", -5, None),  # overdue
    ("town_hall", "", "Town hall: wave 1, what changes on day one", 10, None),
    ("project_review", "", "Steering committee: wave 1 readiness", 25, None),
    ("go_no_go", "", "Wave 1 go/no-go meeting", 57, None),
)
# kind, ABC, title, done (days from today): what Evelyn did beyond the roadmap
NORTHWIND_UNPLANNED = (
    ("other", "active", "Floor walk with the Leeds supervisors", -20),
    ("message_sent", "", "Thank-you note to the pilot team", -9),
)
CLAIMS_ROADMAP = (
    ("kick_off", "", "Pilot kick-off with the nurse team leads", -45, -45),
    ("message_sent", "", "Pilot date and support arrangements for the nurses", -2, None),  # overdue
    ("town_hall", "", "Nurse huddle: what changes on pilot day", 3, None),
    ("go_no_go", "", "Pilot go/no-go meeting", 12, None),
)


def _roadmap(program, sponsor, roadmap, unplanned=()) -> None:
    today = timezone.localdate()
    for kind, abc, title, planned, done in roadmap:
        item = services.roadmap_item_create(program=program, sponsor=sponsor, kind=kind, abc=abc, title=title,
                                            planned_on=today + dt.timedelta(days=planned))  # fmt: skip
        if done is not None:
            services.sponsor_activity_record(program=program, sponsor=sponsor, user=sponsor, planned=item, kind=kind,
                                             abc=abc, title=title, done_on=today + dt.timedelta(days=done))  # fmt: skip
    for kind, abc, title, done in unplanned:
        services.sponsor_activity_record(program=program, sponsor=sponsor, user=sponsor, kind=kind, abc=abc,
                                         title=title, done_on=today + dt.timedelta(days=done))  # fmt: skip


def load_demo(program, second=None) -> None:
    """Evelyn's sponsor roadmap in Northwind (one message overdue) and, if given, in the second program."""
    evelyn = get_user_model().objects.get(username="evelyn")
    _roadmap(program, evelyn, NORTHWIND_ROADMAP, NORTHWIND_UNPLANNED)
    if second is not None:
        _roadmap(second, evelyn, CLAIMS_ROADMAP)
