"""Public pages served from the shared cache, all made stale at once whenever content changes.

An anonymous visitor's GET or HEAD is answered from the cache (Redis in production, shared by every
worker and machine) when the page was rendered since the last content change. No view needs to
know about caching, and no visitor sees an old page after an editor saves.

The database says when content changed. Every change to the record replaces the value of the
ContentVersion row, in the change's own transaction: a save, delete or many-to-many change of a
model of the app (through signals), a write that sends no signal (raw or bulk writes, such as a
restore, call ``record_content_change()``), and every ``migrate`` (each deploy runs one, and
data migrations may change content). Every stored page carries the cache's *generation*, which
names the content version it was made for; a page stored under another generation is never
served. When a change commits, the generation moves on to its version, and every stored page is
stale. Saving never depends on the cache: when it cannot be reached, the error is logged and the
save goes through. Each process compares the cache's generation with the database's version at
most every PUBLIC_PAGE_CACHE_CHECK_SECONDS (one small query then, none on the hits in between)
and replaces a generation made for another version, so once the cache answers again, no page
rendered from older content is served for longer than that.

A page is stored once per scheme, host, path and the values of the query parameters its view
reads (``query_parameters``, see missions.views.PublicPageMixin), in a fixed order: tracking
parameters and the like share the page's entry. Requests with a session cookie the site issued
(signed-in editors, previewing drafts) are never served from, nor stored in, the cache; a
session cookie it did not issue counts for nothing, found out without a query
(missions.sessions). Nor is a response stored that sets a cookie, varies on a request header
other than Cookie, writes the session or asks not to be cached. Stored pages carry an ETag and a
Last-Modified date (when their generation was made), so repeat visits get 304 Not Modified.

Two layers share the work. PublicPageCacheMiddleware, first in MIDDLEWARE, renders and stores
pages with every header the other middleware add. In front of Django, StoredPageApplication
(nmi_site.wsgi) answers hits for the price of one cache read, skipping Django's request handling,
which costs more than the read itself; the middleware answers hits too, for requests that reach
Django another way (the test client, a server not using nmi_site.wsgi).

If the cache cannot be reached, visitors still get their pages, rendered for them (and the error
is logged); a cache that does not answer is given up on within a fraction of a second, and left
alone for a few seconds after (nmi_site.redis_cache).
"""

import functools
import hashlib
import logging
import math
import secrets
import time
from http import HTTPStatus
from pathlib import Path

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.encoding import escape_uri_path
from django.utils.http import http_date, parse_http_date_safe, urlencode

from nmi_site.redis_cache import CachePaused

from .models import ContentVersion
from .sessions import is_issued

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"
UNCACHEABLE_DIRECTIVES = {"private", "no-store", "no-cache"}
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


def publication_pending(connection):
    """Whether the transaction open on ``connection`` changed content (and so is to publish its
    version when it commits)."""
    return any(isinstance(callback, Publication) for _, callback, _ in connection.run_on_commit)


def record_content_change(using=DEFAULT_DB_ALIAS):
    """Record a change to the record in the current transaction of database ``using``.

    Saves, deletes and relation changes of the app's models get here through signals; a write
    that sends none (raw or bulk writes, such as a restore) calls this itself, in its
    transaction. The content version is replaced once per transaction, and published to the
    cache when it commits. Until then the cache gets a generation made for no committed version:
    this connection already reads the change, and must not be served a page from before it.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:  # Already committed: publish at once.
        Publication(write_version(using))()
        return
    if not publication_pending(connection):
        transaction.on_commit(Publication(write_version(using)), using=using)
    tell_cache(make_generation(UNCONFIRMED))


def content_changed(sender, using, action=None, **_signal_arguments):
    """A save, delete or (once done) many-to-many change of a model of the app."""
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
    """Listen to the changes of every model of the app, and only those.

    Connecting to each sender, rather than to every model, keeps Django's fast bulk deletes for
    the other apps' models (sessions, login attempts), which a listener on them would disable.
    """
    for model in app_config.get_models(include_auto_created=True):
        if model is ContentVersion:
            continue
        post_save.connect(content_changed, sender=model, dispatch_uid="public-pages")
        post_delete.connect(content_changed, sender=model, dispatch_uid="public-pages")
        m2m_changed.connect(content_changed, sender=model, dispatch_uid="public-pages")
    post_migrate.connect(migrated, sender=app_config, dispatch_uid="public-pages")


class VersionCheck:
    """When this process next compares the cache's generation with the database's version."""

    def __init__(self):
        self.next_at = -math.inf

    def due(self):
        return clock() >= self.next_at

    def done(self):
        self.next_at = clock() + settings.PUBLIC_PAGE_CACHE_CHECK_SECONDS


version_check = VersionCheck()


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


def is_signed_in(request):
    """Whether the request comes from a signed-in user (after SessionMiddleware has run)."""
    session = getattr(request, "session", None)
    return session is not None and session.get(SESSION_KEY) is not None


def carries_an_issued_session(request):
    """Whether the request's session cookie is one the site issued: a signed-in editor's."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    return session_key is not None and is_issued(session_key)


