"""The demo gives Evelyn a portfolio of two programs and a sponsor roadmap with one message overdue."""

from django.urls import reverse

from connectmobilize.demo import load_demo
from people import selectors
from programs.demo import SECOND_PROGRAM


def test_evelyn_lands_on_a_portfolio_of_two_programs_with_her_sponsor_activity(client, db):
    northwind = load_demo()[0]
    evelyn = northwind.memberships.get(user__username="evelyn").user
    second = evelyn.memberships.get(program__name=SECOND_PROGRAM).program
    assert second.phase != northwind.phase and second.memberships.get(user=evelyn).access == "executive"
    tally = selectors.sponsor_tallies([northwind.pk])[northwind.pk]
    assert (tally.due, tally.done, tally.overdue, tally.unplanned, tally.upcoming) == (6, 5, 1, 2, 3)

    client.force_login(evelyn)
    assert client.get("/")["Location"] == reverse("executive:portfolio")
    html = client.get(reverse("executive:portfolio")).content.decode()
    assert html.count('<tr data-program="') == 2 and "Pilot: nurse advice line" in html
    assert "5 of 6</span> planned done" in html
    page = client.get(reverse("executive:program", args=[northwind.slug])).content.decode()
    assert "Wave 1: customer service lines" in page and "Readiness trend per go-live event" in page
