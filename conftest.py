"""Fixtures shared by the whole suite."""

import pytest
from django.core.management import call_command


@pytest.fixture
def seeded(db):
    """The database as `make run` leaves it: the seed fixture loaded."""
    call_command("loaddata", "nmi", verbosity=0)
