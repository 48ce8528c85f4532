"""On PostgreSQL, timestamps are read by Python's ISO parser (``missions.timestamps``): the same
datetimes as Django's own loader gives, in the same time zone, and the same errors."""

import datetime

import pytest
from django.db import DataError, connection
from django.db.backends.postgresql.psycopg_any import register_tzloader

from missions.models import Mission
from missions.timestamps import TIMESTAMPTZ, IsoTimestampLoader

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the loader reads PostgreSQL's timestamps"
)

TIMESTAMPS = [
    "2026-12-05 20:51:00+00",
    "2026-12-05 20:51:00.123456+00",
    "2026-12-05 20:51:00.5+05:30",
    "1999-12-31 23:59:59.999999-08",
    "0044-03-15 12:00:00+00",
    "1900-01-01 00:00:00 Europe/Paris",
    "9999-12-31 23:59:59+00",
]
UNREADABLE = ["infinity", "-infinity", "0044-03-15 12:00:00+00 BC"]


def read(sql, parameters, loader_of_django=False):
    with connection.cursor() as cursor:
        if loader_of_django:
            register_tzloader(connection.timezone, cursor.cursor)
        cursor.execute(sql, parameters)
        return cursor.fetchone()[0]


def test_the_connection_reads_timestamps_with_the_faster_loader(db):
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(TIMESTAMPTZ, 0)
    assert issubclass(loader, IsoTimestampLoader)


@pytest.mark.parametrize("when", TIMESTAMPS)
def test_a_timestamp_reads_as_with_djangos_loader(db, when):
    sql = "SELECT %s::timestamptz"
    faster, djangos = read(sql, [when]), read(sql, [when], loader_of_django=True)
    assert faster == djangos
    assert faster.tzinfo is djangos.tzinfo is datetime.UTC
    assert str(faster) == str(djangos)


@pytest.mark.parametrize("when", UNREADABLE)
def test_what_python_cannot_read_fails_as_with_djangos_loader(db, when):
    sql = "SELECT %s::timestamptz"
    with pytest.raises(DataError) as faster:
        read(sql, [when])
    with pytest.raises(DataError) as djangos:
        read(sql, [when], loader_of_django=True)
    assert str(faster.value) == str(djangos.value)


def test_a_record_keeps_its_time_of_change_to_the_microsecond(seeded):
    mission = Mission.objects.get(slug="nmi")
    changed = datetime.datetime(2026, 12, 5, 20, 51, 0, 123456, tzinfo=datetime.UTC)
    Mission.objects.filter(pk=mission.pk).update(updated_at=changed)
    assert Mission.objects.get(pk=mission.pk).updated_at == changed
