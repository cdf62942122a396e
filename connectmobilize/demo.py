"""The demo a new user clicks through: each app adds its part to the demo program."""

from django.db import transaction

from connectmobilize.lib.tokens import api_token_known
from governance import demo as governance_demo
from operating_model import demo as operating_model_demo
from people import demo as people_demo
from programs import demo as programs_demo
from programs.models import Program
from raci import demo as raci_demo
from readiness import demo as readiness_demo

# Maria's API token in the demo: public, like the demo passwords (README's curl example uses it).
DEMO_API_TOKEN = "cm_dem0dem0_northwind-demo-token-2026"  # noqa: S105 - the demo's, refused when DEBUG is off


def load_demo(*, reset: bool = False):
    program, created = _load_demo(reset=reset)
    if created:
        # Last, once the recomputes queued by the load have run (on its commit): the scores' history ends at what
        # everything above makes today's score.
        with transaction.atomic():
            readiness_demo.load_history(program, Program.objects.get(name=programs_demo.SECOND_PROGRAM))
    return program, created


@transaction.atomic
def _load_demo(*, reset: bool):
    program, created = programs_demo.load_demo(reset=reset)
    if created:
        raci_demo.load_demo(program)
        operating_model_demo.load_demo(program)
        readiness_demo.load_demo(program)
        governance_demo.load_demo(program)
        # A second, smaller program so the executive's portfolio has more than one line (Evelyn in both).
        second = programs_demo.load_second_demo()
        readiness_demo.load_second_demo(second)
        people_demo.load_demo(program, second)
        manager = program.memberships.get(user__username="maria").user
        api_token_known(user=manager, name="Demo: scripts and Power BI", text=DEMO_API_TOKEN)
    return program, created