def may_share(request):
    """Whether this request may be answered with, and its page stored as, the shared page.

    A signed-in editor's request carries a session cookie the site issued, and is rendered for
    its sender; a session cookie the site did not issue counts for nothing, without a query
    (``missions.sessions``).
    """
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(excluded_paths())
        and not carries_an_issued_session(request)
    )


def forget_made_up_session(request):
    """Drop a session cookie the site did not issue from a request that may share pages, so that
    Django renders the page for the anonymous visitor it is (a page that can be stored) rather
    than look the key up in the database."""
    request.COOKIES.pop(settings.SESSION_COOKIE_NAME, None)


def excluded_paths():
    return (*settings.PUBLIC_PAGE_CACHE_EXCLUDED_PATHS, settings.STATIC_URL)


def page_parameters(view):
    """The query parameters ``view`` reads, as its ``query_parameters`` declare them (on a class
    view's class, or on a function view); None when it does not say, and all of them count."""
    return getattr(getattr(view, "view_class", view), "query_parameters", None)


@functools.lru_cache(maxsize=4096)
def parameters_read_at(urlconf, path_info):
    """The query parameters the page at ``path_info`` reads, remembered: resolving a path costs
    a cache hit a fifth of its time."""
    try:
        return page_parameters(resolve(path_info, urlconf).func)
    except Resolver404:
        return ()


# The settings that decide, besides the page itself, how Django answers a request for it:
# those of Django's SecurityMiddleware (SECURE_...), the other middleware's headers, and the
# middleware.
SERVING_SETTINGS = {
    "MIDDLEWARE",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "CONTENT_SECURITY_POLICY_REPORT_ONLY",
    "PERMISSIONS_POLICY",
    "USE_X_FORWARDED_HOST",
    "USE_X_FORWARDED_PORT",
}
# The project's own folders (code, templates, static sources): each release has its own pages.
RELEASE_FOLDERS = ("missions", "nmi_site", "templates")


def serving_fingerprint():
    """A digest of the serving settings and of this release's files, as they are now.

    Every page key holds it, so a process never serves a page stored under other security
    settings (before DJANGO_HTTPS was set, say) or by another release of the code (the old
    workers of a deploy), whatever the order in which processes start and stop.
    """
    serving = sorted(
        (name, getattr(settings, name))
        for name in dir(settings)
        if name.startswith("SECURE_") or name in SERVING_SETTINGS
    )
    digest = hashlib.sha256(repr(serving).encode())
    digest.update(release_digest(settings.BASE_DIR))
    return digest.hexdigest()


@functools.cache
def release_digest(base_dir):
    """A digest of the names and contents of the files of RELEASE_FOLDERS under ``base_dir``."""
    digest = hashlib.sha256()
    for folder in RELEASE_FOLDERS:
        for path in sorted((Path(base_dir) / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(base_dir)}\0".encode())
                digest.update(path.read_bytes())
    return digest.digest()


def page_key(request, fingerprint):
    """One entry per serving fingerprint, scheme, host, path and the query parameters the page
    reads, in a fixed order: the parameters of each name in alphabetical order, repeated ones in
    their own order (a form reads the last). Any other parameter (``utm_source``, ...) gets the
    same entry."""
    query = ""
    if request.META.get("QUERY_STRING"):
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        names = parameters_read_at(urlconf, request.path_info)
        query = urlencode(
            [
                (name, value)
                for name in sorted(request.GET if names is None else names)
                for value in request.GET.getlist(name)
            ]
        )
    address = f"{request.scheme}://{request.get_host()}{escape_uri_path(request.path)}?{query}"
    digest = hashlib.sha256(f"{fingerprint} {address}".encode("utf-8", "surrogateescape"))
    return f"public-pages:page:{digest.hexdigest()}"


def read(key):
    """(generation, page): the cache's generation (None if it has none), and the page stored
    under ``key`` for that generation (None if there is none).

    Raises what the cache raises when it cannot be reached.
    """
    stored = cache.get_many([GENERATION_KEY, key])
    generation = stored.get(GENERATION_KEY)
    return generation, stored_under(stored.get(key), generation)


def stored_under(page, generation):
    return page if page is not None and page[0] == generation else None


def look_up(key):
    """(generation, page) as ``read`` gives them, once the generation is checked against the
    database's content version, if the check is due.

    Raises what the cache raises when it cannot be reached.
    """
    generation, page = read(key)
    if generation is None or version_check.due():
        checked = confirmed(generation)
        if checked != generation:
            generation, page = checked, None
    return generation, page


def is_cacheable(request, response):
    """Whether every anonymous visitor may be given this response."""
    directives = {
        directive.split("=")[0].strip().lower()
        for directive in response.get("Cache-Control", "").split(",")
    }
    session = getattr(request, "session", None)
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and varied_on(response) <= {"cookie"}
        and not directives & UNCACHEABLE_DIRECTIVES
        and not (session is not None and session.modified)
    )


