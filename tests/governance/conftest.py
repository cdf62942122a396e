import datetime as dt

import pytest
from django.utils import timezone

from governance import services
from governance.models import Routine
from programs.models import Role


@pytest.fixture
def roles(program):
    return {code: Role.objects.create(program=program, code=code, name=code, side="program")
            for code in ("EXS", "PGL", "CCO", "PO", "TEL", "OCM", "SDK", "ADM", "SUP", "WFR")}  # fmt: skip


@pytest.fixture
def steering(program, roles) -> Routine:
    return services.routine_create(
        program=program, name="Steering committee", kind="steering", cadence="monthly",
        first_at=timezone.now() - dt.timedelta(days=60), trigger_owner=roles["PGL"],
        attendees=[roles["EXS"], roles["PGL"]],
    )  # fmt: skip


def membership(program, user):
    return program.memberships.get(user=user)
