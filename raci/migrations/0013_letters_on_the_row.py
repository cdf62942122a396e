"""A matrix row keeps its letters (docs/decisions/raci-letters-per-row.md): `Activity.letters` is filled from the
cells, and the rows' history is rebuilt so every change of a cell stays a change of its row, at its time and by
its author. The cells go in the next migration."""

from collections import defaultdict

from django.db import migrations, models

BATCH = 5000


def letters_onto_rows(apps, schema_editor):
    Activity = apps.get_model("raci", "Activity")
    Assignment = apps.get_model("raci", "Assignment")
    HistoricalActivity = apps.get_model("raci", "HistoricalActivity")
    HistoricalAssignment = apps.get_model("raci", "HistoricalAssignment")

    letters = defaultdict(dict)
    for activity_id, role_id, code in Assignment.objects.values_list("activity_id", "role_id", "code").iterator():
        letters[activity_id][str(role_id)] = code
    rows = list(Activity.objects.filter(pk__in=letters))
    for row in rows:
        row.letters = letters[row.pk]
    Activity.objects.bulk_update(rows, ["letters"], batch_size=BATCH)

    events = defaultdict(list)  # activity id → its cells' changes in order: (when, who, role id, letters or "")
    for activity_id, role_id, code, kind, when, who in (
        HistoricalAssignment.objects.order_by("history_date", "history_id")
        .values_list("activity_id", "role_id", "code", "history_type", "history_date", "history_user_id")
        .iterator()
    ):
        events[activity_id].append((when, who, str(role_id), "" if kind == "-" else code))
    records = defaultdict(list)
    for record in HistoricalActivity.objects.filter(id__in=events).order_by("history_date", "history_id").iterator():
        records[record.id].append(record)
    copied = [f.attname for f in HistoricalActivity._meta.concrete_fields if f.attname != "history_id"]
    # A row with cell history but none of its own (made by bulk writes that kept none): its records are copied
    # from the row as it is, so its cells' history is not lost.
    without = set(events) - set(records)
    starts = {
        row.pk: HistoricalActivity(**{f.attname: getattr(row, f.attname) for f in Activity._meta.concrete_fields})
        for row in Activity.objects.filter(pk__in=without)
    }
    changed, new = [], []
    for activity_id, cell_events in events.items():
        _replay(records[activity_id], cell_events, copied, HistoricalActivity, changed, new, starts.get(activity_id))
    HistoricalActivity.objects.bulk_update(changed, ["letters"], batch_size=BATCH)
    HistoricalActivity.objects.bulk_create(new, batch_size=BATCH)


def _replay(records, cell_events, copied, HistoricalActivity, changed, new, start=None):
    """One row's history with its letters: each existing record gets the letters of its time; each moment its cells
    changed without a record of the row becomes a record ("~", by the cells' author), copied from the last one."""
    state, index, last = {}, 0, start
    for record in records:
        while index < len(cell_events) and cell_events[index][0] <= record.history_date:
            index, last = _cells_at(cell_events, index, state, last, copied, HistoricalActivity, new, record)
        record.letters = dict(state)
        changed.append(record)
        last = record
    while index < len(cell_events):
        index, last = _cells_at(cell_events, index, state, last, copied, HistoricalActivity, new, None)


def _cells_at(cell_events, index, state, last, copied, HistoricalActivity, new, record):
    """Apply the cell changes of one moment; unless the row's own record of that moment follows, add one."""
    when, who = cell_events[index][0], cell_events[index][1]
    while index < len(cell_events) and cell_events[index][0] == when:
        _, _, role_id, code = cell_events[index]
        if code:
            state[role_id] = code
        else:
            state.pop(role_id, None)
        index += 1
    if last is not None and (record is None or record.history_date != when):
        copy = HistoricalActivity(**{name: getattr(last, name) for name in copied})
        copy.history_date, copy.history_type, copy.history_user_id = when, "~", who
        copy.letters = dict(state)
        new.append(copy)
        last = copy
    return index, last


def cells_from_rows(apps, schema_editor):
    """Back: the cells as they are now (their history before this migration is not rebuilt)."""
    Activity = apps.get_model("raci", "Activity")
    Assignment = apps.get_model("raci", "Assignment")
    Assignment.objects.bulk_create(
        [
            Assignment(activity_id=pk, role_id=int(role_id), code=code)
            for pk, letters in Activity.objects.values_list("pk", "letters").iterator()
            for role_id, code in letters.items()
        ],
        batch_size=BATCH,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("raci", "0012_history_without_date_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="letters",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name="historicalactivity",
            name="letters",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(letters_onto_rows, cells_from_rows),
    ]
