"""Each institution's first public decision, kept in a table of its own (both engines).

The list of institutions says, under each, since when and by which decision a mission has advised
it: its oldest published decision. Ranking every published decision of the page's institutions
to find it on each request cost PostgreSQL 14-17 ms a page at 10,000 decisions. The table holds
the answer for every institution (``institution_id``, ``decision_id``; an institution without a
published decision has no row), and a one-row table names the content version
(``ContentVersion``) it was worked out from; the list works it out again when that is no longer
the database's, as search keeps its indexes (`missions/public/figures.py`). Neither table is a
model: fixtures, backups and the admin never see them.
"""

from django.db import migrations

CREATE = [
    "CREATE TABLE missions_first_decision "
    "(institution_id bigint PRIMARY KEY, decision_id bigint NOT NULL)",
    "CREATE TABLE missions_first_decision_built_from (version varchar(32))",
    # No content version is '': the first list of institutions works the table out.
    "INSERT INTO missions_first_decision_built_from (version) VALUES ('')",
]
DROP = [
    "DROP TABLE missions_first_decision_built_from",
    "DROP TABLE missions_first_decision",
]


class Migration(migrations.Migration):
    dependencies = [("missions", "0009_decision_search_documents")]

    operations = [migrations.RunSQL(CREATE, DROP)]
