"""The people & change API: each resource refuses what its page refuses (through the same service), is kept with
the version read where it is edited, and answers outsiders 404, read-only members 403 and anonymous callers 401;
survey results stay hidden below five responses; lists cost the same queries whatever their length."""

import datetime as dt

import pytest
from django.utils import timezone

from people import services, survey
from people.models import (
    AdkarAssessment,
    ChangeImpact,
    CommunicationItem,
    SponsorAssessment,
    SponsorNode,
    Stakeholder,
    SurveyResponse,
)
from people.sponsorship import CRITERIA
from tests.api.conftest import base
from tests.factories import GoLiveEventFactory, UserFactory

SCORES = ("awareness", "desire", "knowledge", "ability", "reinforcement")


def ppl(program) -> str:
    return f"{base(program)}/people"


@pytest.fixture
def agents(program):
    return Stakeholder.objects.create(program=program, name="Agents (voice)", kind="group", population=620)


@pytest.fixture
def cio(program):
    return Stakeholder.objects.create(program=program, name="CIO", kind="individual")


def today(days: int = 0) -> str:
    return str(timezone.localdate() + dt.timedelta(days=days))


# Access ----------------------------------------------------------------------------------------------------------

LISTS = ["stakeholders", "impacts", "sponsors", "sponsor-roadmap", "sponsor-activities", "adkar", "alignment",
         "surveys", "comms"]  # fmt: skip


@pytest.mark.parametrize("kind", LISTS)
def test_outsiders_get_404_read_only_members_403_on_writes_and_anonymous_401(api, program, members, outsider, kind):
    url = f"{ppl(program)}/{kind}/"
    assert api().get(url).status_code == 401
    assert api(outsider).get(url).status_code == 404
    assert api(members["viewer"]).get(url).status_code == 200
    if kind != "surveys":  # read only
        body = {"name": "x"} if kind == "stakeholders" else {}
        assert api(members["viewer"]).post(url, body, format="json").status_code == 403
        assert api(outsider).post(url, body, format="json").status_code == 404
    assert not Stakeholder.objects.filter(name="x").exists()


# Stakeholders -------------------------------------------------------------------------------------------------


