"""People & change: services (writes). Each runs in one transaction; history is recorded by django-simple-history."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from connectmobilize.lib.access import Capability, can
from connectmobilize.lib.records import edit, refuse_duplicate_name, refuse_other_programs, save
from connectmobilize.lib.signals import program_input_changed
from programs import selectors as programs
from programs import starting_sets
from programs.choices import AdkarElement, RiskCategory, RiskStatus
from programs.models import Program, Risk
from programs.services import risk_create, risk_update
from readiness.selectors import event_list

from . import commitment, sponsorship
from .choices import Channel, ImpactArea, StakeholderKind
from .models import ChangeImpact, CommitmentRisk, SponsorAssessment, SponsorNode, Stakeholder

log = logging.getLogger(__name__)

# Stakeholder register ---------------------------------------------------------------------------------------


def _check_stakeholder(stakeholder: Stakeholder) -> None:
    refuse_other_programs(stakeholder, program_id=stakeholder.program_id, links={"owner": stakeholder.owner})
    refuse_duplicate_name(stakeholder, what="stakeholder")
    unknown = [c for c in stakeholder.channels or [] if c not in Channel.values]
    if unknown:
        raise ValidationError({"channels": f"Unknown communication vehicle: {', '.join(map(str, unknown))}."})
    if stakeholder.kind == StakeholderKind.INDIVIDUAL and stakeholder.population != 1:
        raise ValidationError({"population": "An individual is one person: make it a group to count more."})
    if stakeholder.pk and stakeholder.kind != StakeholderKind.GROUP and stakeholder.impacts.exists():
        raise ValidationError({"kind": "Its change impact is recorded as a group's: it stays a group."})
    save(stakeholder)
    program_input_changed(stakeholder.program_id)
    commitment_risks_raise(program=stakeholder.program, stakeholders=[stakeholder])


@transaction.atomic
def stakeholder_create(*, program: Program, **fields) -> Stakeholder:
    stakeholder = Stakeholder(program=program, **fields)
    _check_stakeholder(stakeholder)
    return stakeholder


@transaction.atomic
def stakeholder_update(*, stakeholder: Stakeholder, version: int, **fields) -> Stakeholder:
    stakeholder = edit(stakeholder, version=version, changes=fields)
    _check_stakeholder(stakeholder)
    return stakeholder


@transaction.atomic
def stakeholder_archive(*, stakeholder: Stakeholder, archived: bool = True) -> Stakeholder:
    """Archived stakeholders leave the grid, the heat map and the coalition's groups; their records stay."""
    stakeholder = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
    if stakeholder.archived != archived:
        stakeholder.archived = archived
        stakeholder.version += 1
        stakeholder.save(update_fields=["archived", "version", "updated_at"])
        program_input_changed(stakeholder.program_id)
    return stakeholder


# Rule 8: a commitment gap > 1 within 14 days of a go-live window raises a people risk --------------------------


def _free_risk_code(program: Program) -> str:
    taken = set(programs.risk_list(program).values_list("code", flat=True))
    number = len(taken) + 1
    while (code := f"R-{number:02d}") in taken:
        number += 1
    return code


def _owner(program: Program, stakeholder: Stakeholder):
    """The stakeholder's owner, while they are still a member of the program."""
    if stakeholder.owner_id and programs.membership_list(program).filter(user_id=stakeholder.owner_id).exists():
        return stakeholder.owner
    return None


