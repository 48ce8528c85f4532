"""Tables derived from the whole record that public pages read (both engines;
`missions/public/derived.py`).

``missions_first_decision``: each institution's first public decision, which the list of
institutions shows (an institution without one has no row). ``missions_citing_record``: for each
cited sentence and each kind of record (its place in the public registry), the first public
records citing it, ranked, and how many of that kind do, which a source's page shows.
``missions_decision_period``: the published decisions of each month (or year, for those dated
only to a year), counted, with the first's name and date, which the timeline's drawing marks.
``missions_derived_from`` names the content version (``ContentVersion``) each was derived from;
'' is none, so the first page reading a table derives it. None of them is a model: fixtures,
backups and the admin never see them.
"""

from django.db import migrations

TABLES = ("missions_first_decision", "missions_citing_record", "missions_decision_period")
CREATE = [
    "CREATE TABLE missions_derived_from (name varchar(64) PRIMARY KEY, version varchar(32))",
    *(f"INSERT INTO missions_derived_from (name, version) VALUES ('{table}', '')" for table in TABLES),
    "CREATE TABLE missions_first_decision "
    "(institution_id bigint PRIMARY KEY, decision_id bigint NOT NULL)",
    "CREATE TABLE missions_citing_record (citation_id bigint NOT NULL, kind smallint NOT NULL, "
    "rank integer NOT NULL, record_id bigint NOT NULL, total integer NOT NULL, "
    "PRIMARY KEY (citation_id, kind, rank))",
    "CREATE TABLE missions_decision_period (period date NOT NULL, "
    "period_precision varchar(8) NOT NULL, decision_count integer NOT NULL, "
    "first_name text NOT NULL, first_date date NOT NULL, first_precision varchar(8) NOT NULL, "
    "PRIMARY KEY (period, period_precision))",
]
DROP = [f"DROP TABLE {table}" for table in ("missions_derived_from", *TABLES)]


class Migration(migrations.Migration):
    dependencies = [("missions", "0009_decision_search_documents")]

    operations = [migrations.RunSQL(CREATE, DROP)]
