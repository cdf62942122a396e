"""The one event that crosses the apps upwards: "something in this program that others read has changed".

Lower apps (programs, raci...) call `program_input_changed(program_id)` from their services; it is sent
once the transaction commits (never for a write that rolled back). Higher apps (readiness...) connect a
receiver to `PROGRAM_INPUT_CHANGED` in their AppConfig.ready(); no app imports the apps above it.
"""

from django.db import transaction
from django.dispatch import Signal

PROGRAM_INPUT_CHANGED = Signal()  # keyword arguments: program_id


def program_input_changed(program_id: int) -> None:
    # robust: the write is committed; a receiver that fails (e.g. the cache is down) is logged, not shown as an error.
    transaction.on_commit(lambda: PROGRAM_INPUT_CHANGED.send(sender=None, program_id=program_id), robust=True)
