"""Personal API tokens: made and named on the profile page, shown once, stored hashed, last use recorded,
revoked at once; calls are counted per token."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from connectmobilize.lib.tokens import ApiToken, api_token_create
from tests.api.conftest import base


def test_a_token_is_made_on_the_profile_page_and_shown_once(client_for, manager):
    client = client_for(manager)
    response = client.post(reverse("profile"), {"name": "Power BI refresh"}, follow=True)
    page = response.content.decode()
    token = ApiToken.objects.get(user=manager)
    text = response.context["new_token"]["text"]
    assert "Power BI refresh" in page and text in page and "shown this once" in page
    assert text.startswith(f"cm_{token.prefix}_") and text not in token.digest  # only its hash is kept
    again = client.get(reverse("profile")).content.decode()
    assert text not in again and f"cm_{token.prefix}_" in again  # the list names it by its prefix only


def test_a_token_works_records_its_last_use_and_stops_when_revoked(client_for, api, program, manager):
    token, text = api_token_create(user=manager, name="ServiceNow")
    assert token.last_used_at is None
    tool = api()
    tool.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    assert tool.get(f"{base(program)}/milestones/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert "never" not in client_for(manager).get(reverse("profile")).content.decode().split("ServiceNow")[1][:200]

    client_for(manager).post(reverse("token_revoke", kwargs={"token_id": token.pk}))
    refused = tool.get(f"{base(program)}/milestones/")
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]


def test_a_mistyped_or_forged_token_is_refused(api, program, manager):
    _, text = api_token_create(user=manager, name="Jira")
    for wrong in (text[:-1] + ("A" if text[-1] != "A" else "B"), "cm_00000000_x", "not-a-token"):
        tool = api()
        tool.credentials(HTTP_AUTHORIZATION=f"Bearer {wrong}")
        assert tool.get(f"{base(program)}/milestones/").status_code == 401


def test_a_token_acts_as_its_user_and_no_more(api, program, viewer, lead):
    assert api(viewer).post(f"{base(program)}/risks/", {"title": "x"}, format="json").status_code == 403
    assert api(lead).get(f"{base(program)}/members/").status_code == 403  # members: managers only


def test_anonymous_calls_get_401_not_a_redirect(api, program):
    response = api().get(f"{base(program)}/milestones/")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")


def test_calls_are_limited_per_token(api, program, manager, settings):
    settings.API_RATE = "3/minute"
    cache.clear()
    first, second = api(manager), api(manager)
    url = f"{base(program)}/roles/"
    assert [first.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert second.get(url).status_code == 200  # another token of the same user has its own count
    assert "Retry-After" in first.get(url)


@pytest.mark.parametrize("name", ["", "   "])
def test_a_token_needs_a_name(client_for, manager, name):
    response = client_for(manager).post(reverse("profile"), {"name": name})
    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_the_demo_token_of_the_readme_works(db, api):
    from connectmobilize.demo import DEMO_API_TOKEN, load_demo

    program = load_demo()[0]
    tool = api()
    tool.credentials(HTTP_AUTHORIZATION=f"Bearer {DEMO_API_TOKEN}")
    programs = tool.get("/api/v1/programs/").json()["results"]
    by_slug = {p["slug"]: p for p in programs}  # Northwind and the second, smaller demo program (issue #11)
    assert len(by_slug) == 2 and by_slug[program.slug]["your_access"] == "manager"
    assert tool.get(f"{base(program)}/milestones/?overdue=true").status_code == 200


def test_a_read_only_token_reads_and_is_refused_every_change_whatever_the_role(client_for, api, program, manager):
    client_for(manager).post(reverse("profile"), {"name": "Monthly report", "read_only": "on"})
    token = ApiToken.objects.get(user=manager)
    assert token.read_only
    assert "read only" in client_for(manager).get(reverse("profile")).content.decode().split("Monthly report")[-1][:300]
    _, text = api_token_create(user=manager, name="Reports", read_only=True)
    tool = api()
    tool.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    assert tool.get(f"{base(program)}/risks/").status_code == 200
    changes = [
        tool.post(f"{base(program)}/risks/", {"title": "Agents not trained"}, format="json"),
        tool.patch(f"{base(program)}/", {"name": "Renamed"}, format="json", HTTP_IF_MATCH='"1"'),
        tool.post("/api/v1/programs/", {"name": "Another"}, format="json"),
    ]
    assert [r.status_code for r in changes] == [403, 403, 403]
    assert "read-only" in changes[0].json()["detail"]
    program.refresh_from_db()
    assert program.name != "Renamed" and not program.risks.exists()


def test_an_expired_token_is_refused_with_a_clear_message(client_for, api, program, manager):
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    response = client_for(manager).post(reverse("profile"), {"name": "Old", "expires_on": today - dt.timedelta(days=1)})
    assert response.status_code == 400 and "in the past" in response.content.decode()
    token, text = api_token_create(user=manager, name="Jira sync", expires_on=today)
    tool = api()
    tool.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    assert tool.get(f"{base(program)}/roles/").status_code == 200  # works to the end of its day
    ApiToken.objects.filter(pk=token.pk).update(expires_on=today - dt.timedelta(days=1))
    refused = tool.get(f"{base(program)}/roles/")
    assert refused.status_code == 401 and "expired" in refused.json()["detail"]
    page = client_for(manager).get(reverse("profile")).content.decode().split("Jira sync")[1][:400]
    assert "expired" in page


def test_expired_tokens_do_not_count_against_the_limit(manager):
    import datetime as dt

    from django.utils import timezone

    from connectmobilize.lib.tokens import MAX_ACTIVE_TOKENS

    for i in range(MAX_ACTIVE_TOKENS):
        api_token_create(user=manager, name=f"tool {i}")
    with pytest.raises(ValidationError):
        api_token_create(user=manager, name="one too many")
    ApiToken.objects.filter(name="tool 0").update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    assert api_token_create(user=manager, name="replacement")[0].is_active
