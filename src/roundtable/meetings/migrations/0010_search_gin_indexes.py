"""On PostgreSQL, a GIN index for each kind of record the meetings' search finds, on
exactly the expression its queries match (`search.SEARCHED`: `to_tsvector('english',
…)` of the same fields, as `SearchVector(*fields, config="english")` writes it), so
the planner can find the records with a word through the index (a bitmap index scan)
instead of working out the words of every visible record on every search.

`meetings/tests/test_search.py` checks with EXPLAIN that each kind's query can use its
index (an index on any other expression could not be used at all), and the test
databases, built from the models, get the same indexes (`roundtable/conftest.py`). On
SQLite nothing is done: the FTS5 table `meetings_search` is its index.
"""

from django.db import migrations

#: (index, table, the text searched), as `SearchVector` writes each kind's text.
INDEXES = [
    (
        "meetings_item_search",
        "meetings_agendaitem",
        """COALESCE("title", '') || ' ' || COALESCE("description", '')""",
    ),
    ("meetings_minutes_search", "meetings_agendaitem", """COALESCE("minutes", '')"""),
    ("meetings_resolution_search", "meetings_resolution", """COALESCE("text", '')"""),
    ("meetings_action_search", "meetings_action", """COALESCE("description", '')"""),
    ("meetings_paper_search", "meetings_paper", """COALESCE("title", '')"""),
]
CREATE = [
    f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
    f"USING gin (to_tsvector('english'::regconfig, {text}))"
    for name, table, text in INDEXES
]
DROP = [f"DROP INDEX IF EXISTS {name}" for name, _, _ in INDEXES]


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0009_agenda_item_report_period_help")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
