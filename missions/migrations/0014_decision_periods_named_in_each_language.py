"""The timeline's periods (migration 0010) name a lone decision in each language: its dot's
tooltip named it in English on every page, its translation aside. The table is derived again
by the first timeline after the migration.
"""

from django.db import migrations

KEY = "period date NOT NULL, period_precision varchar(8) NOT NULL, decision_count integer NOT NULL"
FIRST = "first_date date NOT NULL, first_precision varchar(8) NOT NULL"
NAMED = ", ".join(f"first_name_{language} text NOT NULL" for language in ("en", "fr", "ar"))


def table(names):
    return [
        "DROP TABLE missions_decision_period",
        f"CREATE TABLE missions_decision_period ({KEY}, {names}, {FIRST}, "
        "PRIMARY KEY (period, period_precision))",
        "UPDATE missions_derived_from SET version = '' WHERE name = 'missions_decision_period'",
    ]


class Migration(migrations.Migration):
    dependencies = [("missions", "0013_search_indexes_derived")]

    operations = [
        migrations.RunSQL(
            table(NAMED),
            table("first_name text NOT NULL"),
        )
    ]
