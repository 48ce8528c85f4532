"""Public pages served from the shared cache, all made stale at once whenever content changes.

An anonymous visitor's GET or HEAD is answered from the cache (Redis in production, shared by every
worker and machine) when the page was rendered since the last content change. Any save, delete or
many-to-many change of a record of the missions app, and every ``migrate`` (each deploy runs one, so
new templates show at once), moves the cache *generation* on: pages stored under an older generation
are never served again. No view needs to know about caching, and no visitor sees an old page after
an editor saves.

Requests with a session cookie (editors previewing drafts) are never served from, nor stored in,
the cache; nor is a response that sets a cookie, varies on a request header other than Cookie,
writes the session or asks not to be cached. Stored pages carry an ETag and a Last-Modified date
(the time of the last content change), so repeat visits get 304 Not Modified.

Two layers share the work. PublicPageCacheMiddleware, first in MIDDLEWARE, renders and stores
pages with every header the other middleware add. In front of Django, StoredPageApplication
(nmi_site.wsgi) answers hits for the price of one cache read, skipping Django's request handling,
which costs more than the read itself; the middleware answers hits too, for requests that reach
Django another way (the test client, a server not using nmi_site.wsgi).

If the cache cannot be reached, visitors still get their pages, rendered for them (and the error
is logged); saving content then fails instead, so no page stored before the outage can be served
as current once the cache is back.
"""

import hashlib
import logging
import secrets
import time
from http import HTTPStatus

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"
UNCACHEABLE_DIRECTIVES = {"private", "no-store", "no-cache"}


def new_generation():
    """A value no earlier generation had: the time of the change, then random bits."""
    return f"{time.time_ns()}-{secrets.token_hex(4)}"


def bump_generation(**_signal_arguments):
    """Make every stored page stale."""
    cache.set(GENERATION_KEY, new_generation(), timeout=None)


def current_generation(stored):
    """The generation read along with a page, or a new one when the cache has none yet."""
    generation = stored.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, new_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def record_content_change(using=DEFAULT_DB_ALIAS):
    """Make every stored page stale now, and again when the current transaction commits.

    Saves, deletes and relation changes of the app's models get here through signals; a write
    that sends none (raw or bulk writes, such as a restore) calls this itself, in its
    transaction. The second bump discards a page another request rendered from the old rows
    while the transaction was still open; the first keeps this connection's own reads fresh
    meanwhile.
    """
    bump_generation()
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(bump_generation, using=using)


def content_changed(sender, using, **_signal_arguments):
    record_content_change(using)


def connect_signals(app_config):
    """Listen to the changes of every model of the app, and only those.

    Connecting to each sender, rather than to every model, keeps Django's fast bulk deletes for
    the other apps' models (sessions, login attempts), which a listener on them would disable.
    """
    for model in app_config.get_models(include_auto_created=True):
        post_save.connect(content_changed, sender=model, dispatch_uid="public-pages")
        post_delete.connect(content_changed, sender=model, dispatch_uid="public-pages")
        m2m_changed.connect(content_changed, sender=model, dispatch_uid="public-pages")
    post_migrate.connect(bump_generation, dispatch_uid="public-pages")


def is_signed_in(request):
    """Whether the request comes from a signed-in user (after SessionMiddleware has run)."""
    session = getattr(request, "session", None)
    return session is not None and session.get(SESSION_KEY) is not None


def may_share(request):
    """Whether this request may be answered with, and its page stored as, the shared page.

    Anonymous visitors carry no session cookie; a request that does is rendered for its sender.
    """
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(excluded_paths())
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def excluded_paths():
    return (*settings.PUBLIC_PAGE_CACHE_EXCLUDED_PATHS, settings.STATIC_URL)


def page_key(request):
    """One entry per scheme, host, path and query string."""
    address = request.build_absolute_uri().encode("utf-8", "surrogateescape")
    return f"public-pages:page:{hashlib.sha256(address).hexdigest()}"


def look_up(request):
    """(key, current generation, the stored page if it is current, else None).

    Raises what the cache raises when it cannot be reached.
    """
    key = page_key(request)
    stored = cache.get_many([GENERATION_KEY, key])
    generation = current_generation(stored)
    page = stored.get(key)
    if page is None or page[0] != generation:
        page = None
    return key, generation, page


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
    only ever answer requests that carry no session cookie.
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
    (security headers, ETag) and a stored page is served past all of them.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = settings.PUBLIC_PAGE_CACHE_SECONDS

    def __call__(self, request):
        if not may_share(request):
            response = self.get_response(request)
            if is_signed_in(request):
                patch_cache_control(response, private=True, no_cache=True)
            return response

        try:
            key, generation, page = look_up(request)
        except Exception:
            logger.exception("The page cache cannot be reached: %s rendered uncached", request.path)
            return self.get_response(request)
        if generation is None:  # A cache that keeps nothing (dummycache://): render every time.
            return self.get_response(request)
        if page is not None:
            return stored_response(request, page)

        response = self.get_response(request)
        if is_cacheable(request, response):
            changed_at = int(generation.split("-")[0]) / 1e9
            response["Last-Modified"] = http_date(changed_at)
            patch_cache_control(response, no_cache=True)
            set_response_etag(response)
            try:
                cache.set(key, (generation, response.content, list(response.items())), self.timeout)
            except Exception:
                logger.exception("The page cache cannot be reached: %s not stored", request.path)
        return response


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
    PublicPageCacheMiddleware, which renders and stores everything else. Anything unusual (a
    miss, a session cookie, a host not allowed, an unreachable cache) goes to Django unchanged,
    which answers it, reporting errors, as it would without this layer.
    """

    def __init__(self, django_application):
        self.django_application = django_application

    def __call__(self, environ, start_response):
        request = WSGIRequest(environ)
        try:
            page = may_share(request) and look_up(request)[2]
        except Exception:  # DisallowedHost, or the cache unreachable: Django reports it.
            page = None
        if not page:
            return self.django_application(environ, start_response)
        if request.method == "HEAD" or not CONDITIONAL_HEADERS & environ.keys():
            _generation, content, headers = page
            start_response("200 OK", headers)
        else:
            response = stored_response(request, page)
            start_response(f"{response.status_code} {response.reason_phrase}", [*response.items()])
            content = response.content
        return [] if request.method == "HEAD" else [content]


def serve_stored_pages(django_application):
    """``django_application`` behind StoredPageApplication, when the page cache is in use."""
    if f"{__name__}.PublicPageCacheMiddleware" not in settings.MIDDLEWARE:
        return django_application
    return StoredPageApplication(django_application)
