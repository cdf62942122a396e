"""The stakeholder register's services and rule 8 (a commitment gap above one level near a go-live raises a
people risk, once)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from connectmobilize.lib.records import StaleEdit
from people import selectors, services, tasks
from people.models import CommitmentRisk
from programs.services import risk_update
from tests.factories import GoLiveEventFactory, MembershipFactory, ProgramFactory, UserFactory

from .conftest import stakeholder


def test_create_edit_and_a_stale_edit_is_refused(program):
    agents = stakeholder(program)
    assert agents.version == 1 and agents.history.count() == 1
    agents = services.stakeholder_update(stakeholder=agents, version=1, commitment_current="understand")
    assert agents.version == 2
    with pytest.raises(StaleEdit):
        services.stakeholder_update(stakeholder=agents, version=1, commitment_current="adopted")
    assert agents.history.count() == 2


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "agents (VOICE)"}, "name"),  # the same name whatever its case
        ({"name": "CIO", "kind": "individual", "population": 3}, "population"),
        ({"name": "WFM", "channels": ["carrier_pigeon"]}, "channels"),
        ({"name": "WFM", "commitment_current": "enthusiastic"}, "commitment_current"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(program, fields, field):
    stakeholder(program)
    with pytest.raises(ValidationError) as refused:
        stakeholder(program, **fields)
    assert field in refused.value.message_dict


def test_the_owner_must_be_a_member(program, other_program):
    stranger = MembershipFactory(program=other_program, user=UserFactory()).user
    with pytest.raises(ValidationError) as refused:
        stakeholder(program, owner=stranger)
    assert "owner" in refused.value.message_dict


def test_archived_stakeholders_leave_the_grid_and_come_back(program):
    agents = stakeholder(program)
    services.stakeholder_archive(stakeholder=agents)
    assert selectors.stakeholder_grid(program).total == 0
    services.stakeholder_archive(stakeholder=agents, archived=False)
    assert selectors.stakeholder_grid(program).total == 1
    assert agents.history.count() == 3


# Rule 8 -------------------------------------------------------------------------------------------------------


def test_a_gap_of_two_near_a_go_live_raises_one_linked_commitment_risk(program, soon):
    agents = stakeholder(program, influence="high")
    link = CommitmentRisk.objects.get(stakeholder=agents)
    risk = link.risk
    assert (risk.category, risk.status, link.event, link.gap) == ("commitment", "open", soon, 2)
    assert "Agents (voice)" in risk.title and "Wave 1" in risk.title
    assert (risk.likelihood, risk.impact) == (3, 4)
    # Saved again, and the nightly run: not raised twice.
    services.stakeholder_update(stakeholder=agents, version=agents.version, concerns="Headsets")
    assert tasks.raise_commitment_risks() == 0
    assert program.risks.filter(category="commitment").count() == 1


def test_no_risk_for_a_gap_of_one_or_a_go_live_further_than_fourteen_days(program, later):
    stakeholder(program, commitment_current="understand")  # gap 1
    stakeholder(program, name="Service desk L1", commitment_desired="ownership")  # gap 3, but go-live in 40 days
    assert not CommitmentRisk.objects.exists()
    assert services.commitment_risks_raise(program=program, now=later.starts_at - dt.timedelta(days=14)) != []


def test_the_nightly_run_raises_when_the_window_comes_near(program, other_program):
    stakeholder(program)
    stakeholder(other_program)
    starts = timezone.now() + dt.timedelta(days=20)
    GoLiveEventFactory(program=program, starts_at=starts, ends_at=starts + dt.timedelta(hours=4))
    assert tasks.raise_commitment_risks() == 0  # T-20
    in_six_days = timezone.now() + dt.timedelta(days=6)
    assert services.commitment_risks_raise_all(now=in_six_days) == 1  # T-14: only the program with a go-live
    assert services.commitment_risks_raise_all(now=in_six_days) == 0


def test_a_closed_risk_is_not_raised_again_for_the_same_window_but_is_for_the_next(program, soon):
    agents = stakeholder(program)
    risk = CommitmentRisk.objects.get(stakeholder=agents).risk
    risk_update(risk=risk, version=risk.version, status="closed")
    services.commitment_risks_raise(program=program)
    assert CommitmentRisk.objects.count() == 1
    soon.delete()
    starts = timezone.now() + dt.timedelta(days=3)
    GoLiveEventFactory(program=program, starts_at=starts, ends_at=starts + dt.timedelta(hours=4))
    services.commitment_risks_raise(program=program)
    assert CommitmentRisk.objects.filter(stakeholder=agents).count() == 2


def test_a_gap_closed_before_go_live_raises_nothing_new(program, soon):
    agents = stakeholder(program, commitment_current="understand")  # gap 1
    services.stakeholder_update(stakeholder=agents, version=agents.version, commitment_desired="ownership")  # 2
    assert CommitmentRisk.objects.filter(stakeholder=agents).count() == 1


def test_risk_codes_never_clash(program, soon):
    stakeholder(program, name="A")
    stakeholder(program, name="B")
    codes = list(program.risks.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 2


def test_commitment_gaps_by_program_counts_gaps_above_one_in_one_query(db, django_assert_num_queries):
    programs = [ProgramFactory() for _ in range(4)]
    for i, p in enumerate(programs):
        for n in range(i):
            stakeholder(p, name=f"Group {n}")  # gap 2
        stakeholder(p, name="Close to go-live", commitment_current="adopted")  # gap 0
    ids = [p.pk for p in programs]
    with django_assert_num_queries(1):
        counts = selectors.commitment_gaps_by_program(ids)
    assert counts == {p.pk: i for i, p in enumerate(programs)}
