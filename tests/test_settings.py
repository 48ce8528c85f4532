"""The settings refuse to run in production mode without a secret key."""

import os
import subprocess
import sys

from django.conf import settings

IMPORT_SETTINGS = "import django; django.setup(); print('started')"


def run_with(code=IMPORT_SETTINGS, **variables):
    """Run `code` in a fresh Python with the production settings and only these variables."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in ("DATABASE_URL", "CACHE_URL")
    }
    environment.update(DJANGO_SETTINGS_MODULE="nmi_site.settings", **variables)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_a_secret_key_production_mode_refuses_to_start():
    result = run_with(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_with_a_secret_key_production_mode_starts():
    result = run_with(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50)
    assert result.stdout.strip() == "started", result.stderr


def test_debug_mode_starts_without_a_secret_key():
    assert run_with(DJANGO_DEBUG="true").stdout.strip() == "started"


def test_time_zones_are_on():
    assert settings.USE_TZ is True
