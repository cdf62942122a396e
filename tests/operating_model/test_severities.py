"""Severities Sev 1–4 with their targets and escalation paths; the errors the page names."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from operating_model import services
from operating_model.models import EscalationStep
from programs import services as program_services
from tests.factories import RoleFactory


def url(name, program, **kwargs):
    return reverse(f"operating_model:{name}", kwargs={"program_slug": program.slug, **kwargs})


def test_the_four_contact_center_severities_start_clean_with_their_paths(manager):
    program = program_services.program_create(creator=manager, name="Tailspin care")
    created = services.severities_seed(program=program)
    assert [(s.level, s.name, s.response_target, s.response_minutes) for s in created] == [
        (1, "Critical", "15 min", 15), (2, "High", "1 h", 60), (3, "Medium", "4 business hours", 240),
        (4, "Low", "1 business day", 480),
    ]  # fmt: skip
    sev1 = created[0]
    assert [(s.level, s.role.code, s.after_minutes) for s in sev1.escalation_steps.all()] == [
        ("L1", "SDK", 0), ("L3", "TEL", 15), ("vendor", "TEL", 15), ("exec", "EXS", 60),
    ]  # fmt: skip
    from operating_model.selectors import severity_board

    assert severity_board(program).findings == []
    assert services.severities_seed(program=program) == []


def test_targets_are_durations_and_a_level_is_had_once(program):
    sev = services.severity_create(program=program, level=2, name="High", response_target="1h", clock="24x7")
    assert (sev.response_target, sev.response_minutes, sev.restore_minutes) == ("1 h", 60, None)
    with pytest.raises(ValidationError) as refused:
        services.severity_update(severity=sev, version=sev.version, restore_target="eight hours")
    assert "restore_target" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.severity_update(severity=sev, version=sev.version, response_target="")
    assert "response_target" in refused.value.message_dict
    with pytest.raises(ValidationError, match="already has a Sev 2"):
        services.severity_create(program=program, level=2, name="Major", response_target="30 min")


def test_a_step_with_another_programs_role_is_refused(program, other_program):
    sev = services.severity_create(program=program, level=1, name="Critical", response_target="15 min")
    with pytest.raises(ValidationError, match="is not part of this program"):
        services.escalation_step_create(severity=sev, level="L3", role=RoleFactory(program=other_program))


def test_the_page_names_the_errors_of_the_paths(client_for, program, viewer, lead):
    sdk, tel = RoleFactory(program=program, code="SDK"), RoleFactory(program=program, code="TEL")
    sev1 = services.severity_create(program=program, level=1, name="Critical", response_target="15 min")
    services.escalation_step_create(severity=sev1, level="L1", role=sdk, after_minutes=0)
    sev2 = services.severity_create(program=program, level=2, name="High", response_target="1 h")
    services.escalation_step_create(severity=sev2, level="L3", role=tel, after_minutes=30)
    page = client_for(viewer).get(url("severities", program)).content.decode()
    errors = page.split('id="severity-errors"')[1].split("</div>")[0]
    assert "Sev 1 Critical escalates to no L3 or vendor step" in errors
    assert "Sev 2 High: the L3 step (TEL) fires after 30 min, before the response target of 1 h." in errors
    assert (
        "Add a step"
        not in client_for(viewer).get(url("severity_detail", program, severity_id=sev1.pk)).content.decode()
    )

    # A lead adds the vendor step through the form: the Sev 1 error goes.
    client = client_for(lead)
    create = url("escalation_create", program, severity_id=sev1.pk)
    token = client.get(create).context["form"]["submission"].value()
    form = {"level": "vendor", "role": tel.pk, "after_minutes": 15, "note": "AWS case", "submission": token}
    assert client.post(create, form).status_code == 302
    assert client.post(create, form).status_code == 302  # a double click
    assert EscalationStep.objects.filter(severity=sev1, level="vendor").count() == 1
    page = client.get(url("severities", program)).content.decode()
    assert "Sev 1 Critical escalates" not in page


def test_a_stale_severity_edit_is_refused(client_for, program, lead, manager):
    sev = services.severity_create(program=program, level=3, name="Medium", response_target="4 business hours",
                                   clock="business_hours")  # fmt: skip
    form = {"level": 3, "name": "Medium", "clock": "business_hours", "response_target": "4 business hours",
            "version": sev.version}  # fmt: skip
    edit = url("severity_edit", program, severity_id=sev.pk)
    assert client_for(manager).post(edit, {**form, "restore_target": "5 business days"}).status_code == 302
    assert client_for(lead).post(edit, {**form, "update_interval": "1 day"}).status_code == 409
    sev.refresh_from_db()
    assert (sev.restore_target, sev.update_interval) == ("5 business days", "")


def test_the_severities_page_runs_the_same_queries_for_few_or_many_steps(client_for, program, manager):
    client = client_for(manager)
    sevs = [services.severity_create(program=program, level=n, name=f"S{n}", response_target="1 h") for n in (1, 2)]

    def add_steps(n):
        for i in range(n):
            for sev in sevs:
                services.escalation_step_create(severity=sev, level="L2", role=RoleFactory(program=program),
                                                after_minutes=i)  # fmt: skip

    def count(name, **kwargs):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(name, program, **kwargs)).status_code == 200
        return len(ctx.captured_queries)

    add_steps(2)
    small = count("severities"), count("severity_detail", severity_id=sevs[0].pk), count("overview")
    add_steps(20)
    assert (count("severities"), count("severity_detail", severity_id=sevs[0].pk), count("overview")) == small


def test_a_business_hours_severity_shows_its_steps_in_business_time(client_for, program, viewer):
    sdk = RoleFactory(program=program, code="SDK")
    sev3 = services.severity_create(program=program, level=3, name="Medium", response_target="4 business hours",
                                    clock="business_hours")  # fmt: skip
    services.escalation_step_create(severity=sev3, level="L2", role=sdk, after_minutes=480)
    page = client_for(viewer).get(url("severity_detail", program, severity_id=sev3.pk)).content.decode()
    assert "After 1 business day" in page and "Monday to Friday, 09:00-17:00" in page
    assert "after 1 business day" in client_for(viewer).get(url("severities", program)).content.decode()
