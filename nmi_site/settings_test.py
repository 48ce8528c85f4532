"""Fast settings for the test suite: a throwaway secret, MD5 hashing, and a local-memory cache."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")

from . import settings as production
from .settings import *  # noqa: F403
from .settings import env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# issue #6: CACHE_URL, when set (CI sets Redis for one run), replaces the local-memory cache.
if env.str("CACHE_URL", default=""):
    CACHES = production.CACHES
# Hashed static names need `collectstatic`; tests render templates without running it.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files from the apps' folders, as in development: tests run no `collectstatic`.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
