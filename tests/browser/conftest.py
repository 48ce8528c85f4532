"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server.

Without /usr/bin/chromium they skip with the reason, except under CI=true, where a missing browser
is a failure (`.ci/run` installs it).
"""

import importlib
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def require(available, reason):
    """Skip a test whose tool is missing, or fail it under CI, where every test must run."""
    if available:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser and validator tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require(
        CHROMIUM.exists(), f"{CHROMIUM} is missing: install it with 'apt-get install -y chromium'"
    )
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_FLAGS,
    }


EDITOR_PASSWORD = "Keep-the-record-true-2026"


@pytest.fixture
def editor(tmp_path):
    """The seed and an editor made with `create_editor`, as on a fresh installation.

    Transactional tests empty the database after each test, and the Editors group with it, so
    the group is made again as its migration (0002) makes it, and `migrate`, with nothing left
    to apply, grants its permissions as after every migrate. (Unapplying and reapplying the
    migrations instead cost some 20 seconds a test.)
    """
    editors_group = importlib.import_module("missions.migrations.0002_editors_group")
    Group.objects.get_or_create(name=editors_group.EDITORS)
    call_command("migrate", verbosity=0)
    call_command("loaddata", "nmi", verbosity=0)
    password_file = tmp_path / "password"
    password_file.write_text(EDITOR_PASSWORD, encoding="utf-8")
    call_command("create_editor", "editor", "--password-file", str(password_file), verbosity=0)
    return "editor"


def log_in(page, site, username):
    """Log in to the admin through its form, as an editor does."""
    page.goto(f"{site}/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
