"""API clients: a persona's personal token, as a tool would use it."""

import pytest
from rest_framework.test import APIClient

from connectmobilize.lib.tokens import api_token_create


def token_for(user) -> str:
    return api_token_create(user=user, name="tests")[1]


@pytest.fixture
def api():
    """api(user) → a client sending that user's personal token; api() → anonymous."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
        return client

    return make


def base(program) -> str:
    return f"/api/v1/programs/{program.slug}"


@pytest.fixture
def tasks(django_capture_on_commit_callbacks):
    """Calls the API and runs what it queued after commit (the worker), as the eager default does."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run
