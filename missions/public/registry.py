"""How the public site shows each kind of record: one declaration per record model.

The sitemaps (``sitemaps.SITEMAPS``), search (``search.SEARCHABLE_TYPES``), the tests' list of
page types (``tests/public/pages.py``) and the bench's (``bench/serving.py``) are built from
these declarations, so a new kind of record is added to all of them in one place.
``tests/record/test_checklist.py`` fails while a record model has no declaration here, or misses
another place it needs (docs/architecture.md, "Adding a record type").
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst, slugify

from missions.models import (
    Body,
    Decision,
    FocusArea,
    Institution,
    KeyFact,
    Mission,
    Partner,
    Principle,
    Source,
)


@dataclass(frozen=True)
class SearchFields:
    """The texts search reads, from most to least telling: a match in a name outranks one in a
    summary, which outranks one in a description. A translated text is named once ("name"):
    search reads it in the page's language (``missions/public/search.py``)."""

    names: tuple
    summaries: tuple = ()
    descriptions: tuple = ()


@dataclass(frozen=True)
class PublicType:
    """One kind of record on the public site.

    - ``list_url``: the URL name of the page listing every record of the kind, or "" when none
      does (missions are shown by the overview, which is a page of its own).
    - ``detail_url``: the URL name of each record's own page, which the kind's sitemap lists;
      "" for records shown on other pages only, which ``shown_on`` names.
    - ``shown_on``: for records without a page of their own, the URL name of the page their
      ``get_absolute_url`` leads to.
    - ``search``: the fields search reads, or None for records search leaves out.
    - ``example``: the slug of a published record of the seed (fixtures/nmi.json) whose page
      stands for the kind's detail page in the tests' and the bench's lists of page types.
    """

    model: type
    search: SearchFields | None
    list_url: str = ""
    detail_url: str = ""
    shown_on: str = ""
    example: str = ""

    def __post_init__(self):
        name = self.model.__name__
        if bool(self.detail_url) == bool(self.shown_on):
            raise ValueError(
                f"The PublicType of {name} needs either detail_url (its own page) or shown_on "
                "(the page that shows it), not both."
            )
        if bool(self.detail_url) != bool(self.example):
            raise ValueError(
                f"The PublicType of {name} needs an example (the slug of a published {name} of "
                "the seed) exactly when it has a detail_url."
            )

    @property
    def label(self):
        """The kind's name in the plural, as search heads its group of results."""
        return capfirst(self.model._meta.verbose_name_plural)

    @property
    def sitemap_section(self):
        """Its sitemap's name: ``/sitemap-<section>.xml``, from the English plural whatever the
        language active (the model's names are translated; an address is not)."""
        with translation.override(None):
            return slugify(str(self.model._meta.verbose_name_plural))


# In the order search shows its groups and the sitemaps are listed.
PUBLIC_TYPES = [
    PublicType(
        Mission,
        SearchFields(("name", "acronym"), ("summary",), ("description", "aims", "area")),
        detail_url="public:mission-detail",
        example="nmi",
    ),
    PublicType(
        Decision,
        SearchFields(("name",), ("summary",), ("description",)),
        list_url="public:decision-list",
        detail_url="public:decision-detail",
        example="nmi-scope-expanded",
    ),
    PublicType(
        Institution,
        SearchFields(("name", "kind"), (), ("engagement", "description")),
        list_url="public:institution-list",
        detail_url="public:institution-detail",
        example="ministry-of-interior",
    ),
    PublicType(
        Partner,
        SearchFields(("name",), (), ("engagement", "description")),
        list_url="public:partner-list",
        detail_url="public:partner-detail",
        example="european-union",
    ),
    PublicType(FocusArea, SearchFields(("name",), (), ("description",)), shown_on="public:home"),
    PublicType(
        Principle, SearchFields(("name",), ("statement",)), shown_on="public:mission-detail"
    ),
    PublicType(
        KeyFact,
        SearchFields(("name", "figure"), ("statement",)),
        shown_on="public:mission-detail",
    ),
    # Bodies are found through their decisions: a body's link is the timeline filtered by it.
    PublicType(Body, search=None, shown_on="public:decision-list"),
    PublicType(
        Source,
        SearchFields(("title",), ("publisher",), ("text",)),
        list_url="public:source-list",
        detail_url="public:source-detail",
        example="nato-mission-iraq",
    ),
]


def record_pages():
    """The page types records have, one address each, as (name, path): every list page
    ("decision list") and the page of every kind's example record ("decision"), named in
    English whatever the language active, as tests and the bench know them."""
    for kind in PUBLIC_TYPES:
        with translation.override(None):
            name = str(kind.model._meta.verbose_name)
        if kind.list_url:
            yield f"{name} list", reverse(kind.list_url)
        if kind.detail_url:
            yield name, reverse(kind.detail_url, kwargs={"slug": kind.example})
