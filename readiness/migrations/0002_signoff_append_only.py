"""Sign-offs are an audit trail: the database itself refuses to change or delete one."""

from django.db import migrations

MESSAGE = "sign-offs are append-only: supersede with a new sign-off instead"

POSTGRES = [
    f"""
    CREATE FUNCTION readiness_signoff_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER readiness_signoff_append_only BEFORE UPDATE OR DELETE ON readiness_signoff
    FOR EACH ROW EXECUTE FUNCTION readiness_signoff_append_only();
    """,
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS readiness_signoff_append_only ON readiness_signoff;",
    "DROP FUNCTION IF EXISTS readiness_signoff_append_only();",
]
SQLITE = [
    f"""CREATE TRIGGER readiness_signoff_no_update BEFORE UPDATE ON readiness_signoff
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER readiness_signoff_no_delete BEFORE DELETE ON readiness_signoff
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS readiness_signoff_no_update;",
    "DROP TRIGGER IF EXISTS readiness_signoff_no_delete;",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("readiness", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
