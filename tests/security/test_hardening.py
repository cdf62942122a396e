"""Hardening a user or an operator can see: sign-in throttling, health check, password reset, CSP."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def throttled(settings):
    """django-axes as in production (the suite turns it off), with a small limit to keep the tests short."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return settings


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_guessing_one_users_password_locks_that_user_even_from_new_addresses(client, throttled):
    UserFactory(username="maria", password=PASSWORD)
    for n in range(2):
        assert sign_in(client, "maria", f"guess-{n}", address=f"10.0.0.{n}").status_code == 200
    assert sign_in(client, "maria", "guess-2", address="10.0.0.2").status_code == 429  # the third failure locks

    response = sign_in(client, "maria", PASSWORD, address="10.9.9.9")

    assert response.status_code == 429
    page = " ".join(response.content.decode().split())
    assert "Signing in is paused after too many failed attempts" in page
    assert "After 3 wrong passwords for one username, or from one address, sign-in is refused for 15 minutes" in page
    assert "_auth_user_id" not in client.session  # the right password does not get through while locked


@pytest.mark.django_db
def test_spraying_many_usernames_from_one_address_locks_that_address(client, throttled):
    UserFactory(username="liam", password=PASSWORD)
    for name in ("ann", "bob", "cy"):
        sign_in(client, name, "guess", address="192.0.2.7")

    assert sign_in(client, "liam", PASSWORD, address="192.0.2.7").status_code == 429
    assert sign_in(client, "liam", PASSWORD, address="192.0.2.8").status_code == 302  # another address is not


@pytest.mark.django_db
def test_a_few_mistakes_then_the_right_password_signs_in_and_clears_the_count(client, throttled):
    UserFactory(username="sofia", password=PASSWORD)
    for _ in range(2):
        response = sign_in(client, "sofia", "typo")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()

    assert sign_in(client, "sofia", PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        sign_in(client, "sofia", "typo")
    assert sign_in(client, "sofia", PASSWORD).status_code == 302  # the success reset the count
