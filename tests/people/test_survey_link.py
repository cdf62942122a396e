"""The anonymous survey link: no sign-in, nothing about the program but the survey's title and questions, one
response per form, refused whole on unknown answers, shut outside its window; results hidden below 5."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from people import services, survey
from people.models import Stakeholder, SurveyResponse
from tests.factories import GoLiveEventFactory, MilestoneFactory, RiskFactory
from tests.people.conftest import people_url

AGREE = {q.key: "3" for q in survey.QUESTIONS}


@pytest.fixture
def pulse(program, manager, agents):
    now = timezone.now()
    return services.survey_open(program=program, user=manager, title="Readiness pulse", groups=[agents],
                                opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=7))  # fmt: skip


def link(round_):
    return reverse("survey:respond", args=[round_.token])


def nonce_of(page: str) -> str:
    return re.search(r'name="nonce" value="([^"]+)"', page).group(1)


def answer(client, round_, **extra):
    nonce = nonce_of(client.get(link(round_)).content.decode())
    return client.post(link(round_), {**AGREE, "nonce": nonce, **extra}), nonce


def test_anyone_with_the_link_answers_without_signing_in(client, pulse, agents):
    response, _ = answer(client, pulse, group=agents.pk, tenure="1_3", level="front_line", comment="Headsets?")
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    saved = SurveyResponse.objects.get()
    assert (saved.group, saved.tenure, saved.answers["comms_1"]) == (agents, "1_3", 3)
    assert not hasattr(saved, "user")  # nothing ties the answers to a person


def test_the_link_reveals_nothing_about_the_program(client, program, pulse, manager):
    MilestoneFactory(program=program, title="Porting of the toll-free numbers")
    RiskFactory(program=program, title="Agents resist the soft-phone")
    GoLiveEventFactory(program=program, name="Wave 1: customer service lines")
    response = client.get(link(pulse))
    page = response.content.decode()
    assert response.status_code == 200 and "Readiness pulse" in page
    assert all(q.text.replace("'", "&#x27;") in page for q in survey.QUESTIONS)
    for secret in (program.name, program.slug, "Porting", "soft-phone", "Wave 1", manager.email, "/p/", "Sign out"):
        assert secret not in page, secret
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_a_made_up_link_is_not_found(client, pulse):
    assert client.get(reverse("survey:respond", args=["x" * 43])).status_code == 404
    assert client.get(reverse("survey:respond", args=[pulse.token[:-1]])).status_code == 404


def test_a_form_sent_again_is_not_counted_again(client, pulse):
    first, nonce = answer(client, pulse)
    replay = client.post(link(pulse), {**AGREE, "nonce": nonce, "comms_1": "1"})
    assert first.status_code == 200
    assert replay.status_code == 409 and "already sent" in replay.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_a_made_up_or_foreign_nonce_is_refused(client, pulse, program, manager):
    other = services.survey_open(program=program, user=manager, title="Other", opens_at=pulse.opens_at,
                                 closes_at=pulse.closes_at)  # fmt: skip
    for nonce in ("1.abc:forged:sig", services.survey_nonce(other)):
        response = client.post(link(pulse), {**AGREE, "nonce": nonce})
        assert response.status_code == 400 and "damaged" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_unknown_answers_refuse_the_whole_response(client, pulse):
    for extra in ({"salary_1": "4"}, {"comms_1": "9"}, {"group": "999"}, {"tenure": "forever"}):
        response, _ = answer(client, pulse, **extra)
        assert response.status_code == 400, extra
        assert "Nothing was saved" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_outside_its_window_the_link_says_so_and_takes_nothing(client, pulse):
    nonce = services.survey_nonce(pulse)
    now = timezone.now()
    type(pulse).objects.filter(pk=pulse.pk).update(opens_at=now - dt.timedelta(days=9),
                                                   closes_at=now - dt.timedelta(days=2))  # fmt: skip
    for response in (client.get(link(pulse)), client.post(link(pulse), {**AGREE, "nonce": nonce})):
        assert response.status_code == 410
        assert "This survey is closed" in response.content.decode()
    type(pulse).objects.filter(pk=pulse.pk).update(opens_at=now + dt.timedelta(days=1),
                                                   closes_at=now + dt.timedelta(days=8))  # fmt: skip
    assert "not open yet" in client.get(link(pulse)).content.decode()
    assert not SurveyResponse.objects.exists()


def test_an_oversized_post_is_refused_before_it_is_read(client, pulse):
    response = client.post(link(pulse), {**AGREE, "nonce": "x", "comment": "y" * 20_000})
    assert response.status_code == 413
    assert not SurveyResponse.objects.exists()


def test_the_service_refuses_a_closed_round_and_a_replay(pulse):
    nonce = services.survey_nonce(pulse)
    services.survey_respond(survey_round=pulse, nonce=nonce, answers=AGREE)
    with pytest.raises(services.AlreadySent):
        services.survey_respond(survey_round=pulse, nonce=nonce, answers=AGREE)
    pulse.closes_at = timezone.now() - dt.timedelta(seconds=1)
    with pytest.raises(services.SurveyClosed):
        services.survey_respond(survey_round=pulse, nonce=services.survey_nonce(pulse), answers=AGREE)
    with pytest.raises(ValidationError):
        services.survey_open(program=pulse.program, user=None, title="Backwards", opens_at=timezone.now(),
                             closes_at=timezone.now() - dt.timedelta(days=1))  # fmt: skip


def test_results_appear_from_five_responses_and_per_slice(client_for, client, pulse, program, agents, viewer):
    supervisors = Stakeholder.objects.create(program=program, name="Supervisors", kind="group")
    pulse.groups.add(supervisors)
    for _ in range(4):
        answer(client, pulse, group=agents.pk)
    page = client_for(viewer).get(people_url("survey_detail", program, survey_id=pulse.pk)).content.decode()
    assert 'id="results-hidden"' in page and 'id="survey-link"' not in page  # a viewer does not get the link

    answer(client, pulse, group=agents.pk, **{"leadership_1": "1", "leadership_2": "1", "leadership_3": "1"})
    answer(client, pulse, group=supervisors.pk)
    page = client_for(viewer).get(people_url("survey_detail", program, survey_id=pulse.pk)).content.decode()
    assert 'id="results-hidden"' not in page
    group_table = page[page.index('data-slice="Group"') :]
    agents_row = group_table[group_table.index('data-row="Agents (voice)"') :].split("</tr>")[0]
    supervisors_row = group_table[group_table.index('data-row="Supervisors"') :].split("</tr>")[0]
    assert ">5<" in agents_row and "2.6" in agents_row  # leadership: (4×3 + 1) ... per answer: (12×3 + 3×1) / 15
    assert "Hidden: fewer than 5 responses" in supervisors_row and "3.0" not in supervisors_row
    assert 'data-slice="Department"' in page and 'data-slice="Tenure"' in page


def test_a_manager_opens_a_round_and_sees_its_link(client_for, program, agents, manager, viewer):
    now = timezone.localtime()
    client = client_for(manager)
    form = client.get(people_url("survey_create", program))
    response = client.post(people_url("survey_create", program), {
        "title": "Pulse June", "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"), "groups": [agents.pk],
        "submission": form.context["form"]["submission"].value(),
    })  # fmt: skip
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    token = program.survey_rounds.get().token
    assert len(token) >= 40 and f"/s/{token}/" in page
    assert client_for(viewer).get(people_url("survey_create", program)).status_code == 403


def test_the_survey_list_runs_constant_queries_and_draws_the_trend(client, client_for, program, manager, viewer,
                                                                   django_assert_max_num_queries):  # fmt: skip
    def rounds(n):
        for i in range(n):
            now = timezone.now()
            r = services.survey_open(
                program=program, user=manager, title=f"Round {i}", opens_at=now - dt.timedelta(hours=1),
                closes_at=now + dt.timedelta(days=1),
            )  # fmt: skip
            for _ in range(5):
                services.survey_respond(survey_round=r, nonce=services.survey_nonce(r), answers=AGREE)

    rounds(2)
    reader = client_for(viewer)
    with django_assert_max_num_queries(20) as captured:
        page = reader.get(people_url("survey_list", program)).content.decode()
    assert 'data-testid="trend-chart"' in page
    rounds(5)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        assert reader.get(people_url("survey_list", program)).status_code == 200


def test_a_flood_from_one_address_is_slowed_down(client, pulse, monkeypatch):
    from people import views

    monkeypatch.setattr(views, "RATE_LIMIT", 2)
    statuses = [answer(client, pulse)[0].status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert SurveyResponse.objects.count() == 2
