"""The governance API writes routines as the routine pages do (RoutineCreate/Edit): managers add and change them
with the version read, through governance/services.py, refused where the pages refuse."""

from django.utils import timezone

from governance import services
from governance.models import Routine
from tests.api.conftest import base
from tests.factories import RoleFactory


def routines(program) -> str:
    return f"{base(program)}/governance/routines/"


def body(**changes):
    return {"name": "Steering committee", "kind": "steering", "cadence": "fortnightly", "duration_minutes": 60,
            "first_at": "2027-01-05T10:00:00Z", "time_zone": "Europe/London", **changes}  # fmt: skip


def test_a_routine_is_added_and_changed_at_the_version_read(api, program, members):
    manager = api(members["manager"])
    sd, it = RoleFactory(program=program, code="SD"), RoleFactory(program=program, code="IT")
    made = manager.post(routines(program), body(attendees=[sd.pk, it.pk], trigger_owner=sd.pk), format="json")
    assert made.status_code == 201 and made["ETag"] == '"1"', made.json()
    assert sorted(made.json()["attendees"]) == sorted([sd.pk, it.pk]) and made.json()["trigger_owner"] == sd.pk

    changed = manager.patch(made["Location"], {"attendees": [it.pk], "cadence": "monthly"}, format="json",
                            HTTP_IF_MATCH=made["ETag"])  # fmt: skip
    assert changed.status_code == 200 and changed.json()["attendees"] == [it.pk] and changed["ETag"] == '"2"'
    kept = manager.patch(made["Location"], {"archived": True}, format="json", HTTP_IF_MATCH=changed["ETag"])
    assert kept.status_code == 200 and kept.json()["attendees"] == [it.pk]  # attendees left out: kept
    stale = manager.patch(made["Location"], {"name": "SteerCo"}, format="json", HTTP_IF_MATCH=made["ETag"])
    assert stale.status_code == 412 and stale.json()["current"]["archived"] is True
    assert manager.patch(made["Location"], {"name": "SteerCo"}, format="json").status_code == 428
    routine = Routine.objects.get()
    assert routine.name == "Steering committee" and routine.cadence == "monthly" and routine.archived


def test_routines_refuse_what_the_routine_page_refuses(api, program, other_program, members):
    manager = api(members["manager"])
    services.routine_create(program=program, name="Steering committee", first_at=timezone.now())
    dup = manager.post(routines(program), body(), format="json")
    assert dup.status_code == 400 and "name" in dup.json()
    zone = manager.post(routines(program), body(name="Risk review", time_zone="Mars/Olympus"), format="json")
    assert zone.status_code == 400 and "is not a time zone" in zone.json()["time_zone"][0]
    backwards = manager.post(routines(program), body(name="Hypercare", active_from="2027-02-01",
                                                     active_until="2027-01-01"), format="json")  # fmt: skip
    assert backwards.status_code == 400 and "before it starts" in backwards.json()["active_until"][0]
    theirs = manager.post(routines(program), body(name="Pre-CAB", attendees=[RoleFactory(program=other_program).pk]),
                          format="json")  # fmt: skip
    assert theirs.status_code == 400 and "attendees" in theirs.json()
    assert Routine.objects.filter(program=program).count() == 1


def test_outsiders_get_404_non_managers_403_and_anonymous_401(api, program, members, outsider):
    routine = services.routine_create(program=program, name="Steering committee", first_at=timezone.now())
    writes = [("post", routines(program), body(name="Risk review")),
              ("patch", f"{routines(program)}{routine.pk}/", {"name": "SteerCo"})]  # fmt: skip
    for method, url, data in writes:
        refusals = [(api(outsider), 404), (api(members["lead"]), 403), (api(members["executive"]), 403), (api(), 401)]
        for client, status in refusals:
            response = getattr(client, method)(url, data, format="json", HTTP_IF_MATCH='"1"')
            assert response.status_code == status, (method, response.status_code)
    assert list(Routine.objects.values_list("name", flat=True)) == ["Steering committee"]
