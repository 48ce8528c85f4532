"""Partial dates in French and Arabic: Django's month names, the precision kept, and the admin
reading dates typed in its language (or in English) with its messages translated."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from missions.dates import PartialDate, how_to_type, parse_partial_date

DAY = datetime.date(2018, 7, 3)


@pytest.mark.parametrize(
    ("language", "year", "month", "day"),
    [
        ("en", "2018", "July 2018", "3 July 2018"),
        ("fr", "2018", "juillet 2018", "3 juillet 2018"),
        ("ar", "2018", "يوليو 2018", "3 يوليو 2018"),
    ],
)
def test_a_partial_date_reads_in_the_language_at_its_precision(language, year, month, day):
    with translation.override(language):
        assert PartialDate(DAY, "year").text == year
        assert PartialDate(DAY, "month").text == month
        assert str(PartialDate(DAY, "day")) == day
        # Machines read the same ISO form in every language.
        assert PartialDate(DAY, "month").iso == "2018-07"


@pytest.mark.parametrize(
    ("language", "typed", "precision", "text"),
    [
        ("fr", "juillet 2018", "month", "juillet 2018"),
        ("fr", "juil. 2018", "month", "juillet 2018"),
        ("fr", "3 juillet 2018", "day", "3 juillet 2018"),
        ("fr", "July 2018", "month", "juillet 2018"),
        ("ar", "يوليو 2018", "month", "يوليو 2018"),
        ("ar", "3 يوليو 2018", "day", "3 يوليو 2018"),
        ("ar", "2004", "year", "2004"),
    ],
)
def test_the_admin_reads_a_date_typed_in_its_language_or_in_english(
    language, typed, precision, text
):
    with translation.override(language):
        value = parse_partial_date(typed)
        assert (value.precision, value.text) == (precision, text)


# How each language says "e.g." and separates its examples in the hints.
EXAMPLES_AFTER = {"fr": "p. ex. ", "ar": "مثل "}
SEPARATORS = r", | ou |، | أو "


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize("precision", ["year", "month", "day"])
def test_every_example_the_admin_gives_is_a_date_it_reads(language, precision):
    """The translated hints name dates in the language's own words ("juil. 2018"): each one
    must be one the form accepts at its precision."""
    with translation.override(language):
        hint = how_to_type(precision)
        examples = re.split(SEPARATORS, hint.split(EXAMPLES_AFTER[language], 1)[1])
        assert examples
        for example in examples:
            assert parse_partial_date(example, precision).precision == precision


def test_messages_about_a_date_are_in_the_language_of_the_admin():
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        parse_partial_date("31 février 2024", "day")
    assert error.value.messages == [
        "Le 31 n\u2019existe pas en février 2024\u00a0: vérifiez le jour dans la source."
    ]
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        parse_partial_date("14/07/2018", "month")
    assert error.value.messages[0].startswith(
        "«\u00a014/07/2018\u00a0» donne un jour précis, mais la précision est "
        "«\u00a0Mois et année\u00a0»\u00a0: saisissez le mois et l\u2019année, p. ex. "
        "juillet 2018, juil. 2018 ou 2018-07, ou choisissez «\u00a0Jour exact\u00a0»"
    )
    with translation.override("ar"), pytest.raises(ValidationError) as error:
        parse_partial_date("2024-13", "month")
    assert error.value.messages == ["لا يوجد شهر 13: الأشهر مرقّمة من 1 (يناير) إلى 12 (ديسمبر)."]
