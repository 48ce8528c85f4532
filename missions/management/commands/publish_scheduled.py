"""``manage.py publish_scheduled``: publish and unpublish what editors scheduled, once due.

Run it every few minutes from cron or a systemd timer (docs/operations.md). It applies each due
schedule once, however often it runs (``missions.scheduling``), prints one line for each, and
exits with status 1 when one could not be applied, leaving it scheduled.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from missions.scheduling import apply_due


class Command(BaseCommand):
    @property
    def help(self):
        """In the operator's language, active only once the command runs (argparse cannot
        take a lazy translation)."""
        return gettext(
            "Publish and unpublish the records (and draft changes) whose scheduled time has come, "
            "in the name of the editor who scheduled each. Safe to run any number of times."
        )

    def handle(self, *args, **options):
        outcomes = apply_due()
        failed = [outcome for outcome in outcomes if outcome.error]
        for outcome in outcomes:
            if not outcome.error and options["verbosity"] >= 1:
                self.stdout.write(str(outcome))
        if not outcomes and options["verbosity"] >= 2:
            self.stdout.write(gettext("Nothing is due."))
        if failed:
            raise CommandError("\n".join(str(outcome) for outcome in failed))
