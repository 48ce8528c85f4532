"""``manage.py export_backup``: write a canonical, checksummed backup of the content."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext, ngettext

from missions.backups.export import BACKUP_MODE, STDOUT, existing_mode, export_backup
from missions.backups.progress import progress_bars
from missions.backups.scope import BackupError, Scope


class Command(BaseCommand):
    @property
    def help(self):
        """In the operator's language, active only once the command runs (argparse cannot
        take a lazy translation)."""
        return gettext(
            "Write a backup of every content record (JSON Lines with a header; gzip when the path "
            "ends in .gz). Two exports of the same data are byte-identical."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            default="-",
            metavar="PATH",
            help=gettext(
                "Where to write the backup; '-' (the default) writes it to standard output. "
                "Never a symbolic link or anything but a regular file."
            ),
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help=gettext(
                "Replace the file PATH names if there is one; the backup replacing it is "
                "readable by its owner only (mode 0600)."
            ),
        )
        parser.add_argument(
            "--with-history",
            action="store_true",
            help=gettext("Include the change history of every record."),
        )
        parser.add_argument(
            "--with-users",
            action="store_true",
            help=gettext("Include editor accounts and groups, with their password hashes."),
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help=gettext("The database to back up (default: 'default')."),
        )

    def handle(
        self, *args, output, overwrite, with_history, with_users, database, verbosity, **options
    ):
        scope = Scope(with_history=with_history, with_users=with_users)
        bar = None
        try:
            replaced = None if output == STDOUT else existing_mode(output, overwrite=overwrite)
            if with_users and verbosity > 0:
                self.stderr.write(
                    gettext(
                        "Warning: the backup includes editor accounts with their password "
                        "hashes; keep it as safe as the database itself."
                    )
                )
            total = sum(m._base_manager.using(database).count() for m in scope.models())
            bar = progress_bars(self.stderr, verbosity)(total, gettext("Exporting"))
            header = export_backup(
                output, scope=scope, using=database, progress=bar, overwrite=overwrite
            )
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        except OSError as error:
            raise CommandError(
                gettext("%(path)s: cannot write the backup (%(error)s)")
                % {"path": output, "error": error.strerror or error},
                returncode=2,
            ) from None
        finally:
            if bar is not None:
                bar.close()
        if verbosity > 0:
            records = sum(header["counts"].values())
            where = gettext("standard output") if output == "-" else output
            report = self.stderr if output == "-" else self.stdout
            report.write(
                ngettext(
                    "Wrote %(count)s record to %(where)s (sha256 %(sha256)s).",
                    "Wrote %(count)s records to %(where)s (sha256 %(sha256)s).",
                    records,
                )
                % {"count": records, "where": where, "sha256": header["sha256"]}
            )
            if replaced is not None and replaced != BACKUP_MODE:
                report.write(
                    gettext(
                        "Replaced %(path)s, which had mode %(old)s: the backup has mode %(new)s "
                        "(readable by its owner only)."
                    )
                    % {"path": output, "old": f"{replaced:04o}", "new": f"{BACKUP_MODE:04o}"}
                )
            elif replaced is not None:
                report.write(gettext("Replaced %(path)s.") % {"path": output})
        if output == "-":
            sys.stdout.flush()
