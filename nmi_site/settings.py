"""Settings for NMI Records, read from the environment (and an optional .env file).

Every variable is documented in docs/operations.md, "Configuration". OS variables win over .env.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from nmi_site.static_files import add_security_headers

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set and DJANGO_DEBUG is off. Set it in the environment or "
            "in .env, for example: DJANGO_SECRET_KEY=$(python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'), or set DJANGO_DEBUG=true for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",  # runserver serves static files as gunicorn does
    "missions.editors.apps.RecordsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "simple_history",
    "missions",  # the record: models, dates, sources, migrations
    "missions.public",  # the public site
    "missions.editors",  # the editors' admin
    "missions.backups",  # export_backup and restore_backup
    "missions.pagecache",  # the page cache
    "csp",  # Content-Security-Policy
    "axes",  # admin login throttling
]

MIDDLEWARE = [
    # First: stores pages with every header the others add, and serves them past all of them.
    "missions.pagecache.middleware.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "nmi_site.static_files.StaticFilesMiddleware",  # static files (whitenoise), before the rest
    "django.middleware.http.ConditionalGetMiddleware",  # ETag / Last-Modified -> 304
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the address's prefix on the public site (/fr/...), the browser's elsewhere.
    "nmi_site.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "nmi_site.urls"

TEMPLATES = [
    {
        # The public pages (missions.public.templating): Jinja2, which writes a page faster.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {"environment": "missions.public.templating.environment.environment"},
    },
    {
        # Every other template: the admin's (templates/admin/ and the apps' own) and the
        # sitemaps' XML. Forms' widgets are written by Django's form renderer, as before.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "nmi_site.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English, the language of a visitor whose browser asks for none of LANGUAGES; written as in the
# United Kingdom (nmi_site/formats/en: "3 July 2018", not Django's American "July 3, 2018").
LANGUAGE_CODE = "en"
FORMAT_MODULE_PATH = ["nmi_site.formats"]
# The languages of the public site and the admin, each named in itself for the language switcher.
# Catalogues: each job package's locale/ (scripts/catalogues.py). The public site has one address
# per language (/en/..., /fr/..., /ar/...: nmi_site/urls.py).
LANGUAGES = [("en", "English"), ("fr", "Français"), ("ar", "العربية")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# whitenoise serves the collected files from gunicorn with hashed, compressed (gzip and brotli)
# names and far-future cache headers, so no separate file server is needed;
# `manage.py collectstatic` builds them before the server starts.
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# The middleware after whitenoise never see its responses: it adds the pages' Content-Security-
# Policy, X-Frame-Options and Permissions-Policy (from the settings below) to every static file.
WHITENOISE_ADD_HEADERS_FUNCTION = add_security_headers

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# The document every seeded fact cites; tests check the seed against it.
SOURCE_DOCUMENT = BASE_DIR / "fixtures" / "sources" / "nato-mission-iraq.txt"


# --- Production: serving, caching and security -----------------------------------------------
# Every variable below is documented in docs/operations.md under "Configuration".

# Cache: local memory by default (one process); Redis shared by every worker and machine in
# production, through Django's own backend (redis://host:6379/0).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://nmi")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "missions.pagecache.redis.RedisCache"  # Django's, one fix
# How long a rendered public page may stay in the cache. Every content change invalidates all
# pages at once (missions.pagecache), so this only bounds changes made behind Django's back (raw
# SQL).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=3600)
# How often each process compares the cache's generation with the database's content version
# (one small query): the longest a page from before a change is served once the cache answers
# again after missing the change.
PUBLIC_PAGE_CACHE_CHECK_SECONDS = env.float("PUBLIC_PAGE_CACHE_CHECK_SECONDS", default=5)

# Database connections stay open between requests (seconds; 0 closes them after each request),
# so each thread does not reconnect on every request. Checking a connection before each request
# costs a round trip per request (a third of a small page's time); without it, the first request
# on each connection after a database restart fails once, and the connection is replaced.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DJANGO_CONN_HEALTH_CHECKS", default=False)
# The public pages' statements that find records by their own key or slug, or that have no values
# at all, are prepared on PostgreSQL: parsed and planned once per connection, then run by name
# (missions.public.statements.cursor). Off for a connection pooler that cannot keep them, such as
# PgBouncer in transaction mode before its version 1.21.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "prepare_threshold", 0 if env.bool("DJANGO_PREPARED_STATEMENTS", default=True) else None
    )

# The admin's address: moving it off /admin/ keeps most login robots away.
ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="admin/")
# Review (docs/editors.md): changes are submitted for review, and a member of the Publishers group
# other than their author publishes them. Off, editors publish as they save.
EDITORIAL_REVIEW = env.bool("DJANGO_EDITORIAL_REVIEW", default=False)
if ADMIN_URL.startswith("/") or not ADMIN_URL.endswith("/"):
    raise ImproperlyConfigured(
        f"DJANGO_ADMIN_URL={ADMIN_URL!r}: write it without a leading slash and with a trailing "
        "one, for example DJANGO_ADMIN_URL=editors/"
    )
# Paths the page cache does not even look up: the admin is never shared.
PUBLIC_PAGE_CACHE_EXCLUDED_PATHS = [f"/{ADMIN_URL}"]
# Django's database sessions, with keys the page cache can tell from made-up ones without a
# query: a made-up session cookie gets the stored page like any anonymous visitor.
SESSION_ENGINE = "missions.pagecache.sessions"

# Headers on every response (Django's SecurityMiddleware and XFrameOptionsMiddleware).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# HTTPS, terminated by the TLS proxy in front of gunicorn. The proxy must set
# X-Forwarded-Proto (and overwrite any value a client sends).
HTTPS = env.bool("DJANGO_HTTPS", default=False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Content-Security-Policy (django-csp 4): only the site's own files; no inline scripts or styles,
# no plugins, no framing. JSON-LD <script type="application/ld+json"> blocks are data, not run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Permissions-Policy: the site uses no powerful browser feature, so it allows none.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    ]
}

# Admin login throttling (django-axes): after DJANGO_LOGIN_FAILURE_LIMIT failed logins from one
# address, that address is locked out for DJANGO_LOGIN_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    # axes' backend, and the client's address
    "missions.editors.login_throttling.LoginThrottlingBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("DJANGO_LOGIN_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
# Behind the TLS proxy every request comes from the proxy's address: the client's is the
# TRUSTED_PROXY_COUNT-th entry of X-Forwarded-For from the right, the one the outermost proxy
# appended (missions.editors.login_throttling says why not django-ipware's count).
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "missions.editors.login_throttling.client_ip_address"
# Usernames as long as the attempt log stores (longer ones are cut, still counted).
AXES_USERNAME_CALLABLE = "missions.editors.login_throttling.client_username"


def without_traceback(record):
    """Log the record as its one line: a request naming a host not in ALLOWED_HOSTS is the
    client's mistake (Django answers 400), and Django's traceback of it tells nothing."""
    record.exc_info = None
    record.exc_text = None
    return True


# Errors go to the console (gunicorn's error log), where the operator's log collector reads them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "without_traceback": {
            "()": "django.utils.log.CallbackFilter",
            "callback": without_traceback,
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.security.DisallowedHost": {"filters": ["without_traceback"]}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}
