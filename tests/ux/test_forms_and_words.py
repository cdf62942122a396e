"""Forms and words: warnings where a user wants one, people by name, labels a person would write."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from programs.models import Risk
from readiness.models import AttendanceImport, GoLiveEvent
from tests.factories import GoLiveEventFactory


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def event_data(starts: dt.datetime, **extra) -> dict:
    return {"name": "Pilot", "kind": "pilot", "starts_at": local(starts),
            "ends_at": local(starts + dt.timedelta(hours=4)), **extra}  # fmt: skip


# Warnings ----------------------------------------------------------------------------------------------


def test_planning_a_go_live_window_in_the_past_saves_it_and_warns(client_for, members, program):
    client = client_for(members["si"])
    url = reverse("readiness:event_create", args=[program.slug])
    page = client.get(url).content.decode()
    token = page.split('name="submission" value="')[1].split('"')[0]
    response = client.post(url, event_data(timezone.now() - dt.timedelta(days=400), submission=token), follow=True)
    assert GoLiveEvent.objects.filter(name="Pilot").exists()
    assert "in the past: check the dates" in response.content.decode()


def test_a_go_live_window_to_come_gives_no_warning_and_moving_it_back_does(client_for, members, program):
    event = GoLiveEventFactory(program=program, name="Wave 1")
    client = client_for(members["si"])
    url = reverse("readiness:event_edit", args=[program.slug, event.pk])
    data = event_data(timezone.now() + dt.timedelta(days=30), name="Wave 1", version=event.version)
    assert "in the past" not in client.post(url, data, follow=True).content.decode()
    event.refresh_from_db()
    data = event_data(timezone.now() - dt.timedelta(days=30), name="Wave 1", version=event.version)
    assert "in the past: check the dates" in client.post(url, data, follow=True).content.decode()


def test_a_target_go_live_in_the_past_warns_on_the_program_settings(client_for, manager, program):
    url = reverse("programs:program_edit", args=[program.slug])
    data = {"name": program.name, "phase": "mobilize", "risk_appetite": 12, "version": program.version,
            "target_go_live": (timezone.localdate() - dt.timedelta(days=3)).isoformat()}  # fmt: skip
    page = client_for(manager).post(url, data, follow=True).content.decode()
    assert "The target go-live" in page and "is in the past while the program is in Mobilize" in page


def test_likelihood_and_impact_are_picked_on_their_scale_with_their_meaning(client_for, lead, program):
    client = client_for(lead)
    page = client.get(reverse("programs:risk_create", args=[program.slug])).content.decode()
    assert '<select name="likelihood"' in page and '<select name="impact"' in page
    assert "4 · Likely: will probably happen" in page and "5 · Severe: go-live stopped or service lost" in page
    data = {"code": "R-01", "title": "Agents resist soft-phones", "category": "culture", "likelihood": "4",
            "impact": "5", "trend": "stable", "status": "open"}  # fmt: skip
    client.post(reverse("programs:risk_create", args=[program.slug]), data)
    risk = Risk.objects.get()
    assert (risk.likelihood, risk.impact) == (4, 5)


def test_a_text_file_named_xlsx_is_called_what_it_is(client_for, lead, program):
    url = reverse("readiness:attendance_upload", args=[program.slug])
    fake = SimpleUploadedFile("lms.xlsx", b"Learner;Score\nana;3\n")
    page = client_for(lead).post(url, {"file": fake}).content.decode()
    assert "lms.xlsx is named like an Excel workbook but is not one" in page
    assert "needs the column" not in page
    assert not AttendanceImport.objects.exists()


@pytest.mark.parametrize("name", ["lms.xls", "lms.csv"])
def test_an_old_excel_file_is_named_as_such(client_for, lead, program, name):
    url = reverse("readiness:attendance_upload", args=[program.slug])
    old = SimpleUploadedFile(name, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    page = client_for(lead).post(url, {"file": old}).content.decode()
    assert f"{name} is an old Excel 97–2003 workbook (.xls)" in page


# People by name ----------------------------------------------------------------------------------------


@pytest.fixture
def ana(program):
    from connectmobilize.lib.access import Access
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username="adiaz", first_name="Ana", last_name="Diaz", email="ana@nw.example")
    MembershipFactory(program=program, user=user, access=Access.LEAD)
    return user


def test_people_are_shown_by_name_in_lists_choices_and_history(client_for, manager, program, ana):
    from tests.factories import RiskFactory

    risk = RiskFactory(program=program, code="R-07", owner=ana)
    client = client_for(manager)
    pages = [
        reverse("programs:risk_list", args=[program.slug]),
        reverse("programs:risk_detail", args=[program.slug, risk.pk]),
        reverse("programs:member_list", args=[program.slug]),
        reverse("programs:milestone_create", args=[program.slug]),  # the owner's choices
        reverse("programs:milestone_list", args=[program.slug]),  # the owner filter
    ]
    for url in pages:
        page = client.get(url).content.decode()
        assert "Ana Diaz" in page, url
        assert "adiaz" not in page, url

    edit = reverse("programs:risk_edit", args=[program.slug, risk.pk])
    form = {"code": "R-07", "title": risk.title, "category": risk.category, "likelihood": "3", "impact": "3",
            "trend": "stable", "status": "open", "owner": "", "version": risk.version}  # fmt: skip
    client.post(edit, form)
    history = client.get(reverse("programs:risk_detail", args=[program.slug, risk.pk])).content.decode()
    assert "Ana Diaz" in history and "adiaz" not in history  # the change of owner, from her name to nobody


def test_a_user_without_a_name_falls_back_to_their_user_name(client_for, manager, program):
    page = client_for(manager).get(reverse("programs:member_list", args=[program.slug])).content.decode()
    assert "<td>viewer</td>" in page


# The 403 page ------------------------------------------------------------------------------------------


def test_a_refused_page_keeps_the_program_navigation(client_for, viewer, program):
    response = client_for(viewer).get(reverse("programs:risk_create", args=[program.slug]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "does not allow this" in page
    assert f'href="{reverse("programs:milestone_list", args=[program.slug])}"' in page  # the program's navigation
    assert f'href="{reverse("programs:dashboard", args=[program.slug])}"' in page
    assert "Viewer" in page  # who they are here


def test_a_non_member_still_gets_nothing_of_the_program(client_for, outsider, program):
    response = client_for(outsider).get(reverse("programs:risk_create", args=[program.slug]))
    assert response.status_code == 404
    assert program.name not in response.content.decode()


# Labels as a person writes them ------------------------------------------------------------------------


def test_labels_read_as_written_by_a_person(client_for, manager, program):
    from tests.factories import MatrixFactory

    client = client_for(manager)
    event = GoLiveEventFactory(program=program)
    matrix = MatrixFactory(program=program)
    pages = {
        reverse("programs:program_edit", args=[program.slug]): ["Target go-live"],
        reverse("readiness:change_request", args=[program.slug, event.pk]): ["CAB date"],
        reverse("raci:matrix_settings", args=[program.slug, matrix.pk]): [
            "Most informed roles per row (%)", "Most Responsibles per row"],
        reverse("readiness:policy_edit", args=[program.slug]): ["Go threshold (%)", "Weight of RACI"],
        reverse("programs:risk_create", args=[program.slug]): ["ADKAR element", "People &amp; change issue"],
    }  # fmt: skip
    for url, labels in pages.items():
        page = client.get(url).content.decode()
        for label in labels:
            assert f"{label}" in page, (url, label)
        for clumsy in ("Target go live", "Cab date", "Max informed pct", "Raci weight", "Adkar element"):
            assert clumsy not in page, (url, clumsy)


def test_the_dashboard_names_the_program_once(client_for, viewer, program):
    page = client_for(viewer).get(reverse("programs:dashboard", args=[program.slug])).content.decode()
    body = page.split("<main", 1)[1]
    assert body.count(program.name) == 1
