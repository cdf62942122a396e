"""Writes the pages offered that the API lacked (the completeness audit of issue 12, /work/notes/api-gaps.md):
each through the page's service, with the page's access and its rules; outsiders 404, members whose access does
not allow it 403, anonymous callers 401 and a read-only token 403, with nothing written."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from connectmobilize.lib.tokens import api_token_create
from governance import services as governance_services
from governance.models import Action, Issue, ProgramSettings, Routine
from operating_model.models import ServiceCatalogItem
from people.models import AdkarAssessment, Stakeholder, SurveyRound
from programs.models import Membership
from raci.models import Activity
from readiness.models import ChecklistItem
from tests.api.conftest import base
from tests.api.test_raci_api import small_matrix
from tests.factories import ChecklistItemFactory, GoLiveEventFactory, RiskFactory, letter_of


def gov(program) -> str:
    return f"{base(program)}/governance"


def at(days: int = 0, hours: int = 0) -> str:
    return (timezone.now() + dt.timedelta(days=days, hours=hours)).isoformat()


# RACI ---------------------------------------------------------------------------------------------------


def test_many_cells_are_set_as_one_change_all_or_none(api, program, members):
    matrix, columns, activities = small_matrix(program)  # the last row has no A: one error
    url, lead = f"{base(program)}/matrices/{matrix.pk}/cells/", api(members["lead"])
    last, a_role, c_role = activities[-1].pk, columns[0].role_id, columns[2].role_id
    foreign = lead.post(url, {"cells": [{"activity": last, "role": a_role, "code": "A", "expected": ""},
                                        {"activity": last, "role": c_role, "code": "X", "expected": ""}]},
                        format="json")  # fmt: skip
    assert foreign.status_code == 400 and '"X"' in str(foreign.json())
    assert letter_of(activities[-1], a_role) == "" and letter_of(activities[-1], c_role) == ""
    done = lead.post(url, {"cells": [{"activity": last, "role": a_role, "code": "a", "expected": ""},
                                     {"activity": last, "role": c_role, "code": "C", "expected": ""}]},
                     format="json")  # fmt: skip
    assert done.status_code == 200, done.json()
    assert len(done.json()["changed"]) == 2 and done.json()["summary"]["errors"] == 0
    stale = api(members["manager"]).post(url, {"cells": [{"activity": last, "role": c_role, "code": "I",
                                                          "expected": ""}]}, format="json")  # fmt: skip
    assert stale.status_code == 409 and stale.json()["cells"][0]["current"] == "C"
    assert letter_of(activities[-1], c_role) == "C"
    assert lead.post(url, {"cells": []}, format="json").status_code == 400


# Governance ---------------------------------------------------------------------------------------------


def test_the_starting_routines_are_added_once_by_a_manager(api, program, members):
    started = api(members["manager"]).post(f"{gov(program)}/routines/start/", {}, format="json")
    assert started.status_code == 200 and started.json(), started.json()
    names = {r["name"] for r in started.json()}
    assert names == set(Routine.objects.filter(program=program).values_list("name", flat=True))
    assert api(members["manager"]).post(f"{gov(program)}/routines/start/", {}, format="json").json() == []
    refused = api(members["lead"]).post(f"{gov(program)}/routines/start/", {}, format="json")
    assert refused.status_code == 403  # the overview's button is for who runs governance: managers


def test_the_governance_settings_are_read_by_members_and_changed_at_the_version_read(api, program, members):
    url = f"{gov(program)}/settings/"
    read = api(members["viewer"]).get(url)
    assert read.status_code == 200 and read.json() == {"decision_wait_days": 14, "version": 1} and read["ETag"] == '"1"'
    manager = api(members["manager"])
    assert manager.patch(url, {"decision_wait_days": 7}, format="json").status_code == 428
    saved = manager.patch(url, {"decision_wait_days": 7}, format="json", HTTP_IF_MATCH='"1"')
    assert saved.status_code == 200 and saved.json() == {"decision_wait_days": 7, "version": 2}
    stale = manager.patch(url, {"decision_wait_days": 30}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and stale.json()["current"]["decision_wait_days"] == 7
    too_long = manager.patch(url, {"decision_wait_days": 400}, format="json", HTTP_IF_MATCH='"2"')
    assert too_long.status_code == 400 and "decision_wait_days" in too_long.json()
    assert api(members["lead"]).patch(url, {"decision_wait_days": 3}, format="json",
                                      HTTP_IF_MATCH='"2"').status_code == 403  # fmt: skip
    assert ProgramSettings.objects.get(program=program).decision_wait_days == 7


def test_an_action_carries_out_a_decision_of_the_program(api, program, other_program, members):
    lead = api(members["lead"])
    decision = governance_services.decision_raise(program=program, user=members["manager"], title="Freeze scope")
    theirs = governance_services.decision_raise(program=other_program, user=members["manager"], title="Theirs")
    body = {"title": "Tell the vendors", "owner": "lead", "due_date": str(timezone.localdate()),
            "decision": decision.pk}  # fmt: skip
    made = lead.post(f"{gov(program)}/actions/", body, format="json")
    assert made.status_code == 201 and made.json()["decision"] == decision.pk, made.json()
    foreign = lead.post(f"{gov(program)}/actions/", {**body, "decision": theirs.pk}, format="json")
    assert foreign.status_code == 400 and "decision" in foreign.json()
    moved = lead.patch(made["Location"], {"decision": None}, format="json", HTTP_IF_MATCH='"1"')
    assert moved.status_code == 400 and "given when it is raised" in moved.json()["decision"][0]
    assert Action.objects.get().decision == decision


def test_an_issue_comes_from_a_realised_risk_once_starting_as_the_page_starts_it(api, program, members):
    lead = api(members["lead"])
    risk = RiskFactory(program=program, title="Carrier porting slips", status="open", owner=members["si"])
    url = f"{gov(program)}/issues/"
    open_risk = lead.post(url, {"risk": risk.pk}, format="json")
    assert open_risk.status_code == 400 and "Only a realised risk" in open_risk.json()["risk"][0]
    risk.status = "realised"
    risk.save()
    made = lead.post(url, {"risk": risk.pk}, format="json")
    assert made.status_code == 201, made.json()
    assert (made.json()["title"], made.json()["owner"], made.json()["risk"]) == ("Carrier porting slips", "si", risk.pk)
    again = lead.post(url, {"risk": risk.pk, "title": "Porting again"}, format="json")
    assert again.status_code == 400 and "already has an issue" in again.json()["risk"][0]
    assert Issue.objects.get().risk == risk


# Readiness ----------------------------------------------------------------------------------------------


@pytest.fixture
def item(program, members):
    event = GoLiveEventFactory(program=program, name="Wave 1")
    return ChecklistItemFactory(event=event, ref="SI-04", text="UAT signed", owner=members["lead"])


def test_an_items_details_are_edited_by_service_introduction_not_by_its_owner(api, program, members, item):
    url = f"{base(program)}/events/{item.event_id}/items/{item.pk}/"
    lead, si = api(members["lead"]), api(members["si"])
    refused = lead.patch(url, {"text": "UAT waived"}, format="json", HTTP_IF_MATCH='"1"')
    assert refused.status_code == 403 and "text" in refused.json()["detail"]
    assert lead.patch(url, {"evidence_note": "UAT plan"}, format="json", HTTP_IF_MATCH='"1"').status_code == 200
    edited = si.patch(url, {"text": "UAT signed by the business", "approver": "manager", "ref": "si-07"},
                      format="json", HTTP_IF_MATCH='"2"')  # fmt: skip
    assert edited.status_code == 200, edited.json()
    shown = edited.json()
    assert (shown["ref"], shown["approver"], shown["evidence_note"]) == ("SI-07", "manager", "UAT plan")
    both = si.patch(url, {"text": "x", "evidence_note": "y"}, format="json", HTTP_IF_MATCH='"3"')
    assert both.status_code == 400
    ChecklistItemFactory(event=item.event, ref="SI-08")
    taken = si.patch(url, {"ref": "SI-08"}, format="json", HTTP_IF_MATCH='"3"')
    assert taken.status_code == 400 and "already an item" in taken.json()["ref"][0]
    outsider_owner = si.patch(url, {"owner": "outsider"}, format="json", HTTP_IF_MATCH='"3"')
    assert outsider_owner.status_code == 400 and "owner" in outsider_owner.json()
    assert ChecklistItem.objects.get(pk=item.pk).text == "UAT signed by the business"


# Operating model ----------------------------------------------------------------------------------------


def test_the_standard_support_processes_are_added_once(api, program, members):
    url = f"{base(program)}/operating-model/catalogue/start/"
    started = api(members["lead"]).post(url, {}, format="json")
    assert started.status_code == 200 and len(started.json()) == 24
    assert ServiceCatalogItem.objects.filter(program=program).count() == 24
    assert api(members["lead"]).post(url, {}, format="json").json() == []


# People -------------------------------------------------------------------------------------------------


@pytest.fixture
def agents(program):
    return Stakeholder.objects.create(program=program, name="Agents (voice)", kind="group", population=620)


def test_a_survey_round_is_opened_and_its_window_changed_at_the_version_read(api, program, members, agents):
    lead, url = api(members["lead"]), f"{base(program)}/people/surveys/"
    body = {"title": "Pulse 1", "opens_at": at(hours=-1), "closes_at": at(days=7), "groups": [agents.pk]}
    backwards = lead.post(url, {**body, "closes_at": at(days=-2)}, format="json")
    assert backwards.status_code == 400 and "close after it opens" in backwards.json()["closes_at"][0]
    cio = Stakeholder.objects.create(program=program, name="CIO", kind="individual")
    person = lead.post(url, {**body, "groups": [cio.pk]}, format="json")
    assert person.status_code == 400 and "groups" in person.json()
    made = lead.post(url, body, format="json")
    assert made.status_code == 201 and made.json()["state"] == "open" and made.json()["groups"] == [agents.pk]
    closed = lead.patch(made["Location"], {"closes_at": at(hours=-0.5)}, format="json", HTTP_IF_MATCH='"1"')
    assert closed.status_code == 200 and closed.json()["state"] == "closed" and closed.json()["groups"] == [agents.pk]
    stale = lead.patch(made["Location"], {"title": "Pulse"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert SurveyRound.objects.get().created_by == members["lead"]


# Members ------------------------------------------------------------------------------------------------


def test_a_manager_invites_someone_new_by_email_as_from_the_members_page(api, tasks, program, members):
    manager, url = api(members["manager"]), f"{base(program)}/members/"
    typo = manager.post(url, {"username": "not an address"}, format="json")
    assert typo.status_code == 400 and "give their email address" in typo.json()["username"][0]
    invited = tasks(manager.post, url, {"username": "Ana.Silva@Example.com", "name": "Ana Silva", "access": "lead"},
                    format="json")  # fmt: skip
    assert invited.status_code == 201, invited.json()
    assert (invited.json()["email"], invited.json()["name"], invited.json()["access"]) == (
        "Ana.Silva@example.com", "Ana Silva", "lead",
    )  # fmt: skip
    user = get_user_model().objects.get(email__iexact="ana.silva@example.com")
    assert not user.has_usable_password() and Membership.objects.get(user=user).access == "lead"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["Ana.Silva@example.com"]
    again = manager.post(url, {"username": "ana.silva@example.com"}, format="json")
    assert again.status_code == 400 and "already a member" in again.json()["username"][0]


# Who may: every new write -------------------------------------------------------------------------------


def new_writes(program, members, item, agents):
    """(method, url, body) of every write this audit added, each a change a viewer may not make."""
    survey = SurveyRound.objects.create(program=program, title="Pulse", opens_at=timezone.now(),
                                        closes_at=timezone.now() + dt.timedelta(days=7), token="t" * 43)  # fmt: skip
    adkar = AdkarAssessment.objects.create(program=program, group=agents, assessed_on=timezone.localdate(),
                                           awareness=3, desire=3, knowledge=3, ability=3, reinforcement=3)  # fmt: skip
    matrix, columns, activities = small_matrix(program)
    cell = {"activity": activities[-1].pk, "role": columns[0].role_id, "code": "A", "expected": ""}
    return [
        ("post", f"{gov(program)}/routines/start/", {}),
        ("patch", f"{gov(program)}/settings/", {"decision_wait_days": 3}),
        ("post", f"{gov(program)}/actions/", {"title": "T", "owner": "lead", "due_date": str(timezone.localdate())}),
        ("post", f"{gov(program)}/issues/", {"risk": RiskFactory(program=program, status="realised").pk}),
        ("patch", f"{base(program)}/events/{item.event_id}/items/{item.pk}/", {"text": "Changed"}),
        ("post", f"{base(program)}/operating-model/catalogue/start/", {}),
        ("post", f"{base(program)}/people/surveys/", {"title": "T", "opens_at": at(), "closes_at": at(days=1)}),
        ("patch", f"{base(program)}/people/surveys/{survey.pk}/", {"title": "Changed"}),
        ("patch", f"{base(program)}/people/adkar/{adkar.pk}/", {"notes": "Changed"}),
        ("post", f"{base(program)}/members/", {"username": "new@example.com"}),
        ("post", f"{base(program)}/matrices/{matrix.pk}/cells/", {"cells": [cell]}),
    ]


def test_every_new_write_refuses_outsiders_viewers_anonymous_callers_and_read_only_tokens(
    api, program, members, item, agents, outsider
):
    _, read_only = api_token_create(user=members["manager"], name="Reports", read_only=True)
    reader = api()
    reader.credentials(HTTP_AUTHORIZATION=f"Bearer {read_only}")
    before = (Routine.objects.count(), ServiceCatalogItem.objects.count(), Action.objects.count(),
              Issue.objects.count(), SurveyRound.objects.count(), Membership.objects.count())  # fmt: skip
    for method, url, body in new_writes(program, members, item, agents):
        for client, status in ((api(outsider), 404), (api(members["viewer"]), 403), (api(), 401), (reader, 403)):
            response = getattr(client, method)(url, body, format="json", HTTP_IF_MATCH='"1"')
            assert response.status_code == status, (method, url, status, response.status_code)
    after = (Routine.objects.count(), ServiceCatalogItem.objects.count(), Action.objects.count(),
             Issue.objects.count(), SurveyRound.objects.count() - 1, Membership.objects.count())  # fmt: skip
    assert after == before and not ProgramSettings.objects.exists()
    assert ChecklistItem.objects.get(pk=item.pk).text == "UAT signed"
    assert SurveyRound.objects.get().title == "Pulse" and AdkarAssessment.objects.get().notes == ""
    letters = [code for row in Activity.objects.values_list("letters", flat=True) for code in row.values()]
    assert len(letters) == 3  # the matrix's own letters only
