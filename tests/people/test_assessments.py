"""ADKAR rounds and leadership alignment: services called directly, then the pages as each person sees them."""

import pytest
from django.core.exceptions import ValidationError

from people import services
from people.models import AdkarAssessment, LeaderAlignment, Stakeholder
from people.selectors import worst_adkar_barrier_by_program
from tests.factories import ProgramFactory
from tests.people.conftest import days_ago, people_url, scores

# Services ---------------------------------------------------------------------------------------------------


def test_a_round_is_recorded_and_its_barrier_shows_on_the_program_table(client_for, program, agents, viewer):
    services.adkar_record(program=program, group=agents, assessed_on=days_ago(60), **scores(3, 2, 1, 1, 1))
    services.adkar_record(program=program, group=agents, assessed_on=days_ago(7), **scores(5, 4, 2, 2, 1))

    page = client_for(viewer).get(people_url("adkar", program)).content.decode()

    row = page[page.index('data-group="Agents (voice)"') :]
    row = row[: row.index("</tr>")]
    assert "Knowledge (2)" in row  # the latest round's barrier, not the first round's (Awareness)
    assert "Training" in row  # rule 9: K → training
    assert "(2 rounds)" in row
    assert 'data-testid="trend-chart"' in page


@pytest.mark.parametrize(("field", "value"), [("awareness", 6), ("desire", 0), ("reinforcement", -2)])
def test_a_score_out_of_range_is_refused_with_its_field_named(program, agents, field, value):
    with pytest.raises(ValidationError) as refused:
        services.adkar_record(program=program, group=agents, assessed_on=days_ago(1),
                              **{**scores(3, 3, 3, 3, 3), field: value})  # fmt: skip
    assert list(refused.value.message_dict) == [field]
    assert "out of range" in refused.value.message_dict[field][0]
    assert not AdkarAssessment.objects.exists()


def test_adkar_is_for_groups_of_this_program(program, other_program, cio):
    elsewhere = Stakeholder.objects.create(program=other_program, name="Agents", kind="group")
    with pytest.raises(ValidationError) as refused:
        services.adkar_record(program=program, group=elsewhere, assessed_on=days_ago(1), **scores(3, 3, 3, 3, 3))
    assert "group" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.adkar_record(program=program, group=cio, assessed_on=days_ago(1), **scores(3, 3, 3, 3, 3))
    assert "individual" in refused.value.message_dict["group"][0]


def test_one_round_per_group_and_day(program, agents):
    services.adkar_record(program=program, group=agents, assessed_on=days_ago(1), **scores(3, 3, 3, 3, 3))
    with pytest.raises(ValidationError) as refused:
        services.adkar_record(program=program, group=agents, assessed_on=days_ago(1), **scores(4, 4, 4, 4, 4))
    assert "assessed_on" in refused.value.message_dict


def test_an_edit_keeps_history_and_refuses_a_stale_version(program, agents):
    from connectmobilize.lib.records import StaleEdit

    first = services.adkar_record(program=program, group=agents, assessed_on=days_ago(1), **scores(3, 3, 3, 3, 3))
    services.adkar_update(assessment=first, version=1, knowledge=4)
    with pytest.raises(StaleEdit):
        services.adkar_update(assessment=first, version=1, knowledge=5)
    first.refresh_from_db()
    assert first.knowledge == 4 and first.history.count() == 2


def test_alignment_ratings_are_1_to_5_and_at_least_one(program, cio):
    with pytest.raises(ValidationError) as refused:
        services.alignment_record(program=program, leader=cio, interviewed_on=days_ago(1), sponsorship=7)
    assert list(refused.value.message_dict) == ["sponsorship"]
    with pytest.raises(ValidationError):
        services.alignment_record(program=program, leader=cio, interviewed_on=days_ago(1))
    services.alignment_record(program=program, leader=cio, interviewed_on=days_ago(30), understanding=2)
    services.alignment_record(program=program, leader=cio, interviewed_on=days_ago(1), understanding=4, sponsorship=3)
    assert LeaderAlignment.objects.filter(leader=cio).count() == 2


def test_a_group_is_not_a_leader_to_interview(program, agents):
    """The page offers individuals only; the service refuses a group whatever calls it (the API included)."""
    with pytest.raises(ValidationError) as refused:
        services.alignment_record(program=program, leader=agents, interviewed_on=days_ago(1), understanding=3)
    assert "is a group" in refused.value.message_dict["leader"][0]
    assert not LeaderAlignment.objects.filter(leader=agents).exists()


def test_alignment_page_shows_each_leader_over_time(client_for, program, cio, viewer):
    services.alignment_record(program=program, leader=cio, interviewed_on=days_ago(30), understanding=2,
                              change_history=2, sponsorship=1)  # fmt: skip
    services.alignment_record(program=program, leader=cio, interviewed_on=days_ago(1), understanding=4,
                              change_history=3, sponsorship=3, notes="Wants a say in the cutover date")  # fmt: skip
    page = client_for(viewer).get(people_url("alignment_list", program)).content.decode()
    assert 'data-leader="CIO"' in page and "Wants a say in the cutover date" in page
    assert page.count('data-series="') == 3  # understanding, change history, sponsorship role


# The executive selector ---------------------------------------------------------------------------------------


