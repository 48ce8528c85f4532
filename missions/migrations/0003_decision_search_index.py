"""A GIN index on the search document of decisions, the one kind of record that grows without end.

PostgreSQL only: its expression is the weighted vector `missions/public/search.py` builds for
decisions (name A, summary B, description C, English), so /search/ reads the index instead of
computing the vector of every decision. SQLite's search is a plain match and gets no index. If the
searched fields of decisions change (`missions/public/registry.py`), this expression must change
with them: `tests/public/test_search.py` fails when the search stops using the index.
"""

from django.db import migrations

INDEX = "decision_search"
CREATE = f"""
CREATE INDEX IF NOT EXISTS {INDEX} ON missions_decision USING gin ((
    (setweight(to_tsvector('english'::regconfig, COALESCE(name, '')), 'A')
     || setweight(to_tsvector('english'::regconfig, COALESCE(summary, '')), 'B'))
    || setweight(to_tsvector('english'::regconfig, COALESCE(description, '')), 'C')
))
"""
DROP = f"DROP INDEX IF EXISTS {INDEX}"


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("missions", "0002_editors_group")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
