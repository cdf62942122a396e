"""Writing many matrix rows with their history, as django-simple-history would, in a constant number of queries.

An import writes thousands of rows; simple-history's bulk helpers build a second model instance per row and, for an
update, one CASE per field and row. On PostgreSQL the rows are written from arrays and their history rows copied
from them on the server (INSERT … SELECT); elsewhere (SQLite, the embedded default) simple-history's helpers do it.
Only for records nothing but their history points at (matrix rows; their findings go with the recheck).
"""

import json
from typing import Any

from django.db import connection, models
from django.db.models import Model, QuerySet
from django.db.models.deletion import get_candidate_relations_to_delete
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .choices import Code
from .models import Activity

KNOWN = frozenset(Code.values)

_ARRAY_TYPES = {"group": "text", "name": "text", "description": "text", "position": "integer", "version": "integer",
                "letters": "text"}  # fmt: skip


def history_user(user, instance: Model | None):
    """Who the history rows name: the worker's user, else the request's (as simple-history's signals would)."""
    return user if user is not None else Activity.history.model.get_default_history_user(instance)


def _check_letters(objs: list[Activity]) -> None:
    """Every letter one of Code: the services read them so; this is the last word before the database. (A check
    constraint on the JSON doubled the time PostgreSQL takes to write a 500-row import: measured 2026-12-06.)"""
    for obj in objs:
        if not KNOWN.issuperset(obj.letters.values()):
            raise ValueError(f"Row {obj.name!r}: {obj.letters} holds letters that are not RACI codes.")


def create(objs: list[Activity], *, user) -> list[Activity]:
    """Create rows with their "+" history rows; returns them with their ids."""
    _check_letters(objs)
    if connection.vendor != "postgresql" or not objs:
        return bulk_create_with_history(objs, Activity, default_user=user)
    # One INSERT from arrays (bulk_create would send ten parameters a row and prepare each JSON value one by one).
    # The ids come back with the positions, which are unique among the new rows, to give each row its own.
    now = timezone.now()
    for obj in objs:
        obj.created_at = obj.updated_at = now
    by_position = {obj.position: obj for obj in objs}
    if len(by_position) != len(objs):
        raise ValueError("New rows need distinct positions.")
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {Activity._meta.db_table} (matrix_id, "group", name, description, position, version, '  # noqa: S608
            "created_at, updated_at, letters) SELECT matrix_id, \"group\", name, description, position, 1, %s, %s, "
            "letters::jsonb FROM unnest(%s::integer[], %s::text[], %s::text[], %s::text[], %s::integer[], %s::text[]) "
            'AS new(matrix_id, "group", name, description, position, letters) RETURNING id, position',
            [now, now, [o.matrix_id for o in objs], [o.group for o in objs], [o.name for o in objs],
             [o.description for o in objs], [o.position for o in objs], [json.dumps(o.letters) for o in objs]],
        )  # fmt: skip
        for pk, position in cursor.fetchall():
            obj = by_position[position]
            obj.pk, obj.version = pk, 1
            obj._state.adding, obj._state.db = False, "default"
    _copy_history([obj.pk for obj in objs], "+", user=history_user(user, objs[0]))
    return objs


def update(objs: list[Activity], fields: list[str], *, user) -> None:
    """Save `fields` of these rows (and their updated_at), each with its "~" history row."""
    if not objs:
        return
    if "letters" in fields:
        _check_letters(objs)
    user = history_user(user, objs[0])
    now = timezone.now()
    for obj in objs:
        obj.updated_at = now
    if connection.vendor != "postgresql":
        bulk_update_with_history(objs, Activity, [*fields, "updated_at"], default_user=user, batch_size=1000)
        return
    # Each field arrives as an array of its type; letters as JSON text, cast back to jsonb.
    arrays = ", ".join(f"%s::{_ARRAY_TYPES[f]}[]" for f in fields)
    assignments = ", ".join(f'"{f}" = new."{f}"' + ("::jsonb" if f == "letters" else "") for f in fields)
    columns = ", ".join(f'"{f}"' for f in fields)
    values = [[json.dumps(getattr(o, f)) if f == "letters" else getattr(o, f) for o in objs] for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Activity._meta.db_table} AS activity SET {assignments}, updated_at = %s "  # noqa: S608
            f"FROM unnest(%s::integer[], {arrays}) AS new(id, {columns}) WHERE activity.id = new.id",
            [now, [o.pk for o in objs], *values],
        )
    _copy_history([o.pk for o in objs], "~", user=user)


def delete(queryset: QuerySet[Activity], *, user) -> None:
    """Delete rows in two queries, each with its "-" history row (one by one, the delete signal would write a
    history row per query)."""
    ids = list(queryset.values_list("pk", flat=True))
    if not ids:
        return
    user = history_user(user, None)
    _release(ids)
    if connection.vendor == "postgresql":
        _copy_history(ids, "-", user=user)
    else:
        history = Activity.history.model
        fields = [f.attname for f in Activity._meta.concrete_fields]
        now = timezone.now()
        history.objects.bulk_create(
            [history(**row, history_date=now, history_type="-", history_user=user)
             for row in Activity.objects.filter(pk__in=ids).values(*fields)],
            batch_size=5000,
        )  # fmt: skip
    for start in range(0, len(ids), 10_000):
        Activity.objects.filter(pk__in=ids[start : start + 10_000])._raw_delete(Activity.objects.db)


def _relations() -> list[Any]:
    """What can point at a row, as Django's collector finds it."""
    options: Any = Activity._meta
    return list(get_candidate_relations_to_delete(options))


def unlinked_by_removing(ids) -> list[str]:
    """What removing these rows would unlink, by kind ("2 flow steps"), for a preview to say before it happens."""
    found = []
    for relation in _relations():
        if relation.on_delete is models.SET_NULL:
            model = relation.related_model
            count = model._base_manager.filter(**{f"{relation.field.name}__in": ids}).count()
            if count:
                found.append(f"{count} {model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}")
    return found


def _release(ids: list[int]) -> None:
    """What points at these rows, done as its on_delete says (a flow step's link is cleared, the rule findings
    go): the raw delete skips Django's collector, which would also write their history rows one by one."""
    for relation in _relations():
        model, name = relation.related_model, relation.field.name
        linked = model._base_manager.filter(**{f"{name}__in": ids})
        if relation.on_delete is models.SET_NULL:
            linked.update(**{name: None})
        elif relation.on_delete is models.CASCADE:
            linked.delete()
        elif relation.on_delete is not models.DO_NOTHING:  # a history row keeps the id it recorded
            raise NotImplementedError(f"{model.__name__} needs its own rule here.")


def _copy_history(ids: list[int], history_type: str, *, user) -> None:
    """History rows copied from the rows as they are now, on the server: one statement for any number."""
    columns = ", ".join(connection.ops.quote_name(f.attname) for f in Activity._meta.concrete_fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Activity.history.model._meta.db_table} ({columns}, history_date, history_type, "  # noqa: S608
            f"history_user_id) SELECT {columns}, %s, %s, %s FROM {Activity._meta.db_table} WHERE id = ANY(%s)",
            [timezone.now(), history_type, user.pk if user else None, ids],
        )
