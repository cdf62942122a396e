"""A toast with Undo after Complete and Slip, and the RACI export in one step."""

import datetime as dt
import html
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from connectmobilize.lib.models import JobStatus
from programs import services
from programs.choices import MilestoneStatus
from raci.models import MatrixExport
from tests.factories import MatrixFactory, MilestoneFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def act(client, program, name, milestone, data=None):
    url = reverse(f"programs:{name}", kwargs={"program_slug": program.slug, "milestone_id": milestone.pk})
    return client.post(url, data or {}, **HTMX)


def undo_of(response) -> tuple[str, dict]:
    """The Undo button the toast offers: where it posts and what it sends."""
    body = response.content.decode()
    button = re.search(r'<button[^>]*hx-post="([^"]+)" hx-vals="([^"]+)"[^>]*data-undo', body, re.S)
    assert button, body
    return html.unescape(button.group(1)), json.loads(html.unescape(button.group(2)))


def test_complete_offers_undo_and_undo_reopens(client_for, program, lead):
    milestone = MilestoneFactory(program=program, title="UAT passed")
    client = client_for(lead)
    done = act(client, program, "milestone_complete", milestone)
    body = done.content.decode()
    assert 'id="toast-area" hx-swap-oob="innerHTML"' in body and "UAT passed completed." in body
    url, vals = undo_of(done)

    undone = client.post(url, vals, **HTMX)
    assert undone.status_code == 200
    assert "Undone: UAT passed is back as it was." in undone.content.decode()
    # the row follows wherever it is shown
    assert f'<template><tr id="milestone-{milestone.pk}" hx-swap-oob="true"' in undone.content.decode()
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.IN_PROGRESS and milestone.completed_date is None

    again = client.post(url, vals, **HTMX)  # the same Undo twice: the version moved on, nothing happens
    assert again.status_code == 409 and "was changed since: nothing was undone" in again.content.decode()


def test_undo_of_a_slip_restores_the_previous_forecast(client_for, program, lead):
    before = timezone.localdate() + dt.timedelta(days=20)
    milestone = MilestoneFactory(program=program, title="Cutover", forecast_date=before)
    client = client_for(lead)
    slipped = act(client, program, "milestone_slip", milestone, {"days": "7"})
    assert "Cutover slipped to" in slipped.content.decode()
    milestone.refresh_from_db()
    assert milestone.forecast_date == before + dt.timedelta(days=7)

    url, vals = undo_of(slipped)
    assert client.post(url, vals, **HTMX).status_code == 200
    milestone.refresh_from_db()
    assert milestone.forecast_date == before


def test_undo_of_a_first_slip_clears_the_forecast(client_for, program, lead):
    milestone = MilestoneFactory(program=program)
    client = client_for(lead)
    url, vals = undo_of(act(client, program, "milestone_slip", milestone, {"days": "7"}))
    client.post(url, vals, **HTMX)
    milestone.refresh_from_db()
    assert milestone.forecast_date is None and milestone.slip_days == 0


def test_undo_after_someone_else_changed_the_milestone_changes_nothing(client_for, program, lead, manager):
    milestone = MilestoneFactory(program=program, title="Cutover")
    client = client_for(lead)
    url, vals = undo_of(act(client, program, "milestone_slip", milestone, {"days": "7"}))
    milestone.refresh_from_db()
    services.milestone_slip(milestone=milestone, days=3)  # the manager slips it again meanwhile
    milestone.refresh_from_db()
    forecast = milestone.forecast_date

    refused = client.post(url, vals, **HTMX)
    assert refused.status_code == 409
    assert "Cutover was changed since: nothing was undone." in refused.content.decode()
    milestone.refresh_from_db()
    assert milestone.forecast_date == forecast


@pytest.mark.parametrize("who", ["viewer", "executive"])
def test_only_who_may_plan_can_undo(client_for, program, members, who):
    milestone = MilestoneFactory(program=program)
    milestone.refresh_from_db()
    data = {"version": milestone.version, "forecast": "", "undo": "1"}
    response = act(client_for(members[who]), program, "milestone_unslip", milestone, data)
    assert response.status_code == 403


def test_a_non_member_cannot_undo(client_for, program, outsider):
    milestone = MilestoneFactory(program=program)
    data = {"version": milestone.version, "forecast": "", "undo": "1"}
    assert act(client_for(outsider), program, "milestone_unslip", milestone, data).status_code == 404
    assert act(client_for(outsider), program, "milestone_reopen", milestone, data).status_code == 404


# Export in one step -----------------------------------------------------------------------------------


def export_url(program, matrix):
    return reverse("raci:matrix_export", kwargs={"program_slug": program.slug, "matrix_id": matrix.pk})


@pytest.mark.django_db(transaction=True)  # committed for real: the in-process worker writes it at once
def test_an_export_ready_within_seconds_downloads_in_one_step(client_for, program, lead):
    matrix = MatrixFactory(program=program, name="Cutover RACI")
    client = client_for(lead)
    response = client.post(export_url(program, matrix))
    job = MatrixExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("raci:export_download", args=[program.slug, job.pk])
    download = client.get(response["Location"])
    assert download["Content-Disposition"] == 'attachment; filename="cutover-raci.xlsx"'
    assert download.content.startswith(b"PK")


def test_a_slow_export_opens_its_page_which_starts_the_download_when_ready(client_for, program, lead, monkeypatch):
    from raci import views

    monkeypatch.setattr(views, "EXPORT_WAIT_SECONDS", 0.3)
    monkeypatch.setattr("raci.services.queue_after_commit", lambda *args: None)  # no worker picks it up yet
    matrix = MatrixFactory(program=program)
    client = client_for(lead)
    response = client.post(export_url(program, matrix))
    job = MatrixExport.objects.get()
    assert response["Location"] == reverse("raci:export_detail", args=[program.slug, job.pk])
    waiting = client.get(response["Location"]).content.decode()
    assert "Writing the workbook" in waiting and "data-download-now" not in waiting

    services_module = __import__("raci.services", fromlist=["matrix_export_build"])
    services_module.matrix_export_build(job_id=job.pk)  # the worker gets to it
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    polled = client.get(response["Location"], **HTMX).content.decode()
    assert "data-download-now" in polled  # the page that waited starts the download itself
    assert "data-download-now" not in client.get(response["Location"]).content.decode()  # not again on a reload


def test_a_non_member_gets_no_export(client_for, program, outsider):
    matrix = MatrixFactory(program=program)
    assert client_for(outsider).post(export_url(program, matrix)).status_code == 404
    assert not MatrixExport.objects.exists()
