"""Writes to the operating model. Each runs in one transaction; history is kept by django-simple-history."""

from django.core.exceptions import ValidationError
from django.db import transaction

from connectmobilize.lib.records import edit, refuse_other_programs, save
from programs.models import Program

from .models import RoleAssignment

# Team composition ---------------------------------------------------------------------------------------


def _check_assignment(assignment: RoleAssignment) -> None:
    """A member of the program or a named outsider (not both), once per role and phase; one single-threaded
    owner per program, and a second is refused naming the first."""
    assignment.outsider_name = " ".join(assignment.outsider_name.split())
    refuse_other_programs(assignment, program_id=assignment.program_id,
                          links={"role": assignment.role, "person": assignment.person})  # fmt: skip
    if assignment.person is not None and assignment.outsider_name:
        raise ValidationError({"outsider_name": "Choose a member or name an outsider, not both."})
    if assignment.person is None and not assignment.outsider_name:
        raise ValidationError({"person": "Choose a member of the program, or name someone who is not a member."})
    others = RoleAssignment.objects.filter(program_id=assignment.program_id).exclude(pk=assignment.pk)
    if assignment.is_single_threaded_owner:
        owners = others.select_for_update(of=("self",)).filter(is_single_threaded_owner=True)
        if (owner := owners.select_related("role", "person").first()) is not None:
            raise ValidationError({"is_single_threaded_owner": (
                f"{owner.who} is already the single-threaded owner ({owner.role.code}, "
                f"{owner.get_phase_display().lower()}): a program has one. Untick theirs first."
            )})  # fmt: skip
    same = others.filter(role_id=assignment.role_id, phase=assignment.phase)
    if assignment.person is not None:
        same = same.filter(person=assignment.person)
    else:
        same = same.filter(person=None, outsider_name__iexact=assignment.outsider_name)
    if (existing := same.select_related("person").first()) is not None:
        raise ValidationError(
            f"{existing.who} already fills {assignment.role.code} {assignment.get_phase_display().lower()}."
        )
    save(assignment)


@transaction.atomic
def role_assignment_create(*, program: Program, **fields) -> RoleAssignment:
    assignment = RoleAssignment(program=program, **fields)
    _check_assignment(assignment)
    return assignment


@transaction.atomic
def role_assignment_update(*, assignment: RoleAssignment, version: int, **fields) -> RoleAssignment:
    assignment = edit(assignment, version=version, changes=fields)
    _check_assignment(assignment)
    return assignment


@transaction.atomic
def role_assignment_remove(*, assignment: RoleAssignment) -> None:
    """Take the person off the role for that phase (the history keeps who it was)."""
    RoleAssignment.objects.filter(pk=assignment.pk).select_for_update().first()
    assignment.delete()
