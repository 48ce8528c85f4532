"""The public pages, found from the URLconf and the records, so new pages are covered at once."""

from django.apps import apps
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RoutePattern


def public_routes(patterns=None, prefix="/"):
    """Every route outside the admin, as written in the URLconf: "/decisions/<slug:slug>/"."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                yield from public_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry.pattern, RoutePattern):
            yield prefix + str(entry.pattern)


def public_paths():
    """One address of each public page type: fixed routes and one published record of each kind."""
    paths = {route for route in public_routes() if "<" not in route}
    for model in apps.get_app_config("missions").get_models():
        if hasattr(model, "get_absolute_url") and hasattr(model.objects, "published"):
            record = model.objects.published().first()
            url = record.get_absolute_url() if record else ""
            if url.startswith("/") and "#" not in url and "?" not in url:
                paths.add(url)
    return sorted(paths)