def commitment_risks_raise(*, program: Program, stakeholders=None, now: dt.datetime | None = None) -> list[Risk]:
    """Rule 8 for the program (or only `stakeholders`): for the nearest go-live window starting within 14 days,
    a people risk (category commitment) for each active stakeholder whose gap is above one level, linked to the
    stakeholder. Not raised again for the same window, nor while an earlier one for the stakeholder is still open."""
    now = now or timezone.now()
    event = next(
        (
            e
            for e in event_list(program).filter(ends_at__gte=now).order_by("starts_at", "pk")
            if commitment.window_is_near(e.starts_at, e.ends_at, now=now)
        ),
        None,
    )
    if event is None:
        return []
    candidates = Stakeholder.objects.filter(program=program, archived=False)
    if stakeholders is not None:
        candidates = candidates.filter(pk__in=[s.pk for s in stakeholders])
    raised = []
    for stakeholder in candidates.select_for_update(of=("self",)).select_related("owner"):
        steps = commitment.gap(stakeholder.commitment_current, stakeholder.commitment_desired)
        if steps <= commitment.RISK_GAP:
            continue
        links = CommitmentRisk.objects.filter(stakeholder=stakeholder)
        if links.filter(event=event).exists() or links.exclude(risk__status=RiskStatus.CLOSED).exists():
            continue
        likelihood, impact = commitment.risk_scores(gap_steps=steps, influence=stakeholder.influence)
        current, desired = stakeholder.get_commitment_current_display(), stakeholder.get_commitment_desired_display()
        risk = risk_create(
            program=program,
            code=_free_risk_code(program),
            title=f"{stakeholder.name}: commitment gap before {event.name}"[:200],
            category=RiskCategory.COMMITMENT,
            cause=(
                f"{stakeholder.name} is at “{current}” and must reach “{desired}” by go-live "
                f"({steps} levels of the commitment curve); {event.name} starts "
                f"{timezone.localtime(event.starts_at):%d %b %Y}."
            ),
            consequence="The group goes live without the commitment the change needs: slow adoption, workarounds.",
            likelihood=likelihood,
            impact=impact,
            owner=_owner(program, stakeholder),
            mitigation="Sponsor and manager conversations, targeted communication, hands-on demos before go-live.",
            adkar_element=AdkarElement.DESIRE,
            is_change_issue=True,
        )
        CommitmentRisk.objects.create(stakeholder=stakeholder, risk=risk, event=event, gap=steps)
        raised.append(risk)
    return raised


def commitment_risks_raise_all(*, now: dt.datetime | None = None) -> int:
    """Nightly: rule 8 for every program with a stakeholder whose gap is above one level. One transaction per
    program, so one program's failure does not stop the others."""
    from .selectors import with_gap

    ids = (
        with_gap(Stakeholder.objects.filter(archived=False))
        .filter(gap__gt=commitment.RISK_GAP)
        .values_list("program_id", flat=True)
        .distinct()
    )
    count = 0
    for program in Program.objects.filter(pk__in=list(ids)):
        try:
            with transaction.atomic():
                count += len(commitment_risks_raise(program=program, now=now))
        except (ValidationError, IntegrityError):
            log.exception("Rule 8 failed for program %s", program.pk)
    return count


# Change impact ------------------------------------------------------------------------------------------------


def _check_impact(impact: ChangeImpact) -> None:
    group = impact.group
    if group.program_id != impact.program_id:
        raise ValidationError({"group": f"{group} is not part of this program."})
    if group.kind != StakeholderKind.GROUP:
        raise ValidationError({"group": f"{group} is an individual: change impact is kept for impacted groups."})
    if group.archived:
        raise ValidationError({"group": f"{group} is archived."})
    if impact.area not in ImpactArea.values:
        raise ValidationError({"area": "Choose one of the eight areas of change impact."})
    save(impact)
    program_input_changed(impact.program_id)


@transaction.atomic
def impact_create(*, group: Stakeholder, area: str, **fields) -> ChangeImpact:
    """The impact of one area on one group; a second one for the same group and area is refused."""
    impact = ChangeImpact(program_id=group.program_id, group=group, area=area, **fields)
    if ChangeImpact.objects.filter(group=group, area=area).exists():
        raise ValidationError(f"{group} already has its {impact.get_area_display().lower()} impact recorded.")
    _check_impact(impact)
    return impact


@transaction.atomic
def impact_update(*, impact: ChangeImpact, version: int, **fields) -> ChangeImpact:
    fields.pop("group", None), fields.pop("area", None)  # an impact stays where it is on the map
    impact = edit(impact, version=version, changes=fields)
    _check_impact(impact)
    return impact


# The sponsor coalition --------------------------------------------------------------------------------------


