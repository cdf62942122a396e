"""Invite a member by email: an existing user is added; someone new gets an account and a link to set a password."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from connectmobilize.lib.access import Access
from connectmobilize.lib.records import new_submission_token
from tests.factories import UserFactory


def add(client, program, **data):
    return client.post(reverse("programs:member_add", args=[program.slug]), {"access": "lead", **data})


def test_an_existing_user_given_by_email_is_added_without_an_email(client_for, manager, program, run_tasks):
    zoe = UserFactory(username="zoe", email="zoe@example.com", first_name="Zoe", last_name="Park")
    response = run_tasks(add, client_for(manager), program, username="Zoe@Example.com")
    assert response.status_code == 302
    assert program.memberships.get(user=zoe).access == Access.LEAD
    assert mail.outbox == []


def test_a_new_email_gets_an_account_and_a_link_to_choose_a_password(client_for, manager, program, run_tasks, client):
    manager.first_name, manager.last_name = "Maria", "Lopez"
    manager.save()
    response = run_tasks(add, client_for(manager), program, username="new.agent@nw.example", name="Noor Haddad")
    page = client.get(response["Location"]).content.decode()
    assert "Noor Haddad added as Lead (IT / contact center / workstream)." in page
    assert "An email with a link to choose a password is on its way to them." in page

    noor = get_user_model().objects.get(email="new.agent@nw.example")
    assert not noor.has_usable_password() and noor.is_active and noor.get_full_name() == "Noor Haddad"
    assert program.memberships.get(user=noor).access == Access.LEAD
    [email] = mail.outbox
    assert email.to == ["new.agent@nw.example"]
    assert email.subject == "Maria Lopez invites you to Contoso migration on ConnectMobilize"
    link = re.search(r"http://\S+/accounts/password-reset/\S+/", email.body).group(0)

    client.logout()
    form = client.get(link.split("testserver", 1)[-1].replace("http://127.0.0.1:8000", ""), follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "a-long-passphrase-2026", "new_password2": "a-long-passphrase-2026"})
    assert done.status_code == 302
    noor.refresh_from_db()
    assert noor.check_password("a-long-passphrase-2026")
    assert client.login(username="new.agent@nw.example", password="a-long-passphrase-2026")


def test_inviting_twice_adds_and_emails_once(client_for, manager, program, run_tasks):
    client = client_for(manager)
    token = new_submission_token()
    first = run_tasks(add, client, program, username="twice@nw.example", submission=token)
    second = run_tasks(add, client, program, username="twice@nw.example", submission=token)  # a double click
    assert first.status_code == second.status_code == 302
    again = run_tasks(add, client, program, username="twice@nw.example", submission=new_submission_token())
    assert again.status_code == 302  # the same invitation later: they are a member already, nothing new
    assert get_user_model().objects.filter(email="twice@nw.example").count() == 1
    assert program.memberships.filter(user__email="twice@nw.example").count() == 1
    assert len(mail.outbox) == 1


def test_something_that_is_neither_a_user_nor_an_email_is_refused(client_for, manager, program):
    response = add(client_for(manager), program, username="nobody")
    assert response.status_code == 400
    assert "To invite someone new, give their email address." in response.content.decode()
    assert not get_user_model().objects.filter(username="nobody").exists()


@pytest.mark.parametrize("who", ["lead", "si", "executive", "viewer"])
def test_only_managers_invite(client_for, members, program, who, run_tasks):
    response = run_tasks(add, client_for(members[who]), program, username="sneaky@nw.example")
    assert response.status_code == 403
    assert not get_user_model().objects.filter(email="sneaky@nw.example").exists() and mail.outbox == []


def test_a_non_member_gets_nothing(client_for, outsider, program, run_tasks):
    response = run_tasks(add, client_for(outsider), program, username="sneaky@nw.example")
    assert response.status_code == 404
    assert not get_user_model().objects.filter(email="sneaky@nw.example").exists() and mail.outbox == []


def test_the_members_page_offers_the_invitation_to_managers_only(client_for, members, program):
    url = reverse("programs:member_list", args=[program.slug])
    assert "Add or invite a member" in client_for(members["manager"]).get(url).content.decode()
    assert "Add or invite a member" not in client_for(members["lead"]).get(url).content.decode()


def _sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_sign_in_page_takes_a_user_name_or_an_email_address(db, client):
    page = client.get(reverse("login")).content.decode()
    assert "User name or email address" in page


@pytest.mark.parametrize("typed", ["zoe", "zoe@example.com", " Zoe@Example.COM"])
def test_a_member_signs_in_with_their_user_name_or_their_email_address(db, client, typed):
    UserFactory(username="zoe", email="zoe@example.com", password="a-long-passphrase-2026")
    response = _sign_in(client, typed, "a-long-passphrase-2026")
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")


def test_an_email_address_two_accounts_share_signs_neither_in(db, client):
    UserFactory(username="zoe", email="team@example.com", password="a-long-passphrase-2026")
    UserFactory(username="yan", email="team@example.com", password="a-long-passphrase-2026")
    response = _sign_in(client, "team@example.com", "a-long-passphrase-2026")
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert not client.session.get("_auth_user_id")
    assert _sign_in(client, "yan", "a-long-passphrase-2026").status_code == 302


def test_a_wrong_password_with_an_email_address_is_refused(db, client):
    UserFactory(username="zoe", email="zoe@example.com", password="a-long-passphrase-2026")
    response = _sign_in(client, "zoe@example.com", "wrong")
    assert response.status_code == 200 and not client.session.get("_auth_user_id")
