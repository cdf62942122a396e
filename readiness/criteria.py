"""The criteria of an event's readiness: its checklist, and what the rest of the program says.

Reads go through the other apps' selectors (readiness depends on them; nothing depends on readiness).
Every criterion says its weight, its value, why, and where to fix it.
"""

from django.db.models import Exists, Q, Value
from django.urls import reverse
from django.utils import timezone

from connectmobilize.lib import hooks
from operating_model import selectors as operating_model_selectors
from programs import selectors as program_selectors
from raci.selectors import matrices_with_errors

from .calendar import Window, cab_problem, calendar_clashes
from .choices import ItemStatus
from .models import ChangeRequest, ChangeWindow, GoLiveEvent, ReadinessPolicy
from .scoring import CREDIT, Criterion
from .training import completion_by_audience

CALENDAR_WEIGHT = CAB_WEIGHT = 5
# The template's hand-ticked "Operating model signed off by all owning teams": computed from the operating model's
# published versions and sign-offs instead (the item stays on the checklist; its tick no longer counts).
OPERATING_MODEL_ITEM = ("SI-17", "Operating model")  # ref and category of the template's item
SLA_COVERAGE_WEIGHT = 3


def is_computed(item) -> bool:
    """Whether the checklist item is computed from the rest of the program, not ticked or signed by hand."""
    return (item.ref, item.category) == OPERATING_MODEL_ITEM


def event_criteria(event: GoLiveEvent, items, policy: ReadinessPolicy) -> list[Criterion]:
    program = event.program
    # One reverse() for all items: this runs for every recomputation of every event.
    item_link = reverse("readiness:item_evidence", args=[program.slug, event.pk, 0]).removesuffix("0/") + "{}/"
    status_label = dict(ItemStatus.choices)
    computed = next((item for item in items if is_computed(item)), None)
    from_above = hooks.computed_checklist_items()  # items the apps above compute (the comms plan: SI-29)
    criteria = []
    for item in items:
        if item is computed:
            continue
        read = from_above.get(hooks.checklist_item_key(item.ref, item.category))
        criterion = _from_above(item, read, event) if read else None
        criteria.append(
            criterion
            or Criterion(
                key=item.ref,
                label=f"{item.ref} {item.text}",
                weight=item.weight,
                value=CREDIT[item.status],
                hard_blocker=item.hard_blocker,
                explanation=status_label[item.status],
                link=item_link.format(item.pk),
            )
        )
    if computed is not None:
        criteria += _operating_model(program, computed)
    criteria.append(_calendar(event))
    criteria.append(_cab(event))
    if policy.raci_weight:
        criteria.append(_raci(program, policy.raci_weight))
    if policy.milestones_weight or policy.risks_weight:
        late, above = _late_and_above(event)
        if policy.milestones_weight:
            criteria.append(_milestones(event, late, policy.milestones_weight))
        if policy.risks_weight:
            criteria.append(_risks(program, above, policy.risks_weight))
    if policy.training_weight:
        criteria += _training(program, policy)
    return criteria


def computed_criterion(item) -> Criterion:
    """What a computed item says now (its page shows it in place of a tick)."""
    return _operating_model(item.event.program, item)[0]


def _operating_model(program, item) -> list[Criterion]:
    """Signed off by every accountable team (in place of the item, with its weight), and the catalogue's SLA
    coverage (every process in use has an SLA and a fulfiller)."""
    model = operating_model_selectors.readiness_inputs(program)
    if model.signed_version is not None:
        why = f"Version {model.signed_version} is signed off by every accountable team."
    elif model.latest_version is None:
        why = "No version of the operating model is published yet."
    elif model.changed_since:
        why = f"The operating model changed since version {model.latest_version}: publish it and sign again."
    else:
        why = f"Version {model.latest_version} awaits the sign-off of {', '.join(model.waiting_for)}."
    link = reverse("operating_model:sign_off", args=[program.slug])
    signed = Criterion(
        key=item.ref, label=f"{item.ref} Operating model signed off by every accountable team", weight=item.weight,
        value=1.0 if model.signed_version is not None else 0.0, hard_blocker=True, explanation=why, link=link,
    )  # fmt: skip
    if not model.sla_total:
        return [signed]
    coverage = Criterion(
        key="sla_coverage", label="Every catalogue process has an SLA and a fulfiller", weight=SLA_COVERAGE_WEIGHT,
        value=model.sla_covered / model.sla_total,
        explanation=f"{model.sla_covered} of {model.sla_total} processes in use have an SLA and a fulfiller.",
        link=reverse("operating_model:catalogue", args=[program.slug]),
    )  # fmt: skip
    return [signed, coverage]


def _from_above(item, read, event) -> Criterion | None:
    """An item an app above computes (lib/hooks.py CHECKLIST_ITEM_VALUES), with the item's weight and blocker
    flag; None when that app has nothing to say, and the item's own tick counts."""
    said = read(event)
    if said is None:
        return None
    return Criterion(
        key=item.ref, label=f"{item.ref} {said.label or item.text}", weight=item.weight,
        value=max(0.0, min(1.0, said.value)), hard_blocker=item.hard_blocker, explanation=said.explanation,
        link=said.link, source=said.source or "Where it comes from",
    )  # fmt: skip


