"""Dates known only to a year or a month ("July 2018"): one value, kept in two columns.

A ``PartialDate`` is a date at its precision, with its text ("July 2018"), its ISO form
("2018-07") and its period (1 to 31 July 2018). A model declares one with ``PartialDateField``,
which adds two plain columns: the date, holding the first day of the period, so records sort,
filter and back up as ordinary dates; and ``<date>_precision``, saying how much of it the source
document gives. The declaration also adds the check constraints that keep the two consistent;
``partial_date_errors`` reports the same rules from a model's ``clean()``.
``parse_partial_date`` reads a date as an editor types it ("2004", "Jul 2018", "3 July 2018").

Dates read in the active language with their precision kept, through Django's own month names
and date formatting: "July 2018", "juillet 2018", "يوليو 2018"; a year is its digits in all.
"""

import calendar
import datetime
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import dateformat, formats, translation
from django.utils.dates import MONTHS, MONTHS_3, MONTHS_AP
from django.utils.functional import lazy
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy, gettext_noop, override


class DatePrecision(models.TextChoices):
    # Translators: keep " (" before the example: messages name a precision by what precedes it.
    YEAR = "year", gettext_lazy("Year only (e.g. 2004)")
    MONTH = "month", gettext_lazy("Month and year (e.g. July 2018)")
    DAY = "day", gettext_lazy("Exact day (e.g. 3 July 2018)")


# The precision column's help text. The admin edits the pair as one field and explains how to
# type a date there (missions.editors.partial_dates).
PRECISION_CHOICE_HELP = gettext_lazy(
    "How much of the date the source gives: the year, the month or the day."
)


def _interpolated(message, **values):
    """``message`` (marked with ``gettext_noop``) translated when it is read and filled in with
    ``values``: for messages declared at import time, such as a constraint's."""
    return lazy(lambda: gettext(message) % values, str)()


_FORMATS = {DatePrecision.YEAR: "Y", DatePrecision.MONTH: "F Y", DatePrecision.DAY: "j F Y"}
_ISO_LENGTHS = {DatePrecision.YEAR: 4, DatePrecision.MONTH: 7, DatePrecision.DAY: 10}


class Period(NamedTuple):
    """The first and last day a partial date may mean."""

    first: datetime.date
    last: datetime.date


