"""A record's address (``missions.addresses.slug_address``) is the one ``reverse`` gives, in
every language and under any script prefix, though it is worked out once per language."""

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, reverse, set_script_prefix
from django.utils import translation

from missions.addresses import slug_address, slug_addresses

DETAIL_VIEWS = [
    "public:mission-detail",
    "public:decision-detail",
    "public:institution-detail",
    "public:partner-detail",
    "public:source-detail",
]
SLUGS = ["nmi", "nmi-scope-expanded", "Federal_Police-2", "0"]


@pytest.fixture
def script_prefix():
    """Sets the script prefix, as a site served under a path would, and puts it back."""
    before = get_script_prefix()
    yield set_script_prefix
    set_script_prefix(before)


@pytest.mark.parametrize("viewname", DETAIL_VIEWS)
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_a_records_address_is_reverses_in_each_language(viewname, language):
    with translation.override(language):
        for slug in SLUGS:
            assert slug_address(viewname, slug) == reverse(viewname, kwargs={"slug": slug})
        assert slug_address(viewname, "nmi").startswith(f"/{language}/")


def test_the_address_follows_the_script_prefix(script_prefix):
    with translation.override("fr"):
        assert slug_address("public:partner-detail", "eu") == "/fr/partners/eu/"
        script_prefix("/records/")
        assert slug_address("public:partner-detail", "eu") == "/records/fr/partners/eu/"


def test_a_slug_an_address_cannot_hold_as_it_is_is_left_to_reverse():
    with translation.override("en"):
        with pytest.raises(NoReverseMatch):
            slug_address("public:partner-detail", "")
        with pytest.raises(NoReverseMatch):
            slug_address("public:partner-detail", "a/b")


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_many_addresses_at_once_are_each_slugs_own(language):
    with translation.override(language):
        assert slug_addresses("public:decision-detail", SLUGS) == [
            reverse("public:decision-detail", kwargs={"slug": slug}) for slug in SLUGS
        ]
        with pytest.raises(NoReverseMatch):
            slug_addresses("public:decision-detail", ["nmi", "a/b"])
