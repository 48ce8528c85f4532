"""Dates known only to a year or a month ("July 2018"), stored as a date plus its precision.

A date field is paired with a ``<name>_precision`` field. The date holds the first day of the
period (1 July 2018 for "July 2018"), so records sort and filter as ordinary dates, while the
precision says how much of it the source document actually gives. Constraints keep the pair
consistent in the database; ``precision_errors`` reports the same rules as form errors.
"""

import calendar

from django.db import models
from django.db.models import Q
from django.utils import dateformat


class DatePrecision(models.TextChoices):
    YEAR = "year", "Year only (e.g. 2004)"
    MONTH = "month", "Month and year (e.g. July 2018)"
    DAY = "day", "Exact day (e.g. 3 July 2018)"


PRECISION_HELP = (
    "How much of the date the source gives. For 'July 2018' choose 'Month and year' and enter "
    "1 July 2018 as the date; for '2004' choose 'Year only' and enter 1 January 2004. "
    "Never guess a day the source does not state."
)

_FORMATS = {DatePrecision.YEAR: "Y", DatePrecision.MONTH: "F Y", DatePrecision.DAY: "j F Y"}


def format_partial_date(value, precision):
    """Render a date at its precision: '2004', 'July 2018' or '3 July 2018'; '' when unknown."""
    if value is None or not precision:
        return ""
    return dateformat.format(value, _FORMATS[DatePrecision(precision)])


def iso_partial_date(value, precision):
    """The ISO 8601 form at its precision ('2004', '2018-07', '2018-07-03'), for machine-readable
    output such as <time datetime> and JSON-LD."""
    if value is None or not precision:
        return ""
    return value.isoformat()[: {"year": 4, "month": 7, "day": 10}[precision]]


def precision_constraints(model_name, field, *, required=False):
    """Named check constraints for one date/precision pair of ``model_name``.

    - a date and its precision are given together (or, for an optional date, both left empty);
    - a month-precision date falls on the 1st; a year-precision date on 1 January.
    """
    precision = f"{field}_precision"
    label = f"{field.removesuffix('_on').replace('_', ' ')} date" if field != "date" else "date"
    both_or_neither = Q(**{f"{field}__isnull": False}) & ~Q(**{precision: ""})
    if not required:
        both_or_neither |= Q(**{f"{field}__isnull": True, precision: ""})
    return [
        models.CheckConstraint(
            condition=both_or_neither,
            name=f"{model_name}_{field}_has_precision",
            violation_error_message=(
                f"Give both the {label} and its precision, or neither: fill in the one missing."
            ),
        ),
        models.CheckConstraint(
            condition=~Q(**{f"{precision}__in": ["month", "year"]}) | Q(**{f"{field}__day": 1}),
            name=f"{model_name}_{field}_month_precision_on_first",
            violation_error_message=(
                f"A {label} known only to the month or year is entered as its first day: "
                "enter the 1st."
            ),
        ),
        models.CheckConstraint(
            condition=~Q(**{precision: "year"}) | Q(**{f"{field}__month": 1}),
            name=f"{model_name}_{field}_year_precision_in_january",
            violation_error_message=(
                f"A {label} known only to the year is entered as its first day: enter 1 January."
            ),
        ),
    ]


def precision_errors(instance, field, *, required=False):
    """Field errors for one date/precision pair, mirroring ``precision_constraints``."""
    precision_name = f"{field}_precision"
    value = getattr(instance, field)
    precision = getattr(instance, precision_name)
    if value is None and not precision:
        return {field: "This date is required."} if required else {}
    if value is None:
        return {field: "Enter the date, or clear its precision if the date is unknown."}
    if not precision:
        return {precision_name: "Say how precise this date is: year, month or day."}
    if precision == DatePrecision.YEAR and (value.month, value.day) != (1, 1):
        return {
            field: f"The precision is 'Year only': enter 1 January {value.year} "
            "(the day and month are not shown)."
        }
    if precision == DatePrecision.MONTH and value.day != 1:
        return {
            field: f"The precision is 'Month and year': enter the 1st, "
            f"{value.replace(day=1):%d/%m/%Y} (the day is not shown)."
        }
    return {}


def date_period(value, precision):
    """The first and last day a date at its precision may mean: July 2018 is 1 to 31 July."""
    if precision == DatePrecision.YEAR:
        return value, value.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return value, value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value, value
