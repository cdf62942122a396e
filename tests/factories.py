import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from connectmobilize.lib.access import Access
from programs.choices import RiskCategory, RoleSide, WorkstreamKind
from programs.models import Membership, Milestone, Program, Risk, Role, Workstream


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("pw")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    target_go_live = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=90))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    program = factory.SubFactory(ProgramFactory)
    user = factory.SubFactory(UserFactory)
    access = Access.VIEWER


class WorkstreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workstream

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Workstream {n}")
    kind = WorkstreamKind.OTHER


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"R{n}")
    name = factory.Sequence(lambda n: f"Role {n}")
    side = RoleSide.IT


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    program = factory.SubFactory(ProgramFactory)
    workstream = factory.SubFactory(WorkstreamFactory, program=factory.SelfAttribute("..program"))
    title = factory.Sequence(lambda n: f"Milestone {n}")
    baseline_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"R-{n:03d}")
    title = factory.Sequence(lambda n: f"Risk {n}")
    category = RiskCategory.COMMITMENT
    likelihood = 3
    impact = 3


class MatrixFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "raci.Matrix"

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Matrix {n}")
    kind = "RASCI"


class MatrixColumnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "raci.MatrixColumn"

    matrix = factory.SubFactory(MatrixFactory)
    role = factory.SubFactory(RoleFactory, program=factory.SelfAttribute("..matrix.program"))
    position = factory.Sequence(lambda n: n)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "raci.Activity"

    matrix = factory.SubFactory(MatrixFactory)
    name = factory.Sequence(lambda n: f"Activity {n}")
    position = factory.Sequence(lambda n: n)


def put_letters(activity, cells: dict) -> None:
    """Give a row these letters ({role: code}; "" empties a cell), as a test's starting point (no history row)."""
    for role, code in cells.items():
        if code:
            activity.letters[str(role.pk)] = code
        else:
            activity.letters.pop(str(role.pk), None)
    type(activity).objects.filter(pk=activity.pk).update(letters=activity.letters)


def letter_of(activity, role) -> str:
    """The letters of a cell as stored now ("" for an empty cell)."""
    activity.refresh_from_db(fields=["letters"])
    return activity.letters.get(str(role.pk if hasattr(role, "pk") else role), "")


def letters_in(matrix) -> set[tuple[int, int, str]]:
    """Every filled cell of a matrix as stored now: (activity id, role id, letters)."""
    rows = type(matrix).objects.get(pk=matrix.pk).activities.values_list("pk", "letters")
    return {(pk, int(role_id), code) for pk, letters in rows for role_id, code in letters.items()}


class GoLiveEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "readiness.GoLiveEvent"

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Wave {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + dt.timedelta(hours=4))


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "readiness.ChecklistItem"

    event = factory.SubFactory(GoLiveEventFactory)
    ref = factory.Sequence(lambda n: f"SI-{n:02d}")
    category = "Testing"
    text = factory.Sequence(lambda n: f"Checklist item {n}")
    weight = 5
