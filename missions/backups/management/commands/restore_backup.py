"""``manage.py restore_backup``: validate a backup, then make the database hold exactly it."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext, ngettext

from missions.backups.progress import progress_bars
from missions.backups.restore import check, read_backup, write
from missions.backups.scope import BackupError


class Command(BaseCommand):
    @property
    def help(self):
        """In the operator's language, active only once the command runs (argparse cannot
        take a lazy translation)."""
        return gettext(
            "Check a backup written by export_backup completely, print what would change, then "
            "replace the content with it in one transaction: records the backup lacks are deleted."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            help=gettext(
                "The backup file (.jsonl or .jsonl.gz); '-' reads it from standard input."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext("Check the backup and print the plan, then roll back: nothing changes."),
        )
        parser.add_argument(
            "--with-users",
            action="store_true",
            help=gettext(
                "Restore the backup's editor accounts and groups, replacing every account; "
                "needed when the backup holds them (export_backup --with-users)."
            ),
        )
        parser.add_argument(
            "--with-history",
            action="store_true",
            help=gettext(
                "Restore the backup's change history, replacing the whole history; needed when "
                "the backup holds it (export_backup --with-history)."
            ),
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help=gettext("The database to restore into (default: 'default')."),
        )

    def handle(
        self, *args, path, dry_run, with_users, with_history, database, verbosity, **options
    ):
        bars = progress_bars(self.stderr, verbosity)
        try:
            with read_backup(path) as backup:
                plan = check(
                    backup,
                    using=database,
                    with_users=with_users,
                    with_history=with_history,
                    progress=bars,
                )
                if verbosity > 0:
                    self.stdout.write(
                        ngettext(
                            "%(path)s: %(count)s record, format version %(version)s.",
                            "%(path)s: %(count)s records, format version %(version)s.",
                            plan.records,
                        )
                        % {
                            "path": plan.path,
                            "count": plan.records,
                            "version": plan.header["version"],
                        }
                    )
                    self.stdout.write(gettext("Plan:"))
                    for line in plan.lines():
                        self.stdout.write(line)
                write(plan, dry_run=dry_run, progress=bars)
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        if verbosity > 0:
            if dry_run:
                self.stdout.write(gettext("Dry run: the backup is valid and nothing was changed."))
            else:
                restored = gettext("Restored %(path)s.") % {"path": backup.path}
                self.stdout.write(self.style.SUCCESS(restored))
