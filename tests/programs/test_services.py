import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from connectmobilize.lib.access import Access
from programs import services
from programs.choices import MilestoneStatus, WorkstreamKind
from programs.models import Membership
from tests.factories import MembershipFactory, MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_new_program_starts_with_the_six_workstreams_its_creator_as_manager_and_the_starting_sets():
    creator = UserFactory()
    program = services.program_create(creator=creator, name="Contoso care", target_go_live=dt.date(2027, 3, 1))
    assert [w.kind for w in program.workstreams.all()] == [
        WorkstreamKind.GOVERNANCE,
        WorkstreamKind.ALIGNMENT,
        WorkstreamKind.OPERATING_MODEL,
        WorkstreamKind.SERVICE_INTRODUCTION,
        WorkstreamKind.TRAINING,
        WorkstreamKind.PEOPLE_CHANGE,
    ]
    assert Membership.objects.get(program=program).user == creator
    assert Membership.objects.get(program=program).access == Access.MANAGER
    assert program.roles.count() == 10
    assert sorted(program.risks.values_list("code", flat=True)) == [f"PCR-0{n}" for n in range(1, 9)]
    assert program.risks.get(code="PCR-01").score == 16
    assert program.risks.get(code="PCR-08").owner_role.code == "CCO"


def test_starting_sets_can_be_declined_and_slugs_stay_unique():
    creator = UserFactory()
    first = services.program_create(creator=creator, name="Contoso care", with_roles=False, with_risks=False)
    second = services.program_create(creator=creator, name="Contoso care", with_roles=False, with_risks=False)
    assert first.roles.count() == 0 and first.risks.count() == 0
    assert (first.slug, second.slug) == ("contoso-care", "contoso-care-2")


def test_the_last_manager_cannot_be_demoted_or_removed(program):
    boss = MembershipFactory(program=program, access=Access.MANAGER)
    with pytest.raises(ValidationError, match="only program manager"):
        services.membership_set(program=program, user=boss.user, access=Access.VIEWER)
    with pytest.raises(ValidationError, match="only program manager"):
        services.membership_remove(membership=boss)
    MembershipFactory(program=program, access=Access.MANAGER)
    services.membership_remove(membership=boss)
    assert not program.memberships.filter(user=boss.user).exists()


def test_completing_a_milestone_records_today_and_cannot_be_in_the_future(program):
    milestone = MilestoneFactory(program=program)
    services.milestone_complete(milestone=milestone)
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.COMPLETED
    assert milestone.completed_date == timezone.localdate()
    with pytest.raises(ValidationError):
        services.milestone_complete(milestone=milestone, on=timezone.localdate() + dt.timedelta(days=1))


def test_a_slip_moves_the_forecast_and_keeps_the_baseline(program):
    milestone = MilestoneFactory(program=program)
    baseline = milestone.baseline_date
    services.milestone_slip(milestone=milestone, days=7)
    services.milestone_slip(milestone=milestone, days=7)
    milestone.refresh_from_db()
    assert milestone.baseline_date == baseline
    assert milestone.forecast_date == baseline + dt.timedelta(days=14)
    assert milestone.slip_days == 14


def test_a_completed_milestone_cannot_slip(program):
    milestone = MilestoneFactory(program=program)
    services.milestone_complete(milestone=milestone)
    with pytest.raises(ValidationError, match="cannot slip"):
        services.milestone_slip(milestone=milestone, days=7)


def test_many_roles_are_added_at_once_with_their_history_and_a_taken_code_refuses_them_all(
    django_assert_max_num_queries,
):
    from programs.models import Role

    creator = UserFactory()
    program = services.program_create(creator=creator, name="Contoso care", with_risks=False)
    new = [Role(code=f"T{n}", name=f"Team {n}", side="business") for n in range(30)]
    with django_assert_max_num_queries(6):  # whatever their number
        services.roles_add(program=program, roles=new, user=creator)
    assert program.roles.count() == 40
    assert program.roles.get(code="T7").history.get().history_user == creator

    with pytest.raises(ValidationError, match='"cco" is already used'):
        services.roles_add(program=program, roles=[Role(code="NEW", name="New", side="it"),
                                                   Role(code="cco", name="Twin", side="it")])  # fmt: skip
    with pytest.raises(ValidationError, match='"X" is already used'):
        services.roles_add(
            program=program, roles=[Role(code="X", name="A", side="it"), Role(code="X", name="B", side="it")]
        )
    assert not program.roles.filter(code__in=["NEW", "X"]).exists()
