"""The communications plan: written by hand (optimistic concurrency, created once), generated from a go-live and
the RACI (moving with the event), and feeding the go-live checklist's communications item."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from connectmobilize.lib.records import StaleEdit
from connectmobilize.lib.signals import PROGRAM_INPUT_CHANGED
from people import selectors, services
from people.models import CommunicationItem
from readiness import services as readiness_services
from readiness.selectors import readiness_score
from tests.factories import (
    ActivityFactory,
    MatrixColumnFactory,
    MatrixFactory,
    ProgramFactory,
    RoleFactory,
    WorkstreamFactory,
    put_letters,
)
from tests.people.conftest import people_url


@pytest.fixture
def workstream(program):
    return WorkstreamFactory(program=program, name="Operations")


@pytest.fixture
def wave(program, workstream):
    start = timezone.localtime().replace(hour=22, minute=0, second=0, microsecond=0) + dt.timedelta(days=30)
    return readiness_services.event_create(program=program, name="Wave 1", kind="wave", starts_at=start,
                                           ends_at=start + dt.timedelta(hours=6), workstreams=[workstream])  # fmt: skip


@pytest.fixture
def raci(program, workstream):
    """A matrix of the event's workstream: CCO consulted on two activities, SDK informed of one; and a matrix of
    another workstream whose letters stay out."""
    matrix = MatrixFactory(program=program, workstream=workstream, name="Operations RASCI")
    cco = MatrixColumnFactory(matrix=matrix, role=RoleFactory(program=program, code="CCO", name="CC operations")).role
    sdk = MatrixColumnFactory(matrix=matrix, role=RoleFactory(program=program, code="SDK", name="Service desk")).role
    routing = ActivityFactory(matrix=matrix, name="Routing change")
    prompts = ActivityFactory(matrix=matrix, name="Prompt change")
    put_letters(routing, {cco: "C", sdk: "I"})
    put_letters(prompts, {cco: "C", sdk: "R"})  # SDK's R is not a C or I: no item
    elsewhere = MatrixFactory(program=program, workstream=WorkstreamFactory(program=program), name="Other")
    other = MatrixColumnFactory(matrix=elsewhere, role=RoleFactory(program=program, code="HR", name="HR")).role
    put_letters(ActivityFactory(matrix=elsewhere, name="Payroll"), {other: "I"})


def by_key(program):
    return {c.source_key.split(":", 1)[0] + c.source_key.rsplit(":", 1)[-1]: c for c in selectors.comms_plan(program)}


def test_a_go_live_generates_its_t_minus_items_and_the_racis_consult_and_inform_items_once(program, wave, raci):
    made = services.comms_generate(program=program, event=wave)
    again = services.comms_generate(program=program, event=wave)

    assert again == []
    plan = selectors.comms_plan(program)
    assert len(made) == len(plan) == 5
    start = timezone.localtime(wave.starts_at).date()
    offsets = sorted((c.offset_days, c.planned_on) for c in plan if c.source == "go_live")
    assert offsets == [(-14, start - dt.timedelta(days=14)), (-2, start - dt.timedelta(days=2)),
                       (1, start + dt.timedelta(days=1))]  # fmt: skip
    raci_items = {c.audience_text: c.key_message for c in plan if c.source == "raci"}
    assert raci_items == {
        "CCO – CC operations": "Consult on Wave 1: Routing change; Prompt change",
        "SDK – Service desk": "Inform about Wave 1: Routing change",
    }


def test_generated_items_move_with_the_event(program, wave):
    services.comms_generate(program=program, event=wave)
    later = wave.starts_at + dt.timedelta(days=10)
    readiness_services.event_update(event=wave, version=wave.version, starts_at=later,
                                    ends_at=later + dt.timedelta(hours=6))  # fmt: skip
    t14 = next(c for c in selectors.comms_plan(program) if c.offset_days == -14)
    assert t14.planned_on == timezone.localtime(later).date() - dt.timedelta(days=14)
    assert t14.offset_label == "T-14"


def test_sent_comms_feed_the_checklists_communications_item(program, wave, django_capture_on_commit_callbacks):
    def si29():
        return next(c for c in readiness_score(wave.pk).criteria if c.key == "SI-29")

    assert si29().explanation == "Not started"  # no plan for the event yet: the item's own tick counts
    services.comms_generate(program=program, event=wave)
    assert si29().value == 0.0 and "0 of 3" in si29().explanation

    heard = []
    PROGRAM_INPUT_CHANGED.connect(receiver := lambda sender, program_id, **kw: heard.append(program_id))
    try:
        for comm in CommunicationItem.objects.filter(event=wave, offset_days__lt=0):
            with django_capture_on_commit_callbacks(execute=True):
                services.comm_update(comm=comm, version=comm.version, status="sent")
    finally:
        PROGRAM_INPUT_CHANGED.disconnect(receiver)
    assert heard == [program.pk, program.pk]  # readiness is told; it recomputes the event
    criterion = si29()
    assert round(criterion.value, 2) == 0.67 and "2 of 3" in criterion.explanation
    assert criterion.link.endswith(f"/people/comms/?event={wave.pk}")
    CommunicationItem.objects.filter(event=wave, offset_days=1).update(status="cancelled")
    assert si29().value == 1.0  # a cancelled item is not waited for


def test_an_item_needs_an_audience_and_a_date(program, agents, wave):
    with pytest.raises(ValidationError):
        services.comm_create(program=program, key_message="Why", planned_date=timezone.localdate())
    with pytest.raises(ValidationError) as refused:
        services.comm_create(program=program, audience=agents, key_message="Why", offset_days=-3)
    assert "offset_days" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.comm_create(program=program, audience=agents, key_message="Why")
    sent = services.comm_create(program=program, audience=agents, key_message="Why", event=wave, offset_days=-3,
                                planned_date=timezone.localdate(), status="sent")  # fmt: skip
    assert sent.planned_date is None and sent.sent_on == timezone.localdate()  # the offset wins; sent is dated


def test_an_edit_from_an_old_version_is_refused(program, agents):
    comm = services.comm_create(program=program, audience=agents, key_message="Why", planned_date=timezone.localdate())
    services.comm_update(comm=comm, version=1, feedback="Agents want dates")
    with pytest.raises(StaleEdit):
        services.comm_update(comm=comm, version=1, status="cancelled")


def test_the_page_creates_once_and_shows_a_conflict(client_for, program, agents, lead, manager):
    client = client_for(lead)
    form = client.get(people_url("comms_create", program))
    data = {"audience": agents.pk, "key_message": "Headsets arrive Monday", "channel": "email",
            "planned_date": timezone.localdate().isoformat(), "status": "planned",
            "submission": form.context["form"]["submission"].value()}  # fmt: skip
    assert client.post(people_url("comms_create", program), data).status_code == 302
    assert client.post(people_url("comms_create", program), data).status_code == 302
    comm = CommunicationItem.objects.get()

    edit = people_url("comms_edit", program, comm_id=comm.pk)
    opened = client.get(edit).context["form"]["version"].value()
    services.comm_update(comm=comm, version=comm.version, feedback="Supervisors will cascade")
    mine = {**data, "status": "sent", "version": opened}
    del mine["submission"]
    response = client_for(manager).post(edit, mine)
    assert response.status_code == 409
    comm.refresh_from_db()
    assert comm.status == "planned" and comm.feedback == "Supervisors will cascade"


def test_generation_from_the_page(client_for, program, wave, raci, manager, viewer):
    response = client_for(manager).post(people_url("comms_generate", program), {"event": wave.pk})
    assert response.status_code == 302 and response["Location"].endswith(f"?event={wave.pk}")
    page = client_for(viewer).get(response["Location"]).content.decode()
    assert "T-14 Wave 1" in page and "Consult on Wave 1" in page
    assert client_for(viewer).post(people_url("comms_generate", program), {"event": wave.pk}).status_code == 403


def test_an_outsider_finds_no_comms(client_for, program, agents, outsider):
    comm = services.comm_create(program=program, audience=agents, key_message="Why", planned_date=timezone.localdate())
    client = client_for(outsider)
    assert client.get(people_url("comms_list", program)).status_code == 404
    assert client.get(people_url("comms_edit", program, comm_id=comm.pk)).status_code == 404


def test_comms_summary_counts_planned_sent_and_overdue_in_one_query(db, django_assert_num_queries):
    programs = [ProgramFactory() for _ in range(6)]
    today = timezone.localdate()
    for n, program in enumerate(programs):
        for status, days in (("sent", -3), ("planned", -1), ("planned", 4), ("cancelled", -5)):
            services.comm_create(program=program, audience_text="Agents", key_message=f"{n}", status=status,
                                 planned_date=today + dt.timedelta(days=days))  # fmt: skip
    with django_assert_num_queries(1):
        summary = selectors.comms_summary_by_program([p.pk for p in programs[:2]])
    with django_assert_num_queries(1):
        summary = selectors.comms_summary_by_program([p.pk for p in programs])
    assert summary[programs[0].pk] == (3, 1, 1)  # planned (not cancelled), sent, overdue


def test_the_comms_page_runs_constant_queries(client_for, program, agents, viewer, django_assert_max_num_queries):
    def fill(n):
        for i in range(n):
            event = readiness_services.event_create(
                program=program, name=f"Wave {i}-{n}", kind="wave", with_template=False,
                starts_at=timezone.now() + dt.timedelta(days=20 + i),
                ends_at=timezone.now() + dt.timedelta(days=21 + i),
            )  # fmt: skip
            services.comms_generate(program=program, event=event)
            services.comm_create(program=program, audience=agents, key_message="x", planned_date=timezone.localdate())

    client = client_for(viewer)
    fill(1)
    with django_assert_max_num_queries(20) as captured:
        assert client.get(people_url("comms_list", program)).status_code == 200
    fill(6)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        assert client.get(people_url("comms_list", program)).status_code == 200


def test_the_event_page_shows_si_29_as_computed_from_the_plan(client_for, program, wave, viewer):
    services.comms_generate(program=program, event=wave)
    page = client_for(viewer).get(wave.get_absolute_url()).content.decode()
    assert 'data-testid="computed-SI-29"' in page and "Computed: 0 of 3 communications" in page
    assert "Communications plan</a>" in page
