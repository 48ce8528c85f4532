"""Public pages served from the shared cache, all made stale at once whenever content changes.

An anonymous visitor's GET or HEAD is answered from the cache (Redis in production, shared by every
worker and machine) when the page was rendered since the last content change. Any save, delete or
many-to-many change of a record of the missions app, and every ``migrate`` (each deploy runs one, so
new templates show at once), moves the cache *generation* on: pages stored under an older generation
are never served again. No view needs to know about caching, and no visitor sees an old page after
an editor saves.

Signed-in users (editors previewing drafts) are never served from, nor stored in, the cache; nor
is a response that sets a cookie, varies on a request header, writes the session or asks not to be
cached. Stored pages carry an ETag and a Last-Modified date (the time of the last content change),
so Django's ConditionalGetMiddleware answers repeat visits with 304 Not Modified.

If the cache cannot be reached, visitors still get their pages, rendered for them (and the error
is logged); saving content then fails instead, so no page stored before the outage can be served
as current once the cache is back.
"""

import hashlib
import logging
import secrets
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

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


def content_changed(sender, using, **_signal_arguments):
    """Bump now, and again when the editor's transaction commits.

    The second bump discards a page another request rendered from the old rows while the
    transaction was still open; the first keeps this connection's own reads fresh meanwhile.
    """
    bump_generation()
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(bump_generation, using=using)


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
    """Whether the request comes from a signed-in user, touching no session for other visitors."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES or not hasattr(request, "session"):
        return False
    return request.session.get(SESSION_KEY) is not None


def page_key(request):
    """One entry per scheme, host, path and query string."""
    address = request.build_absolute_uri().encode("utf-8", "surrogateescape")
    return f"public-pages:page:{hashlib.sha256(address).hexdigest()}"


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
        and not response.has_header("Vary")
        and not directives & UNCACHEABLE_DIRECTIVES
        and not (session is not None and session.modified)
    )


def stored_response(page):
    """Rebuild a response from what the cache holds: (generation, content, headers)."""
    _generation, content, headers = page
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


class PublicPageCacheMiddleware:
    """Serves anonymous GET and HEAD requests from the cache, storing the pages it may share."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
        self.excluded_paths = tuple(settings.PUBLIC_PAGE_CACHE_EXCLUDED_PATHS)

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(self.excluded_paths):
            return self.get_response(request)
        if is_signed_in(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True, no_cache=True)
            return response

        key = page_key(request)
        try:
            stored = cache.get_many([GENERATION_KEY, key])
            generation = current_generation(stored)
        except Exception:
            logger.exception("The page cache cannot be reached: %s rendered uncached", request.path)
            return self.get_response(request)
        if generation is None:  # A cache that keeps nothing (dummycache://): render every time.
            return self.get_response(request)
        page = stored.get(key)
        if page is not None and page[0] == generation:
            return stored_response(page)

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
