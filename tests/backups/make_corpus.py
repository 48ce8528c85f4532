"""Regenerate the backup corpus: ``valid.jsonl`` and the broken variants in ``broken/``.

    .venv/bin/python -m tests.backups.make_corpus

``valid.jsonl`` is a real export of a small data set built here in an in-memory database; each
file in ``broken/`` is that backup with one defect. Their checksums are recomputed, except where
the defect is the checksum itself, so each file reaches the check it is meant to fail.
``tests/backups/test_corpus.py`` names the error each one must give.
"""

import datetime
import gzip
import hashlib
import io
import json
import os
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
BROKEN = HERE / "broken"
VALID = HERE / "valid.jsonl"


def build_valid_backup():
    """Export a small data set: a source, citations, bodies, a mission, a decision."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nmi_site.settings_test")
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    import django

    django.setup()
    from django.core.management import call_command

    from missions.backups.export import write_backup
    from missions.models import Body, Citation, Decision, Institution, Mission, Source

    call_command("migrate", verbosity=0)
    stamp = datetime.datetime(2026, 11, 29, 12, 0, 0, 123456, tzinfo=datetime.UTC)
    source = Source.objects.create(
        title="Source",
        slug="source",
        status="published",
        language="en",
        text="NMI was established. It advises ministries.\n",
    )
    first = Citation.objects.create(
        source=source, number=1, text="NMI was established.", translation_fr="La NMI a été créée."
    )
    second = Citation.objects.create(source=source, number=2, text="It advises ministries.")
    summit = Body.objects.create(name="NATO Summit", slug="summit", kind="nato")
    iraq = Body.objects.create(name="Iraqi government", slug="iraq", kind="government")
    ministry = Institution.objects.create(name="Ministry of Defence", slug="mod")
    mission = Mission.objects.create(
        name="NATO Mission Iraq",
        slug="nmi",
        acronym="NMI",
        summary="A non-combat advisory mission.",
        launched_on=datetime.date(2018, 10, 1),
        launched_on_precision="month",
    )
    mission.institutions.set([ministry])
    mission.citations.set([first, second])
    decision = Decision.objects.create(
        name="NMI established",
        slug="nmi-established",
        mission=mission,
        date=datetime.date(2018, 7, 1),
        date_precision="month",
        decided_by=summit,
        requested_by=iraq,
        action="establish",
        summary="Allies agreed to establish NMI.",
        # An editor's translations, which a backup carries as it carries the English.
        summary_fr="Les Alliés sont convenus de créer la NMI.",
        name_ar="إنشاء بعثة الناتو في العراق",
    )
    decision.citations.set([first])
    for model in (Source, Citation, Body, Institution, Mission, Decision):
        model.objects.update(created_at=stamp, updated_at=stamp)
    out = io.BytesIO()
    write_backup(out)
    # The header names the first migration only, so the corpus stays restorable whatever
    # migrations are added later (a restore needs the migrations a backup names, no more).
    header, records = split(out.getvalue())
    return join({**header, "migrations": {"missions": ["0001_initial"]}}, records)


def split(data):
    header, *records = data.decode().splitlines(keepends=True)
    return json.loads(header), records


def join(header, records, *, sign=True):
    return join_bytes(header, "".join(records).encode(), sign=sign)


def join_bytes(header, payload, *, sign=True):
    if sign:
        header = {**header, "sha256": hashlib.sha256(payload).hexdigest()}
    return json.dumps(header, ensure_ascii=False).encode() + b"\n" + payload


def edit(records, model, key, change):
    """Apply ``change(record)`` to the record of ``model`` whose natural key starts ``key``."""
    edited = []
    for line in records:
        record = json.loads(line)
        fields = record["fields"]
        if record["model"] == model and key in (fields.get("slug"), fields.get("number")):
            change(record)
            line = json.dumps(record, ensure_ascii=False) + "\n"
        edited.append(line)
    return edited


def field_edit(model, key, **values):
    return lambda records: edit(records, model, key, lambda r: r["fields"].update(values))


def variants(valid):
    header, records = split(valid)
    decision = "missions.decision"
    yield "empty.jsonl", b""
    yield "garbage.bin", random.Random(5).randbytes(4096)
    yield "django-fixture.json", b'[{"model": "missions.source", "fields": {"slug": "s"}}]\n'
    yield (
        "header-without-counts.jsonl",
        join({k: v for k, v in header.items() if k != "counts"}, records),
    )
    yield "newer-format-version.jsonl", join({**header, "version": header["version"] + 1}, records)
    yield (
        "unknown-migration.jsonl",
        join({**header, "migrations": {"missions": ["0001_initial", "0099_future"]}}, records),
    )
    yield (
        "wrong-checksum.jsonl",
        join(header, [r.replace("ministries", "Ministries") for r in records], sign=False),
    )
    yield "truncated-unsigned.jsonl", valid[: len(valid) - 40]
    truncated = [*records[:-1], records[-1][:-40]]
    yield "truncated-json.jsonl", join(header, truncated)
    compressed = gzip.compress(valid, mtime=0)
    yield "truncated.jsonl.gz", compressed[: len(compressed) // 2]
    damaged = bytearray(compressed)
    damaged[len(damaged) // 2] ^= 0xFF
    yield "damaged.jsonl.gz", bytes(damaged)
    yield (
        "count-mismatch.jsonl",
        join({**header, "counts": {**header["counts"], decision: 2}}, records),
    )
    yield "record-not-an-object.jsonl", join(header, [*records[:-1], '["missions.decision"]\n'])
    payload = "".join(records).encode().replace(b"Allies agreed", b"Allies \xff agreed")
    yield "non-utf8-record.jsonl", join_bytes(header, payload)
    yield (
        "unknown-model.jsonl",
        join(header, [r.replace('"missions.body"', '"missions.spaceship"', 1) for r in records]),
    )
    yield (
        "user-in-content-backup.jsonl",
        join(
            header,
            [
                *records[:-1],
                '{"model": "auth.user","fields": {"username": "eve","password": "x"}}\n',
            ],
        ),
    )
    yield (
        "unknown-field.jsonl",
        join(header, field_edit(decision, "nmi-established", colour="red")(records)),
    )
    yield (
        "wrong-type-number.jsonl",
        join(header, field_edit("missions.citation", 2, number="two")(records)),
    )
    yield (
        "wrong-type-text.jsonl",
        join(header, field_edit(decision, "nmi-established", summary_en=42)(records)),
    )
    yield (
        "invalid-date.jsonl",
        join(header, field_edit(decision, "nmi-established", date="2018-02-30")(records)),
    )
    yield (
        "invalid-choice.jsonl",
        join(header, field_edit(decision, "nmi-established", status="maybe")(records)),
    )
    yield (
        "too-long.jsonl",
        join(header, field_edit("missions.body", "iraq", name_en="x" * 250)(records)),
    )
    yield (
        "negative-number.jsonl",
        join(header, field_edit("missions.citation", 2, number=-2)(records)),
    )
    yield (
        "null-required-value.jsonl",
        join(header, field_edit("missions.mission", "nmi", name_en=None)(records)),
    )
    yield (
        "missing-required-field.jsonl",
        join(
            header,
            edit(records, decision, "nmi-established", lambda r: r["fields"].pop("summary_en")),
        ),
    )
    yield (
        "missing-date.jsonl",
        join(header, edit(records, decision, "nmi-established", lambda r: r["fields"].pop("date"))),
    )
    yield (
        "month-precision-not-on-first.jsonl",
        join(header, field_edit(decision, "nmi-established", date="2018-07-15")(records)),
    )
    yield (
        "requested-by-decider.jsonl",
        join(header, field_edit(decision, "nmi-established", requested_by=["summit"])(records)),
    )
    yield (
        "dangling-reference.jsonl",
        join(header, field_edit(decision, "nmi-established", mission=["no-such-mission"])(records)),
    )
    yield (
        "dangling-many-to-many.jsonl",
        join(
            header,
            field_edit(decision, "nmi-established", citations=[["source", 1], ["source", 99]])(
                records
            ),
        ),
    )
    yield (
        "duplicate-many-to-many.jsonl",
        join(
            header,
            field_edit(decision, "nmi-established", citations=[["source", 1], ["source", 1]])(
                records
            ),
        ),
    )
    yield (
        "reference-not-a-natural-key.jsonl",
        join(header, field_edit(decision, "nmi-established", mission="nmi")(records)),
    )
    yield (
        "primary-key-on-natural-record.jsonl",
        join(header, edit(records, decision, "nmi-established", lambda r: r.update(pk=7))),
    )
    duplicated = field_edit("missions.body", "iraq", slug="summit", name_en="Other")(records)
    yield "duplicate-natural-key.jsonl", join(header, duplicated)
    same_name = field_edit("missions.body", "iraq", name_en="NATO SUMMIT")(records)
    yield "name-unique-regardless-of-case.jsonl", join(header, same_name)
    yield (
        "too-long-summary.jsonl",
        join(header, field_edit(decision, "nmi-established", summary_en="x" * 1001)(records)),
    )
    # 200,000 levels of nesting, 400 KB of JSON, a few hundred bytes compressed.
    nested = b"[" * 200_000 + b"]" * 200_000 + b"\n"
    yield "deeply-nested-header.jsonl.gz", gzip.compress(nested, mtime=0)
    yield (
        "deeply-nested-record.jsonl.gz",
        gzip.compress(join_bytes(header, "".join(records[:-1]).encode() + nested), mtime=0),
    )
    misquoted = field_edit("missions.citation", 2, text="It advises every ministry.")(records)
    yield "misquoted-citation.jsonl", join(header, misquoted)
    yield "blank-line.jsonl", join(header, [*records[:3], "\n", *records[3:]])
    yield "more-lines-than-counted.jsonl", join(header, [*records, records[-1]])


def main():
    valid = build_valid_backup()
    VALID.write_bytes(valid)
    for old in BROKEN.iterdir():
        old.unlink()
    for name, data in variants(valid):
        (BROKEN / name).write_bytes(data)
    print(f"Wrote {VALID.name} and {len(list(BROKEN.iterdir()))} broken backups in {BROKEN}")


if __name__ == "__main__":
    main()
