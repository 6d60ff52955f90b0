"""A GIN index for full-text search across case notes, on PostgreSQL only (SQLite searches by substring). Its
expression is case_record/search.py's FTS_DOCUMENT, so the search's query can use it."""

from typing import Any

from django.db import migrations

from joinedup.case_record.search import FTS_DOCUMENT, FTS_INDEX


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {FTS_INDEX} ON case_record_casenote USING GIN ({FTS_DOCUMENT})")


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {FTS_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("case_record", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