def _training(program, policy) -> list[Criterion]:
    link = reverse("readiness:training", args=[program.slug])
    return [
        Criterion(
            key=f"training:{a.audience}",
            label=f"{a.label} trained ({policy.training_target}% target)",
            weight=policy.training_weight,
            value=min(1.0, a.pct / policy.training_target) if policy.training_target else 1.0,
            explanation=f"{a.trained} of {a.total} trained ({a.pct}%).",
            link=link,
        )
        for a in completion_by_audience(program, policy.training_target)
    ]


def _calendar(event: GoLiveEvent) -> Criterion:
    local = timezone.localtime
    # One query: the freezes and blackouts that reach this window, and every program's other go-lives in it
    # (two cutovers on one night compete for the same people and carriers).
    overlapping = {"starts_at__lt": event.ends_at, "ends_at__gt": event.starts_at}
    freezes = ChangeWindow.objects.filter(Q(program=event.program_id) | Q(program__isnull=True), **overlapping)
    go_lives = GoLiveEvent.objects.filter(**overlapping).exclude(pk=event.pk)
    rows = (
        freezes.order_by()
        .values_list("name", "kind", "starts_at", "ends_at")
        .union(
            go_lives.annotate(clash=Value("go_live")).order_by().values_list("name", "clash", "starts_at", "ends_at"),
            all=True,
        )
    )
    windows = [Window(name, kind, local(start), local(end)) for name, kind, start, end in rows]
    clashes = calendar_clashes(local(event.starts_at), local(event.ends_at), windows)
    return Criterion(
        key="calendar", label="No change freeze, blackout or other go-live in the window", weight=CALENDAR_WEIGHT,
        value=0.0 if clashes else 1.0, hard_blocker=True,
        explanation=_sentence("; ".join(clashes)) if clashes else "The change calendar is clear.",
        link=reverse("readiness:calendar", args=[event.program.slug]),
    )  # fmt: skip


def _cab(event: GoLiveEvent) -> Criterion:
    try:
        request = event.change_request  # loaded with the event by readiness_score
    except ChangeRequest.DoesNotExist:
        request = None
    local = timezone.localtime
    problem = cab_problem(
        start=local(event.starts_at), end=local(event.ends_at), status=request.status if request else None,
        approved_start=local(request.approved_start) if request and request.approved_start else None,
        approved_end=local(request.approved_end) if request and request.approved_end else None,
    )  # fmt: skip
    return Criterion(
        key="cab", label="Cutover change request approved by CAB for this window", weight=CAB_WEIGHT,
        value=0.0 if problem else 1.0, hard_blocker=True,
        explanation=_cab_words(problem, request),
        link=reverse("readiness:change_request", args=[event.program.slug, event.pk]),
    )  # fmt: skip


def _raci(program, weight) -> Criterion:
    broken = list(matrices_with_errors(program).values_list("name", "error_count"))
    return Criterion(
        key="raci", label="RACI matrices follow the rules (no errors)", weight=weight, value=0.0 if broken else 1.0,
        explanation=", ".join(f"{name}: {n} error{'s' if n != 1 else ''}" for name, n in broken)
        or "No rule errors in the program's matrices.",
        link=reverse("raci:matrix_list", args=[program.slug]),
    )  # fmt: skip


def _late_and_above(event: GoLiveEvent) -> tuple[list[str], list[tuple[str, int]]]:
    """One query: overdue milestones of the event's workstreams (all the program's if it names none),
    and the program's open risks at or above the appetite."""
    program = event.program
    mine = Exists(GoLiveEvent.workstreams.through.objects.filter(goliveevent_id=event.pk))
    milestones = program_selectors.overdue_milestone_list(program).filter(
        Q(workstream__go_live_events=event.pk) | ~mine
    )
    risks = program_selectors.open_risks(program).filter(score__gte=program.risk_appetite)
    rows = (
        milestones.annotate(kind=Value("milestone"), number=Value(0))
        .order_by()
        .values_list("kind", "title", "number")
        .union(risks.annotate(kind=Value("risk")).order_by().values_list("kind", "code", "score"), all=True)
    )
    late, above = [], []
    for kind, label, number in rows:
        if kind == "milestone":
            late.append(label)
        else:
            above.append((label, number))
    return late, sorted(above, key=lambda r: (-r[1], r[0]))


def _milestones(event: GoLiveEvent, late: list[str], weight) -> Criterion:
    return Criterion(
        key="milestones", label="No overdue milestones (the event's workstreams, else the program's)", weight=weight,
        value=max(0.0, 1 - len(late) / 5),
        explanation=("Overdue: " + "; ".join(late[:5]) + ("…" if len(late) > 5 else "")) if late
        else f"Nothing overdue on {timezone.localdate():%d %b}.",
        link=reverse("programs:milestone_list", args=[event.program.slug]) + "?overdue=true",
    )  # fmt: skip


def _risks(program, above: list[tuple[str, int]], weight) -> Criterion:
    return Criterion(
        key="risks", label=f"No open risk at or above the appetite ({program.risk_appetite})", weight=weight,
        value=0.0 if above else 1.0,
        explanation=("Above appetite: " + ", ".join(f"{code} ({score})" for code, score in above)) if above
        else "Every open risk is within the appetite.",
        link=reverse("programs:risk_list", args=[program.slug]),
    )  # fmt: skip


def _cab_words(problem: str | None, request: ChangeRequest | None) -> str:
    if problem or request is None:
        return f"{_sentence(problem or 'no cutover change request')}."
    return f"{request.number} approved for the window."


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
