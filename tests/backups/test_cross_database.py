"""A backup made on one database engine restores byte-identically on the other.

The second database is configured in nmi_site/settings_test.py: PostgreSQL (from
NMI_TEST_POSTGRES_URL) when the suite runs on SQLite, SQLite when it runs on PostgreSQL. Without
it the test skips with the reason, except under CI=true, where it must run.
"""

import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections

from missions.models import Decision, Institution

HAS_OTHER = "other" in settings.DATABASES


def require_other_database():
    if HAS_OTHER:
        return
    reason = (
        "set NMI_TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/nmi_other) to "
        "restore a SQLite backup into PostgreSQL"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the cross-database test must run)")
    pytest.skip(reason)


@pytest.mark.django_db(databases=["default", "other"] if HAS_OTHER else ["default"])
def test_a_backup_restores_byte_identically_into_the_other_engine(tmp_path):
    require_other_database()
    assert connections["default"].vendor != connections["other"].vendor
    call_command("loaddata", "nmi", verbosity=0)
    Institution.objects.create(
        name="Ministère de l\u2019Intérieur — وزارة الداخلية", slug="interieur", kind="x" * 100
    )
    Decision.objects.filter(slug="nmi-established").update(description_en="Line one.\r\nLine two.")
    backup = tmp_path / "default.jsonl.gz"
    call_command("export_backup", output=str(backup), verbosity=0)

    call_command("restore_backup", str(backup), database="other", verbosity=0)
    again = tmp_path / "other.jsonl.gz"
    call_command("export_backup", output=str(again), database="other", verbosity=0)

    assert again.read_bytes() == backup.read_bytes()
    assert Decision.objects.using("other").count() == Decision.objects.count()
