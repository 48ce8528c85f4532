"""``manage.py export_backup``: write a canonical, checksummed backup of the content."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from missions.backup import Scope, export_backup
from missions.backup.progress import progress_bars


class Command(BaseCommand):
    help = (
        "Write a backup of every content record (JSON Lines with a header; gzip when the path "
        "ends in .gz). Two exports of the same data are byte-identical."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            default="-",
            metavar="PATH",
            help="Where to write the backup; '-' (the default) writes it to standard output.",
        )
        parser.add_argument(
            "--with-history",
            action="store_true",
            help="Include the change history of every record.",
        )
        parser.add_argument(
            "--with-users",
            action="store_true",
            help="Include editor accounts and groups, with their password hashes.",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="The database to back up (default: 'default').",
        )

    def handle(self, *args, output, with_history, with_users, database, verbosity, **options):
        scope = Scope(with_history=with_history, with_users=with_users)
        if with_users and verbosity > 0:
            self.stderr.write(
                "Warning: the backup includes editor accounts with their password hashes; "
                "keep it as safe as the database itself."
            )
        total = sum(m._base_manager.using(database).count() for m in scope.models())
        bar = progress_bars(self.stderr, verbosity)(total, "Exporting")
        try:
            header = export_backup(output, scope=scope, using=database, progress=bar)
        except OSError as error:
            raise CommandError(
                f"{output}: cannot write the backup ({error.strerror or error})", returncode=2
            ) from None
        finally:
            bar.close()
        if verbosity > 0:
            records = sum(header["counts"].values())
            where = "standard output" if output == "-" else output
            report = self.stderr if output == "-" else self.stdout
            report.write(f"Wrote {records} records to {where} (sha256 {header['sha256']}).")
        if output == "-":
            sys.stdout.flush()
