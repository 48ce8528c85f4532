"""Fixtures shared by the whole suite."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from missions.pagecache import generation, redis


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


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: LocaleMiddleware leaves the language of the last
    request active in the thread, so a test's reverse() after another test's French request would
    give a French address."""
    yield
    translation.deactivate()


class Clock:
    """A monotonic clock that stands still until a test moves it."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture(autouse=True)
def page_cache_clock(monkeypatch):
    """The clock of the page cache and of its Redis client, moved by the tests that need time
    to pass.

    Standing still, it keeps the periodic check of the content version (one query) from landing
    on a request whose queries a test counts; each test starts just after such a check, with no
    Redis paused after a failure.
    """
    clock = Clock()
    monkeypatch.setattr(generation, "clock", clock)
    monkeypatch.setattr(redis, "clock", clock)
    monkeypatch.setattr(redis, "paused_until", {})
    monkeypatch.setattr(generation, "version_check", generation.VersionCheck())
    generation.version_check.done()
    return clock
