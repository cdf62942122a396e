"""Sign-offs are an audit trail: the database itself refuses to change or delete one."""

from django.db import migrations

from connectmobilize.lib.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("readiness", "0001_initial")]

    operations = [
        append_only("readiness_signoff", "sign-offs are append-only: supersede with a new sign-off instead"),
    ]
