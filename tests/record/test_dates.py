"""A date known to its year, month or day is one value: shown, machine-read, compared and typed
whole, and declared on a model once."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from missions.dates import DatePrecision, PartialDate, parse_partial_date, partial_dates
from missions.models import Decision, KeyFact, Mission

D = datetime.date


@pytest.mark.parametrize(
    ("value", "precision", "text", "iso", "period"),
    [
        (D(2004, 1, 1), "year", "2004", "2004", (D(2004, 1, 1), D(2004, 12, 31))),
        (D(2018, 7, 1), "month", "July 2018", "2018-07", (D(2018, 7, 1), D(2018, 7, 31))),
        (D(2024, 2, 1), "month", "February 2024", "2024-02", (D(2024, 2, 1), D(2024, 2, 29))),
        (D(2018, 7, 3), "day", "3 July 2018", "2018-07-03", (D(2018, 7, 3), D(2018, 7, 3))),
    ],
)
def test_a_partial_date_has_its_text_iso_form_and_period(value, precision, text, iso, period):
    when = PartialDate(value, precision)
    assert (when.text, str(when), when.iso) == (text, text, iso)
    assert when.period == period
    assert (when.period.first, when.period.last) == period


def test_any_day_of_its_period_names_a_partial_date():
    assert PartialDate(D(2018, 7, 14), "month") == PartialDate(D(2018, 7, 1), "month")
    assert PartialDate(D(2004, 6, 30), "year").date == D(2004, 1, 1)
    assert PartialDate(D(2018, 7, 14), "day").date == D(2018, 7, 14)


def test_a_precision_is_one_of_year_month_and_day():
    assert PartialDate(D(2018, 7, 1), "month").precision is DatePrecision.MONTH
    with pytest.raises(ValueError, match="week"):
        PartialDate(D(2018, 7, 1), "week")


@pytest.mark.parametrize(("value", "precision"), [(None, "month"), (D(2018, 7, 1), ""), (None, "")])
def test_two_columns_hold_no_partial_date_when_either_is_empty(value, precision):
    assert PartialDate.of(value, precision) is None


def test_partial_dates_sort_by_first_day_the_longer_period_first():
    dates = [
        PartialDate(D(2018, 7, 3), "day"),
        PartialDate(D(2018, 1, 1), "day"),
        PartialDate(D(2018, 1, 1), "month"),
        PartialDate(D(2018, 1, 1), "year"),
        PartialDate(D(2017, 12, 31), "day"),
    ]
    assert [d.text for d in sorted(dates)] == [
        "31 December 2017",
        "2018",
        "January 2018",
        "1 January 2018",
        "3 July 2018",
    ]
    assert PartialDate(D(2018, 7, 1), "month") <= PartialDate(D(2018, 7, 1), "month")
    assert PartialDate(D(2019, 1, 1), "year") > PartialDate(D(2018, 12, 31), "day")
    assert len({PartialDate(D(2018, 7, 9), "month"), PartialDate(D(2018, 7, 1), "month")}) == 1


@pytest.mark.parametrize(
    ("typed", "precision", "text"),
    [
        ("2004", "year", "2004"),
        ("July 2018", "month", "July 2018"),
        ("Jul 2018", "month", "July 2018"),
        ("jul. 2018", "month", "July 2018"),
        ("Sept 2018", "month", "September 2018"),
        ("2018-07", "month", "July 2018"),
        ("07/2018", "month", "July 2018"),
        ("February 2024", "month", "February 2024"),
        ("3 July 2018", "day", "3 July 2018"),
        ("3rd July, 2018", "day", "3 July 2018"),
        ("July 3, 2018", "day", "3 July 2018"),
        ("3 Jul 2018", "day", "3 July 2018"),
        ("2018-07-03", "day", "3 July 2018"),
        ("03/07/2018", "day", "3 July 2018"),
        ("3/7/18", "day", "3 July 2018"),
        ("  29 February 2024 ", "day", "29 February 2024"),
    ],
)
def test_a_date_is_read_as_it_is_typed_at_its_precision(typed, precision, text):
    assert parse_partial_date(typed, precision) == parse_partial_date(typed)
    when = parse_partial_date(typed, precision)
    assert (when.precision, when.text) == (precision, text)


@pytest.mark.parametrize(
    ("typed", "precision", "message"),
    [
        (
            "31 February 2024",
            "day",
            "February 2024 has no day 31: check the day against the source.",
        ),
        ("2024-02-30", "", "February 2024 has no day 30"),
        ("32/01/2024", "day", "January 2024 has no day 32"),
        ("2024-13", "month", "There is no month 13: months run from 1 (January) to 12 (December)."),
        ("13/2024", "", "There is no month 13"),
        ("Febuary 2024", "month", "“Febuary” is not a month: type its name (e.g. February or Feb)"),
        ("0000", "year", "There is no year 0"),
        (
            "sometime",
            "",
            "“sometime” is not a date this form reads: type the year (2004), the month and year "
            "(July 2018 or 2018-07) or the day (3 July 2018, 2018-07-03 or 03/07/2018).",
        ),
        (
            "sometime",
            "month",
            "“sometime” is not a date this form reads: type the month and year, e.g. July 2018, "
            "Jul 2018 or 2018-07.",
        ),
        (
            "14/07/2018",
            "month",
            "“14/07/2018” gives a day, but the precision is “Month and year”: type the month and "
            "year, e.g. July 2018, Jul 2018 or 2018-07, or choose “Exact day” if that is what "
            "the source gives.",
        ),
        (
            "2018",
            "day",
            "“2018” gives only a year, but the precision is “Exact day”: type the day, e.g. "
            "3 July 2018, 2018-07-03 or 03/07/2018, or choose “Year only”",
        ),
        ("July 2018", "year", "“July 2018” gives a month and year, but the precision is “Year"),
    ],
)
def test_a_date_that_cannot_be_read_says_why_and_what_to_type(typed, precision, message):
    with pytest.raises(ValidationError) as error:
        parse_partial_date(typed, precision)
    assert message in error.value.messages[0]


def test_a_long_text_that_is_no_date_is_quoted_shortened():
    with pytest.raises(ValidationError) as error:
        parse_partial_date("x" * 2000)
    assert "x" * 39 + "…”" in error.value.messages[0]
    assert "x" * 41 not in error.value.messages[0]


@pytest.mark.parametrize(
    ("model", "declared"),
    [
        (
            Mission,
            [("established", "established_on"), ("launched", "launched_on"), ("ended", "ended_on")],
        ),
        (Decision, [("when", "date")]),
        (KeyFact, [("when", "date")]),
    ],
)
def test_each_model_declares_its_partial_dates_once(model, declared):
    assert [(d.name, d.column) for d in partial_dates(model)] == declared
    for declaration in partial_dates(model):
        assert model._meta.get_field(declaration.precision_column).choices == DatePrecision.choices
        names = {c.name for c in model._meta.constraints}
        suffixes = ("has_precision", "month_precision_on_first", "year_precision_in_january")
        for suffix in suffixes:
            assert f"{model._meta.model_name}_{declaration.column}_{suffix}" in names


def test_a_record_gives_and_takes_its_partial_dates_whole():
    mission = Mission(launched_on=D(2018, 10, 1), launched_on_precision="month")
    assert mission.launched == PartialDate(D(2018, 10, 1), "month")
    assert mission.ended is None
    mission.ended = PartialDate(D(2024, 2, 17), "month")
    assert (mission.ended_on, mission.ended_on_precision) == (D(2024, 2, 1), "month")
    mission.launched = None
    assert (mission.launched_on, mission.launched_on_precision) == (None, "")
