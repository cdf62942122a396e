import pytest
from playwright.sync_api import expect

from programs.demo import DEMO_PASSWORD
from readiness.models import ChangeRequest, ChecklistItem
from tests.factories import ChecklistItemFactory, GoLiveEventFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def event(program):
    event = GoLiveEventFactory(program=program, name="Wave 1")
    ChangeRequest.objects.create(event=event, number="CHG-77", status="approved", approved_start=event.starts_at,
                                 approved_end=event.ends_at)  # fmt: skip
    for n in range(1, 6):
        ChecklistItemFactory(event=event, ref=f"SI-0{n}", status="complete", evidence_note="done", hard_blocker=n < 3)
    ChecklistItem.objects.filter(ref="SI-02").update(status="in_progress", text="Operating model signed off")
    return event


@pytest.fixture
def si_lead(program):
    user = UserFactory(username="sam", first_name="Sam", password=DEMO_PASSWORD)
    MembershipFactory(program=program, user=user, access="si")
    return user


def test_the_si_lead_signs_off_the_last_blocker_and_records_go(program, event, si_lead, page):
    page.goto("/accounts/login/")
    page.get_by_label("User name or email address").fill("sam")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name=program.name).click()
    page.get_by_role("link", name="Go-live").click()
    page.get_by_role("link", name="Wave 1").click()
    expect(page.get_by_test_id("outcome")).to_have_text("No-go")
    expect(page.locator("#open-blockers")).to_contain_text("SI-02 Operating model signed off")

    page.locator("tr", has_text="SI-02").get_by_role("link", name="Evidence & sign-off").click()
    page.get_by_label("Evidence", exact=True).fill("RASCI and swimlanes signed by CC ops, IT and service desk")
    page.get_by_role("button", name="Save evidence").click()
    page.get_by_label("Comment").fill("Checked the signatures")
    page.get_by_role("button", name="Sign off SI-02").click()
    expect(page.get_by_text("Signed off by sam")).to_be_visible()

    page.get_by_role("link", name="← Wave 1").click()
    expect(page.get_by_test_id("outcome")).to_have_text("Go")
    expect(page.locator("#open-blockers")).to_contain_text("None")

    page.get_by_role("link", name="Record the go/no-go decision").click()
    page.get_by_label("Go", exact=True).check()
    page.get_by_label("Rationale").fill("All blockers closed; CAB approved CHG-77 for the window.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", name="Go: Wave 1")).to_be_visible()
    expect(page.get_by_text("All blockers closed")).to_be_visible()
