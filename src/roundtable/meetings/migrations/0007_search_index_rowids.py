"""The SQLite full-text index of meetings records, filled again with each record's row
at its own rowid (`search.row_id`: `pk * 4` plus 0 for an item, 1 for its minutes, 2 for
a resolution, 3 for an action), so that a save replaces its row by rowid instead of
reading the whole table for it.

On PostgreSQL nothing is done: search uses PostgreSQL's own full-text search on the
records themselves. Going back leaves the rows as they are: the older code finds them
by `kind` and `object_id`, which are still there.
"""

from django.db import migrations

FILL = [
    "INSERT INTO meetings_search (rowid, kind, object_id, text) "
    "SELECT id * 4, 'item', id, title || char(10) || description FROM meetings_agendaitem "
    "WHERE trim(title || description) != ''",
    "INSERT INTO meetings_search (rowid, kind, object_id, text) "
    "SELECT id * 4 + 1, 'minutes', id, minutes FROM meetings_agendaitem "
    "WHERE trim(minutes) != ''",
    "INSERT INTO meetings_search (rowid, kind, object_id, text) "
    "SELECT id * 4 + 2, 'resolution', id, text FROM meetings_resolution WHERE trim(text) != ''",
    "INSERT INTO meetings_search (rowid, kind, object_id, text) "
    "SELECT id * 4 + 3, 'action', id, description FROM meetings_action "
    "WHERE trim(description) != ''",
]


def refill(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DELETE FROM meetings_search")
    for statement in FILL:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0006_sub_items_inherit_restriction")]

    operations = [migrations.RunPython(refill, migrations.RunPython.noop)]