def _check_node(node: SponsorNode) -> None:
    links = {"user": node.user, "parent": node.parent, "impacted_group": node.impacted_group}
    refuse_other_programs(node, program_id=node.program_id, links=links)
    if node.impacted_group and node.impacted_group.kind != StakeholderKind.GROUP:
        raise ValidationError({"impacted_group": f"{node.impacted_group} is an individual, not an impacted group."})
    if node.parent_id is None:
        roots = SponsorNode.objects.filter(program_id=node.program_id, parent=None).exclude(pk=node.pk)
        if roots.exists():
            raise ValidationError(
                {"parent": f"{roots.first()} is the primary sponsor already: say who this person reports to."}
            )
    else:
        above = node.parent
        while above is not None:
            if above.pk == node.pk:
                raise ValidationError({"parent": "This would make the person report to someone below them."})
            above = above.parent
    save(node)
    program_input_changed(node.program_id)


@transaction.atomic
def sponsor_node_create(*, program: Program, **fields) -> SponsorNode:
    node = SponsorNode(program=program, **fields)
    _check_node(node)
    return node


@transaction.atomic
def sponsor_node_update(*, node: SponsorNode, version: int, **fields) -> SponsorNode:
    node = edit(node, version=version, changes=fields)
    _check_node(node)
    return node


@transaction.atomic
def sponsor_node_remove(*, node: SponsorNode) -> None:
    """A person leaves the diagram; someone with people below them stays until those are moved."""
    node = SponsorNode.objects.select_for_update().get(pk=node.pk)
    if node.children.exists():
        raise ValidationError(f"{node} has people reporting to them on the diagram: move those first.")
    program_id = node.program_id
    node.delete()
    program_input_changed(program_id)


def _sponsorship_risk(program: Program) -> Risk:
    """PCR-02 of the program, reopened if it was closed; made from the starting set if the program has none."""
    risk = programs.risk_list(program).filter(code=sponsorship.SPONSORSHIP_RISK).first()
    if risk is None:
        seed = next(r for r in starting_sets.PEOPLE_CHANGE_RISKS if r[0] == sponsorship.SPONSORSHIP_RISK)
        code, title, category, cause, likelihood, impact, _role, warnings, mitigation, adkar = seed
        owner_role = programs.role_list(program).filter(code=_role).first()
        return risk_create(
            program=program, code=code, title=title, category=category, cause=cause, likelihood=likelihood,
            impact=impact, owner_role=owner_role, early_warning_indicators=warnings, mitigation=mitigation,
            adkar_element=adkar,
        )  # fmt: skip
    if risk.status == RiskStatus.CLOSED:
        risk = risk_update(risk=risk, version=risk.version, status=RiskStatus.OPEN)
    return risk


@transaction.atomic
def sponsor_assess(*, node: SponsorNode, membership, assessed_on: dt.date, notes: str = "",
                   **scores: int) -> SponsorAssessment:  # fmt: skip
    """A new worksheet for a sponsor (executives and managers). Below 75/100 it is linked to PCR-02 (rule 10)."""
    if not can(membership.access, Capability.SPONSOR) or membership.program_id != node.program_id:
        raise ValidationError("Only the program's executives and managers assess sponsors.")
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": "An assessment records what was seen: it cannot be in the future."})
    unknown = set(scores) - {name for name, _ in sponsorship.CRITERIA}
    if unknown:
        raise ValidationError(f"Unknown criteria: {', '.join(sorted(unknown))}.")
    for name, label in sponsorship.CRITERIA:
        if name not in scores:
            raise ValidationError({name: f"Rate “{label}”."})
        if scores[name] not in sponsorship.RATINGS:
            raise ValidationError({name: f"“{label}” is rated 0, 5, 7 or 10, not {scores[name]}."})
    assessment = SponsorAssessment(
        program_id=node.program_id, sponsor=node, assessed_on=assessed_on, notes=notes,
        recorded_by=membership.user, total=sponsorship.worksheet_total(scores), **scores,
    )  # fmt: skip
    if sponsorship.below_threshold(assessment.total):
        assessment.risk = _sponsorship_risk(node.program)
    save(assessment)
    program_input_changed(node.program_id)
    return assessment
