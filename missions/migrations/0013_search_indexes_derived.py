"""Search's indexes name the content version they were built from in ``missions_derived_from``,
as the tables of migration 0010 do, rather than in a table of their own (migration 0006): one
mechanism keeps everything derived from the record (`missions/public/derived.py`). The first
search after the migration builds them again.
"""

from django.db import migrations

FORWARD = [
    "INSERT INTO missions_derived_from (name, version) VALUES ('search_indexes', '')",
    "DROP TABLE missions_search_index_built_from",
]
BACKWARD = [
    "CREATE TABLE missions_search_index_built_from (version varchar(32))",
    "INSERT INTO missions_search_index_built_from (version) VALUES ('')",
    "DELETE FROM missions_derived_from WHERE name = 'search_indexes'",
]


class Migration(migrations.Migration):
    dependencies = [("missions", "0012_citing_records_named")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
