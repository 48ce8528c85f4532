"""`manage.py check_content`: list the problems in the record an editor should fix, and how much
of each source the published record cites.

Exits with status 1 when there are problems, so CI can hold the seed to the same standard; a
sentence not yet cited is not a problem (the record may grow to state it).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from missions.editors.health import find_problems, source_coverage


class Command(BaseCommand):
    help = gettext_lazy(
        "List problems an editor should fix: decisions dated outside their mission's life, "
        "published records without a citation or pointing at a draft, near-duplicate names. "
        "Exits with status 1 when there are any."
    )

    def handle(self, **options):
        for coverage in source_coverage():
            numbers = ", ".join(str(sentence.number) for sentence in coverage.uncited)
            if numbers:
                values = {"coverage": coverage, "numbers": numbers}
                self.stdout.write(_("%(coverage)s. Not cited: %(numbers)s.") % values)
            else:
                self.stdout.write(f"{coverage}.")
        problems = find_problems()
        for problem in problems:
            self.stdout.write(
                _("%(problem)s\n    fix it at %(url)s")
                % {"problem": problem, "url": problem.admin_url}
            )
        if problems:
            raise CommandError(
                ngettext("%(count)d problem to fix.", "%(count)d problems to fix.", len(problems))
                % {"count": len(problems)},
                returncode=1,
            )
        self.stdout.write(_("No problems found."))
