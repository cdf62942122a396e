"""What readiness hears from the apps below it (they never import readiness)."""

from . import services


def recompute_on_program_change(sender, *, program_id: int, **kwargs) -> None:
    """A milestone, risk, RACI error count or the program itself changed: its upcoming events recompute,
    each once per burst of changes (see services.readiness_changed)."""
    services.readiness_changed_for_program(program_id)
