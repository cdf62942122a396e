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
    return _per_vendor(statements, reverse)


def append_only_links(
    table: str, *, parent_table: str, parent_column: str, message: str, frozen: str
) -> migrations.RunPython:
    """The rows of a link table (a many-to-many's) are frozen with their parent: no link is added, changed or
    removed once the parent row satisfies `frozen`, an SQL condition on the parent as `parent` (e.g.
    "parent.status = 'recorded'"). The parent's own trigger (append_only(once=…)) freezes the parent itself,
    so links are set while the parent can still change, and the parent is frozen last."""
    name = f"{table}_append_only"
    check = f"EXISTS (SELECT 1 FROM {parent_table} parent WHERE parent.id = {{row}}.{parent_column} AND {frozen})"  # noqa: S608 - names from a migration, not input
    statements = {
        "postgresql": [
            f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
            f"IF (TG_OP <> 'INSERT' AND {check.format(row='OLD')}) OR (TG_OP <> 'DELETE' AND {check.format(row='NEW')})"
            f" THEN RAISE EXCEPTION '{message}'; END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql;",
            f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION {name}();",
        ],
        "sqlite": [
            f"CREATE TRIGGER {name}_insert BEFORE INSERT ON {table} WHEN {check.format(row='NEW')} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
            f"CREATE TRIGGER {name}_update BEFORE UPDATE ON {table} WHEN {check.format(row='OLD')} "
            f"OR {check.format(row='NEW')} BEGIN SELECT RAISE(ABORT, '{message}'); END;",
            f"CREATE TRIGGER {name}_delete BEFORE DELETE ON {table} WHEN {check.format(row='OLD')} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
        ],
    }
    reverse = {
        "postgresql": [f"DROP TRIGGER IF EXISTS {name} ON {table};", f"DROP FUNCTION IF EXISTS {name}();"],
        "sqlite": [f"DROP TRIGGER IF EXISTS {name}_{op};" for op in ("insert", "update", "delete")],
    }
    return _per_vendor(statements, reverse)


def _per_vendor(statements: dict[str, list[str]], reverse: dict[str, list[str]]) -> migrations.RunPython:
    def run(by_vendor):
        def apply(apps, schema_editor):
            for statement in by_vendor.get(schema_editor.connection.vendor, []):
                schema_editor.execute(statement)

        return apply

    return migrations.RunPython(run(statements), run(reverse))
