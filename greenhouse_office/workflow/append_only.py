"""Migration operations: on PostgreSQL the database itself refuses UPDATE and DELETE of event rows.

A trigger raises on any UPDATE or DELETE of a row (TRUNCATE, used only by test teardown and a
database restore, is a separate privilege). Deployments also revoke UPDATE and DELETE from the
application's role (README, Deploying). SQLite, the embedded demo's database, is left as it is.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION greenhouse_event_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'Events are append-only: % of % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def trigger_name(table: str) -> str:
    return f"{table}_append_only"


def _forwards(table: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(FUNCTION, params=None)  # its % are PL/pgSQL's, not placeholders
        schema_editor.execute(
            f"CREATE TRIGGER {trigger_name(table)} BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION greenhouse_event_append_only()"
        )

    return run


def _backwards(table: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger_name(table)} ON {table}")

    return run


def AppendOnly(table: str) -> migrations.RunPython:  # noqa: N802 - reads as an operation
    """The operation that makes ``table`` append-only on PostgreSQL."""
    return migrations.RunPython(_forwards(table), _backwards(table))
