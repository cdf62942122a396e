"""The go/no-go decision: recorded on a frozen snapshot, append-only, with conditions tracked to closure."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, InternalError, transaction
from django.urls import reverse

from readiness import services
from readiness.models import GoNoGoDecision
from tests.factories import ChecklistItemFactory, GoLiveEventFactory
from tests.readiness.actions import sign_off


@pytest.fixture
def event(program):
    event = GoLiveEventFactory(program=program)
    ChecklistItemFactory(event=event, ref="SI-12", hard_blocker=True, status="in_progress", evidence_note="80% trained")
    return event


def test_si_records_a_go_with_conditions_from_the_page(client, event, program, members):
    client.force_login(members["si"])
    target = reverse("readiness:decision_create", args=[program.slug, event.pk])
    assert 'value="no_go"' in client.get(target).content.decode()  # the computed outcome is offered first
    response = client.post(target, {"outcome": "go_with_conditions", "rationale": "Agents on the floor are trained.",
                                    "voters": [members["executive"].pk, members["si"].pk],
                                    "conditions": "Remaining 20% trained by Friday\n\nFloor-walkers on every shift"},
                           follow=True)  # fmt: skip
    decision = GoNoGoDecision.objects.get()
    assert response.redirect_chain[-1][0] == decision.get_absolute_url()
    assert [c.text for c in decision.conditions.all()] == [
        "Remaining 20% trained by Friday",
        "Floor-walkers on every shift",
    ]
    assert set(decision.voters.all()) == {members["executive"], members["si"]}
    page = response.content.decode()
    assert "Go with conditions" in page and "SI-12" in page  # the blocker open at the time stays on record


def test_a_go_with_conditions_needs_conditions(event, program, members):
    si = program.memberships.get(user=members["si"])
    with pytest.raises(ValidationError, match="at least one condition"):
        services.decision_record(event=event, membership=si, outcome="go_with_conditions", rationale="ok")


def test_the_snapshot_stays_as_it_was_when_decided(event, program, members):
    si = program.memberships.get(user=members["si"])
    decision = services.decision_record(event=event, membership=si, outcome="defer", rationale="Training behind")
    score_then = float(decision.snapshot.score)
    item = event.items.get()
    item.status = "complete"
    item.save()
    later = services.snapshot_take(event=event)
    decision.refresh_from_db()
    assert float(decision.snapshot.score) == score_then < float(later.score)
    assert next(c for c in decision.snapshot.criteria if c["key"] == "SI-12")["value"] == 0.5


def test_only_si_and_managers_record_decisions(event, program, members):
    for persona in ("lead", "executive", "viewer"):
        with pytest.raises(PermissionDenied):
            services.decision_record(event=event, membership=program.memberships.get(user=members[persona]),
                                     outcome="go", rationale="x")  # fmt: skip


def test_conditions_are_closed_by_their_owner_or_si(event, program, members):
    si = program.memberships.get(user=members["si"])
    decision = services.decision_record(event=event, membership=si, outcome="go_with_conditions", rationale="ok",
                                        conditions=["Hypercare rota published"])  # fmt: skip
    condition = decision.conditions.get()
    viewer = program.memberships.get(user=members["viewer"])
    with pytest.raises(PermissionDenied):
        services.condition_close(condition=condition, membership=viewer, note="done")
    condition.owner = members["viewer"]
    condition.save()
    services.condition_close(condition=condition, membership=viewer, note="Rota on the wiki")
    condition.refresh_from_db()
    assert not condition.is_open and condition.closed_by == members["viewer"]
    with pytest.raises(ValidationError, match="already closed"):
        services.condition_close(condition=condition, membership=si, note="again")


@pytest.mark.django_db(transaction=True)
def test_decisions_are_append_only_in_the_database(event, program, members):
    si = program.memberships.get(user=members["si"])
    decision = services.decision_record(event=event, membership=si, outcome="no_go", rationale="Not ready")
    for attempt in (
        lambda: GoNoGoDecision.objects.filter(pk=decision.pk).update(outcome="go"),
        lambda: GoNoGoDecision.objects.filter(pk=decision.pk).delete(),
    ):
        with pytest.raises((InternalError, IntegrityError), match="append-only"), transaction.atomic():
            attempt()
    decision.refresh_from_db()
    assert decision.outcome == "no_go"


def test_the_evidence_pack_prints_and_exports_with_sign_offs_and_decisions(client, event, program, members):
    import io

    from openpyxl import load_workbook

    si = program.memberships.get(user=members["si"])
    item = event.items.get()
    item.evidence_note = "=IMPORTXML(evil)"
    item.save()
    sign_off(item, membership=si)
    services.decision_record(event=event, membership=si, outcome="go_with_conditions", rationale="Trained enough",
                             conditions=["Floor-walkers on day 1"])  # fmt: skip
    client.force_login(members["viewer"])
    target = reverse("readiness:evidence_pack", args=[program.slug, event.pk])
    page = client.get(target).content.decode()
    assert "Evidence pack" in page and "si, " in page and "Floor-walkers on day 1 (open)" in page
    workbook = load_workbook(io.BytesIO(client.get(target + "?format=xlsx").content))
    assert workbook.sheetnames == ["Summary", "Checklist", "Criteria", "Decisions"]
    row = [c.value for c in workbook["Checklist"][2]]
    assert row[0] == "SI-12" and row[8] == "si" and row[11] == "yes"
    assert row[6] == "=IMPORTXML(evil)" and workbook["Checklist"]["G2"].data_type == "s"  # text, not a formula
    assert workbook["Decisions"]["B2"].value == "Go with conditions"


def test_a_condition_longer_than_a_condition_can_be_is_refused_on_the_page(client, event, program, members):
    client.force_login(members["si"])
    target = reverse("readiness:decision_create", args=[program.slug, event.pk])
    response = client.post(target, {"outcome": "go_with_conditions", "rationale": "Nearly",
                                    "conditions": "Rota published\n" + "x" * 301})  # fmt: skip
    assert response.status_code == 200 and "Keep each condition to 300 characters" in response.content.decode()
    assert not GoNoGoDecision.objects.exists()
