"""Personas: one user per access level of the `program`, and an outsider who belongs to another program."""

import pytest

from connectmobilize.lib.access import Access
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

PERSONAS = ("manager", "lead", "si", "executive", "viewer")


@pytest.fixture
def program(db):
    return ProgramFactory(name="Contoso migration", slug="contoso")


@pytest.fixture
def other_program(db):
    return ProgramFactory(name="Fabrikam migration", slug="fabrikam")


@pytest.fixture
def members(program):
    """username → user, one per access level."""
    return {
        access: MembershipFactory(program=program, user=UserFactory(username=access), access=Access(access)).user
        for access in PERSONAS
    }


@pytest.fixture
def manager(members):
    return members["manager"]


@pytest.fixture
def lead(members):
    return members["lead"]


@pytest.fixture
def viewer(members):
    return members["viewer"]


@pytest.fixture
def outsider(other_program):
    """A signed-up user who manages another program, and is nothing in `program`."""
    user = UserFactory(username="outsider")
    MembershipFactory(program=other_program, user=user, access=Access.MANAGER)
    return user


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run what services queue after commit, as the eager in-process default does."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run
