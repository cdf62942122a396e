"""What the operating model tells the pages of the apps below it about where their records are used."""

from django.urls import reverse

from connectmobilize.lib.backlinks import Backlink

from . import selectors


def flow_steps_of_activity(activity_id: int) -> list[Backlink]:
    """The flow steps that carry out a RASCI activity, for the activity's page."""
    return [
        Backlink(
            label=f"{step.flow.name}: {step.name}",
            url=reverse("operating_model:flow_detail", args=[step.flow.program.slug, step.flow_id])
            + f"#step-{step.pk}",
            note=f"{step.lane.role.code} lane",
        )
        for step in selectors.flow_steps_linking(activity_id)
    ]
