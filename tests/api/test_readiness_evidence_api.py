"""The readiness API, continued: an item's evidence file uploaded and downloaded through the service of the
item's page (its size limit and who may change evidence), and a sign-off that signs only the evidence read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from connectmobilize.lib.uploads import MAX_EVIDENCE_BYTES
from readiness.models import ChecklistItem, SignOff
from tests.api.conftest import base
from tests.factories import ChecklistItemFactory, GoLiveEventFactory


@pytest.fixture
def item(program, members):
    event = GoLiveEventFactory(program=program, name="Wave 1")
    return ChecklistItemFactory(event=event, ref="SI-04", owner=members["lead"], evidence_note="UAT plan")


def item_url(program, item) -> str:
    return f"{base(program)}/events/{item.event_id}/items/{item.pk}/"


def test_an_evidence_file_is_uploaded_with_the_version_read_and_downloaded(api, program, members, item):
    lead, url = api(members["lead"]), item_url(program, item)
    unversioned = lead.post(f"{url}evidence-file/", {"file": SimpleUploadedFile("a.pdf", b"a")}, format="multipart")
    assert unversioned.status_code == 428  # no version: nothing saved
    saved = lead.post(f"{url}evidence-file/", {"file": SimpleUploadedFile("uat report.pdf", b"%PDF UAT")},
                      format="multipart", HTTP_IF_MATCH='"1"')  # fmt: skip
    assert saved.status_code == 200 and saved["ETag"] == '"2"', saved.json()
    assert saved.json()["evidence_file_name"] == "uat report.pdf" and saved.json()["evidence_note"] == "UAT plan"
    stale = lead.post(f"{url}evidence-file/", {"file": SimpleUploadedFile("v2.pdf", b"v2")}, format="multipart",
                      HTTP_IF_MATCH='"1"')  # fmt: skip
    assert stale.status_code == 412 and stale.json()["current"]["evidence_file_name"] == "uat report.pdf"
    in_body = lead.post(f"{url}evidence-file/", {"file": SimpleUploadedFile("v2.pdf", b"v2"), "version": "2"},
                        format="multipart")  # fmt: skip
    assert in_body.status_code == 200 and in_body.json()["evidence_file_name"] == "v2.pdf"

    download = api(members["viewer"]).get(f"{url}evidence-file/")
    assert download.status_code == 200 and download.content == b"v2"
    assert download["Content-Disposition"] == 'attachment; filename="v2.pdf"'


def test_an_evidence_file_is_refused_where_the_page_refuses_it(api, program, members, item, settings):
    url = item_url(program, item)
    other = ChecklistItemFactory(event=item.event, ref="SI-05")  # not the lead's
    not_theirs = api(members["lead"]).post(f"{item_url(program, other)}evidence-file/",
                                           {"file": SimpleUploadedFile("x.pdf", b"x")}, format="multipart",
                                           HTTP_IF_MATCH='"1"')  # fmt: skip
    assert not_theirs.status_code == 403 and "Only the item's owner" in not_theirs.json()["detail"]
    assert api(members["viewer"]).post(f"{url}evidence-file/", {"file": SimpleUploadedFile("x.pdf", b"x")},
                                       format="multipart", HTTP_IF_MATCH='"1"').status_code == 403  # fmt: skip
    big = b"x" * (MAX_EVIDENCE_BYTES + 1)
    too_large = api(members["si"]).post(f"{url}evidence-file/", {"file": SimpleUploadedFile("big.bin", big)},
                                        format="multipart", HTTP_IF_MATCH='"1"')  # fmt: skip
    assert too_large.status_code == 400 and "the limit is 10 MB" in too_large.json()["evidence_file"][0]
    no_file = api(members["si"]).post(f"{url}evidence-file/", {}, format="multipart", HTTP_IF_MATCH='"1"')
    assert no_file.status_code == 400 and "file" in no_file.json()
    assert api(members["viewer"]).get(f"{url}evidence-file/").status_code == 404  # none saved
    assert ChecklistItem.objects.get(pk=item.pk).evidence_file_sha256 == ""


def test_a_sign_off_signs_the_evidence_read_and_a_new_file_makes_it_stale(api, program, members, item):
    url, si = item_url(program, item), api(members["si"])
    read = si.get(url).json()
    # Someone saves a file after the signer read the item: the signer's sign-off is refused, nothing signed.
    api(members["lead"]).post(f"{url}evidence-file/", {"file": SimpleUploadedFile("uat.pdf", b"UAT")},
                              format="multipart", HTTP_IF_MATCH='"1"')  # fmt: skip
    refused = si.post(f"{url}sign-offs/", {"fingerprint": read["evidence_fingerprint"]}, format="json")
    assert refused.status_code == 400 and "changed since you opened" in refused.json()["non_field_errors"][0]
    assert not SignOff.objects.exists()

    now = si.get(url).json()
    signed = si.post(f"{url}sign-offs/", {"fingerprint": now["evidence_fingerprint"]}, format="json")
    assert signed.status_code == 201 and signed.json()["evidence_file_name"] == "uat.pdf"
    after = si.get(url)
    assert after.json()["signed"] and after.json()["status"] == "complete"
    # A new file changes the evidence: the sign-off is stale and the item goes back in progress, as on the page.
    changed = api(members["lead"]).post(f"{url}evidence-file/", {"file": SimpleUploadedFile("uat-v2.pdf", b"v2")},
                                        format="multipart", HTTP_IF_MATCH=after["ETag"])  # fmt: skip
    assert changed.status_code == 200 and not changed.json()["signed"] and changed.json()["status"] == "in_progress"
    # What was signed stays readable, as the item's page links it beside the sign-off: the file as it was then.
    signed_file = api(members["viewer"]).get(f"{url}sign-offs/{signed.json()['id']}/evidence-file/")
    assert signed_file.status_code == 200 and signed_file.content == b"UAT"
    assert signed_file["Content-Disposition"] == 'attachment; filename="uat.pdf"'
    assert api(members["viewer"]).get(f"{url}evidence-file/").content == b"v2"


def test_a_sign_off_without_a_file_has_none_to_download_and_outsiders_get_nothing(api, program, members, item,
                                                                                 outsider):  # fmt: skip
    url = item_url(program, item)
    fingerprint = api(members["si"]).get(url).json()["evidence_fingerprint"]
    signed = api(members["si"]).post(f"{url}sign-offs/", {"fingerprint": fingerprint}, format="json")
    download = f"{url}sign-offs/{signed.json()['id']}/evidence-file/"
    none = api(members["viewer"]).get(download)
    assert none.status_code == 404 and "no evidence file" in none.json()["detail"]
    assert api(outsider).get(download).status_code == 404
    assert api().get(download).status_code == 401
    other = ChecklistItemFactory(event=item.event, ref="SI-09")  # the sign-off is not this item's
    assert api(members["viewer"]).get(f"{item_url(program, other)}sign-offs/{signed.json()['id']}/evidence-file/"
                                      ).status_code == 404  # fmt: skip


def test_the_evidence_file_refuses_outsiders_and_anonymous(api, program, members, item, outsider):
    url = f"{item_url(program, item)}evidence-file/"
    body = {"file": SimpleUploadedFile("x.pdf", b"x")}
    assert api(outsider).get(url).status_code == 404
    assert api(outsider).post(url, body, format="multipart", HTTP_IF_MATCH='"1"').status_code == 404
    assert api().post(url, {"file": SimpleUploadedFile("x.pdf", b"x")}, format="multipart").status_code == 401
    assert api(members["executive"]).post(url, {"file": SimpleUploadedFile("x.pdf", b"x")}, format="multipart",
                                          HTTP_IF_MATCH='"1"').status_code == 403  # fmt: skip
