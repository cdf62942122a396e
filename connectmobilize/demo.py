"""The demo a new user clicks through: each app adds its part to the demo program."""

from django.db import transaction

from governance import demo as governance_demo
from programs import demo as programs_demo
from raci import demo as raci_demo
from readiness import demo as readiness_demo


@transaction.atomic
def load_demo(*, reset: bool = False):
    program, created = programs_demo.load_demo(reset=reset)
    if created:
        raci_demo.load_demo(program)
        readiness_demo.load_demo(program)
        governance_demo.load_demo(program)
    return program, created
