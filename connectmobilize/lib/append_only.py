"""Append-only tables: a migration operation that makes the database refuse UPDATE and DELETE on a table.

Used for audit records (sign-offs, go/no-go decisions) so that not even a bug or a shell can rewrite them.
PostgreSQL gets a trigger function; SQLite (the embedded default) two triggers.
"""

from django.db import migrations


def append_only(table: str, message: str, *, once: str = "") -> migrations.RunPython:
    """`once`: an SQL condition on the row as it is (OLD) from which it is frozen, e.g. "OLD.status = 'recorded'"
    (a decision waiting to be taken can still be edited); empty: every row from its insert."""
    name = f"{table}_append_only"
    when = f" WHEN ({once})" if once else ""
    statements = {
        "postgresql": [
            f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '{message}'; END; $$ "
            "LANGUAGE plpgsql;",
            f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW{when} EXECUTE FUNCTION {name}();",
        ],
        "sqlite": [
            f"CREATE TRIGGER {name}_update BEFORE UPDATE ON {table}{when} BEGIN SELECT RAISE(ABORT, '{message}'); END;",
            f"CREATE TRIGGER {name}_delete BEFORE DELETE ON {table}{when} BEGIN SELECT RAISE(ABORT, '{message}'); END;",
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
