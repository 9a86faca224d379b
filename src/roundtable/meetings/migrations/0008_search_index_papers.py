"""The SQLite full-text index of meetings records now holds papers' titles too, so a
fifth kind of row: every row is numbered again at `search.row_id`, `pk * 5` plus 0 for
an item, 1 for its minutes, 2 for a resolution, 3 for an action and 4 for a paper
(`0007_search_index_rowids` numbered them `pk * 4`, with no papers).

The index holds words only: who may find a paper is asked of `Paper.visible_to` at
every search. On PostgreSQL nothing is done: search uses PostgreSQL's own full-text
search on the records themselves. Going back numbers the rows as `0007` did, without
papers, as the older code replaces and removes them at those rowids.
"""

from importlib import import_module

from django.db import migrations

FILL = [
    "INSERT INTO meetings_search (rowid, kind, object_id, text) "
    "SELECT id * 5, 'item', id, title || char(10) || description FROM meetings_agendaitem "
    "WHERE trim(title || description) != ''",
    "INSERT INTO meetings_search (rowid, kind, object_id, text) "
    "SELECT id * 5 + 1, 'minutes', id, minutes FROM meetings_agendaitem "
    "WHERE trim(minutes) != ''",
    "INSERT INTO meetings_search (rowid, kind, object_id, text) "
    "SELECT id * 5 + 2, 'resolution', id, text FROM meetings_resolution WHERE trim(text) != ''",
    "INSERT INTO meetings_search (rowid, kind, object_id, text) "
    "SELECT id * 5 + 3, 'action', id, description FROM meetings_action "
    "WHERE trim(description) != ''",
    "INSERT INTO meetings_search (rowid, kind, object_id, text) "
    "SELECT id * 5 + 4, 'paper', id, title FROM meetings_paper WHERE trim(title) != ''",
]


def refill(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DELETE FROM meetings_search")
    for statement in FILL:
        schema_editor.execute(statement)


def refill_as_before(apps, schema_editor):
    import_module("roundtable.meetings.migrations.0007_search_index_rowids").refill(
        apps, schema_editor
    )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_search_index_rowids")]

    operations = [migrations.RunPython(refill, refill_as_before)]
