"""Readable change history of a record kept by django-simple-history."""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import islice, pairwise

from django.contrib.auth.base_user import AbstractBaseUser

from .people import person_name

KINDS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class HistoryEntry:
    when: object
    who: object
    kind: str
    changes: list[tuple[str, object, object]] = field(default_factory=list)


def history_entries(record, *, limit: int = 50) -> list[HistoryEntry]:
    """Newest first: who changed what, from which value to which, in words a user reads. Fields no form edits
    (versions, a matrix row's letters, which its page lists cell by cell) are left out, and so is a change of
    nothing else."""
    rows = list(record.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    fields = {f.name: f for f in type(record)._meta.fields if f.editable}
    entries, raw = [], []
    # One row more than shown, so the oldest shown row can still be compared with its predecessor.
    for newer, older in islice(pairwise([*rows, None]), limit):
        changes = []
        if older is not None and newer.history_type == "~":
            delta = newer.diff_against(older, foreign_keys_are_objs=False)
            changes = [(c.field, c.old, c.new) for c in delta.changes if c.field in fields]
            if not changes:
                continue
        raw.append(changes)
        entries.append(HistoryEntry(when=newer.history_date, who=newer.history_user, kind=KINDS[newer.history_type]))
    show = value_displayer(fields, raw)
    for entry, changes in zip(entries, raw, strict=True):
        entry.changes = [(field_label(fields[name]), show(name, old), show(name, new)) for name, old, new in changes]
    return entries


def field_label(field) -> str:
    """A field's name for a user: its verbose name with a capital first letter (an "SLA" stays "SLA")."""
    label = str(field.verbose_name)
    return label[:1].upper() + label[1:]


def value_displayer(fields, raw):
    """Turn stored values into labels: choice labels, and related objects loaded with one query per model."""
    wanted: defaultdict[str, set] = defaultdict(set)
    for changes in raw:
        for name, old, new in changes:
            if fields[name].is_relation:
                wanted[name].update(v for v in (old, new) if v is not None)
    related = {name: fields[name].related_model._default_manager.in_bulk(ids) for name, ids in wanted.items()}

    def show(name, value):
        if value in (None, ""):
            return "—"
        if name in related:
            record = related[name].get(value)
            if record is None:
                return f"#{value} (deleted)"
            return person_name(record) if isinstance(record, AbstractBaseUser) else record
        if fields[name].choices:
            return dict(fields[name].flatchoices).get(value, value)
        return value

    return show
