"""The WSGI layer in front of Django that answers requests for stored, current pages.

``nmi_site.wsgi`` wraps Django's application in it when the page cache is in use.
"""

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.middleware.security import SecurityMiddleware

from .encodings import accepted
from .generation import version_check_due
from .middleware import (
    PublicPageCacheMiddleware,
    may_share,
    page_key,
    read,
    serving_fingerprint,
    stored_response,
)

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
        encoding = accepted(request.META.get("HTTP_ACCEPT_ENCODING"))
        page = not version_check_due() and read(page_key(request, self.fingerprint), encoding)[1]
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
    middleware = f"{PublicPageCacheMiddleware.__module__}.{PublicPageCacheMiddleware.__name__}"
    if middleware not in settings.MIDDLEWARE:
        return django_application
    return StoredPageApplication(django_application)
