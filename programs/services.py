"""Writes. Each service runs in one transaction; history is recorded by django-simple-history."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from connectmobilize.lib.access import Access

from . import starting_sets
from .choices import MilestoneStatus, RiskStatus
from .models import Membership, Milestone, Program, Risk, Role, Workstream


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "program"
    slug, n = base, 2
    while Program.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def program_create(
    *,
    creator,
    name: str,
    description: str = "",
    sponsor: str = "",
    target_go_live: dt.date | None = None,
    phase: str = "",
    risk_appetite: int = 12,
    with_roles: bool = True,
    with_risks: bool = True,
) -> Program:
    """A new program, its creator as manager, the six workstreams and, if asked, the starting roles and risks."""
    program = Program(
        name=name,
        slug=_unique_slug(name),
        description=description,
        sponsor=sponsor,
        target_go_live=target_go_live,
        risk_appetite=risk_appetite,
    )
    if phase:
        program.phase = phase
    program.full_clean()
    program.save()
    Membership.objects.create(program=program, user=creator, access=Access.MANAGER)
    for position, (kind, ws_name, objective) in enumerate(starting_sets.WORKSTREAMS):
        Workstream.objects.create(program=program, kind=kind, name=ws_name, objective=objective, position=position)
    roles = {}
    if with_roles or with_risks:
        for code, role_name, side, profile in starting_sets.ROLES:
            roles[code] = Role.objects.create(
                program=program, code=code, name=role_name, side=side, connect_security_profile=profile
            )
    if with_risks:
        for (
            code,
            title,
            category,
            cause,
            likelihood,
            impact,
            owner,
            warnings,
            mitigation,
            adkar,
        ) in starting_sets.PEOPLE_CHANGE_RISKS:
            Risk.objects.create(
                program=program,
                code=code,
                title=title,
                category=category,
                cause=cause,
                likelihood=likelihood,
                impact=impact,
                owner_role=roles[owner],
                early_warning_indicators=warnings,
                mitigation=mitigation,
                adkar_element=adkar,
                status=RiskStatus.OPEN,
            )
    return program


@transaction.atomic
def membership_set(*, program: Program, user, access: str) -> Membership:
    """Add the user to the program, or change their access. The last manager cannot be demoted."""
    membership = Membership.objects.select_for_update().filter(program=program, user=user).first()
    if membership is None:
        membership = Membership(program=program, user=user, access=access)
    else:
        if membership.access == Access.MANAGER and access != Access.MANAGER:
            _ensure_another_manager(membership)
        membership.access = access
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    if membership.access == Access.MANAGER:
        _ensure_another_manager(membership)
    membership.delete()


def _ensure_another_manager(membership: Membership) -> None:
    others = (
        Membership.objects.select_for_update()
        .filter(program_id=membership.program_id, access=Access.MANAGER)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError(
            f"{membership.user} is the only program manager of {membership.program}; make someone else a manager first."
        )


@transaction.atomic
def milestone_complete(*, milestone: Milestone, on: dt.date | None = None) -> Milestone:
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError("A milestone cannot be completed in the future.")
    milestone.status = MilestoneStatus.COMPLETED
    milestone.completed_date = on
    milestone.save(update_fields=["status", "completed_date", "updated_at"])
    return milestone


@transaction.atomic
def milestone_reopen(*, milestone: Milestone) -> Milestone:
    milestone.status = MilestoneStatus.IN_PROGRESS
    milestone.completed_date = None
    milestone.save(update_fields=["status", "completed_date", "updated_at"])
    return milestone


@transaction.atomic
def milestone_slip(*, milestone: Milestone, days: int) -> Milestone:
    """Move the forecast later by `days`; the baseline stays, so the slip shows against it."""
    if milestone.is_closed:
        raise ValidationError("A completed or cancelled milestone cannot slip.")
    if days <= 0:
        raise ValidationError("A slip moves the forecast later by at least one day.")
    milestone.forecast_date = milestone.due_date + dt.timedelta(days=days)
    milestone.save(update_fields=["forecast_date", "updated_at"])
    return milestone
