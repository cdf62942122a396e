"""Records two people can edit: an edit is checked against the version its form was opened at, and a
create sent twice from the same form is made once.

Services use `edit()` and `save()`; views meet `StaleEdit` and `first_submission()` through
`connectmobilize.lib.views`. The RACI cell does the same with the letter itself as its version.

django-concurrency was considered: it checks the version inside every `Model.save()`, so one-click
actions, sign-offs and workers would all have to carry a version or switch it off. Here only the edit
services, which know the version the user saw, check it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from .people import person_name


class VersionedModel(models.Model):
    """A record edited through forms: `version` counts its saved edits."""

    version = models.PositiveIntegerField(default=1, editable=False)
    history: Any  # each concrete model's django-simple-history manager (rows keep `version` too)

    class Meta:
        abstract = True


Record = TypeVar("Record", bound=VersionedModel)


class StaleEdit(Exception):
    """Someone saved the record after the editor opened it; nothing was written."""

    def __init__(self, current: VersionedModel, opened_version: int):
        super().__init__(f"{current} was changed since version {opened_version}")
        self.current = current
        self.opened_version = opened_version


def edit(record: Record, *, version: int, changes: Mapping[str, Any]) -> Record:
    """The record locked for this transaction with `changes` applied (not saved yet).

    Raises StaleEdit when it is no longer at `version`. Many-to-many values are left to the caller.
    """
    current = type(record)._default_manager.select_for_update().get(pk=record.pk)
    if current.version != version:
        raise StaleEdit(current, version)
    for name, value in changes.items():
        setattr(current, name, value)
    current.version += 1
    return current


def locked(record: Record, *, version: int | None = None) -> Record:
    """The record locked for this transaction (to remove it, say). Raises StaleEdit when a version is given and
    the record is no longer at it: a removal sent from an old read does not take away what someone changed since."""
    current = type(record)._default_manager.select_for_update().get(pk=record.pk)
    if version is not None and current.version != version:
        raise StaleEdit(current, version)
    return current


def save(record: models.Model) -> None:
    """Validate (fields and constraints, messages for a user) and save; history is recorded on save."""
    record.full_clean()
    record.save()


# Double submits ---------------------------------------------------------------------------------------


class FormSubmission(models.Model):
    """One row per create form sent: a second send of the same form finds it and goes where the first went."""

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    redirect_to = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "connectmobilize"

    def __str__(self) -> str:
        return f"Form {self.token} → {self.redirect_to or '(not saved)'}"


@dataclass
class Submission:
    """What `first_submission` hands the view: `earlier` is where the first send of this form went, if any."""

    token: uuid.UUID | None
    earlier: str | None = None
    redirect_to: str = ""


def new_submission_token() -> str:
    return str(uuid.uuid4())


@contextmanager
def first_submission(token: str | None, *, user) -> Iterator[Submission]:
    """Claim the form's token inside the caller's transaction.

    A concurrent second send waits on the unique index until the first commits, then finds it: the view
    sends the user where the first went instead of creating the record again. The view sets
    `submission.redirect_to` before leaving the block.
    """
    try:
        parsed = uuid.UUID(str(token)) if token else None
    except ValueError:
        raise ValidationError("This form is damaged; reload the page and try again.") from None
    if parsed is None:
        yield Submission(None)
        return
    try:
        with transaction.atomic():
            row = FormSubmission.objects.create(token=parsed, user=user)
    except IntegrityError:
        earlier = FormSubmission.objects.filter(token=parsed, user=user).first()
        yield Submission(parsed, earlier=earlier.redirect_to if earlier else "")
        return
    submission = Submission(parsed)
    yield submission
    row.redirect_to = submission.redirect_to[:500]
    row.save(update_fields=["redirect_to"])


def _refuse_duplicate(others: models.QuerySet, *, field: str, message: str) -> None:
    """A uniqueness rule said on the field (the database constraint stays the last word)."""
    if others.exists():
        raise ValidationError({field: message})


def refuse_duplicate_name(record: Any, *, what: str) -> None:
    """Names (workstream, matrix, course) are unique in their program whatever their case."""
    others = type(record)._default_manager.filter(program_id=record.program_id, name__iexact=record.name)
    message = f'This program already has a {what} called "{record.name}".'
    _refuse_duplicate(others.exclude(pk=record.pk), field="name", message=message)


def refuse_duplicate_code(record: models.Model, *, field: str, within: dict[str, Any], message: str) -> None:
    """Codes (role, risk, checklist ref) are kept upper-case and unique `within` their scope;
    `message` names the clash with {code}."""
    code = getattr(record, field).strip().upper()
    setattr(record, field, code)
    others = type(record)._default_manager.filter(**within, **{field: code}).exclude(pk=record.pk)
    _refuse_duplicate(others, field=field, message=message.format(code=code))


def refuse_other_programs(record: models.Model, *, program_id: int, links: dict[str, Any]) -> None:
    """Links to another program's records (a workstream, a role, a course) or people who are not members are
    refused. The pages offer only the program's own; the services make sure for every caller.

    `links` maps a field name to the linked record(s); a user counts as the program's when a member. A person the
    record already names stays valid after leaving the program (their work is theirs until it is given to someone
    else): editing something else of the record is not refused for it."""
    for name, linked in links.items():
        for other in linked if isinstance(linked, list | tuple | set | models.QuerySet) else [linked]:
            if other is not None and not _belongs(other, program_id) and not _named_already(record, name, other):
                if hasattr(other, "program_id"):
                    raise ValidationError({name: f"{other} is not part of this program."})
                raise ValidationError({name: f"{person_name(other)} is not a member of this program: choose a member."})


def _named_already(record: models.Model, field: str, user: Any) -> bool:
    """Whether the saved record already links this person in `field` (only people: a record of another program
    is never kept)."""
    if hasattr(user, "program_id") or record.pk is None:
        return False
    return type(record)._default_manager.filter(pk=record.pk, **{field: user}).exists()


def _belongs(other: Any, program_id: int) -> bool:
    if hasattr(other, "program_id"):
        return other.program_id == program_id
    return other.memberships.filter(program_id=program_id).exists()  # a user


def with_current_links(choices: models.QuerySet, record: models.Model | None, field: str) -> models.QuerySet:
    """The records a link may be set to: `choices`, and whatever `record` links in `field` now (a workstream archived
    since, an owner who left the program). Saving a form for another change, or sending back what the API gave,
    keeps such a link rather than dropping or refusing it for no longer being offered."""
    if record is None or record.pk is None:
        return choices
    link = cast(models.Field, record._meta.get_field(field))  # a link of the record itself, not a reverse one
    if link.many_to_many:
        current = list(getattr(record, field).values_list("pk", flat=True))
    else:
        current = [pk] if (pk := getattr(record, link.attname)) is not None else []
    if not current:
        return choices
    kept = choices.model._default_manager.filter(models.Q(pk__in=choices.values("pk")) | models.Q(pk__in=current))
    kept.query.select_related = choices.query.select_related  # what the choices' labels read, still in one query
    kept = kept.prefetch_related(*choices._prefetch_related_lookups)  # type: ignore[attr-defined]
    return kept.order_by(*choices.query.order_by) if choices.query.order_by else kept
