"""The table of records citing each sentence (migration 0010) names each record as a source's
page shows it: its slug, its mission's slug (for a record shown on its mission's page) and its
name in each language, with the cited sentence's source.

A source's page read the table joined to the sentences and to each kind's own table, a statement
of seven joined kinds that PostgreSQL took longer to plan (1.8 ms) than to run (0.8 ms) on every
request; it now reads the rows of its source from this one table. The table is derived again, by
the first page reading it after the migration, as after any change to the record.
"""

from django.db import migrations

COLUMNS = (
    "citation_id bigint NOT NULL, kind smallint NOT NULL, rank integer NOT NULL, "
    "record_id bigint NOT NULL, total integer NOT NULL"
)
NAMED = (
    "source_id bigint NOT NULL, slug text NOT NULL, mission_slug text, name_en text NOT NULL, "
    "name_fr text NOT NULL, name_ar text NOT NULL"
)


def table(columns):
    return [
        "DROP TABLE missions_citing_record",
        f"CREATE TABLE missions_citing_record ({columns}, PRIMARY KEY (citation_id, kind, rank))",
        "UPDATE missions_derived_from SET version = '' WHERE name = 'missions_citing_record'",
    ]


class Migration(migrations.Migration):
    dependencies = [("missions", "0011_search_documents_of_every_kind")]

    operations = [
        migrations.RunSQL(
            [
                *table(f"{COLUMNS}, {NAMED}"),
                "CREATE INDEX missions_citing_record_source ON missions_citing_record (source_id)",
            ],
            table(COLUMNS),
        )
    ]
