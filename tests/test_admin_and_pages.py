import re

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import MilestoneFactory, RiskFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_staff_can_use_the_admin_for_every_program_model(client, program):
    MilestoneFactory(program=program)
    RiskFactory(program=program)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    models = [m for m in admin.site._registry if m._meta.app_label == "programs"]
    assert len(models) >= 6
    for model in models:
        opts = model._meta
        assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
        obj = model.objects.first()
        if obj is not None:
            history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
            assert client.get(history).status_code == 200


def test_pages_load_nothing_from_the_internet(client, program, members):
    """The app works offline: every script and stylesheet is served by the app itself."""
    client.force_login(members["manager"])
    page = client.get(reverse("programs:dashboard", kwargs={"program_slug": program.slug})).content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', page)
    assert any("htmx" in s for s in sources) and any("bootstrap" in s for s in sources)
    assert all(s.startswith("/static/") for s in sources), sources
