"""`manage.py check_content`: list the problems in the record an editor should fix, and how much
of each source the published record cites.

Exits with status 1 when there are problems, so CI can hold the seed to the same standard; a
sentence not yet cited is not a problem (the record may grow to state it).
"""

from django.core.management.base import BaseCommand, CommandError

from missions.editors.health import find_problems, source_coverage


class Command(BaseCommand):
    help = (
        "List problems an editor should fix: decisions dated outside their mission's life, "
        "published records without a citation or pointing at a draft, near-duplicate names. "
        "Exits with status 1 when there are any."
    )

    def handle(self, **options):
        for coverage in source_coverage():
            numbers = ", ".join(str(sentence.number) for sentence in coverage.uncited)
            self.stdout.write(f"{coverage}." + (f" Not cited: {numbers}." if numbers else ""))
        problems = find_problems()
        for problem in problems:
            self.stdout.write(f"{problem}\n    fix it at {problem.admin_url}")
        if problems:
            raise CommandError(f"{len(problems)} problem(s) to fix.", returncode=1)
        self.stdout.write("No problems found.")
