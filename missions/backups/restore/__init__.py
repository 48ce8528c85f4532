"""Restoring a backup in three steps, each usable on its own: read, check, write.

- ``read_backup(path)`` reads the file's header and checks its checksum, without the database;
  it gives a ``Backup`` (the header, and the records read from the file on each pass).
- ``check(backup, using=..., with_users=..., with_history=...)`` checks every record against the
  database and writes nothing; it gives a ``Plan``, an immutable value saying what each model
  gains, changes and loses, what happens to accounts, and holding everything writing needs.
- ``write(plan)`` makes the database hold exactly the backup's records, in one transaction
  (``dry_run=True`` rehearses it and rolls back).

Every problem is a ``BackupError`` naming the file, line, record and field.
"""

from .checking import check
from .reading import read_backup
from .writing import write

__all__ = ["check", "read_backup", "write"]
