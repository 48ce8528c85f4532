"""The language of each request: Django's LocaleMiddleware, but for the crawlers' files."""

from django.middleware import locale


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's LocaleMiddleware: the public pages take their language from their address's
    prefix, the admin from the browser's Accept-Language, and an address without a prefix is
    redirected to the browser's language.

    The crawlers' files at the root (``crawlers`` in nmi_site.urls: robots.txt, the sitemaps)
    are the same in every language, so their responses are left as the views make them: Django
    would say they vary on Accept-Language (they have no prefix), which would keep the page
    cache from sharing them, and name a Content-Language they do not have.
    """

    def process_response(self, request, response):
        match = request.resolver_match
        if match is not None and "crawlers" in match.namespaces:
            return response
        return super().process_response(request, response)
