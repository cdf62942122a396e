"""Writes. Each service runs in one transaction; history is recorded by django-simple-history."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from connectmobilize.lib.access import Access
from connectmobilize.lib.people import person_name
from connectmobilize.lib.records import (
    StaleEdit,
    edit,
    refuse_duplicate_code,
    refuse_duplicate_name,
    refuse_other_programs,
    save,
)
from connectmobilize.lib.signals import program_input_changed
from connectmobilize.lib.tasks import queue_after_commit

from . import schedule, starting_sets
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
def program_update(*, program: Program, version: int, **fields) -> Program:
    program = edit(program, version=version, changes=fields)
    save(program)
    program_input_changed(program.pk)  # the risk appetite is read by go-live readiness
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


@dataclass
class Invitation:
    membership: Membership
    added: bool  # False: they were a member already (the same invitation sent twice)
    new_user: bool  # True: an account was made for the email, and a link to set a password is on its way


@transaction.atomic
def membership_invite(*, program: Program, email: str, access: str, invited_by, name: str = "") -> Invitation:
    """Add the person with this email address to the program. Someone with no account gets one, with no
    usable password, and an email with a link to choose it (Django's password reset token): nobody else ever
    knows their password. Sent twice, it adds and emails once."""
    email = get_user_model().objects.normalize_email(email.strip())
    users = get_user_model().objects.select_for_update()
    user = users.filter(email__iexact=email).order_by("pk").first()
    new_user = False
    if user is None:
        first, _, last = name.strip().partition(" ")
        user, new_user = users.get_or_create(
            username=email.lower()[:150], defaults={"email": email, "first_name": first[:150], "last_name": last[:150]}
        )
        if new_user:
            user.set_unusable_password()
            user.save(update_fields=["password"])
    if not user.is_active:
        raise ValidationError(f"The account of {email} is switched off; ask an administrator.")
    invited = membership_add(program=program, user=user, access=access)
    if new_user:
        queue_after_commit("programs.tasks.send_invitation", invited.membership.pk, invited_by.pk)
    return Invitation(invited.membership, added=invited.added, new_user=new_user)


@transaction.atomic
def membership_add(*, program: Program, user, access: str) -> Invitation:
    """Add an existing user; someone already a member keeps their access (change it in the list)."""
    existing = Membership.objects.select_for_update().filter(program=program, user=user).first()
    if existing is not None:
        return Invitation(existing, added=False, new_user=False)
    return Invitation(membership_set(program=program, user=user, access=access), added=True, new_user=False)


def invitation_send(*, membership_id: int, invited_by_id: int) -> None:
    """Worker: the email inviting a new user, with the link to set their password (it works once)."""
    membership = Membership.objects.select_related("program", "user").get(pk=membership_id)
    user, inviter = membership.user, get_user_model().objects.get(pk=invited_by_id)
    if user.has_usable_password():  # they set one meanwhile (an earlier link): nothing to invite to
        return
    context = {
        "user": user, "program": membership.program, "membership": membership, "inviter": inviter,
        "site_url": settings.SITE_URL.rstrip("/"), "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }  # fmt: skip
    body = render_to_string("programs/email/invitation.txt", context)
    subject = f"{person_name(inviter)} invites you to {membership.program.name} on ConnectMobilize"
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


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
            f"{person_name(membership.user)} is the only program manager of {membership.program}; "
            "make someone else a manager first."
        )


# Workstreams and roles --------------------------------------------------------------------------------


def _check_workstream(workstream: Workstream) -> None:
    refuse_other_programs(workstream, program_id=workstream.program_id, links={"lead": workstream.lead})
    refuse_duplicate_name(workstream, what="workstream")
    save(workstream)


@transaction.atomic
def workstream_create(*, program: Program, **fields) -> Workstream:
    workstream = Workstream(program=program, **fields)
    _check_workstream(workstream)
    return workstream


@transaction.atomic
def workstream_update(*, workstream: Workstream, version: int, **fields) -> Workstream:
    workstream = edit(workstream, version=version, changes=fields)
    _check_workstream(workstream)
    return workstream


def _check_role(role: Role) -> None:
    refuse_duplicate_code(role, field="code", within={"program_id": role.program_id},
                          message='Role code "{code}" is already used in this program.')  # fmt: skip
    save(role)


@transaction.atomic
def role_create(*, program: Program, **fields) -> Role:
    role = Role(program=program, **fields)
    _check_role(role)
    return role


@transaction.atomic
def roles_add(*, program: Program, roles: list[Role], user=None) -> list[Role]:
    """Many new roles at once (the columns an imported sheet or a starting matrix brings), each with its
    history, in a few queries whatever their number. Codes must be free in the program and among themselves."""
    taken = {code.casefold() for code in program.roles.values_list("code", flat=True)}
    for role in roles:
        role.program = program
        if role.code.casefold() in taken:
            raise ValidationError({"code": f'Role code "{role.code}" is already used in this program.'})
        taken.add(role.code.casefold())
        # Uniqueness is checked above for all at once, and the program is the one given: no query per role.
        role.full_clean(exclude=["program"], validate_unique=False, validate_constraints=False)
    return bulk_create_with_history(roles, Role, default_user=user)


@transaction.atomic
def role_update(*, role: Role, version: int, **fields) -> Role:
    role = edit(role, version=version, changes=fields)
    _check_role(role)
    return role


# Milestones --------------------------------------------------------------------------------------------


def _check_milestone(milestone: Milestone, depends_on) -> None:
    """The rules of a milestone as saved: no completion in the future, status and completed date tell one
    story, no dependency loops. Saves it and its dependencies."""
    refuse_other_programs(milestone, program_id=milestone.program_id,
                          links={"workstream": milestone.workstream, "owner": milestone.owner})  # fmt: skip
    today = timezone.localdate()
    if milestone.completed_date and milestone.completed_date > today:
        raise ValidationError({"completed_date": "The completed date cannot be in the future."})
    if milestone.completed_date:
        milestone.status = MilestoneStatus.COMPLETED
    elif milestone.status == MilestoneStatus.COMPLETED:
        milestone.completed_date = today
    save(milestone)
    if depends_on is not None:
        _refuse_dependency_loop(milestone, [m.pk for m in depends_on])
        milestone.depends_on.set(depends_on)
    program_input_changed(milestone.program_id)


def _refuse_dependency_loop(milestone: Milestone, chosen: list[int]) -> None:
    if not set(chosen) <= _program_milestone_ids(milestone):
        raise ValidationError({"depends_on": "A milestone can only depend on milestones of its own program."})
    edges: dict[int, list[int]] = {}
    links = Milestone.depends_on.through.objects.filter(from_milestone__program_id=milestone.program_id)
    for milestone_id, dependency_id in links.values_list("from_milestone_id", "to_milestone_id"):
        edges.setdefault(milestone_id, []).append(dependency_id)
    edges[milestone.pk] = chosen
    cycle = schedule.find_cycle(milestone.pk, edges)
    if cycle:
        titles = dict(Milestone.objects.filter(pk__in=cycle).values_list("pk", "title"))
        path = " → ".join(f'"{titles[pk]}"' for pk in cycle)
        raise ValidationError({"depends_on": f"These dependencies would make a loop: {path}."})


def _program_milestone_ids(milestone: Milestone) -> set[int]:
    return set(Milestone.objects.filter(program_id=milestone.program_id).values_list("pk", flat=True))


@transaction.atomic
def milestone_create(*, program: Program, depends_on=None, **fields) -> Milestone:
    milestone = Milestone(program=program, **fields)
    _check_milestone(milestone, depends_on)
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, version: int, depends_on=None, **fields) -> Milestone:
    milestone = edit(milestone, version=version, changes=fields)
    _check_milestone(milestone, depends_on)
    return milestone


@transaction.atomic
def milestone_complete(*, milestone: Milestone, on: dt.date | None = None) -> Milestone:
    milestone = _locked(milestone)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError("A milestone cannot be completed in the future.")
    milestone.status = MilestoneStatus.COMPLETED
    milestone.completed_date = on
    _save_action(milestone, ["status", "completed_date"])
    return milestone


@transaction.atomic
def milestone_reopen(*, milestone: Milestone, version: int | None = None) -> Milestone:
    """Back to in progress. With `version` (an Undo of Complete), only if nobody changed it since."""
    milestone = _locked(milestone, version)
    milestone.status = MilestoneStatus.IN_PROGRESS
    milestone.completed_date = None
    _save_action(milestone, ["status", "completed_date"])
    return milestone


@transaction.atomic
def milestone_slip(*, milestone: Milestone, days: int) -> Milestone:
    """Move the forecast later by `days`; the baseline stays, so the slip shows against it."""
    milestone = _locked(milestone)
    if milestone.is_closed:
        raise ValidationError("A completed or cancelled milestone cannot slip.")
    if days <= 0:
        raise ValidationError("A slip moves the forecast later by at least one day.")
    milestone.forecast_date = milestone.due_date + dt.timedelta(days=days)
    _save_action(milestone, ["forecast_date"])
    return milestone


@transaction.atomic
def milestone_unslip(*, milestone: Milestone, version: int, forecast_date: dt.date | None) -> Milestone:
    """Undo of a slip: the forecast back to what it was, only if nobody changed the milestone since the slip."""
    milestone = _locked(milestone, version)
    if milestone.is_closed:
        raise ValidationError(f"{milestone.title} is closed since the slip: nothing was undone.")
    if forecast_date is not None and forecast_date >= milestone.due_date:
        raise ValidationError("Undoing a slip moves the forecast earlier, back to where it was.")
    milestone.forecast_date = forecast_date
    _save_action(milestone, ["forecast_date"])
    return milestone


def _locked(milestone: Milestone, version: int | None = None) -> Milestone:
    """The milestone locked for this transaction; at `version` when one is given (StaleEdit otherwise)."""
    rows = Milestone.objects.select_for_update(of=("self",)).select_related("program", "workstream", "owner")
    current = rows.get(pk=milestone.pk)
    if version is not None and current.version != version:
        raise StaleEdit(current, version)
    return current


def _save_action(milestone: Milestone, fields: list[str]) -> None:
    """A one-click change is an edit too: it moves the version on, so a form opened before it is refused."""
    milestone.version += 1
    milestone.save(update_fields=[*fields, "version", "updated_at"])
    program_input_changed(milestone.program_id)


# Risks -------------------------------------------------------------------------------------------------


def _check_risk(risk: Risk) -> None:
    links = {"owner": risk.owner, "owner_role": risk.owner_role, "workstream": risk.workstream}
    refuse_other_programs(risk, program_id=risk.program_id, links=links)
    refuse_duplicate_code(risk, field="code", within={"program_id": risk.program_id},
                          message='Risk code "{code}" is already used in this program.')  # fmt: skip
    save(risk)
    program_input_changed(risk.program_id)


@transaction.atomic
def risk_create(*, program: Program, **fields) -> Risk:
    risk = Risk(program=program, **fields)
    _check_risk(risk)
    return risk


@transaction.atomic
def risk_update(*, risk: Risk, version: int, **fields) -> Risk:
    risk = edit(risk, version=version, changes=fields)
    _check_risk(risk)
    return risk
