"""The audit trail is out of reach of edits: PostgreSQL refuses UPDATE and DELETE of
django-auditlog's rows, whoever connects (45 CFR 164.312(b) audit controls; 164.316(b)(2)
keeps documentation six years). Only an operator who drops the trigger can change them,
and that is itself visible in the schema.

It first ran as 0011 before the migrations were squashed; the SQL is idempotent (CREATE OR
REPLACE, DROP ... IF EXISTS), so a database that already has the trigger gets the same one."""

from django.db import migrations

from palliative.postgresql import run_on_postgresql

CREATE = """
CREATE OR REPLACE FUNCTION auditlog_logentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit log entries cannot be changed or deleted' USING ERRCODE = 'check_violation';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS auditlog_logentry_append_only ON auditlog_logentry;
CREATE TRIGGER auditlog_logentry_append_only BEFORE UPDATE OR DELETE ON auditlog_logentry
    FOR EACH ROW EXECUTE FUNCTION auditlog_logentry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS auditlog_logentry_append_only ON auditlog_logentry;
DROP FUNCTION IF EXISTS auditlog_logentry_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("palliative", "0001_squashed_0013_merge_20261123_1654"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(run_on_postgresql(CREATE), run_on_postgresql(DROP))]
