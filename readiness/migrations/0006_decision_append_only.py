"""Go/no-go decisions are a record: the database refuses to change or delete one, as for sign-offs."""

from django.db import migrations

from connectmobilize.lib.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("readiness", "0005_decisions")]

    operations = [
        append_only(
            "readiness_gonogodecision", "go/no-go decisions are append-only: record a new decision instead"
        ),
    ]
