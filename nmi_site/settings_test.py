"""Fast settings for the test suite: a throwaway secret, MD5 hashing, unhashed static files."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")

from .settings import *  # noqa: F403
from .settings import DATABASES, STORAGES, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The cache is the production setting's: local memory, or CACHE_URL when set (CI sets Redis for
# one run).

# Hashed static names need `collectstatic`; tests render templates without running it, so static
# URLs stay unhashed and whitenoise serves the apps' folders, as in development.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# A second database for the cross-database backup test (tests/backups/test_cross_database.py),
# of the other engine: PostgreSQL from NMI_TEST_POSTGRES_URL when the suite runs on SQLite
# (.ci/run sets it), in-memory SQLite when the suite runs on PostgreSQL.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["other"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
elif os.environ.get("NMI_TEST_POSTGRES_URL"):
    DATABASES["other"] = env.db_url("NMI_TEST_POSTGRES_URL")
