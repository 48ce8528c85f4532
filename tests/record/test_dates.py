import datetime

import pytest

from missions.dates import format_partial_date, iso_partial_date


@pytest.mark.parametrize(
    ("value", "precision", "shown", "iso"),
    [
        (datetime.date(2004, 1, 1), "year", "2004", "2004"),
        (datetime.date(2018, 7, 1), "month", "July 2018", "2018-07"),
        (datetime.date(2018, 7, 3), "day", "3 July 2018", "2018-07-03"),
    ],
)
def test_a_date_is_shown_at_its_precision(value, precision, shown, iso):
    assert format_partial_date(value, precision) == shown
    assert iso_partial_date(value, precision) == iso


@pytest.mark.parametrize("precision", ["", None])
def test_a_date_without_precision_is_shown_as_nothing(precision):
    assert format_partial_date(datetime.date(2018, 7, 1), precision) == ""


def test_a_missing_date_is_shown_as_nothing():
    assert format_partial_date(None, "month") == ""
    assert iso_partial_date(None, "month") == ""
