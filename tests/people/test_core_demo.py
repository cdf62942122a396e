"""The demo shows the people core with DOMAIN §10.E's stakeholders, a heat map, a sponsor tree with one gap and
a weak sponsor worksheet; and its pages open."""

from django.urls import reverse

from connectmobilize.demo import load_demo
from people import selectors
from people.models import ChangeImpact, SponsorAssessment


def test_the_demo_has_the_six_stakeholders_a_heat_map_one_coalition_gap_and_a_weak_sponsor(client, db):
    program = load_demo()[0]
    grid = {cell.quadrant.value: cell.count for cell in selectors.stakeholder_grid(program).cells}
    assert grid == {"manage_closely": 3, "keep_informed": 3, "keep_satisfied": 0, "monitor": 0}  # as in §10.E
    assert selectors.commitment_gaps_by_program([program.pk]) == {program.pk: 6}
    assert ChangeImpact.objects.filter(program=program, level=4).count() == 2
    coalition = selectors.coalition(program)
    assert [(line.group.name, line.node.person_name) for line in coalition.gaps] == [("Service desk L1", "Omar Farouk")]
    weak = SponsorAssessment.objects.get(program=program, total__lt=75)
    assert (weak.sponsor.person_name, weak.total, weak.risk.code) == ("Daniel Reyes", 61, "PCR-02")

    client.force_login(program.memberships.get(user__username="evelyn").user)
    for name in ("overview", "stakeholder_list", "impact_map", "coalition"):
        assert client.get(reverse(f"people:{name}", kwargs={"program_slug": program.slug})).status_code == 200
    page = client.get(weak.sponsor.get_absolute_url()).content.decode()
    assert "Assess with the sponsor worksheet" in page and "PCR-02" in page
