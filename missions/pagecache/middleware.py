"""Public pages served from the shared cache, all made stale at once whenever content changes.

An anonymous visitor's GET or HEAD is answered from the cache (Redis in production, shared by every
worker and machine) when the page was rendered since the last content change. No view needs to
know about caching, and no visitor sees an old page after an editor saves, but for a few seconds
while another request renders the new one (``RenderLock``).

Every content change makes every stored page stale (``missions.pagecache.generation``).

A page is stored once per scheme, host, path (so once per language: /en/..., /fr/...) and the
values of the query parameters its view reads (``query_parameters``, see
missions.public.views.PublicPageMixin), in a fixed order: tracking parameters and the like
share the page's entry. Requests with a session cookie the site issued (signed-in editors,
previewing drafts) are never served from, nor stored in, the cache; a
session cookie it did not issue counts for nothing, found out without a query
(``sessions``). Nor is a response stored that sets a cookie, varies on a request header other
than Cookie, writes the session or asks not to be cached. Stored pages carry an ETag and a
Last-Modified date (when their generation was made), so repeat visits get 304 Not Modified.

Two layers share the work. PublicPageCacheMiddleware, first in MIDDLEWARE, renders and stores
pages with every header the other middleware add. In front of Django, StoredPageApplication
(``wsgi``, put in front by nmi_site.wsgi) answers hits for the price of one cache read,
skipping Django's request handling, which costs more than the read itself; the middleware
answers hits too, for requests that reach Django another way (the test client, a server not
using nmi_site.wsgi).

If the cache cannot be reached, visitors still get their pages, rendered for them (and the error
is logged); a cache that does not answer is given up on within a fraction of a second, and left
alone for a few seconds after (missions.pagecache.redis).
"""

import functools
import hashlib
import threading
import time
from http import HTTPStatus
from pathlib import Path

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import translation
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.encoding import escape_uri_path
from django.utils.http import http_date, parse_http_date_safe, urlencode

from .encodings import DECODED_FROM, accepted, decoded, encoded
from .generation import (
    GENERATION_KEY,
    cache_failed,
    caching_off,
    confirmed,
    made_at,
    version_check_due,
)
from .sessions import is_issued

