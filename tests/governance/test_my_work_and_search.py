"""Governance on the pages every user reads: actions and issues on My work, decisions, actions and issues found
by the program search."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from connectmobilize.lib.access import Access
from governance import services
from tests.factories import MembershipFactory


def _work(program, user, n, tag):
    for i in range(n):
        services.action_create(program=program, user=user, title=f"{tag} action {i}", owner=user,
                               due_date=timezone.localdate() + dt.timedelta(days=i))  # fmt: skip
        services.issue_create(program=program, title=f"{tag} issue {i}", owner=user)


def test_my_work_lists_the_actions_and_issues_a_user_owns_in_every_program(
    client_for, program, other_program, lead, manager, django_assert_max_num_queries
):
    MembershipFactory(program=other_program, user=lead, access=Access.VIEWER)
    _work(program, lead, 2, "Contoso")
    _work(other_program, lead, 1, "Fabrikam")
    _work(program, manager, 1, "Maria's")
    client = client_for(lead)

    html = client.get(reverse("programs:my_work")).content.decode()

    assert "Contoso action 1" in html and "Fabrikam action 0" in html and "Contoso issue 0" in html
    assert "Maria&#x27;s action 0" not in html
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("programs:my_work"))
    _work(program, lead, 6, "More")
    with django_assert_max_num_queries(len(few.captured_queries)):  # constant in the number of actions
        client.get(reverse("programs:my_work"))


def test_the_program_search_finds_decisions_actions_and_issues_of_that_program_only(
    client_for, program, other_program, manager, outsider
):
    services.decision_raise(program=program, user=manager, title="Extend hypercare to 45 days?")
    _work(program, manager, 1, "Hypercare rota")
    services.action_create(program=other_program, user=outsider, title="Hypercare elsewhere", owner=outsider,
                           due_date=timezone.localdate())  # fmt: skip

    html = client_for(manager).get(reverse("programs:search", kwargs={"program_slug": program.slug}),
                                   {"q": "hypercare"}).content.decode()  # fmt: skip

    assert "Extend hypercare to 45 days?" in html
    assert "Hypercare rota action 0" in html and "Hypercare rota issue 0" in html
    assert "Hypercare elsewhere" not in html
