"""Two people saving the same readiness record at the same moment: one save wins, the other is told, never a
server error or a silent overwrite. And a new checklist item's reference is one the event does not use."""

import threading
import time

import pytest
from django.db import connection
from django.urls import reverse

from readiness import services
from readiness.models import DecisionCondition, ReadinessPolicy
from tests.factories import ChecklistItemFactory, GoLiveEventFactory


def at_once(*calls) -> list[str]:
    """Run each call in its own thread and connection, all started together; what each ended with."""
    start, outcomes = threading.Barrier(len(calls)), []

    def run(call):
        start.wait()
        try:
            call()
            outcomes.append("saved")
        except Exception as error:  # what each call ended with is the result
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


@pytest.fixture
def slow_validation(monkeypatch):
    """Each save pauses after it read what is there, so two saves overlap as two people's might."""
    real = ReadinessPolicy.full_clean

    def slow(self, *args, **kwargs):
        time.sleep(0.3)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ReadinessPolicy, "full_clean", slow)


@pytest.mark.django_db(transaction=True)
def test_two_first_saves_of_the_thresholds_make_one_and_refuse_the_other(program, slow_validation):
    def save(go):
        return lambda: services.policy_save(program=program, version=None, go_threshold=go, conditions_threshold=60)

    assert at_once(save(90), save(85)) == ["StaleEdit", "saved"]  # not an IntegrityError: a 500 on the API
    assert ReadinessPolicy.objects.filter(program=program).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_people_closing_one_condition_close_it_once(program, members, monkeypatch):
    event = GoLiveEventFactory(program=program)
    decision = services.decision_record(
        event=event, membership=members["si"].memberships.get(), outcome="go_with_conditions",
        rationale="Trained enough.", conditions=["Floor-walkers on every shift"],
    )  # fmt: skip
    condition = decision.conditions.get()
    real = DecisionCondition.save
    monkeypatch.setattr(DecisionCondition, "save", lambda self, *a, **k: (time.sleep(0.3), real(self, *a, **k)))

    def close(user, note):
        def run():  # each as its own request would: its own read of the condition
            mine = DecisionCondition.objects.get(pk=condition.pk)
            services.condition_close(condition=mine, membership=user.memberships.get(), note=note)

        return run

    outcomes = at_once(close(members["si"], "Rota published"), close(members["manager"], "Checked on the floor"))
    assert outcomes == ["ValidationError", "saved"]  # the second is told it is already closed
    closed = DecisionCondition.objects.get(pk=condition.pk)
    assert (closed.closed_by, closed.closing_note) in {
        (members["si"], "Rota published"),
        (members["manager"], "Checked on the floor"),
    }


def test_a_new_item_starts_with_the_first_reference_the_event_does_not_use(client_for, program, members):
    event = GoLiveEventFactory(program=program)
    ChecklistItemFactory(event=event, ref="SI-02")  # SI-01 was removed, or never made
    page = client_for(members["si"]).get(reverse("readiness:item_create", args=[program.slug, event.pk]))
    assert 'value="SI-01"' in page.content.decode()  # counting the items offered SI-02, refused as taken
