"""Production settings plus the floor view; BENCH_PAGE_CACHE=false takes the page cache out."""

from nmi_site.settings import *  # noqa: F403
from nmi_site.settings import MIDDLEWARE, PUBLIC_PAGE_CACHE_EXCLUDED_PATHS, env

ROOT_URLCONF = "bench.urls"
# The floor skips the cache lookup too: it is Django's own cost, nothing added.
PUBLIC_PAGE_CACHE_EXCLUDED_PATHS = [*PUBLIC_PAGE_CACHE_EXCLUDED_PATHS, "/bench/"]

if not env.bool("BENCH_PAGE_CACHE", default=True):
    MIDDLEWARE = [
        name
        for name in MIDDLEWARE
        if name != "missions.pagecache.middleware.PublicPageCacheMiddleware"
    ]
