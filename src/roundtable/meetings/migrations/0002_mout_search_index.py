"""The SQLite full-text index of meetings records (see meetings/search.py).

On PostgreSQL nothing is created: search uses PostgreSQL's own full-text search
on the records themselves.
"""

from django.db import migrations

CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS meetings_search USING fts5("
    "kind UNINDEXED, object_id UNINDEXED, text, tokenize='porter unicode61')"
)
FILL = [
    "INSERT INTO meetings_search (kind, object_id, text) "
    "SELECT 'item', id, title || char(10) || description FROM meetings_agendaitem",
    "INSERT INTO meetings_search (kind, object_id, text) "
    "SELECT 'minutes', id, minutes FROM meetings_agendaitem WHERE minutes != ''",
    "INSERT INTO meetings_search (kind, object_id, text) "
    "SELECT 'resolution', id, text FROM meetings_resolution",
    "INSERT INTO meetings_search (kind, object_id, text) "
    "SELECT 'action', id, description FROM meetings_action",
]


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(CREATE)
    for statement in FILL:
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS meetings_search")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
