"""Conditional reads (If-None-Match: 304 while the record is unchanged) and the per-address limit on refused
calls (guessing tokens, probing programs)."""

from django.core.cache import cache

from connectmobilize.lib.tokens import api_token_create
from tests.api.conftest import base
from tests.factories import MilestoneFactory


def test_a_record_read_again_unchanged_is_a_304_without_its_body(api, program, lead):
    milestone = MilestoneFactory(program=program)
    client, url = api(lead), f"{base(program)}/milestones/{milestone.pk}/"
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"] and not again.content
    client.post(f"{url}slip/", {"days": 3}, format="json")
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] == '"2"' and changed.json()["slip_days"] == 3
    assert client.get(f"{base(program)}/", HTTP_IF_NONE_MATCH='"7", W/"1"').status_code == 304  # the program


def test_refused_calls_are_limited_per_address_whatever_token_is_sent(api, program, other_program, viewer,
                                                                      settings):  # fmt: skip
    settings.API_REFUSED_RATE = "3/minute"
    cache.clear()
    guesser = api()
    guesser.credentials(HTTP_AUTHORIZATION="Bearer cm_00000000_guess")
    viewer_client = api(viewer)
    statuses = [
        guesser.get(f"{base(program)}/milestones/").status_code,  # a wrong token: 401
        viewer_client.post(f"{base(program)}/risks/", {"title": "x"}, format="json").status_code,  # 403
        api().get(f"{base(program)}/milestones/").status_code,  # anonymous: 401
    ]
    assert statuses == [401, 403, 401]
    refused = guesser.get(f"{base(program)}/milestones/")
    assert refused.status_code == 429 and "refused calls" in refused.json()["detail"] and "Retry-After" in refused
    assert viewer_client.get(f"{base(program)}/milestones/").status_code == 429  # the same address waits
    cache.clear()  # the window moved on
    assert viewer_client.get(f"{base(program)}/milestones/").status_code == 200
    assert api_token_create(user=viewer, name="x")  # nothing about the user's tokens changed
