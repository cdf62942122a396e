"""The operating model as a workbook and back: the export re-imports to the same model; a workbook a person laid out
is read; every problem is named by sheet, row and cell; the import is previewed, confirmed, all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from connectmobilize.lib.access import Access
from connectmobilize.lib.models import JobStatus
from connectmobilize.lib.spreadsheets import SpreadsheetError
from operating_model import selectors, services, sla
from operating_model import spreadsheet as sheets
from operating_model.models import EscalationStep, ModelImport, ServiceCatalogItem, SeverityLevel
from programs import services as program_services
from tests.factories import MembershipFactory
from tests.raci.workbooks import with_macro, xlsx, zip_bomb

ROLES = {"sdk": "SDK", "service desk / noc (bau l1-l2 support)": "SDK", "tel": "TEL", "cco": "CCO", "exs": "EXS"}


def url(name, program, **kwargs):
    return reverse(f"operating_model:{name}", kwargs={"program_slug": program.slug, **kwargs})


# The export reads back to the same model (property) ---------------------------------------------------------

TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85") | st.just("\n"),
    max_size=40,
).map(str.strip)
NAME = TEXT.filter(bool)
ROLE = st.sampled_from(["", "SDK", "TEL", "CCO", "EXS"])
CLOCK = st.sampled_from(sla.CLOCKS)


@st.composite
def durations(draw, clock, *, required=False):
    if not required and draw(st.booleans()):
        return ""
    return sla.describe(draw(st.integers(1, 200 * 8 * 60)), clock)


@st.composite
def process(draw, code):
    clock = draw(CLOCK)
    return sheets.ProcessRow(
        code=code, name=draw(NAME), category=draw(TEXT), change_type=draw(st.sampled_from(["", "standard", "normal",
                                                                                           "emergency", "incident"])),
        owner=draw(ROLE), requester=draw(ROLE), fulfiller=draw(ROLE), approver=draw(ROLE),
        sla_target=draw(durations(clock)), sla_clock=clock, notes=draw(TEXT),
    )  # fmt: skip


@st.composite
def severity(draw, level):
    clock = draw(CLOCK)
    return sheets.SeverityRow(
        level=level, name=draw(NAME), definition=draw(TEXT), clock=clock,
        response_target=draw(durations(clock, required=True)), update_interval=draw(durations(clock)),
        restore_target=draw(durations(clock)), vendor_severity=draw(st.sampled_from(["", "critical", "low"])),
    )  # fmt: skip


@st.composite
def models(draw):
    codes = draw(st.lists(st.from_regex(r"[A-Z][A-Z0-9]{0,4}", fullmatch=True), unique_by=str.casefold, max_size=6))
    levels = sorted(draw(st.sets(st.integers(1, 4))))
    steps = [
        sheets.EscalationRow(level, draw(st.sampled_from(["L1", "L2", "L3", "vendor", "exec"])),
                             draw(st.sampled_from(["SDK", "TEL", "EXS"])), draw(st.integers(0, 5000)), draw(TEXT))
        for level in levels for _ in range(draw(st.integers(0, 3)))
    ]  # fmt: skip
    return sheets.ModelData(
        [draw(process(code)) for code in codes],
        [draw(severity(level)) for level in levels],
        sorted(steps, key=lambda s: (s.severity, s.after_minutes, s.level, s.role, s.note)),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models(), st.sampled_from(["Tailspin care", "=cmd|' /C calc'!A0"]))
def test_an_exported_model_reads_back_the_same(data, title):
    parsed = sheets.parse_workbook(sheets.write_workbook(title=title, data=data), roles=ROLES)
    assert parsed.errors == []
    parsed.data.escalation.sort(key=lambda s: (s.severity, s.after_minutes, s.level, s.role, s.note))
    assert parsed.data == data
    assert sheets.plan_import(parsed, data).is_empty


def test_text_that_looks_like_a_formula_is_exported_as_text():
    data = sheets.ModelData([sheets.ProcessRow("P01", '=HYPERLINK("http://evil","Click")', notes="+1-555")], [], [])
    sheet = load_workbook(io.BytesIO(sheets.write_workbook(title="-x", data=data)))["Catalogue"]
    assert [(c.value, c.data_type) for c in sheet[3][:2]] == [("P01", "s"), ('=HYPERLINK("http://evil","Click")', "s")]
    assert (sheet["K3"].value, sheet["K3"].data_type) == ("+1-555", "s")


# A workbook laid out by someone else ------------------------------------------------------------------------


def theirs(workbook):
    """Title rows, the header on row 3, columns in their own order and names, a column of their own, a blank row,
    roles by name, SLAs as they write them; severities with a column of their own; an escalation sheet."""
    ws = workbook.active
    ws.title = "Service catalog"
    ws.append(["Tailspin – support processes"])
    ws.append(["Draft for the steering committee"])
    ws.append(["Process name", "Budget", "ID", "Fulfilled by", "SLA", "Clock", "Owner role", "Type"])
    sdk = "Service Desk / NOC (BAU L1-L2 support)"  # by its name
    ws.append(["Agent add", 1200, "P01", sdk, "4h", "business hours", "CCO", "Standard"])
    ws.append([])
    ws.append(["Emergency message", None, "P04", "SDK", "30 min", "24/7", "CCO", "emergency"])
    sev = workbook.create_sheet("Severity levels")
    sev.append(["Severities"])
    sev.append([])
    sev.append(["Sev", "Response", "Name", "Owner", "Restore", "Hours"])
    sev.append(["Sev 1", "15m", "Critical", "Ops", "4 h", "24x7"])
    sev.append([2, "1 business day", "High", None, None, "Business hours"])
    esc = workbook.create_sheet("Escalations")
    esc.append(["Severity", "Escalate to", "Tier", "After"])
    esc.append(["Sev 1", "SDK", "L1", 0])
    esc.append(["Sev 1", "TEL", "L3", "15 min"])
    esc.append(["Sev 2", "tel", "L2", "2 business hours"])
    workbook.create_sheet("Team composition").append(["Role", "Who"])


def test_a_workbook_laid_out_another_way_is_read_and_says_what_it_left_out():
    parsed = sheets.parse_workbook(xlsx(theirs), roles=ROLES)
    assert parsed.errors == []
    assert parsed.data.processes == [
        sheets.ProcessRow("P01", "Agent add", change_type="standard", owner="CCO", fulfiller="SDK",
                          sla_target="4 business hours", sla_clock="business_hours"),
        sheets.ProcessRow("P04", "Emergency message", change_type="emergency", owner="CCO", fulfiller="SDK",
                          sla_target="30 min", sla_clock="24x7"),
    ]  # fmt: skip
    assert [(s.level, s.name, s.response_target, s.clock) for s in parsed.data.severities] == [
        (1, "Critical", "15 min", "24x7"), (2, "High", "1 business day", "business_hours")
    ]  # fmt: skip
    assert parsed.data.escalation == [
        sheets.EscalationRow(1, "L1", "SDK", 0), sheets.EscalationRow(1, "L3", "TEL", 15),
        sheets.EscalationRow(2, "L2", "TEL", 120),
    ]  # fmt: skip
    assert 'Service catalog!B3: column "Budget" is not imported.' in parsed.notices
    assert 'Severity levels!D3: column "Owner" is not imported.' in parsed.notices
    assert "Sheet Team composition is not imported: edit it on its page." in parsed.notices


def test_every_problem_is_named_by_sheet_row_and_cell():
    def build(workbook):
        ws = workbook.active
        ws.title = "Catalogue"
        ws.append(["Code", "Name", "Fulfiller", "SLA target", "SLA clock", "Change type"])
        ws.append(["P01", "Agent add", "Nobody", "soon", "sometimes", "whenever"])
        ws.append(["P01", "Agent add again"])
        ws.append([None, "No code"])
        ws.append(["P02", "Queue change", "SDK", "2 business days", "24x7"])
        ws["A7"] = "=1/0"
        sev = workbook.create_sheet("Severities")
        sev.append(["Level", "Name", "Response target"])
        sev.append(["Sev 5", "Worse", "15 min"])
        sev.append(["Sev 1", "Critical", ""])
        esc = workbook.create_sheet("Escalation")
        esc.append(["Severity", "Level", "Role", "After (min)"])
        esc.append(["Sev 3", "L1", "SDK", 0])
        esc.append(["Sev 1", "L9", "SDK", -5])

    errors = sheets.parse_workbook(xlsx(build), roles=ROLES).errors
    assert errors == [
        "Catalogue!A7: formula without a saved value, read as blank; open the file in Excel and save it so its "
        "results are stored, or type the value.",
        'Catalogue!E2: "sometimes" is not a clock: write Business hours or 24x7.',
        'Catalogue!F2: "whenever" is not a change type.',
        'Catalogue!C2: "Nobody" is not a role of this program (give its code, e.g. SDK).',
        'Catalogue!D2: Cannot read "soon" as a duration: write e.g. "4 h", "2 business days" or "30 min".',
        'Catalogue!A3: process code "P01" is on row 2 already.',
        "Catalogue!A4: a process needs a code and a name.",
        'Catalogue!D5: "2 business days" counts business time but the clock is 24×7: choose the business-hours '
        "clock, or say it in hours or days.",
        'Severities!A2: "Sev 5" is not a severity: write Sev 1 to Sev 4.',
        'Severities!C3: give a duration, e.g. "4 h", "2 business days" or "30 min".',
        "Escalation!A2: Sev 3 is not on the Severities sheet.",
        'Escalation!B3: "L9" is not an escalation level (L1, L2, L3, vendor, exec).',
        "Escalation!D3: -5 is not a whole number of minutes.",
    ]


def test_a_workbook_without_any_sheet_to_import_is_refused_in_words():
    with pytest.raises(SpreadsheetError, match="no Catalogue, Severities or Escalation sheet"):
        sheets.parse_workbook(xlsx(lambda wb: wb.active.append(["Name"])), roles=ROLES)


# Through the job pipeline -------------------------------------------------------------------------------------


@pytest.fixture
def tailspin(manager, lead, viewer):
    """A tailspin with the standard roles, the 24 processes and Sev 1–4 with their paths; lead and viewer members."""
    tailspin = program_services.program_create(creator=manager, name="Tailspin care")
    MembershipFactory(program=tailspin, user=lead, access=Access.LEAD)
    MembershipFactory(program=tailspin, user=viewer, access=Access.VIEWER)
    services.catalogue_seed(program=tailspin)
    services.severities_seed(program=tailspin)
    return tailspin


def imported(run_tasks, tailspin, user, data: bytes) -> ModelImport:
    job = run_tasks(services.model_import_start, program=tailspin, user=user, filename="model.xlsx", data=data)
    job.refresh_from_db()
    return job


def apply(run_tasks, job: ModelImport) -> ModelImport:
    run_tasks(services.model_import_confirm, job=job, planned_against=job.planned_against)
    job.refresh_from_db()
    return job


def test_the_export_imports_back_to_the_same_model_and_restores_what_was_changed(run_tasks, tailspin, lead):
    before = selectors.model_snapshot(tailspin).fingerprint
    exported = selectors.model_workbook(tailspin)
    job = imported(run_tasks, tailspin, lead, exported)
    assert job.status == JobStatus.READY and selectors.model_import_plan(job).is_empty

    p04 = ServiceCatalogItem.objects.get(program=tailspin, code="P04")
    services.catalogue_item_update(item=p04, version=p04.version, sla_target="2 h")
    services.catalogue_item_retire(item=ServiceCatalogItem.objects.get(program=tailspin, code="P01"))
    sev1 = SeverityLevel.objects.get(program=tailspin, level=1)
    services.escalation_step_remove(step=sev1.escalation_steps.get(level="exec"))
    job = imported(run_tasks, tailspin, lead, exported)
    plan = selectors.model_import_plan(job)
    assert plan.changed == [f"P04 {p04.name}: SLA target"]
    assert plan.restored == ["P01 " + ServiceCatalogItem.objects.get(program=tailspin, code="P01").name]
    assert plan.paths_changed == ["Sev 1: 3 steps → 4 steps"]

    assert apply(run_tasks, job).status == JobStatus.DONE
    assert selectors.model_snapshot(tailspin).fingerprint == before


def test_a_workbook_of_their_own_is_applied_whole(run_tasks, manager, lead):
    tailspin = program_services.program_create(creator=manager, name="Tailspin care")
    services.catalogue_item_create(program=tailspin, code="P09", name="Old report")
    job = imported(run_tasks, tailspin, lead, xlsx(theirs))
    plan = selectors.model_import_plan(job)
    assert (plan.added, plan.retired, plan.severities_added) == (
        ["P01 Agent add", "P04 Emergency message"],
        ["P09 Old report"],
        ["Sev 1 Critical", "Sev 2 High"],
    )
    assert apply(run_tasks, job).status == JobStatus.DONE
    assert list(ServiceCatalogItem.objects.filter(program=tailspin, retired_at=None).values_list(
        "code", "sla_minutes", "fulfiller_role__code")) == [("P01", 240, "SDK"), ("P04", 30, "SDK")]  # fmt: skip
    assert list(EscalationStep.objects.filter(severity__program=tailspin).values_list(
        "severity__level", "level", "role__code", "after_minutes").order_by("severity__level", "after_minutes")) == [
        (1, "L1", "SDK", 0), (1, "L3", "TEL", 15), (2, "L2", "TEL", 120)]  # fmt: skip
    assert ServiceCatalogItem.history.filter(code="P01", history_type="+").exists()


def test_a_workbook_with_problems_cannot_be_applied(run_tasks, tailspin, lead):
    def build(workbook):
        workbook.active.title = "Catalogue"
        workbook.active.append(["Code", "Name", "SLA target"])
        workbook.active.append(["P01", "Agent add", "eventually"])

    job = imported(run_tasks, tailspin, lead, xlsx(build))
    assert selectors.model_import_plan(job).errors == [
        'Catalogue!C2: Cannot read "eventually" as a duration: write e.g. "4 h", "2 business days" or "30 min".'
    ]
    with pytest.raises(Exception, match="Fix the problems in the workbook"):
        services.model_import_confirm(job=job, planned_against=job.planned_against)


def test_a_preview_made_before_an_edit_is_not_applied(run_tasks, tailspin, lead):
    data = selectors.model_workbook(tailspin)
    p04 = ServiceCatalogItem.objects.get(program=tailspin, code="P04")
    services.catalogue_item_update(item=p04, version=p04.version, sla_target="2 h")
    job = imported(run_tasks, tailspin, lead, data)
    planned = job.planned_against
    p04.refresh_from_db()
    services.catalogue_item_update(item=p04, version=p04.version, name="Emergency message (edited meanwhile)")

    job = apply(run_tasks, job)
    assert job.status == JobStatus.READY and job.error == services.STALE_IMPORT and job.planned_against == ""
    p04.refresh_from_db()
    assert (p04.name, p04.sla_target) == ("Emergency message (edited meanwhile)", "2 h")
    with pytest.raises(Exception, match="out of date"):
        services.model_import_confirm(job=job, planned_against=planned)


def test_applying_is_all_or_nothing(run_tasks, tailspin, lead, monkeypatch):
    job = imported(run_tasks, tailspin, lead, xlsx(theirs))
    before = selectors.model_snapshot(tailspin).fingerprint

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "escalation_step_create", broken)  # fails after the catalogue was written
    job = apply(run_tasks, job)
    assert job.status == JobStatus.FAILED and "nothing was changed" in job.error
    assert selectors.model_snapshot(tailspin).fingerprint == before


@pytest.mark.parametrize(
    ("data", "refused"),
    [
        (with_macro(xlsx(theirs)), "macro"),
        (zip_bomb(), "zip bomb"),
        (b"Code,Name\nP01,Agent add\n", "not an Excel workbook"),
        (b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024), "the limit is 5 MB"),
    ],
    ids=["macro", "zip-bomb", "csv", "too-large"],
)
def test_a_hostile_or_wrong_upload_is_refused_on_the_page_before_anything_is_stored(client_for, tailspin, lead, data,
                                                                                    refused):  # fmt: skip
    response = client_for(lead).post(url("import_upload", tailspin), {"file": SimpleUploadedFile("m.xlsx", data)})
    assert response.status_code == 200
    assert refused in response.content.decode()
    assert not ModelImport.objects.exists()


def test_a_lead_exports_uploads_reviews_and_applies_on_the_pages(client_for, tailspin, lead, viewer,
                                                                 django_capture_on_commit_callbacks):  # fmt: skip
    download = client_for(viewer).get(url("export", tailspin))
    assert download["Content-Disposition"] == 'attachment; filename="tailspin-care-operating-model.xlsx"'
    titles = load_workbook(io.BytesIO(download.content)).sheetnames
    assert titles == ["Catalogue", "Severities", "Escalation", "Composition", "Flows"]
    assert client_for(viewer).get(url("import_upload", tailspin)).status_code == 403

    client = client_for(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("import_upload", tailspin), {"file": SimpleUploadedFile("m.xlsx", xlsx(theirs))})
    job = ModelImport.objects.get()
    assert response["Location"] == url("import_review", tailspin, model_import_id=job.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Processes retired: not in the workbook (22)" in page and "Sev 1: 4 steps → 2 steps" in page
    job.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"action": "apply", "planned_against": job.planned_against})
    assert "Workbook imported." in client.get(response["Location"]).content.decode()
    assert ServiceCatalogItem.objects.filter(program=tailspin, retired_at=None).count() == 2
