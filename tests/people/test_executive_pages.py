"""The sponsor pages, the executive's program page and portfolio, the landing after sign-in, the weekly summary."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from connectmobilize.lib.access import Access
from people import services
from people.models import SponsorActivity, SponsorRoadmapItem, WeeklySummaryReceipt
from readiness.models import ReadinessSnapshot
from tests.factories import GoLiveEventFactory, MembershipFactory, MilestoneFactory, ProgramFactory, RiskFactory

PORTFOLIO = reverse("executive:portfolio")


def sponsor_page(program):
    return reverse("people:sponsor", kwargs={"program_slug": program.slug})


def record_url(program):
    return reverse("people:sponsor_activity_create", kwargs={"program_slug": program.slug})


def test_an_executive_records_a_planned_town_hall_and_the_page_moves(client_for, program, executive, town_hall):
    client = client_for(executive)
    page = client.get(sponsor_page(program)).content.decode()
    assert "0 of 1 planned activities done so far" in page and "1 overdue" in page
    form = client.get(record_url(program) + f"?planned={town_hall.pk}").context["form"]
    assert form.initial["planned"] == town_hall.pk and form.initial["sponsor"] == executive.pk
    data = {
        "planned": town_hall.pk, "sponsor": executive.pk, "kind": "town_hall", "abc": "", "title": town_hall.title,
        "done_on": timezone.localdate().isoformat(), "notes": "Questions on the new schedules",
        "submission": form.fields["submission"].initial,
    }  # fmt: skip
    first = client.post(record_url(program), data)
    assert first.status_code == 302 and first["Location"] == sponsor_page(program)
    again = client.post(record_url(program), data)  # the same form sent twice
    assert again.status_code == 302 and SponsorActivity.objects.count() == 1
    page = client.get(sponsor_page(program)).content.decode()
    assert "1 of 1 planned activities done so far." in page and '<span class="text-success">done</span>' in page


def test_a_refused_record_names_the_field(client_for, program, executive):
    response = client_for(executive).post(record_url(program), {
        "sponsor": executive.pk, "kind": "town_hall", "title": "Future", "submission": "",
        "done_on": (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
    })  # fmt: skip
    assert response.status_code == 200 and "this day has not come yet" in response.content.decode()
    assert not SponsorActivity.objects.exists()


def test_two_editors_of_a_roadmap_item_the_second_sees_the_conflict(client_for, program, executive, manager, town_hall):
    url = reverse("people:roadmap_item_edit", kwargs={"program_slug": program.slug, "roadmap_item_id": town_hall.pk})
    fields = {"sponsor": executive.pk, "kind": "town_hall", "abc": "", "title": town_hall.title,
              "planned_on": town_hall.planned_on.isoformat(), "notes": "", "version": town_hall.version}  # fmt: skip
    assert client_for(manager).post(url, {**fields, "title": "Town hall, Leeds and Cardiff"}).status_code == 302
    conflict = client_for(executive).post(url, {**fields, "notes": "Bring the WFM lead"})
    assert conflict.status_code == 409
    assert SponsorRoadmapItem.objects.get().title == "Town hall, Leeds and Cardiff"


def test_viewers_read_the_roadmap_but_cannot_plan_or_record(client_for, program, viewer, town_hall):
    client = client_for(viewer)
    page = client.get(sponsor_page(program)).content.decode()
    assert town_hall.title in page and "Record what you did" not in page
    assert client.post(record_url(program), {"title": "x"}).status_code == 403


# The portfolio ---------------------------------------------------------------------------------------------


def test_the_portfolio_shows_every_program_of_the_user_and_no_other(client_for, program, other_program, executive):
    third = ProgramFactory(name="Tailspin pilot", slug="tailspin", phase="migrate_transform")
    MembershipFactory(program=third, user=executive, access=Access.VIEWER)
    html = client_for(executive).get(PORTFOLIO).content.decode()
    assert "Contoso migration" in html and "Tailspin pilot" in html and "Migrate &amp; transform" in html
    assert "Fabrikam migration" not in html  # a program the user is not a member of


def test_a_portfolio_line_counts_what_needs_attention(client_for, program, executive, town_hall):
    today = timezone.localdate()
    MilestoneFactory(program=program, baseline_date=today - dt.timedelta(days=3))
    RiskFactory(program=program, code="R-90", likelihood=5, impact=5)
    event = GoLiveEventFactory(program=program, name="Wave 1")
    ReadinessSnapshot.objects.create(event=event, score=48.5, outcome="no_go")
    html = client_for(executive).get(PORTFOLIO).content.decode()
    assert "Wave 1" in html and "48.5%" in html and "No-go" in html
    assert "1 overdue milestone" in html and "1 risk above appetite" in html and "1 sponsor activity overdue" in html
    # people readiness: no ADKAR round and no stakeholder yet, so nothing to flag
    assert 'data-testid="adkar">—<' in html and 'data-testid="commitment">—<' in html


def test_the_program_page_shows_trends_people_risks_and_sponsor_activity(client_for, program, executive, town_hall):
    event = GoLiveEventFactory(program=program, name="Pilot")
    for score in (40, 55, 71):
        ReadinessSnapshot.objects.create(event=event, score=score, outcome="no_go")
    RiskFactory(program=program, code="PCR-02", title="Sponsor not visible", is_change_issue=True, likelihood=4,
                impact=4)  # fmt: skip
    RiskFactory(program=program, code="T-01", title="SIP trunk latency", is_change_issue=False)
    services.stakeholder_create(program=program, name="CIO", kind="individual", influence="high",
                                interest="high")  # fmt: skip
    url = reverse("executive:program", kwargs={"program_slug": program.slug})
    html = client_for(executive).get(url).content.decode()
    assert 'aria-label="Readiness score of Pilot over time"' in html and "<polyline" in html
    grid = html[html.index('data-testid="stakeholder-grid"') :]
    assert "Stakeholders by power and interest: 1 in all" in grid and ">CIO<" in grid
    assert "Sponsor not visible" in html and "SIP trunk latency" not in html
    assert town_hall.title in html and 'data-testid="month-overdue">1<' in html
    assert "executive-print.css" in html and 'media="print"' in html


def test_executives_land_on_the_portfolio(client_for, program, members):
    assert client_for(members["executive"]).get("/")["Location"] == PORTFOLIO
    assert client_for(members["lead"]).get("/")["Location"] == reverse("programs:my_work")
    assert client_for(members["viewer"]).get("/")["Location"] == reverse("programs:program_list")


def test_an_executive_who_leads_elsewhere_keeps_landing_on_my_work(client_for, other_program, executive):
    MembershipFactory(program=other_program, user=executive, access=Access.LEAD)
    assert client_for(executive).get("/")["Location"] == reverse("programs:my_work")


def make_programs(user, n, *, events_each=1):
    today = timezone.localdate()
    for i in range(n):
        program = ProgramFactory(name=f"Program {i:03d}", slug=f"{user.username}-program-{i:03d}")
        MembershipFactory(program=program, user=user, access=Access.EXECUTIVE)
        for e in range(events_each):
            event = GoLiveEventFactory(program=program, starts_at=timezone.now() + dt.timedelta(days=10 + e))
            ReadinessSnapshot.objects.create(event=event, score=60 + e, outcome="go_with_conditions")
        MilestoneFactory(program=program, baseline_date=today - dt.timedelta(days=2))
        RiskFactory(program=program, code="R-99", likelihood=5, impact=4)
        item = services.roadmap_item_create(program=program, sponsor=user, kind="kick_off", title="Kick-off",
                                            planned_on=today - dt.timedelta(days=1))  # fmt: skip
        services.sponsor_activity_record(program=program, sponsor=user, user=user, planned=item, kind="kick_off",
                                         title="Kick-off", done_on=today)  # fmt: skip


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_portfolio_runs_the_same_queries_for_10_or_50_programs_and_for_more_events(client_for, django_user_model):
    few, many = django_user_model.objects.create(username="few"), django_user_model.objects.create(username="many")
    make_programs(few, 10)
    make_programs(many, 50, events_each=3)
    few_count = count_queries(client_for(few), PORTFOLIO)
    many_count = count_queries(client_for(many), PORTFOLIO)
    # session, user, programs, 4 readiness, 2 programs, 2 sponsor, 1 governance, 2 people readiness
    assert few_count == many_count <= 14
    html = client_for(many).get(PORTFOLIO).content.decode()
    assert html.count('data-program="many-program-') == 50 and "1 of 1" in html


def test_the_program_page_runs_the_same_queries_whatever_the_number_of_events(client_for, program, executive):
    def add_event(score):
        event = GoLiveEventFactory(program=program)
        ReadinessSnapshot.objects.create(event=event, score=score, outcome="go")

    url = reverse("executive:program", kwargs={"program_slug": program.slug})
    add_event(80)
    one = count_queries(client_for(executive), url)
    for score in range(10):
        add_event(50 + score)
    assert count_queries(client_for(executive), url) == one


# The weekly summary ----------------------------------------------------------------------------------------


def test_the_weekly_summary_goes_to_those_who_asked_once_a_week(client_for, program, executive, manager, town_hall):
    executive.email, manager.email = "evelyn@example.com", "maria@example.com"
    executive.save(), manager.save()
    response = client_for(executive).post(reverse("executive:weekly_summary"), {"wanted": "on"})
    assert response.status_code == 302
    assert "checked" in client_for(executive).get(reverse("profile")).content.decode()
    assert services.weekly_summaries_send() == 1
    (sent,) = mail.outbox
    assert sent.to == ["evelyn@example.com"] and "1 needs attention" in sent.subject
    assert "Contoso migration" in sent.body and "Sponsor activity: 0 of 1 planned done, 1 overdue" in sent.body
    assert services.weekly_summaries_send() == 0  # a second run the same week sends nobody twice
    assert WeeklySummaryReceipt.objects.count() == 1
    client_for(executive).post(reverse("executive:weekly_summary"), {})
    next_week = timezone.localdate() + dt.timedelta(days=7)
    assert services.weekly_summaries_send(today=next_week) == 0  # opted out
