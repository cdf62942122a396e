from django.db import migrations

from connectmobilize.lib.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [
        append_only(
            "governance_decision",
            "decided decisions are append-only: record a new decision that supersedes it instead",
            once="OLD.status = 'recorded'",
        ),
    ]
