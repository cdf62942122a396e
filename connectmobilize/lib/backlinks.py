"""Links from a record of a lower app to the records of higher apps that refer to it ("used in").

A lower app (raci) cannot import the apps above it, yet its pages should say where a record is used (a RASCI
activity carried out by flow steps of the operating model). A higher app registers a provider for a kind of
record in its AppConfig.ready(); the lower app's page asks `backlinks(kind, id)`. Reads only: writes that cross
upwards remain the program_input_changed signal.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Backlink:
    label: str
    url: str
    note: str = ""


Provider = Callable[[int], list[Backlink]]
_PROVIDERS: dict[str, dict[str, Provider]] = {}


def register(kind: str, name: str, provider: Provider) -> None:
    """`provider(record_id)` lists where the record of `kind` (e.g. "raci.activity") is used; `name` makes a
    second registration (a reloaded app) replace the first."""
    _PROVIDERS.setdefault(kind, {})[name] = provider


def backlinks(kind: str, record_id: int) -> list[Backlink]:
    return [link for provider in _PROVIDERS.get(kind, {}).values() for link in provider(record_id)]
