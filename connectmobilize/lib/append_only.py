"""Append-only tables: a migration operation that makes the database refuse UPDATE and DELETE on a table.

Used for audit records (sign-offs, go/no-go decisions) so that not even a bug or a shell can rewrite them.
PostgreSQL gets a trigger function; SQLite (the embedded default) two triggers.
"""

from django.db import migrations


def append_only(table: str, message: str) -> migrations.RunPython:
    name = f"{table}_append_only"
    statements = {
        "postgresql": [
            f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '{message}'; END; $$ "
            "LANGUAGE plpgsql;",
            f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {name}();",
        ],
        "sqlite": [
            f"CREATE TRIGGER {name}_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END;",
            f"CREATE TRIGGER {name}_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END;",
        ],
    }
    reverse = {
        "postgresql": [f"DROP TRIGGER IF EXISTS {name} ON {table};", f"DROP FUNCTION IF EXISTS {name}();"],
        "sqlite": [f"DROP TRIGGER IF EXISTS {name}_update;", f"DROP TRIGGER IF EXISTS {name}_delete;"],
    }

    def run(by_vendor):
        def apply(apps, schema_editor):
            for statement in by_vendor.get(schema_editor.connection.vendor, []):
                schema_editor.execute(statement)

        return apply

    return migrations.RunPython(run(statements), run(reverse))
