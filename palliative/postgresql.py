"""SQL that only PostgreSQL runs (triggers, extensions, trigram indexes), for migrations.

Production and CI run PostgreSQL; `bin/start`'s embedded SQLite has no triggers of this kind, so
there the step is skipped and the app's own checks (model `save()`, services) still hold.
"""


def run_on_postgresql(sql: str):
    """A `RunPython` callable that executes `sql` on PostgreSQL and does nothing elsewhere."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run