def varied_on(response):
    """The request headers a response says it depends on, in lower case.

    ``Cookie`` is allowed in a shared page: sessions are the only cookie public pages read
    (SessionMiddleware adds ``Vary: Cookie`` when a view asks who is signed in), and shared pages
    only ever answer requests whose session cookie, if any, the site did not issue, and which
    Django renders without it.
    """
    return {name.strip().lower() for name in cc_delim_re.split(response.get("Vary", ""))} - {""}


# A 304 says the visitor's copy is current: it carries the page's headers but not its content's.
CONTENT_HEADERS = {"content-type", "content-length"}


def stored_response(request, page):
    """The answer to ``request`` from ``page``, as the cache holds it: (generation, content,
    headers).

    A GET whose If-None-Match or If-Modified-Since shows the visitor already has this page gets
    304 Not Modified, decided as Django's ConditionalGetMiddleware decides it.
    """
    _generation, content, headers = page
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    if request.method != "GET":
        return response
    answer = get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=parse_http_date_safe(response["Last-Modified"]),
        response=response,
    )
    if answer.status_code == HTTPStatus.NOT_MODIFIED:
        for name, value in headers:
            if name.lower() not in CONTENT_HEADERS:
                answer[name] = value
    return answer


class PublicPageCacheMiddleware:
    """Serves anonymous GET and HEAD requests from the cache, storing the pages it may share.

    It comes first in MIDDLEWARE, so a stored page keeps every header the other middleware add
    (security headers, ETag) and a stored page is served past all of them; a request Django's
    SecurityMiddleware answers itself (the redirect to HTTPS) goes on to it. Like Django's
    middleware, it reads the settings when it starts.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
        self.security = SecurityMiddleware(get_response)
        self.fingerprint = serving_fingerprint()

    def __call__(self, request):
        key = self.shared_key(request)
        if key is None:
            response = self.get_response(request)
            if is_signed_in(request):
                patch_cache_control(response, private=True, no_cache=True)
            return response

        forget_made_up_session(request)
        try:
            generation, page = look_up(key)
        except Exception as error:
            cache_failed(error, "%s rendered uncached", request.path)
            return self.get_response(request)
        if page is not None:
            return stored_response(request, page)

        response = self.get_response(request)
        if generation is not None and is_cacheable(request, response):
            response["Last-Modified"] = http_date(made_at(generation))
            patch_cache_control(response, no_cache=True)
            set_response_etag(response)
            try:
                cache.set(key, (generation, response.content, list(response.items())), self.timeout)
            except Exception as error:
                cache_failed(error, "%s not stored", request.path)
        return response

    def shared_key(self, request):
        """The key of the shared page that answers ``request``; None when the request is not
        for a shared page, or is one Django answers itself: a host not in ALLOWED_HOSTS (400)
        or plain HTTP to be redirected to HTTPS."""
        if not may_share(request) or caching_off():
            return None
        try:
            key = page_key(request, self.fingerprint)
        except DisallowedHost:
            return None
        if self.security.process_request(request) is not None:
            return None
        return key


# The request headers that can turn a stored page's 200 into a 304 or a 412.
CONDITIONAL_HEADERS = {
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
}


class StoredPageApplication:
    """WSGI: answers a visitor's request for a stored, current page before Django is called.

    Django's own request handling (signals, URL resolving, the middleware chain) costs more than
    a cache hit; this serves hits for a Redis read, using the same lookup and conditional GET as
    PublicPageCacheMiddleware, which renders and stores everything else. A visitor's request
    over plain HTTP that Django's SecurityMiddleware would redirect to HTTPS gets that redirect
    from the same middleware here. Anything unusual (a miss, an editor's session, a host not
    allowed, an unreachable cache, a check of the content version due) goes to Django unchanged,
    which answers it, reporting errors, as it would without this layer. It reads the settings
    when it starts, as Django's middleware do.
    """

    def __init__(self, django_application):
        self.django_application = django_application
        self.security = SecurityMiddleware(django_application)
        self.fingerprint = serving_fingerprint()

    def __call__(self, environ, start_response):
        request = WSGIRequest(environ)
        try:
            answer = may_share(request) and self.answer(request)
        except Exception:  # DisallowedHost, or the cache unreachable: Django reports it.
            answer = None
        if not answer:
            return self.django_application(environ, start_response)
        status, headers, content = answer
        start_response(status, headers)
        return [] if request.method == "HEAD" else [content]

    def answer(self, request):
        """(status, headers, content) of the answer to ``request``, or None for Django to give."""
        redirect = self.security.process_request(request)
        if redirect is not None:
            return wsgi_answer(self.security.process_response(request, redirect))
        page = not version_check.due() and read(page_key(request, self.fingerprint))[1]
        if not page:
            return None
        if request.method == "HEAD" or not CONDITIONAL_HEADERS & request.META.keys():
            _generation, content, headers = page
            return "200 OK", headers, content
        return wsgi_answer(stored_response(request, page))


def wsgi_answer(response):
    status = f"{response.status_code} {response.reason_phrase}"
    return status, [*response.items()], response.content


def serve_stored_pages(django_application):
    """``django_application`` behind StoredPageApplication, when the page cache is in use."""
    if f"{__name__}.PublicPageCacheMiddleware" not in settings.MIDDLEWARE:
        return django_application
    return StoredPageApplication(django_application)
