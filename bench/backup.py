"""Benchmark: export_backup and restore_backup against dumpdata and loaddata of the same data.

    make bench                                   # 100,000 decisions
    BENCH_DECISIONS=10000 .venv/bin/python bench/backup.py

Builds a scratch SQLite database of generated decisions (each citing two sentences and naming
an institution), then runs each command in its own process, measuring wall time and peak
resident memory (the child's own maximum RSS from wait4), and prints the ratios against the
targets: export at most 1.1x dumpdata's time and 200 MB peak; restore at most 1.5x loaddata's
time. It also checks that exporting the restored database gives back the same bytes.
"""

import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DECISIONS = int(os.environ.get("BENCH_DECISIONS", "100000"))
EXPORT_TIME_RATIO = 1.1
EXPORT_PEAK_MB = 200
RESTORE_TIME_RATIO = 1.5


def database_env(path):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nmi_site.settings_test",
        "DATABASE_URL": f"sqlite:///{path}",
        "NMI_TEST_POSTGRES_URL": "",
    }


def manage(path, *args):
    """Run one manage.py command in its own process: (seconds, peak RSS in MB)."""
    print(f"  manage.py {args[0]} ...", flush=True)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args, "--verbosity", "0"],
        cwd=ROOT,
        env=database_env(path),
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"manage.py {' '.join(args)} failed")
    return elapsed, usage.ru_maxrss / 1024


def generate(path):
    """Migrate ``path`` and fill it with DECISIONS decisions, in bulk."""
    os.environ.update(database_env(path))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from missions.models import Body, Citation, Decision, Institution, Mission, Source

    call_command("migrate", verbosity=0)
    # A restore checks that each citation quotes its source's sentence word for word.
    sentences = [f"Sentence {n} of the source." for n in range(1, 51)]
    source = Source.objects.create(title="Source", slug="source", text=" ".join(sentences))
    citations = Citation.objects.bulk_create(
        Citation(source=source, number=n, text=text) for n, text in enumerate(sentences, start=1)
    )
    institutions = Institution.objects.bulk_create(
        Institution(name=f"Institution {n}", slug=f"institution-{n}") for n in range(10)
    )
    council = Body.objects.create(name="North Atlantic Council", slug="nac", kind="nato")
    iraq = Body.objects.create(name="Iraqi government", slug="iraq", kind="government")
    mission = Mission.objects.create(
        name="NATO Mission Iraq", slug="nmi", acronym="NMI", summary="Advises Iraq."
    )
    now = timezone.now()
    start = datetime.date(1990, 1, 1)
    for first in range(0, DECISIONS, 5000):
        batch = Decision.objects.bulk_create(
            Decision(
                name=f"Decision {n}",
                slug=f"decision-{n:06d}",
                status="published",
                mission=mission,
                date=start + datetime.timedelta(days=n % 20000),
                date_precision="day",
                decided_by=council,
                requested_by=iraq if n % 2 else None,
                action="expand-scope",
                summary=f"Decision {n} widened the mission's work. " * 3,
                description="Generated for the benchmark. " * 10,
                created_at=now,
                updated_at=now,
            )
            for n in range(first, min(first + 5000, DECISIONS))
        )
        Decision.citations.through.objects.bulk_create(
            Decision.citations.through(decision=d, citation=citations[i % 50])
            for d in batch
            for i in (d.pk, d.pk + 7)
        )
        Decision.institutions.through.objects.bulk_create(
            Decision.institutions.through(decision=d, institution=institutions[d.pk % 10])
            for d in batch
        )


def main():
    work = Path(tempfile.mkdtemp(prefix="nmi-bench-"))
    try:
        empty = work / "empty.sqlite3"
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
            cwd=ROOT,
            env=database_env(empty),
            check=True,
        )
        full = work / "full.sqlite3"
        print(f"Generating {DECISIONS:,} decisions ...", flush=True)
        generating = subprocess.run(
            [sys.executable, __file__, "--generate", str(full)], cwd=ROOT, check=False
        )
        if generating.returncode:
            sys.exit("generating the data failed")

        dump, backup = work / "dump.jsonl", work / "backup.jsonl"
        natural = ["--natural-foreign", "--natural-primary", "--format", "jsonl"]
        results = {
            "dumpdata": manage(full, "dumpdata", "missions", *natural, "-o", str(dump)),
            "export_backup": manage(full, "export_backup", "-o", str(backup)),
        }
        for name, source in (("loaddata", dump), ("restore_backup", backup)):
            target = work / f"{name}.sqlite3"
            shutil.copy(empty, target)
            command = ["loaddata", str(source)] if name == "loaddata" else [name, str(source)]
            results[name] = manage(target, *command)

        again = work / "again.jsonl"
        manage(work / "restore_backup.sqlite3", "export_backup", "-o", str(again))
        identical = again.read_bytes() == backup.read_bytes()
        report(results, identical, backup.stat().st_size)
    finally:
        shutil.rmtree(work)


def report(results, identical, size):
    print(f"\nBackup benchmark: {DECISIONS:,} decisions, SQLite, backup {size / 2**20:.0f} MiB")
    print(f"  {'command':<16}{'time':>10}{'peak RSS':>12}")
    for name, (seconds, peak) in results.items():
        print(f"  {name:<16}{seconds:>9.1f}s{peak:>9.0f} MB")
    export_ratio = results["export_backup"][0] / results["dumpdata"][0]
    restore_ratio = results["restore_backup"][0] / results["loaddata"][0]
    export_peak = results["export_backup"][1]
    checks = [
        (
            "export time / dumpdata",
            f"{export_ratio:.2f}x",
            f"<= {EXPORT_TIME_RATIO}x",
            export_ratio <= EXPORT_TIME_RATIO,
        ),
        (
            "export peak memory",
            f"{export_peak:.0f} MB",
            f"<= {EXPORT_PEAK_MB} MB",
            export_peak <= EXPORT_PEAK_MB,
        ),
        (
            "restore time / loaddata",
            f"{restore_ratio:.2f}x",
            f"<= {RESTORE_TIME_RATIO}x",
            restore_ratio <= RESTORE_TIME_RATIO,
        ),
        ("restored export identical", str(identical), "True", identical),
    ]
    for name, measured, target, met in checks:
        print(f"  {name:<28}{measured:>10}   target {target:<10} {'met' if met else 'MISSED'}")
    if not all(met for *_, met in checks):
        sys.exit(1)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--generate"]:
        generate(Path(sys.argv[2]))
    else:
        main()
