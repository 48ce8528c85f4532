"""When content changed: the content version in the database, and the cache's generation.

The database says when content changed. Every change to the record replaces the value of the
ContentVersion row, in the change's own transaction: a save, delete or many-to-many change of a
model of the record (through signals), a write that sends no signal (raw or bulk writes, such as a
restore, send ``missions.signals.content_replaced``), and every ``migrate`` (each deploy runs one,
and data migrations may change content). Every stored page carries the cache's *generation*, which
names the content version it was made for; a page stored under another generation is never
served. When a change commits, the generation moves on to its version, and every stored page is
stale. Saving never depends on the cache: when it cannot be reached, the error is logged and the
save goes through. Each process compares the cache's generation with the database's version at
most every PUBLIC_PAGE_CACHE_CHECK_SECONDS (one small query then, none on the hits in between)
and replaces a generation made for another version, so once the cache answers again, no page
rendered from older content is served for longer than that.
"""

import logging
import math
import secrets
import time

from django.apps import apps as global_apps
from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from missions.models import NOT_CONTENT, ContentVersion
from missions.signals import content_replaced

from .redis import CachePaused

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"
# What a generation names when it was made without a committed version to name.
UNCONFIRMED = "unconfirmed"
# The clock that says when a process next reads the content version (tests move it).
clock = time.monotonic


def make_generation(version):
    """A generation for content ``version``: the time it was made (the Last-Modified of the
    pages stored under it), the version, and random bits no other generation has."""
    return f"{time.time_ns()}-{version}-{secrets.token_hex(4)}"


def made_at(generation):
    return int(generation.split("-")[0]) / 1e9


def made_for(generation):
    return generation.split("-")[1]


def write_version(using):
    """Replace the database's content version with a new random value, and return it."""
    version = secrets.token_hex(16)
    versions = ContentVersion.objects.using(using)
    if not versions.filter(pk=1).update(version=version):
        # The row's first write (or the first after a flush).
        versions.update_or_create(pk=1, defaults={"version": version})
    return version


def database_version():
    """The content version the database holds ("none" before the first change)."""
    return ContentVersion.objects.filter(pk=1).values_list("version", flat=True).first() or "none"


class Publication:
    """Run when a change commits: the cache's generation moves on to the change's version."""

    def __init__(self, version):
        self.version = version

    def __call__(self):
        tell_cache(make_generation(self.version))


def cache_failed(error, message, *args):
    """Log that the cache failed, with the error, unless the call was not even made because the
    cache failed moments ago (that failure was logged)."""
    if not isinstance(error, CachePaused):
        logger.error("The page cache cannot be reached: " + message, *args, exc_info=error)


def tell_cache(generation):
    """Make ``generation`` the cache's; if the cache cannot be reached, the database still
    holds the change, and the version check catches up with it once the cache answers."""
    try:
        cache.set(GENERATION_KEY, generation, timeout=None)
    except Exception as error:
        cache_failed(
            error,
            "content changed, and pages stored before are dropped within %s s of its return",
            settings.PUBLIC_PAGE_CACHE_CHECK_SECONDS,
        )


def pending_publication(connection):
    """The publication of the transaction open on ``connection`` if it changed content (to
    publish its version when it commits), else None."""
    return next(
        (
            callback
            for _, callback, _ in connection.run_on_commit
            if isinstance(callback, Publication)
        ),
        None,
    )


def publication_pending(connection):
    """Whether the transaction open on ``connection`` changed content."""
    return pending_publication(connection) is not None


def record_content_change(using=DEFAULT_DB_ALIAS):
    """Record a change to the record in the current transaction of database ``using``.

    Saves, deletes and relation changes of the app's models get here through signals; a write
    that sends none (raw or bulk writes, such as a restore) sends ``content_replaced`` in its
    transaction. The content version is replaced at each change (so that what reads it within
    the transaction, such as SQLite's search index, sees every change), and its last value
    published to the cache once, when the transaction commits. Until then the cache gets a
    generation made for no committed version: this connection already reads the change, and
    must not be served a page from before it.
    """
    connection = transaction.get_connection(using)
    version = write_version(using)
    if not connection.in_atomic_block:  # Already committed: publish at once.
        Publication(version)()
        return
    publication = pending_publication(connection)
    if publication is None:
        transaction.on_commit(Publication(version), using=using)
    else:
        publication.version = version
    tell_cache(make_generation(UNCONFIRMED))


def content_changed(sender, using, action=None, **_signal_arguments):
    """A save, delete or (once done) many-to-many change of a model of the record, or a bulk
    write that replaced content."""
    if action is None or action.startswith("post_"):
        record_content_change(using)


def migrated(using, apps=global_apps, **_signal_arguments):
    """Every ``migrate`` counts as a change, once the content version's table exists."""
    try:
        apps.get_model("missions", "ContentVersion")
    except LookupError:
        return
    record_content_change(using)


def connect_signals(app_config):
    """Listen to the changes of every model of the app that is content, and only those (a draft
    change waiting to be published changes no public page).

    Connecting to each sender, rather than to every model, keeps Django's fast bulk deletes for
    the other apps' models (sessions, login attempts), which a listener on them would disable.
    """
    for model in app_config.get_models(include_auto_created=True):
        if model in NOT_CONTENT:
            continue
        post_save.connect(content_changed, sender=model, dispatch_uid="public-pages")
        post_delete.connect(content_changed, sender=model, dispatch_uid="public-pages")
        m2m_changed.connect(content_changed, sender=model, dispatch_uid="public-pages")
    post_migrate.connect(migrated, sender=app_config, dispatch_uid="public-pages")
    content_replaced.connect(content_changed, dispatch_uid="public-pages")


class VersionCheck:
    """When this process next compares the cache's generation with the database's version."""

    def __init__(self):
        self.next_at = -math.inf

    def due(self):
        return clock() >= self.next_at

    def done(self):
        self.next_at = clock() + settings.PUBLIC_PAGE_CACHE_CHECK_SECONDS


version_check = VersionCheck()


def version_check_due():
    """Whether this process is to compare the cache's generation with the database's now."""
    return version_check.due()


def confirmed(generation):
    """``generation`` if it was made for the content version the database holds; else a new
    generation for that version, given to the cache for every process.

    A version this connection's own open transaction wrote is not committed: the generation
    made for it names none, so that the next check replaces it, whatever becomes of the
    transaction. If the database cannot be read, stored pages are served as they are.
    """
    version_check.done()
    try:
        version = database_version()
    except DatabaseError:
        logger.exception("The content version cannot be read: stored pages served unchecked")
        return generation
    if publication_pending(connections[DEFAULT_DB_ALIAS]):
        version = UNCONFIRMED
    elif generation is not None and made_for(generation) == version:
        return generation
    generation = make_generation(version)
    cache.set(GENERATION_KEY, generation, timeout=None)
    return generation


def caching_off():
    """Whether the cache keeps nothing (``dummycache://``): every page is rendered."""
    return isinstance(caches[DEFAULT_CACHE_ALIAS], DummyCache)
