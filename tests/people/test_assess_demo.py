"""The demo shows assessments and comms with believable data, and their pages open."""

from connectmobilize.demo import load_demo
from people import selectors
from people.models import Stakeholder
from tests.people.conftest import people_url


def test_the_demo_has_two_adkar_rounds_a_survey_with_results_and_a_comms_plan(client, db):
    program = load_demo()[0]
    groups = {"Contact-center supervisors", "Agents (voice)", "Service desk L1", "WFM team"}
    assert groups <= set(Stakeholder.objects.filter(program=program, kind="group").values_list("name", flat=True))
    overview = selectors.adkar_overview(program)
    assert {row.group.name: row.rounds for row in overview.rows if row.group.name in groups} == dict.fromkeys(groups, 2)
    assert selectors.worst_adkar_barrier_by_program([program.pk])[program.pk].group == "Agents (voice)"
    midway = program.survey_rounds.get(title="Readiness pulse: midway")
    assert not selectors.survey_results(midway).hidden
    summary = selectors.comms_summary_by_program([program.pk])[program.pk]
    assert summary.sent >= 1 and summary.planned > summary.sent

    client.force_login(program.memberships.get(user__username="victor").user)
    for name in ("adkar", "alignment_list", "survey_list", "comms_list"):
        assert client.get(people_url(name, program)).status_code == 200, name
    page = client.get(people_url("survey_detail", program, survey_id=midway.pk)).content.decode()
    assert 'data-slice="Group"' in page and "Hidden: fewer than 5 responses" in page  # the small groups stay hidden
