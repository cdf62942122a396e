"""Places where a page of a lower app shows what the apps above it have to say, without importing them.

The program dashboard, "My work" and the program search belong to `programs`, the bottom app; go-live
readiness, RACI approvals and checklist items live above it. A RASCI activity's page lists the operating
model's flow steps that carry it out ("used in"). So the page asks a hook here, and each app
registers its contribution in its AppConfig.ready(), as readiness connects to PROGRAM_INPUT_CHANGED.
A contribution is a selector (reads only, a constant number of queries whatever the data size); a dashboard
panel also names the template that draws it, so the selector returns data and the page stays the owner's.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.utils import timezone

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Contribution(Generic[F]):
    key: str  # unique: registering the same key again replaces it (ready() may run twice in tests)
    read: F
    order: int = 100
    template: str = ""


class Hook(Generic[F]):
    def __init__(self, name: str):
        self.name = name
        self._contributions: dict[str, Contribution[F]] = {}

    def register(self, key: str, read: F, *, order: int = 100, template: str = "") -> None:
        self._contributions[key] = Contribution(key, read, order, template)

    def __iter__(self) -> Iterator[Contribution[F]]:
        return iter(sorted(self._contributions.values(), key=lambda c: (c.order, c.key)))


# The program dashboard -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Panel:
    """What a dashboard contribution drew: its template and that template's context."""

    key: str
    template: str
    context: dict[str, Any]


#: read(program, membership) -> dict | None (the template's context; None: nothing to show)
DASHBOARD_PANELS: Hook[Callable[[Any, Any], dict[str, Any] | None]] = Hook("dashboard panels")


def dashboard_panels(program, membership) -> list[Panel]:
    panels = []
    for contribution in DASHBOARD_PANELS:
        context = contribution.read(program, membership)
        if context is not None:
            panels.append(Panel(contribution.key, contribution.template, context))
    return panels


# Where signing in leads ------------------------------------------------------------------------------------

#: read(memberships) -> URL or None; memberships: the user's, with their program loaded. The first contribution
#: (by order) that names a page wins; when none does, programs sends the user to "My work" or their programs.
LANDING: Hook[Callable[[list[Any]], str | None]] = Hook("landing")


def landing(memberships: list[Any]) -> str | None:
    for contribution in LANDING:
        url = contribution.read(memberships)
        if url:
            return url
    return None


# The profile page ----------------------------------------------------------------------------------------

#: read(user) -> dict | None (the template's context): a user's own settings kept by an app (e.g. governance's
#: daily digest and calendar feed), drawn on their profile page.
PROFILE_PANELS: Hook[Callable[[Any], dict[str, Any] | None]] = Hook("profile panels")


def profile_panels(user) -> list[Panel]:
    panels = []
    for contribution in PROFILE_PANELS:
        context = contribution.read(user)
        if context is not None:
            panels.append(Panel(contribution.key, contribution.template, context))
    return panels


# My work -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkItem:
    """One thing a user must do, wherever it lives."""

    program: Any  # programs.models.Program
    action: str  # what to do, as a verb: "Deliver", "Add evidence", "Sign off", "Approve", "Close"
    what: str  # the kind of record: "Milestone", "Checklist item", "RACI matrix"...
    title: str
    url: str
    due: dt.date | None = None
    note: str = ""

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


@dataclass
class WorkSection:
    """A kind of work (e.g. "Checklist items to sign off"), its items and how many there are in all."""

    key: str
    title: str
    items: list[WorkItem] = field(default_factory=list)
    total: int = 0
    more_url: str = ""  # where the rest are listed, when only the first ones are shown

    @property
    def anchor(self) -> str:
        """An HTML id: programs.milestones → programs-milestones."""
        return self.key.replace(".", "-").replace("_", "-")

    @property
    def more(self) -> int:
        return self.total - len(self.items)


#: read(user, memberships) -> list[WorkSection]; memberships: the user's, with their program loaded.
MY_WORK: Hook[Callable[[Any, list[Any]], list[WorkSection]]] = Hook("my work")


def my_work(user, memberships: list[Any]) -> list[WorkSection]:
    sections: list[WorkSection] = []
    for contribution in MY_WORK:
        sections.extend(contribution.read(user, memberships))
    return sections


# Search inside a program -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    what: str  # "Milestone", "Risk", "Activity"...
    title: str
    url: str
    detail: str = ""
    rank: float = 0.0


#: read(program, query, limit) -> list[SearchHit], best first
PROGRAM_SEARCH: Hook[Callable[[Any, str, int], list[SearchHit]]] = Hook("program search")


def program_search(program, query: str, *, limit: int = 10) -> dict[str, list[SearchHit]]:
    """what → hits, in the order the contributions were registered (each gives its best `limit`)."""
    found: dict[str, list[SearchHit]] = {}
    for contribution in PROGRAM_SEARCH:
        for hit in contribution.read(program, query, limit):
            found.setdefault(hit.what, []).append(hit)
    return found


# Where a record is used ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UsedIn:
    """A record of an app above that uses the record of the page (a flow step carrying out a RASCI activity)."""

    label: str
    url: str
    note: str = ""


#: read(kind, record_id) -> list[UsedIn]; kind names the page's record, e.g. "raci.activity"
USED_IN: Hook[Callable[[str, int], list[UsedIn]]] = Hook("used in")


def used_in(kind: str, record_id: int) -> list[UsedIn]:
    return [link for contribution in USED_IN for link in contribution.read(kind, record_id)]


# Checklist items computed by the apps above readiness ------------------------------------------------------


@dataclass(frozen=True)
class ItemValue:
    """What an app above says of a go-live checklist item it computes (in place of its hand tick)."""

    value: float  # 0..1
    explanation: str
    link: str
    label: str = ""
    source: str = ""  # the name of the page `link` opens, e.g. "Communications plan"


def checklist_item_key(ref: str, category: str) -> str:
    """The key a contribution registers for the template's item it computes, e.g. "SI-29|Communications"."""
    return f"{ref}|{category}"


#: read(event) -> ItemValue | None (None: the app has nothing to say; the item's own tick counts).
#: Registered under checklist_item_key(ref, category); one query at most, whatever the data size.
CHECKLIST_ITEM_VALUES: Hook[Callable[[Any], ItemValue | None]] = Hook("computed checklist items")


def computed_checklist_items() -> dict[str, Callable[[Any], ItemValue | None]]:
    return {contribution.key: contribution.read for contribution in CHECKLIST_ITEM_VALUES}