def test_stakeholders_are_kept_with_the_version_read_and_the_registers_rules(api, program, members):
    lead = api(members["lead"])
    url = f"{ppl(program)}/stakeholders/"
    body = {"name": "Agents (voice)", "kind": "group", "population": 620, "commitment_current": "aware",
            "commitment_desired": "ownership", "channels": ["email", "team_huddle"], "owner": "lead"}  # fmt: skip
    made = lead.post(url, body, format="json")
    assert made.status_code == 201 and made["ETag"] == '"1"'
    assert made.json()["gap"] == 3 and made.json()["quadrant"] == "keep_satisfied"
    one = lead.post(url, {"name": "CIO", "kind": "individual", "population": 12}, format="json")
    assert one.status_code == 400 and "An individual is one person" in one.json()["population"][0]
    again = lead.post(url, {"name": "agents (VOICE)"}, format="json")
    assert again.status_code == 400 and "name" in again.json()
    stranger = lead.post(url, {"name": "WFM", "owner": UserFactory(username="stranger").username}, format="json")
    assert stranger.status_code == 400 and "owner" in stranger.json()

    edited = lead.patch(made["Location"], {"commitment_current": "adopted"}, format="json", HTTP_IF_MATCH='"1"')
    assert edited.status_code == 200 and edited.json()["gap"] == 1 and edited["ETag"] == '"2"'
    stale = lead.patch(made["Location"], {"department": "CC Ops"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and stale.json()["current"]["commitment_current"] == "adopted"
    assert lead.patch(made["Location"], {"department": "CC Ops"}, format="json").status_code == 428

    services.impact_create(group=Stakeholder.objects.get(name="Agents (voice)"), area="systems", level=3)
    individual = lead.patch(made["Location"], {"kind": "individual", "population": 1, "version": 2}, format="json")
    assert individual.status_code == 400 and "stays a group" in individual.json()["kind"][0]
    assert Stakeholder.objects.get(name="Agents (voice)").kind == "group"


def test_the_stakeholder_list_is_filtered_as_on_the_register_and_archived_ones_come_back(api, program, members):
    for name, kind, current in (("Agents", "group", "aware"), ("Supervisors", "group", "adopted"),
                                ("CIO", "individual", "understand")):  # fmt: skip
        department = "CC Ops" if kind == "group" else "IT"
        services.stakeholder_create(program=program, name=name, kind=kind, commitment_current=current,
                                    commitment_desired="adopted", department=department)  # fmt: skip
    lead, url = api(members["lead"]), f"{ppl(program)}/stakeholders/"

    def names(query=""):
        answer = lead.get(url + query)
        assert answer.status_code == 200, answer.json()
        return [s["name"] for s in answer.json()["results"]]

    assert names() == ["Agents", "CIO", "Supervisors"]
    assert names("?kind=individual") == ["CIO"]
    assert names("?gap=true") == ["Agents"]  # aware → adopted: two steps
    assert names("?q=cc+ops") == ["Agents", "Supervisors"]
    assert lead.get(url + "?gap=yes").status_code == 400 and lead.get(url + "?kind=").status_code == 400

    agents = Stakeholder.objects.get(name="Agents")
    archived = lead.post(f"{url}{agents.pk}/archive/", {}, format="json")
    assert archived.status_code == 200 and archived.json()["archived"] and archived["ETag"] == '"2"'
    assert names() == ["CIO", "Supervisors"] and names("?archived=false") == ["CIO", "Supervisors"]
    assert names("?archived=true") == ["Agents", "CIO", "Supervisors"]
    assert lead.get(f"{url}{agents.pk}/").status_code == 200  # an archived stakeholder is still read
    assert (
        api(members["viewer"]).post(f"{url}{agents.pk}/archive/", {"archived": False}, format="json").status_code == 403
    )
    back = lead.post(f"{url}{agents.pk}/archive/", {"archived": False}, format="json")
    assert back.status_code == 200 and names() == ["Agents", "CIO", "Supervisors"]


# Change impact ----------------------------------------------------------------------------------------------


def test_one_impact_per_group_and_area_and_none_for_an_individual(api, program, other_program, members, agents, cio):
    lead, url = api(members["lead"]), f"{ppl(program)}/impacts/"
    made = lead.post(url, {"group": agents.pk, "area": "systems", "level": 4, "future_state": "CCP"}, format="json")
    assert made.status_code == 201 and made.json()["group_name"] == "Agents (voice)"
    twice = lead.post(url, {"group": agents.pk, "area": "systems", "level": 1}, format="json")
    assert twice.status_code == 400 and "already has its systems impact" in twice.json()["non_field_errors"][0]
    person = lead.post(url, {"group": cio.pk, "area": "culture", "level": 2}, format="json")
    assert person.status_code == 400 and "is an individual" in person.json()["group"][0]
    theirs = Stakeholder.objects.create(program=other_program, name="Their agents", kind="group")
    assert "group" in lead.post(url, {"group": theirs.pk, "area": "culture"}, format="json").json()

    moved = lead.patch(made["Location"], {"level": 2, "area": "culture"}, format="json", HTTP_IF_MATCH='"1"')
    assert moved.status_code == 400 and "stays with its group and area" in moved.json()["area"][0]
    edited = lead.patch(made["Location"], {"level": 2, "area": "systems"}, format="json", HTTP_IF_MATCH='"1"')
    assert edited.status_code == 200 and edited.json()["level"] == 2 and edited.json()["area"] == "systems"
    assert lead.get(f"{url}?area=systems&group={agents.pk}").json()["results"][0]["level"] == 2
    assert lead.get(f"{url}?area=culture").json()["results"] == []
    assert ChangeImpact.objects.count() == 1


# The sponsor coalition ------------------------------------------------------------------------------------------


def test_one_primary_sponsor_and_no_loop_in_the_formal_line(api, program, members, agents):
    lead, url = api(members["lead"]), f"{ppl(program)}/sponsors/"
    primary = lead.post(url, {"person_name": "Evelyn Brooks", "title": "COO", "user": "executive"}, format="json")
    assert primary.status_code == 201 and primary.json()["parent"] is None
    second = lead.post(url, {"person_name": "Tom Becker"}, format="json")
    assert second.status_code == 400 and "is the primary sponsor already" in second.json()["parent"][0]
    below = lead.post(url, {"person_name": "Tom Becker", "parent": primary.json()["id"], "impacted_group": agents.pk,
                            "support_level": "resistant"}, format="json")  # fmt: skip
    assert below.status_code == 201
    loop = lead.patch(primary["Location"], {"parent": below.json()["id"]}, format="json", HTTP_IF_MATCH='"1"')
    assert loop.status_code == 400 and "report to someone below them" in loop.json()["parent"][0]
    assert SponsorNode.objects.get(pk=primary.json()["id"]).parent_id is None
    assert api(members["executive"]).post(url, {"person_name": "x"}, format="json").status_code == 403


def test_a_sponsor_leaves_the_diagram_once_nobody_reports_to_them(api, program, members):
    top = services.sponsor_node_create(program=program, person_name="Evelyn Brooks")
    below = services.sponsor_node_create(program=program, person_name="Tom Becker", parent=top)
    lead, url = api(members["lead"]), f"{ppl(program)}/sponsors/"
    kept = lead.delete(f"{url}{top.pk}/", HTTP_IF_MATCH='"1"')
    assert kept.status_code == 400 and "reporting to them" in str(kept.json())
    assert api(members["viewer"]).delete(f"{url}{below.pk}/", HTTP_IF_MATCH='"1"').status_code == 403
    assert lead.delete(f"{url}{below.pk}/").status_code == 428  # removed only at the version read
    services.sponsor_node_update(node=below, version=1, title="Head of operations")
    assert lead.delete(f"{url}{below.pk}/", HTTP_IF_MATCH='"1"').status_code == 412  # changed since it was read
    assert lead.delete(f"{url}{below.pk}/", HTTP_IF_MATCH='"2"').status_code == 204
    assert lead.delete(f"{url}{top.pk}/", HTTP_IF_MATCH='"1"').status_code == 204
    assert not SponsorNode.objects.filter(program=program).exists()


def test_sponsor_worksheets_are_recorded_by_executives_never_edited_and_flag_pcr_02(api, program, members):
    node = services.sponsor_node_create(program=program, person_name="Evelyn Brooks")
    url = f"{ppl(program)}/sponsors/{node.pk}/assessments/"
    sheet = {"assessed_on": today(), **{name: 5 for name, _ in CRITERIA}}
    assert api(members["lead"]).post(url, sheet, format="json").status_code == 403  # leads keep people, not sponsors
    executive = api(members["executive"])
    weak = executive.post(url, sheet, format="json")
    assert weak.status_code == 201 and weak.json()["total"] == 50 and weak.json()["risk"] == "PCR-02"
    assert weak.json()["recorded_by"] == "executive"
    strong = executive.post(url, {**sheet, **{name: 10 for name, _ in CRITERIA}}, format="json")
    assert strong.status_code == 201 and strong.json()["risk"] is None
    assert executive.post(url, {**sheet, "expertise": 6}, format="json").status_code == 400
    future = executive.post(url, {**sheet, "assessed_on": today(1)}, format="json")
    assert future.status_code == 400 and "future" in future.json()["assessed_on"][0]
    assert executive.patch(weak["Location"], {"notes": "x"}, format="json").status_code == 405
    assert [a["total"] for a in executive.get(url).json()["results"]] == [100, 50]
    other = services.sponsor_node_create(program=program, person_name="Tom Becker", parent=node)
    assert executive.get(f"{ppl(program)}/sponsors/{other.pk}/assessments/{weak.json()['id']}/").status_code == 404
    assert SponsorAssessment.objects.count() == 2


# Sponsor activity -------------------------------------------------------------------------------------------


def test_the_sponsor_roadmap_names_an_executive_and_is_cancelled_by_editing(api, program, members):
    executive, url = api(members["executive"]), f"{ppl(program)}/sponsor-roadmap/"
    body = {"sponsor": "executive", "kind": "town_hall", "title": "Town hall Leeds", "planned_on": today(7)}
    assert api(members["lead"]).post(url, body, format="json").status_code == 403
    not_sponsor = executive.post(url, {**body, "sponsor": "lead"}, format="json")
    assert not_sponsor.status_code == 400 and "not an executive or manager" in not_sponsor.json()["sponsor"][0]
    assert "cancelled" in executive.post(url, {**body, "cancelled": True}, format="json").json()  # edited, not made
    made = executive.post(url, body, format="json")
    assert made.status_code == 201 and made.json()["abc"] == "communicate" and not made.json()["is_done"]
    cancelled = executive.patch(made["Location"], {"cancelled": True}, format="json", HTTP_IF_MATCH='"1"')
    assert cancelled.status_code == 200 and cancelled.json()["cancelled"]
    assert executive.get(f"{url}?cancelled=false").json()["results"] == []
    assert len(executive.get(f"{url}?sponsor=executive&done=false").json()["results"]) == 1


def test_what_a_sponsor_did_is_recorded_once_per_planned_item_and_not_ahead_of_time(api, program, members):
    executive, url = api(members["executive"]), f"{ppl(program)}/sponsor-activities/"
    item = services.roadmap_item_create(program=program, sponsor=members["executive"], kind="kick_off",
                                        title="Kick-off", planned_on=timezone.localdate())  # fmt: skip
    body = {"sponsor": "executive", "kind": "kick_off", "title": "Kick-off", "done_on": today(), "planned": item.pk}
    ahead = executive.post(url, {**body, "done_on": today(2)}, format="json")
    assert ahead.status_code == 400 and "has not come yet" in ahead.json()["done_on"][0]
    done = executive.post(url, body, format="json")
    assert done.status_code == 201 and done.json()["recorded_by"] == "executive"
    assert executive.get(f"{ppl(program)}/sponsor-roadmap/{item.pk}/").json()["is_done"]
    twice = executive.post(url, body, format="json")
    assert twice.status_code == 400 and "already recorded as done" in twice.json()["planned"][0]
    assert api(members["lead"]).patch(done["Location"], {"title": "x"}, format="json").status_code == 403


# Assessments ------------------------------------------------------------------------------------------------


def test_adkar_rounds_are_per_group_and_day_and_name_their_barrier(api, program, members, agents, cio):
    lead, url = api(members["lead"]), f"{ppl(program)}/adkar/"
    body = {"group": agents.pk, "assessed_on": today(), **dict(zip(SCORES, (4, 4, 2, 1, 1), strict=True))}
    made = lead.post(url, body, format="json")
    assert made.status_code == 201 and made.json()["barrier"] == {"element": "knowledge", "score": 2}
    assert made.json()["tactic"].startswith("Training")
    twice = lead.post(url, {**body, "awareness": 5}, format="json")
    assert twice.status_code == 400 and "already has a round" in twice.json()["assessed_on"][0]
    person = lead.post(url, {**body, "group": cio.pk}, format="json")
    assert person.status_code == 400 and "ADKAR is assessed per impacted group" in person.json()["group"][0]
    assert lead.post(url, {**body, "ability": 6, "assessed_on": today(-1)}, format="json").status_code == 400
    assert lead.patch(made["Location"], {"notes": "x"}, format="json").status_code == 428  # corrected at a version
    corrected = lead.patch(made["Location"], {"knowledge": 4}, format="json", HTTP_IF_MATCH='"1"')
    assert corrected.status_code == 200 and corrected.json()["barrier"] == {"element": "ability", "score": 1}
    assert lead.patch(made["Location"], {"ability": 6}, format="json", HTTP_IF_MATCH='"2"').status_code == 400
    assert [r["assessed_on"] for r in lead.get(f"{url}?group={agents.pk}").json()["results"]] == [today()]
    assert AdkarAssessment.objects.count() == 1


def test_a_leadership_interview_rates_at_least_one_section(api, program, members, agents, cio):
    lead, url = api(members["lead"]), f"{ppl(program)}/alignment/"
    empty = lead.post(url, {"leader": cio.pk, "interviewed_on": today()}, format="json")
    assert empty.status_code == 400 and "Rate at least one section" in empty.json()["non_field_errors"][0]
    assert "leader" in lead.post(url, {"leader": agents.pk, "interviewed_on": today(), "understanding": 3},
                                 format="json").json()  # a group is not a leader  # fmt: skip
    made = lead.post(url, {"leader": cio.pk, "interviewed_on": today(), "understanding": 2}, format="json")
    assert made.status_code == 201 and made.json()["leader_name"] == "CIO"
    cleared = lead.patch(made["Location"], {"understanding": None}, format="json", HTTP_IF_MATCH='"1"')
    assert cleared.status_code == 400 and "Rate at least one section" in cleared.json()["non_field_errors"][0]
    rated = lead.patch(made["Location"], {"sponsorship": 4}, format="json", HTTP_IF_MATCH='"1"')
    assert rated.status_code == 200 and rated.json()["sponsorship"] == 4 and rated["ETag"] == '"2"'


# The readiness survey ---------------------------------------------------------------------------------------


def respond(round_, group, n, *, start=0, value=3):
    for i in range(start, start + n):
        SurveyResponse.objects.create(survey=round_, submitted_on=timezone.localdate(), group=group,
                                      answers={q.key: value for q in survey.QUESTIONS}, comment=f"Note {i}",
                                      nonce_digest=f"{i:064d}")  # fmt: skip


def test_survey_results_stay_hidden_below_five_responses_as_on_the_page(api, program, members, agents):
    supervisors = Stakeholder.objects.create(program=program, name="Supervisors", kind="group")
    now = timezone.now()
    pulse = services.survey_open(program=program, user=members["manager"], title="Pulse",
                                 groups=[agents, supervisors], opens_at=now - dt.timedelta(hours=1),
                                 closes_at=now + dt.timedelta(days=7))  # fmt: skip
    viewer, lead = api(members["viewer"]), api(members["lead"])
    url = f"{ppl(program)}/surveys/{pulse.pk}/"
    respond(pulse, agents, 4)
    hidden = viewer.get(url).json()
    assert hidden["responses"] == 4 and hidden["state"] == "open"
    assert hidden["results"] == {"hidden": True, "overall": None, "slices": None, "comments": []}
    assert hidden["link"] is None and pulse.token not in str(hidden)  # the anonymous link: who keeps people records
    assert lead.get(url).json()["link"].endswith(f"/s/{pulse.token}/")

    respond(pulse, agents, 1, start=4)
    respond(pulse, supervisors, 2, start=5, value=1)
    shown = viewer.get(url).json()["results"]
    assert not shown["hidden"] and shown["overall"]["culture"]["mean"] == pytest.approx((5 * 3 + 2 * 1) / 7, abs=0.01)
    rows = {row["label"]: row for row in shown["slices"]["Group"]}
    assert rows["Agents (voice)"] == {"label": "Agents (voice)", "hidden": False, "responses": 5,
                                      "cells": {key: {"mean": 3.0} for key in survey.CATEGORIES}}  # fmt: skip
    assert rows["Supervisors"] == {"label": "Supervisors", "hidden": True, "responses": None, "cells": None}
    assert sorted(shown["comments"]) == sorted(f"Note {i}" for i in range(7))
    listed = viewer.get(f"{ppl(program)}/surveys/").json()["results"]
    assert [(r["title"], r["responses"]) for r in listed] == [("Pulse", 7)] and "results" not in listed[0]
    assert lead.post(f"{ppl(program)}/surveys/", {}, format="json").status_code == 400  # opened with a title, a window


# The communications plan -----------------------------------------------------------------------------------


def test_a_communication_names_its_audience_and_an_offset_needs_its_event(api, program, members, agents):
    lead, url = api(members["lead"]), f"{ppl(program)}/comms/"
    event = GoLiveEventFactory(program=program, name="Wave 1")
    loose = lead.post(url, {"audience": agents.pk, "key_message": "Why we move", "offset_days": -14}, format="json")
    assert loose.status_code == 400 and "counts from a go-live event" in loose.json()["offset_days"][0]
    nobody = lead.post(url, {"key_message": "Why we move", "planned_date": today(3)}, format="json")
    assert nobody.status_code == 400 and "Name the audience" in str(nobody.json())
    made = lead.post(url, {"audience": agents.pk, "key_message": "Why we move", "event": event.pk,
                           "offset_days": -14}, format="json")  # fmt: skip
    expected = timezone.localtime(event.starts_at).date() - dt.timedelta(days=14)
    assert made.status_code == 201 and made.json()["planned_on"] == str(expected)
    assert made.json()["audience_label"] == "Agents (voice)" and made.json()["source"] == "manual"
    sent = lead.patch(made["Location"], {"status": "sent"}, format="json", HTTP_IF_MATCH='"1"')
    assert sent.status_code == 200 and sent.json()["sent_on"] == today()
    assert [c["id"] for c in lead.get(f"{url}?status=sent&event={event.pk}").json()["results"]] == [made.json()["id"]]
    assert lead.get(f"{url}?status=planned").json()["results"] == []
    assert CommunicationItem.objects.count() == 1


def test_the_comms_of_a_go_live_are_generated_once(api, program, other_program, members):
    lead, url = api(members["lead"]), f"{ppl(program)}/comms/generate/"
    event = GoLiveEventFactory(program=program, name="Wave 1")
    assert api(members["viewer"]).post(url, {"event": event.pk}, format="json").status_code == 403
    theirs = GoLiveEventFactory(program=other_program)
    assert "event" in lead.post(url, {"event": theirs.pk}, format="json").json()
    made = lead.post(url, {"event": event.pk}, format="json")
    assert made.status_code == 200 and sorted(c["offset_days"] for c in made.json()) == [-14, -2, 1]
    assert {c["source"] for c in made.json()} == {"go_live"}
    again = lead.post(url, {"event": event.pk}, format="json")
    assert again.status_code == 200 and again.json() == [] and CommunicationItem.objects.count() == 3


# Queries ----------------------------------------------------------------------------------------------------


def test_people_lists_cost_the_same_queries_whatever_their_length(api, program, members,
                                                                  django_assert_max_num_queries):  # fmt: skip
    client = api(members["viewer"])
    urls = [f"{ppl(program)}/{kind}/" for kind in LISTS]
    client.get(urls[0])  # warm: the token's last use is written once a minute
    event = GoLiveEventFactory(program=program)
    now = timezone.now()
    root = services.sponsor_node_create(program=program, person_name="Primary sponsor", user=members["executive"])

    def grow(start, n):
        for i in range(start, start + n):
            group = services.stakeholder_create(program=program, name=f"Group {i}", owner=members["lead"])
            leader = services.stakeholder_create(program=program, name=f"Leader {i}", kind="individual")
            services.impact_create(group=group, area="systems", level=2)
            node = services.sponsor_node_create(program=program, person_name=f"P {i}", parent=root,
                                                impacted_group=group, user=members["lead"])  # fmt: skip
            SponsorAssessment.objects.create(program=program, sponsor=node, assessed_on=timezone.localdate(), total=0,
                                             recorded_by=members["manager"],
                                             **dict.fromkeys((n for n, _ in CRITERIA), 0))  # fmt: skip
            item = services.roadmap_item_create(program=program, sponsor=members["executive"], kind="town_hall",
                                                title=f"T {i}", planned_on=timezone.localdate())  # fmt: skip
            services.sponsor_activity_record(program=program, sponsor=members["executive"], user=members["manager"],
                                             kind="town_hall", title=f"T {i}", done_on=timezone.localdate(),
                                             planned=item)  # fmt: skip
            services.adkar_record(program=program, group=group, assessed_on=timezone.localdate(),
                                  **dict.fromkeys(SCORES, 3))  # fmt: skip
            services.alignment_record(program=program, leader=leader, interviewed_on=timezone.localdate(),
                                      understanding=3)  # fmt: skip
            round_ = services.survey_open(program=program, user=None, title=f"Pulse {i}", opens_at=now,
                                          closes_at=now + dt.timedelta(days=3), groups=[group])  # fmt: skip
            respond(round_, group, 1, start=i)
            services.comm_create(program=program, audience=group, key_message="x", event=event, offset_days=-i)

    grow(0, 1)
    with django_assert_max_num_queries(60) as one:
        for url in urls:
            client.get(url)
    grow(1, 12)
    with django_assert_max_num_queries(len(one.captured_queries)):
        for url in urls:
            assert len(client.get(url).json()["results"]) >= 13, url
