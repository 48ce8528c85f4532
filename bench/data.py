"""Published decisions in bulk, added to the seed, for benchmarks and query-count tests."""

from datetime import date

from django.db import connection

from missions.dates import DatePrecision
from missions.models import Body, Citation, Decision, Institution, Mission, Status
from missions.pagecache.generation import record_content_change

BATCH = 5000


def add_decisions(count):
    """Add `count` published decisions to NMI, each citing a sentence and bringing in the Federal
    Police Command, so that its page and the institution list carry the whole load. Written in
    bulk, without the models' signals, so the change is recorded as such writes record theirs,
    for what follows the record's content version (the page cache, search's indexes, the tables
    derived from the record)."""
    mission = Mission.objects.get(slug="nmi")
    decided_by = Body.objects.get(slug="north-atlantic-council")
    requested_by = Body.objects.get(slug="iraqi-government")
    citation = Citation.objects.first()
    institution = Institution.objects.get(slug="federal-police-command")
    start = Decision.objects.count()
    for first in range(start, start + count, BATCH):
        numbers = range(first, min(first + BATCH, start + count))
        decisions = Decision.objects.bulk_create(
            Decision(
                name=f"Generated decision {number:06d}",
                slug=f"generated-decision-{number:06d}",
                status=Status.PUBLISHED,
                mission=mission,
                date=date(2018 + number % 8, 1 + number % 12, 1),
                date_precision=DatePrecision.MONTH,
                decided_by=decided_by,
                requested_by=requested_by,
                action=Decision.Action.EXPAND_SCOPE,
                summary=f"Generated decision number {number} for measurements.",
            )
            for number in numbers
        )
        Decision.citations.through.objects.bulk_create(
            Decision.citations.through(decision=decision, citation=citation)
            for decision in decisions
        )
        Decision.institutions.through.objects.bulk_create(
            Decision.institutions.through(decision=decision, institution=institution)
            for decision in decisions
        )
    record_content_change()


def settle():
    """The database as autovacuum leaves it a minute after a bulk write: its statistics read
    (fresh rows mislead the planner) and, on PostgreSQL, its tables vacuumed, which marks their
    pages all-visible, so that counts read an index alone (an index-only scan) as they do in a
    database at work rather than every row they count."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
