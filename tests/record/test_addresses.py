"""A record's address (``missions.addresses.slug_address``) and a page's (``view_address``) are
the ones ``reverse`` gives, in every language and under any script prefix, though each is worked
out once per language."""

import pytest
from django.conf import settings
from django.template import engines
from django.urls import NoReverseMatch, get_script_prefix, reverse, set_script_prefix
from django.utils import translation

from missions.addresses import slug_address, slug_addresses, view_address
from missions.models import Decision

DETAIL_VIEWS = [
    "public:mission-detail",
    "public:decision-detail",
    "public:institution-detail",
    "public:partner-detail",
    "public:source-detail",
]
LIST_VIEWS = [
    "public:decision-list",
    "public:institution-list",
    "public:partner-list",
    "public:source-list",
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


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_a_pages_address_is_reverses_in_each_language(language, script_prefix):
    """``view_address``, which a page's language versions use, for a page without arguments
    (each list page, search, the overview) and for a record's page, under a script prefix
    too; an argument it has no pattern for is left to ``reverse``."""
    with translation.override(language):
        for prefix in ["/", "/records/"]:
            script_prefix(prefix)
            for viewname in [*LIST_VIEWS, "public:home", "public:search"]:
                assert view_address(viewname, {}) == reverse(viewname)
                assert view_address(viewname, {}).startswith(f"{prefix}{language}/")
            for viewname in DETAIL_VIEWS:
                assert view_address(viewname, {"slug": "nmi"}) == reverse(
                    viewname, kwargs={"slug": "nmi"}
                )
        assert view_address("crawlers:sitemap-section", {"section": "decisions"}) == reverse(
            "crawlers:sitemap-section", kwargs={"section": "decisions"}
        )
        with pytest.raises(NoReverseMatch):
            view_address("public:decision-list", {"year": "2018"})


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_address_function_writes_what_reverse_gives(language, script_prefix):
    """``address()``, which the public templates link their pages with, under a script prefix
    too."""
    written = engines["jinja2"].from_string(
        "{{ address('public:search') }} {{ address('public:home') }}"
    )
    with translation.override(language):
        for prefix in ["/", "/records/"]:
            script_prefix(prefix)
            search, home = written.render({}).split()
            assert search == reverse("public:search") == f"{prefix}{language}/search/"
            assert home == reverse("public:home") == f"{prefix}{language}/"


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_many_decisions_addresses_are_each_ones_own(seeded, language):
    """``Decision.addresses``, with which a list of decisions links them all."""
    decisions = list(Decision.objects.all())
    with translation.override(language):
        assert Decision.addresses(decisions) == [d.get_absolute_url() for d in decisions]
        assert Decision.addresses([]) == []
