"""Change impact and the sponsor coalition: services called directly, and the selectors the pages read."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from connectmobilize.lib.records import StaleEdit
from people import selectors, services
from people.models import SponsorAssessment
from programs.models import Risk
from programs.services import risk_update
from tests.factories import ProgramFactory, RiskFactory

from .conftest import stakeholder

GOOD = dict.fromkeys(
    ["power_access", "expertise", "relationships", "understands_change", "demonstrated_commitment",
     "uses_influence", "advocacy", "resources", "public_status", "communicates"], 10,
)  # fmt: skip
WEAK = {**GOOD, **dict.fromkeys(["advocacy", "resources", "public_status", "communicates"], 0)}  # 60


def membership(program, user):
    return program.memberships.get(user=user)


# Change impact ------------------------------------------------------------------------------------------------


def test_impact_is_kept_per_group_and_area_and_drawn_on_the_heat_map(program):
    agents, supervisors = stakeholder(program), stakeholder(program, name="Supervisors", population=45)
    impact = services.impact_create(group=agents, area="systems", level=4, future_state="Soft-phone")
    services.impact_create(group=supervisors, area="skills", level=2)
    with pytest.raises(ValidationError, match="stays with its group and area"):  # moved: refused, not dropped
        services.impact_update(impact=impact, version=1, level=3, area="culture")
    impact.refresh_from_db()
    impact = services.impact_update(impact=impact, version=1, level=3, area="systems", group=agents)
    assert (impact.area, impact.level, impact.version) == ("systems", 3, 2)
    with pytest.raises(StaleEdit):
        services.impact_update(impact=impact, version=1, level=1)
    heat = selectors.impact_map(program)
    levels = {(group.name, cell.area): cell.level for group, cells, _ in heat.rows for cell in cells}
    assert levels[("Agents (voice)", "systems")] == 3 and levels[("Supervisors", "skills")] == 2
    assert levels[("Agents (voice)", "culture")] is None
    assert [total for _, _, total in heat.rows] == [3, 2]


def test_impact_is_refused_for_an_individual_twice_or_out_of_range(program):
    cio = stakeholder(program, name="CIO", kind="individual", population=1)
    with pytest.raises(ValidationError, match="individual"):
        services.impact_create(group=cio, area="systems", level=2)
    agents = stakeholder(program)
    services.impact_create(group=agents, area="systems", level=2)
    with pytest.raises(ValidationError, match="already"):
        services.impact_create(group=agents, area="systems", level=3)
    with pytest.raises(ValidationError) as refused:
        services.impact_create(group=agents, area="process", level=5)
    assert "level" in refused.value.message_dict


def test_a_group_with_impacts_cannot_become_an_individual(program):
    agents = stakeholder(program)
    services.impact_create(group=agents, area="systems", level=2)
    with pytest.raises(ValidationError) as refused:
        services.stakeholder_update(stakeholder=agents, version=agents.version, kind="individual", population=1)
    assert "kind" in refused.value.message_dict


def test_the_heat_map_reads_in_two_queries_whatever_its_size(program, django_assert_num_queries):
    for n in range(12):
        group = stakeholder(program, name=f"Group {n}")
        for area in ("systems", "process", "skills"):
            services.impact_create(group=group, area=area, level=n % 5)
    with django_assert_num_queries(2):
        heat = selectors.impact_map(program)
        assert len(heat.rows) == 12


# The sponsor coalition ----------------------------------------------------------------------------------------


@pytest.fixture
def tree(program):
    """Evelyn (primary) → Daniel (CIO, neutral) → Omar (resistant) leading the service desk; Evelyn → Marcus
    leading the agents."""
    desk, agents = stakeholder(program, name="Service desk L1"), stakeholder(program)
    evelyn = services.sponsor_node_create(program=program, person_name="Evelyn", support_level="strong_support")
    daniel = services.sponsor_node_create(program=program, person_name="Daniel", parent=evelyn)
    omar = services.sponsor_node_create(program=program, person_name="Omar", parent=daniel, impacted_group=desk,
                                        support_level="resistant")  # fmt: skip
    marcus = services.sponsor_node_create(program=program, person_name="Marcus", parent=evelyn,
                                          impacted_group=agents, support_level="support")  # fmt: skip
    return {"evelyn": evelyn, "daniel": daniel, "omar": omar, "marcus": marcus, "desk": desk, "agents": agents}


def test_the_coalition_names_the_group_whose_line_holds_a_resistant_leader(program, tree):
    coalition = selectors.coalition(program)
    assert [(line.group.name, line.gap.reason, line.node) for line in coalition.gaps] == [
        ("Service desk L1", "resistant", tree["omar"])
    ]
    assert coalition.primary == tree["evelyn"]
    assert [(row.node.person_name, row.depth) for row in coalition.rows] == [
        ("Evelyn", 0), ("Daniel", 1), ("Omar", 2), ("Marcus", 1)
    ]  # fmt: skip
    assert [row.in_gap for row in coalition.rows] == [False, False, True, False]
    stakeholder(program, name="WFM team", population=6)  # a new group nobody leads yet
    assert {line.group.name for line in selectors.coalition(program).gaps} == {"Service desk L1", "WFM team"}


def test_a_second_primary_sponsor_a_loop_or_another_programs_node_is_refused(program, other_program, tree):
    with pytest.raises(ValidationError) as refused:
        services.sponsor_node_create(program=program, person_name="Someone else")
    assert "parent" in refused.value.message_dict
    evelyn = tree["evelyn"]
    with pytest.raises(ValidationError, match="below them"):
        services.sponsor_node_update(node=evelyn, version=evelyn.version, parent=tree["omar"])
    foreign = services.sponsor_node_create(program=other_program, person_name="Foreign sponsor")
    with pytest.raises(ValidationError) as refused:
        services.sponsor_node_create(program=program, person_name="X", parent=foreign)
    assert "parent" in refused.value.message_dict


def test_someone_with_people_below_stays_until_they_are_moved(tree):
    with pytest.raises(ValidationError, match="move those first"):
        services.sponsor_node_remove(node=tree["daniel"])
    services.sponsor_node_remove(node=tree["omar"])
    services.sponsor_node_remove(node=tree["daniel"])


def test_coalition_gaps_by_program_in_constant_queries(db, django_assert_num_queries):
    programs = [ProgramFactory() for _ in range(3)]
    for i, p in enumerate(programs):
        root = services.sponsor_node_create(program=p, person_name="Sponsor", support_level="support")
        for n in range(i):
            group = stakeholder(p, name=f"Group {n}")
            services.sponsor_node_create(program=p, person_name=f"Leader {n}", parent=root, impacted_group=group,
                                         support_level="resistant")  # fmt: skip
    with django_assert_num_queries(2):
        counts = selectors.coalition_gaps_by_program([p.pk for p in programs])
    assert counts == {p.pk: i for i, p in enumerate(programs)}


# The sponsor worksheet (rule 10) ---------------------------------------------------------------------------


def test_a_worksheet_below_75_links_pcr_02_and_assessments_accumulate(program, members, tree):
    pcr02 = RiskFactory(program=program, code="PCR-02", category="commitment", status="closed")
    executive = membership(program, members["executive"])
    today = timezone.localdate()
    good = services.sponsor_assess(node=tree["daniel"], membership=executive, assessed_on=today - dt.timedelta(30),
                                   **GOOD)  # fmt: skip
    assert (good.total, good.risk) == (100, None)
    weak = services.sponsor_assess(node=tree["daniel"], membership=executive, assessed_on=today, **WEAK)
    assert (weak.total, weak.risk) == (60, pcr02)
    pcr02.refresh_from_db()
    assert pcr02.status == "open"  # flagged again
    assert list(tree["daniel"].assessments.values_list("total", flat=True)) == [60, 100]


def test_pcr_02_is_made_from_the_starting_set_when_the_program_has_none(program, members, tree):
    weak = services.sponsor_assess(node=tree["daniel"], membership=membership(program, members["manager"]),
                                   assessed_on=timezone.localdate(), **WEAK)  # fmt: skip
    assert weak.risk.code == "PCR-02" and weak.risk.title == "Lack of active, visible sponsorship from leaders"
    assert Risk.objects.filter(program=program, code="PCR-02").count() == 1


@pytest.mark.parametrize("persona", ["lead", "si", "viewer"])
def test_only_executives_and_managers_assess_sponsors(program, members, tree, persona):
    with pytest.raises(ValidationError):
        services.sponsor_assess(node=tree["daniel"], membership=membership(program, members[persona]),
                                assessed_on=timezone.localdate(), **GOOD)  # fmt: skip
    assert not SponsorAssessment.objects.exists()


def test_a_rating_off_the_scale_or_a_date_to_come_is_refused_with_the_field_named(program, members, tree):
    executive = membership(program, members["executive"])
    with pytest.raises(ValidationError) as refused:
        services.sponsor_assess(node=tree["daniel"], membership=executive, assessed_on=timezone.localdate(),
                                **{**GOOD, "advocacy": 8})  # fmt: skip
    assert "advocacy" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.sponsor_assess(node=tree["daniel"], membership=executive,
                                assessed_on=timezone.localdate() + dt.timedelta(days=1), **GOOD)  # fmt: skip
    assert "assessed_on" in refused.value.message_dict


def test_a_closed_pcr_02_is_not_touched_by_a_good_worksheet(program, members, tree):
    pcr02 = RiskFactory(program=program, code="PCR-02", category="commitment")
    risk_update(risk=pcr02, version=pcr02.version, status="closed")
    services.sponsor_assess(node=tree["evelyn"], membership=membership(program, members["executive"]),
                            assessed_on=timezone.localdate(), **GOOD)  # fmt: skip
    pcr02.refresh_from_db()
    assert pcr02.status == "closed"