UNCACHEABLE_DIRECTIVES = {"private", "no-store", "no-cache"}
# How many pages were rendered and stored (since the cache last lost it): with the number of
# requests (the proxy's log, the bench's wrk) it gives the cache's hit rate.
RENDERS_KEY = "public-pages:renders"


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
    (``missions.pagecache.sessions``).
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
    a cache hit a fifth of its time.

    The path is resolved in the language its prefix names (``/fr/search/``): Django resolves a
    language's prefix only while that language is active, and the cache looks pages up before
    LocaleMiddleware activates it.
    """
    try:
        with translation.override(translation.get_language_from_path(path_info)):
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


def encoding_key(key, encoding):
    """Where the page of ``key`` is stored in ``encoding`` (None: the one plain pages come from)."""
    return f"{key}:{encoding or DECODED_FROM}"


def read(key, encoding):
    """(generation, page): the cache's generation (None if it has none), and the page stored
    under ``key`` for that generation (None if there is none), as sent in ``encoding`` (None:
    plain).

    Raises what the cache raises when it cannot be reached.
    """
    stored_key = encoding_key(key, encoding)
    stored = cache.get_many([GENERATION_KEY, stored_key])
    generation = stored.get(GENERATION_KEY)
    page = stored_under(stored.get(stored_key), generation)
    return generation, page if page is None or encoding else decoded(page)


def stored_under(page, generation):
    return page if page is not None and page[0] == generation else None


def look_up(key, encoding):
    """(generation, page) as ``read`` gives them, once the generation is checked against the
    database's content version, if the check is due.

    Raises what the cache raises when it cannot be reached.
    """
    generation, page = read(key, encoding)
    if generation is None or version_check_due():
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


# How long the request rendering a page keeps the others for it waiting at most (should it never
# finish), and how often they look for the stored page meanwhile.
RENDER_LOCK_SECONDS = 10
RENDER_WAIT_STEP_SECONDS = 0.01
# For this long after a change, a request for a page another request is rendering gets the page
# from before the change at once, marked stale, rather than wait for the new one.
STALE_SECONDS = 5
STALE_WARNING = '110 - "Response is Stale"'
# Pages a process renders at once while it could answer with the page from before the change
# instead: right after a save, every page is stale, and a worker whose threads all rendered at
# once held its one GIL for the whole burst, hits included (p99 0.5-0.8 s at 64 connections and
# 10,000 decisions, bench/README.md). Past its turn a request gives the page's lock back and gets
# the previous page, marked stale; the page is rendered by the next request that finds a slot.
RENDER_SLOTS = threading.BoundedSemaphore(1)


class RenderLock:
    """One render per page and generation: right after a change, when every page is stale, the
    many requests for a popular page all miss at once; the first renders it while the others
    are given the page from before the change, marked stale (``Warning: 110``), for
    STALE_SECONDS after the change, and after that wait for the page it stores, instead of each
    rendering it too.

    The lock is a cache entry added only if absent (Redis SET NX, shared by every worker and
    machine), named after the page and the generation, and given up when the render is over,
    stored or not; it expires after RENDER_LOCK_SECONDS should its holder die. A request that
    waited finds the stored page, or, when the lock is gone without one (the response could not
    be stored) or the cache fails, renders the page itself.
    """

    def __init__(self, key, generation):
        self.key = key
        self.name = f"{key}:rendering:{generation}"
        self.generation = generation

    def acquire(self):
        """Whether this request is the one to render the page (also when the cache fails)."""
        try:
            return cache.add(self.name, 1, RENDER_LOCK_SECONDS)
        except Exception as error:
            cache_failed(error, "%s rendered without its lock", self.key)
            return True

    def release(self):
        try:
            cache.delete(self.name)
        except Exception as error:
            cache_failed(error, "the lock of %s left to expire", self.key)

    def previous_page(self, encoding):
        """The page stored for ``key`` before the change, marked stale and sent in
        ``encoding``, while the change is under STALE_SECONDS old (or the current page, stored
        meanwhile); None otherwise."""
        if time.time() - made_at(self.generation) > STALE_SECONDS:
            return None
        try:
            page = cache.get(encoding_key(self.key, encoding))
        except Exception as error:
            cache_failed(error, "%s: no previous page", self.key)
            return None
        if page is None:
            return None
        page = page if encoding else decoded(page)
        if page[0] == self.generation:
            return page
        generation, content, headers = page
        return generation, content, [*headers, ("Warning", STALE_WARNING)]

    def wait_for_page(self, encoding):
        """The page the lock's holder stores, as sent in ``encoding``; None if it stores none."""
        stored_key = encoding_key(self.key, encoding)
        deadline = time.monotonic() + RENDER_LOCK_SECONDS
        while time.monotonic() < deadline:
            time.sleep(RENDER_WAIT_STEP_SECONDS)
            try:
                stored = cache.get_many([self.name, stored_key])
            except Exception as error:
                cache_failed(error, "%s rendered after waiting", self.key)
                return None
            page = stored_under(stored.get(stored_key), self.generation)
            if page is not None:
                return page if encoding else decoded(page)
            if self.name not in stored:
                return None
        return None


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


def count_render():
    """One more page rendered and stored (RENDERS_KEY)."""
    try:
        cache.incr(RENDERS_KEY)
    except ValueError:  # The first, or the first since the cache lost the count.
        cache.add(RENDERS_KEY, 1, timeout=None)


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
        encoding = accepted(request.headers.get("Accept-Encoding"))
        try:
            generation, page = look_up(key, encoding)
        except Exception as error:
            cache_failed(error, "%s rendered uncached", request.path)
            return self.get_response(request)
        if page is not None:
            return stored_response(request, page)
        if generation is None:
            return self.get_response(request)

        lock = RenderLock(key, generation)
        if not lock.acquire():
            page = lock.previous_page(encoding) or lock.wait_for_page(encoding)
            if page is not None:
                return stored_response(request, page)
            return self.render(request, key, generation, encoding)
        slot = RENDER_SLOTS.acquire(blocking=False)
        try:
            if not slot:
                page = lock.previous_page(encoding)
                if page is not None:
                    return stored_response(request, page)
            return self.render(request, key, generation, encoding)
        finally:
            if slot:
                RENDER_SLOTS.release()
            lock.release()

    def render(self, request, key, generation, encoding):
        """Django's response to ``request``, stored under ``key`` for ``generation`` when every
        visitor may be given it, and sent in ``encoding``."""
        response = self.get_response(request)
        if not is_cacheable(request, response):
            return response
        response["Last-Modified"] = http_date(made_at(generation))
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ["Accept-Encoding"])
        set_response_etag(response)
        page = (generation, response.content, list(response.items()))
        pages = encoded(page)
        try:
            cache.set_many(
                {encoding_key(key, each): stored for each, stored in pages.items()}, self.timeout
            )
            count_render()
        except Exception as error:
            cache_failed(error, "%s not stored", request.path)
        return stored_response(request, pages[encoding] if encoding else page)

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