@functools.lru_cache(maxsize=4096)
def _text(date, precision, language):
    """A partial date's text in ``language``, remembered: formatting takes 10 µs, and a list of
    decisions shows the same few months again and again. The language is made the active one
    only to format it, which a remembered text does without."""
    with translation.override(language):
        return dateformat.format(date, _FORMATS[precision])


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to its year, its month or its day.

    It is held as the first day of its period, and any day of the period names it:
    ``PartialDate(date(2018, 7, 14), "month")`` is July 2018, held as 1 July 2018. Partial dates
    sort by their first day, and the longer period first when two begin on the same day: 2018,
    then January 2018, then 1 January 2018.
    """

    date: datetime.date
    precision: DatePrecision

    def __post_init__(self):
        precision = DatePrecision(self.precision)
        if precision == DatePrecision.YEAR:
            first = self.date.replace(month=1, day=1)
        elif precision == DatePrecision.MONTH:
            first = self.date.replace(day=1)
        else:
            first = self.date
        object.__setattr__(self, "precision", precision)
        object.__setattr__(self, "date", first)

    @classmethod
    def of(cls, date, precision):
        """The partial date a date and a precision column hold; None when either is empty."""
        if date is None or not precision:
            return None
        return cls(date, precision)

    @property
    def text(self):
        """As readers see it: '2004', 'July 2018' or '3 July 2018'."""
        return _text(self.date, self.precision, translation.get_language())

    def text_in(self, language):
        """As readers of ``language`` see it, whatever the active language."""
        return _text(self.date, self.precision, language)

    def __str__(self):
        return self.text

    @property
    def iso(self):
        """The ISO 8601 form at its precision ('2004', '2018-07', '2018-07-03'), for
        machine-readable output such as <time datetime> and JSON-LD."""
        return self.date.isoformat()[: _ISO_LENGTHS[self.precision]]

    @property
    def period(self):
        """The first and last day it may mean: July 2018 is 1 to 31 July 2018."""
        if self.precision == DatePrecision.YEAR:
            return Period(self.date, self.date.replace(month=12, day=31))
        if self.precision == DatePrecision.MONTH:
            last_day = calendar.monthrange(self.date.year, self.date.month)[1]
            return Period(self.date, self.date.replace(day=last_day))
        return Period(self.date, self.date)

    def __lt__(self, other):
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def _sort_key(self):
        return self.date, -self.period.last.toordinal()


class PartialDateField:
    """A partial date on a model, declared once: ``launched = PartialDateField("launched_on")``.

    It adds to the model:

    - the DateField ``launched_on`` (the first day of the period) and the CharField
      ``launched_on_precision``: plain columns, which queries, ordering and backups use;
    - the check constraints that keep the two consistent: ``<model>_launched_on_has_precision``,
      ``..._month_precision_on_first`` and ``..._year_precision_in_january``;
    - ``mission.launched``: the ``PartialDate`` the columns hold, or None. Assigning a
      ``PartialDate`` (or None) sets both columns.

    ``required`` makes the date mandatory. ``help_text`` says what the date means, if its name
    does not (the date column's help text; the admin field shows it). The model's
    ``clean()`` reports the constraints' rules as field errors with ``partial_date_errors``, and
    the admin edits the pair as one field (``missions.editors.partial_dates``). Declare it on a
    concrete model; a new one needs a migration for its columns and constraints, as any field.
    """

    def __init__(self, column, *, required=False, help_text=""):
        self.column = column
        self.precision_column = f"{column}_precision"
        self.required = required
        self.help_text = help_text
        # How messages name it: "launched date" for launched_on, "date" for date.
        self.label = (
            "date" if column == "date" else f"{column.removesuffix('_on')} date".replace("_", " ")
        )
        optional = {} if required else {"null": True, "blank": True}
        self.date_field = models.DateField(help_text=help_text, **optional)
        # Django names the precision column after itself ("date precision"); only a name that
        # reads otherwise is given ("launched date precision").
        precision_name = f"{self.label} precision"
        named = {}
        if precision_name != self.precision_column.replace("_", " "):
            named["verbose_name"] = precision_name
        self.precision_field = models.CharField(
            max_length=5,
            choices=DatePrecision,
            blank=not required,
            help_text=PRECISION_CHOICE_HELP,
            **named,
        )

    def contribute_to_class(self, cls, name):
        self.name = name
        cls.add_to_class(self.column, self.date_field)
        cls.add_to_class(self.precision_column, self.precision_field)
        cls._meta.constraints = [*cls._meta.constraints, *self.constraints(cls._meta.model_name)]
        # Migrations read a model's constraints only when its Meta declares some.
        cls._meta.original_attrs["constraints"] = cls._meta.constraints
        setattr(cls, name, self)

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return self.value_of(instance)

    def __set__(self, instance, value):
        setattr(instance, self.column, None if value is None else value.date)
        setattr(instance, self.precision_column, "" if value is None else value.precision.value)

    def value_of(self, record):
        """The partial date ``record`` holds: a model instance, or a version from its history."""
        return PartialDate.of(getattr(record, self.column), getattr(record, self.precision_column))

    def constraints(self, model_name):
        """Named check constraints of the pair:

        - a date and its precision are given together (or, for an optional date, both left empty);
        - a month-precision date falls on the 1st; a year-precision date on 1 January.
        """
        field, precision, label = self.column, self.precision_column, self.label
        both_or_neither = Q(**{f"{field}__isnull": False}) & ~Q(**{precision: ""})
        if not self.required:
            both_or_neither |= Q(**{f"{field}__isnull": True, precision: ""})
        return [
            models.CheckConstraint(
                condition=both_or_neither,
                name=f"{model_name}_{field}_has_precision",
                violation_error_message=_interpolated(
                    gettext_noop(
                        "Give both the %(label)s and its precision, or neither: fill in the one "
                        "missing."
                    ),
                    label=label,
                ),
            ),
            models.CheckConstraint(
                condition=~Q(**{f"{precision}__in": ["month", "year"]}) | Q(**{f"{field}__day": 1}),
                name=f"{model_name}_{field}_month_precision_on_first",
                violation_error_message=_interpolated(
                    gettext_noop(
                        "A %(label)s known only to the month or year is entered as its first "
                        "day: enter the 1st."
                    ),
                    label=label,
                ),
            ),
            models.CheckConstraint(
                condition=~Q(**{precision: "year"}) | Q(**{f"{field}__month": 1}),
                name=f"{model_name}_{field}_year_precision_in_january",
                violation_error_message=_interpolated(
                    gettext_noop(
                        "A %(label)s known only to the year is entered as its first day: "
                        "enter 1 January."
                    ),
                    label=label,
                ),
            ),
        ]

    def errors(self, record):
        """Field errors of the pair in ``record``, mirroring ``constraints``."""
        value = getattr(record, self.column)
        precision = getattr(record, self.precision_column)
        if value is None and not precision:
            return {self.column: gettext("This date is required.")} if self.required else {}
        if value is None:
            return {
                self.column: gettext(
                    "Enter the date, or clear its precision if the date is unknown."
                )
            }
        if not precision:
            return {
                self.precision_column: gettext("Say how precise this date is: year, month or day.")
            }
        if precision == DatePrecision.YEAR and (value.month, value.day) != (1, 1):
            return {
                self.column: gettext(
                    "The precision is '%(precision)s': enter %(first_day)s (the day and month "
                    "are not shown)."
                )
                % {
                    "precision": short_name(precision),
                    "first_day": dateformat.format(value.replace(month=1, day=1), "j F Y"),
                }
            }
        if precision == DatePrecision.MONTH and value.day != 1:
            return {
                self.column: gettext(
                    "The precision is '%(precision)s': enter the 1st, %(first_day)s (the day "
                    "is not shown)."
                )
                % {
                    "precision": short_name(precision),
                    "first_day": f"{value.replace(day=1):%d/%m/%Y}",
                }
            }
        return {}


def partial_dates(model):
    """The partial dates ``model`` declares, in their order."""
    return [value for value in vars(model).values() if isinstance(value, PartialDateField)]


def partial_date_errors(record):
    """Field errors of every partial date of ``record``, for its model's ``clean()``."""
    errors = {}
    for declared in partial_dates(type(record)):
        errors.update(declared.errors(record))
    return errors


# --- Reading a date as an editor types it ------------------------------------------------------

# The forms a date may be typed in at each precision, as strptime formats. They are matched
# regardless of case, commas, a full stop after a month's name ("Sept.") and "st", "nd", "rd" or
# "th" after a day ("3rd"). A day may also be typed in the admin's own formats (Django's
# DATE_INPUT_FORMATS: 03/07/2018 in British English), which its calendar writes.
INPUT_FORMATS = {
    DatePrecision.YEAR: ["%Y"],
    DatePrecision.MONTH: ["%B %Y", "%Y-%m", "%m/%Y"],
    DatePrecision.DAY: ["%d %B %Y", "%B %d %Y", "%Y-%m-%d"],
}
_DIRECTIVES = {
    "%d": r"(?P<day>\d{1,2})",
    "%m": r"(?P<month>\d{1,2})",
    "%Y": r"(?P<year>\d{4})",
    "%y": r"(?P<short_year>\d{2})",
    "%b": r"(?P<month_name>[^\W\d_]+)",
    "%B": r"(?P<month_name>[^\W\d_]+)",
}
_EXAMPLE = datetime.date(2018, 7, 3)


def _normalised(text):
    text = re.sub(r"(?<=[^\W\d_])\.", " ", text.lower().replace(",", " "))
    text = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", text)
    return " ".join(text.split())


def _pattern(input_format):
    """A strptime format as a regular expression over normalised text; None for a format with
    other directives than a day, a month and a year."""
    pattern = ""
    for part in re.split(r"(%.)", " ".join(input_format.replace(",", " ").split())):
        if part.startswith("%"):
            if part not in _DIRECTIVES:
                return None
            pattern += _DIRECTIVES[part]
        else:
            pattern += re.escape(part.lower())
    return re.compile(pattern)


def _matching(normalised):
    """The precision of the first input format that ``normalised`` text is in, and the match;
    None when it is in none."""
    admin_formats = [str(f) for f in formats.get_format("DATE_INPUT_FORMATS")]
    for precision, input_formats in INPUT_FORMATS.items():
        extra = admin_formats if precision == DatePrecision.DAY else []
        for input_format in [*input_formats, *extra]:
            pattern = _pattern(input_format)
            match = pattern and pattern.fullmatch(normalised)
            if match:
                return precision, match
    return None


def _month_numbers():
    """Month names and their abbreviations, as the site writes them in English and in the active
    language, to their numbers: an editor may type "July 2018" in any language of the admin."""
    names = {}
    for language in ("en", translation.get_language()):
        with override(language):
            for months in (MONTHS, MONTHS_3, MONTHS_AP):
                for number, name in months.items():
                    names[str(name).lower().rstrip(".")] = number
    return names


def short_name(precision):
    """A precision as messages name it: 'Year only', 'Month and year', 'Exact day'."""
    return str(DatePrecision(precision).label).partition(" (")[0]


def _admin_day():
    """The example day (3 July 2018) in the admin's own date format: 03/07/2018."""
    return _EXAMPLE.strftime(formats.get_format("DATE_INPUT_FORMATS")[0])


def how_to_type(precision=""):
    """What to type at ``precision``, with examples ('the year, e.g. 2004'); at no precision,
    what to type at each."""
    # Translators: the examples must be dates the admin reads in your language (its month names
    # and their abbreviations, as Django's date format writes them), for 2004, July 2018 and
    # 3 July 2018.
    if not precision:
        return gettext(
            "the year (2004), the month and year (July 2018 or 2018-07) or the day "
            "(3 July 2018, 2018-07-03 or %(admin_day)s)"
        ) % {"admin_day": _admin_day()}
    precision = DatePrecision(precision)
    if precision == DatePrecision.YEAR:
        return gettext("the year, e.g. 2004")
    if precision == DatePrecision.MONTH:
        return gettext("the month and year, e.g. July 2018, Jul 2018 or 2018-07")
    return gettext("the day, e.g. 3 July 2018, 2018-07-03 or %(admin_day)s") % {
        "admin_day": _admin_day()
    }


def _built(match, precision):
    """The partial date a matching text names, or a ValidationError saying which part of it
    cannot be."""
    parts = match.groupdict()
    year = int(parts["year"]) if parts.get("year") else None
    if parts.get("short_year"):
        # As strptime reads %y: 69-99 are 1969-1999, 00-68 are 2000-2068.
        short = int(parts["short_year"])
        year = short + (1900 if short >= 69 else 2000)
    if year == 0:
        raise ValidationError(
            gettext("There is no year 0: type the year in four digits, e.g. 2004."),
            code="impossible",
        )
    if parts.get("month_name"):
        month = _month_numbers().get(parts["month_name"])
        if month is None:
            raise ValidationError(
                gettext(
                    "“%(name)s” is not a month: type its name (e.g. February or Feb) or its "
                    "number (e.g. 2024-02)."
                )
                % {"name": parts["month_name"].capitalize()},
                code="impossible",
            )
    else:
        month = int(parts.get("month") or 1)
    if not 1 <= month <= 12:
        raise ValidationError(
            gettext("There is no month %(month)s: months run from 1 (January) to 12 (December).")
            % {"month": month},
            code="impossible",
        )
    day = int(parts.get("day") or 1)
    try:
        return PartialDate(datetime.date(year, month, day), precision)
    except ValueError:
        month_name = dateformat.format(datetime.date(year, month, 1), "F Y")
        raise ValidationError(
            gettext("%(month)s has no day %(day)s: check the day against the source.")
            % {"month": month_name, "day": day},
            code="impossible",
        ) from None


def parse_partial_date(text, precision=""):
    """The partial date ``text`` names, typed at ``precision`` (a ``DatePrecision``), or at
    whatever precision it is typed in when ``precision`` is empty.

    Raises a ValidationError that says what to type: for text that is no date ("sometime"), a
    date that cannot be ("31 February 2024", "2024-13") or one more or less precise than
    ``precision`` ("14/07/2018" when the precision is 'Month and year').
    """
    shown = Truncator(" ".join(text.split())).chars(40)
    matching = _matching(_normalised(text))
    if matching is None:
        raise ValidationError(
            gettext("“%(text)s” is not a date this form reads: type %(how)s.")
            % {"text": shown, "how": how_to_type(precision)},
            code="invalid",
        )
    found, match = matching
    value = _built(match, found)
    if precision and found != precision:
        message = {
            DatePrecision.YEAR: gettext(
                "“%(text)s” gives only a year, but the precision is “%(precision)s”: type "
                "%(how)s, or choose “%(found)s” if that is what the source gives."
            ),
            DatePrecision.MONTH: gettext(
                "“%(text)s” gives a month and year, but the precision is “%(precision)s”: type "
                "%(how)s, or choose “%(found)s” if that is what the source gives."
            ),
            DatePrecision.DAY: gettext(
                "“%(text)s” gives a day, but the precision is “%(precision)s”: type %(how)s, or "
                "choose “%(found)s” if that is what the source gives."
            ),
        }[found]
        raise ValidationError(
            message
            % {
                "text": shown,
                "precision": short_name(precision),
                "how": how_to_type(precision),
                "found": short_name(found),
            },
            code="precision",
        )
    return value
