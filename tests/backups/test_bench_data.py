"""The backup bench's generated record passes a restore's checks: `make bench` starts with it, and
it once stopped there unnoticed, as its source had none of the sentences its citations
quote."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the backup bench runs on its own SQLite files whatever the database: checked in the "
    "SQLite run",
)
def test_the_backup_bench_restores_its_record_and_exports_it_again_byte_for_byte():
    bench = subprocess.run(
        [sys.executable, "bench/backup.py"],
        cwd=ROOT,
        env={**os.environ, "BENCH_DECISIONS": "20"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = bench.stdout + bench.stderr
    assert "failed" not in report, report
    # Its timing targets are not asserted: with 20 decisions they measure Python starting up.
    assert "restored export identical         True" in bench.stdout, report