def test_the_worst_barrier_is_the_earliest_element_of_any_groups_latest_round(program, agents, supervisors):
    services.adkar_record(program=program, group=agents, assessed_on=days_ago(60), **scores(1, 1, 1, 1, 1))
    services.adkar_record(program=program, group=agents, assessed_on=days_ago(5), **scores(5, 5, 3, 1, 1))
    services.adkar_record(program=program, group=supervisors, assessed_on=days_ago(5), **scores(5, 4, 2, 2, 2))
    calm = ProgramFactory()
    calm_group = Stakeholder.objects.create(program=calm, name="WFM", kind="group")
    services.adkar_record(program=calm, group=calm_group, assessed_on=days_ago(5), **scores(5, 5, 5, 5, 4))

    worst = worst_adkar_barrier_by_program([program.pk, calm.pk])

    assert worst[program.pk] == ("Contact-center supervisors", "knowledge", 2)  # knowledge 2 before knowledge 3
    assert worst[program.pk].label == "Knowledge"
    assert calm.pk not in worst  # no element at 3 or less


def test_the_worst_barrier_takes_constant_queries_in_the_number_of_programs(db, django_assert_num_queries):
    def programs(n):
        ids = []
        for i in range(n):
            p = ProgramFactory()
            group = Stakeholder.objects.create(program=p, name=f"G{i}", kind="group")
            for d in (30, 2):
                services.adkar_record(program=p, group=group, assessed_on=days_ago(d), **scores(4, 3, 2, 2, 2))
            ids.append(p.pk)
        return ids

    few, many = programs(2), programs(8)
    with django_assert_num_queries(1):
        assert len(worst_adkar_barrier_by_program(few)) == 2
    with django_assert_num_queries(1):
        assert len(worst_adkar_barrier_by_program(few + many)) == 10


# Pages ------------------------------------------------------------------------------------------------------------


def test_a_lead_records_a_round_from_the_page_once_even_if_sent_twice(client_for, program, agents, lead):
    client = client_for(lead)
    form = client.get(people_url("adkar_create", program) + f"?group={agents.pk}")
    token = form.context["form"]["submission"].value()
    data = {"group": agents.pk, "assessed_on": days_ago(1).isoformat(), **scores(4, 3, 2, 2, 1), "submission": token}
    first = client.post(people_url("adkar_create", program), data)
    again = client.post(people_url("adkar_create", program), data)
    assert first.status_code == again.status_code == 302, (
        again.context["form"].errors if again.status_code == 200 else ""
    )
    assert first["Location"] == again["Location"] == people_url("adkar_group", program, group_id=agents.pk)
    assert AdkarAssessment.objects.count() == 1
    page = client.get(first["Location"]).content.decode()
    assert "Desire (3)" in page


def test_the_page_names_an_out_of_range_score(client_for, program, agents, manager):
    response = client_for(manager).post(
        people_url("adkar_create", program),
        {"group": agents.pk, "assessed_on": days_ago(1).isoformat(), **scores(4, 3, 9, 2, 1)},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["knowledge"]
    assert not AdkarAssessment.objects.exists()


def test_viewers_read_but_do_not_record(client_for, program, agents, viewer, members):
    round_ = services.adkar_record(program=program, group=agents, assessed_on=days_ago(1), **scores(3, 3, 3, 3, 3))
    client = client_for(viewer)
    assert client.get(people_url("adkar_group", program, group_id=agents.pk)).status_code == 200
    assert client.get(people_url("adkar_create", program)).status_code == 403
    assert client.post(people_url("adkar_edit", program, assessment_id=round_.pk), {}).status_code == 403
    assert client_for(members["executive"]).get(people_url("alignment_create", program)).status_code == 403


def test_an_outsider_finds_nothing(client_for, program, agents, outsider):
    round_ = services.adkar_record(program=program, group=agents, assessed_on=days_ago(1), **scores(3, 3, 3, 3, 3))
    client = client_for(outsider)
    for url in (people_url("adkar", program), people_url("adkar_group", program, group_id=agents.pk),
                people_url("adkar_edit", program, assessment_id=round_.pk)):  # fmt: skip
        assert client.get(url).status_code == 404


def test_the_adkar_and_alignment_pages_run_constant_queries(client_for, program, viewer,
                                                            django_assert_max_num_queries):  # fmt: skip
    def fill(start, n):
        for i in range(start, start + n):
            group = Stakeholder.objects.create(program=program, name=f"Group {i}", kind="group")
            leader = Stakeholder.objects.create(program=program, name=f"Leader {i}", kind="individual")
            for d in (40, 10):
                services.adkar_record(program=program, group=group, assessed_on=days_ago(d), **scores(4, 3, 3, 2, 1))
                services.alignment_record(program=program, leader=leader, interviewed_on=days_ago(d), understanding=3)
        return group

    client = client_for(viewer)
    pages = lambda g: [people_url("adkar", program), people_url("alignment_list", program),  # noqa: E731
                       people_url("adkar_group", program, group_id=g.pk)]  # fmt: skip
    group = fill(0, 2)
    counts = []
    for url in pages(group):
        with django_assert_max_num_queries(20) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    group = fill(2, 8)
    for url, before in zip(pages(group), counts, strict=True):
        with django_assert_max_num_queries(before):
            assert client.get(url).status_code == 200
