"""Fixtures shared by the whole suite."""

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture
def seeded(db):
    """The database as `make run` leaves it: the seed fixture loaded."""
    call_command("loaddata", "nmi", verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a page cached by one test must not answer another.

    (Rolling a test's transaction back sends no signal, so the cache would not know.)
    """
    cache.clear()
