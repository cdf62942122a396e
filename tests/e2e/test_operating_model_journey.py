"""A lead edits a flow step in place, publishes the operating model, two accountable teams sign it off, and the
go-live blocker SI-17 (computed from those sign-offs) clears: in a real browser."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from operating_model import services
from programs.demo import DEMO_PASSWORD
from readiness import services as readiness_services
from tests.factories import ActivityFactory, MatrixFactory, MembershipFactory, RoleFactory, UserFactory, put_letters

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def model(program):
    """CCO owns a process; a flow step carries out a RASCI row where TEL is Accountable. Lena (a lead) fills CCO,
    Tom (a viewer) fills TEL. A go-live event whose checklist has SI-17."""
    lena = UserFactory(username="lena", password=DEMO_PASSWORD)
    tom = UserFactory(username="tom", password=DEMO_PASSWORD)
    MembershipFactory(program=program, user=lena, access="lead")
    MembershipFactory(program=program, user=tom, access="viewer")
    cco, tel, sdk = (RoleFactory(program=program, code=code) for code in ("CCO", "TEL", "SDK"))
    services.catalogue_item_create(program=program, code="P04", name="Emergency message", owner_role=cco,
                                   fulfiller_role=sdk, sla_target="30 min", sla_clock="24x7")  # fmt: skip
    activity = ActivityFactory(matrix=MatrixFactory(program=program), name="Incident management")
    put_letters(activity, {tel: "A", sdk: "R"})
    flow = services.flow_create(program=program, name="Night")
    lane = services.lane_add(flow=flow, role=sdk)
    services.step_create(flow=flow, lane=lane, name="Log the ticket", activity=activity, sla_target="15 min")
    services.role_assignment_create(program=program, role=cco, phase="after", person=lena)
    services.role_assignment_create(program=program, role=tel, phase="after", person=tom)
    starts = timezone.now() + dt.timedelta(days=30)
    readiness_services.event_create(program=program, name="Wave 1", kind="wave", starts_at=starts,
                                    ends_at=starts + dt.timedelta(hours=4))  # fmt: skip
    return flow


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("User name or email address").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_published_version_signed_by_both_teams_clears_the_go_live_blocker(program, model, page):
    sign_in(page, "lena")
    page.goto(f"/p/{program.slug}/operating-model/flows/{model.pk}/")
    step_row = page.locator("#step-table tbody tr").first
    step_row.get_by_role("link", name="Edit").click()  # the form opens in place (HTMX)
    in_place = page.locator("#step-table form")
    in_place.get_by_label("SLA").fill("10min")
    in_place.get_by_role("button", name="Save step").click()
    expect(page.locator("#step-table")).to_contain_text("10 min")

    page.get_by_role("link", name="Operating model").first.click()
    page.get_by_role("link", name="Versions & sign-off").first.click()
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.locator(".alert-success")).to_contain_text("Version 1 published")
    page.get_by_role("button", name="Sign off for CCO").click()
    expect(page.locator(".alert-success")).to_contain_text("Version 1 signed off for CCO.")
    expect(page.get_by_role("button", name="Sign off for TEL")).to_have_count(0)  # not Lena's team

    page.get_by_role("link", name="Go-live").click()
    page.get_by_role("link", name="Wave 1").click()
    expect(page.locator("#open-blockers")).to_contain_text("SI-17 Operating model signed off by every accountable team")
    expect(page.get_by_test_id("computed-SI-17")).to_have_text("Computed: Version 1 awaits the sign-off of TEL.")

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "tom")
    page.goto(f"/p/{program.slug}/operating-model/sign-off/")
    page.get_by_role("button", name="Sign off for TEL").click()
    expect(page.locator(".alert-success")).to_contain_text("Version 1 signed off for TEL.")

    page.get_by_role("link", name="Go-live").click()
    page.get_by_role("link", name="Wave 1").click()
    expect(page.get_by_test_id("computed-SI-17")).to_have_text(
        "Computed: Version 1 is signed off by every accountable team."
    )
    expect(page.locator("#open-blockers")).not_to_contain_text("SI-17")
