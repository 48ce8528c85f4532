"""Saves that are possible but probably wrong are confirmed, not silently accepted.

A decision dated before its mission was established, or after it ended, is allowed (sources do
surprise), but is more often a typo: "2008" for "2018". Its save is stopped once with a warning
saying what looks wrong; the refused form (``missions.editors.form_errors``) shows the warning
with a box to tick, and the save goes through when the box is ticked for that same warning. A
different date that is implausible too is a new warning, asked again.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .health import outside_mission_life

# The code of a warning's error, and the name of the box that confirms it (its value is the
# warning's text, so that a confirmation holds for that warning only).
WARNING = "implausible"
CONFIRMATION = "confirm_warning"


class PlausibilityFormMixin:
    """Stops a save once for each of ``warnings()``, until the editor confirms it."""

    def warnings(self):
        """What looks wrong in the record as the form would save it."""
        return []

    def _post_clean(self):
        super()._post_clean()
        confirmed = self.data.getlist(self.add_prefix(CONFIRMATION))
        for message in self.warnings():
            if message not in confirmed:
                self.add_error(None, ValidationError(message, code=WARNING))


class DecisionPlausibilityMixin(PlausibilityFormMixin):
    """A decision dated outside its mission's life."""

    def warnings(self):
        decision = self.instance
        if decision.mission_id is None or decision.date is None or "date" in self.errors:
            return []
        outside = outside_mission_life(decision)
        if outside is None:
            return []
        fact, _fix = outside
        return [
            _(
                "Check the date: this decision is %(fact)s. If the source says so, tick “I "
                "checked” below and save again; if not, correct the date or the mission."
            )
            % {"fact": fact}
        ]
