"""Backups of NMI Records: a canonical export and an exact, atomic, validated restore.

A backup is a JSON Lines file (gzip-compressed when its name ends in ``.gz``):

- line 1, the header: format name and version, which records it holds (content, and optionally
  history and editor accounts), the database's migration state, row counts per model and the
  SHA-256 of everything after the header;
- then one record per line, written by Django's ``jsonl`` serializer with natural keys for
  primary and foreign keys, models in dependency order, rows sorted by natural key and
  many-to-many values sorted, so two exports of the same data are byte-identical.

``export.write_backup`` writes one; ``restore`` reads one, checks it completely into a plan,
and writes the plan, replacing the database's content with it in one transaction. Both discover
the models and their fields from the app registry, so a field added to a model is backed up
without a change here.
"""
