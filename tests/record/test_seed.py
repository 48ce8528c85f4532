"""The seed fixture holds every fact of the source document, each citing its sentence."""

import datetime

import pytest
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command

from missions.models import Citation, ContentVersion, Decision, Institution, Mission, Record
from missions.sources import split_sentences

CONTENT_MODELS = [m for m in apps.get_app_config("missions").get_models() if issubclass(m, Record)]


def sentences():
    return split_sentences(settings.SOURCE_DOCUMENT.read_text(encoding="utf-8"))


def snapshot():
    """Every row of the app, with its primary key, as loading would leave it (but the content
    version, which any load replaces, to make the page cache drop its pages)."""
    return {
        model._meta.label: serializers.serialize("json", model.objects.order_by("pk"))
        for model in apps.get_app_config("missions").get_models()
        if model is not ContentVersion
    }


def test_the_repository_holds_the_source_document():
    assert len(sentences()) == 22


def test_every_sentence_of_the_source_is_cited_by_a_seeded_record(seeded):
    cited = {
        citation.text
        for model in CONTENT_MODELS
        for record in model.objects.prefetch_related("citations")
        for citation in record.citations.all()
    }
    missing = [s for s in sentences() if s not in cited]
    assert missing == []


def test_every_citation_quotes_its_sentence_verbatim(seeded):
    numbered = dict(enumerate(sentences(), start=1))
    for citation in Citation.objects.all():
        assert numbered[citation.number] == citation.text


def test_every_seeded_record_is_published_and_cited(seeded):
    for model in CONTENT_MODELS:
        for record in model.objects.prefetch_related("citations"):
            assert record.status == "published", record
            assert record.citations.exists(), record


def test_every_seeded_record_passes_validation(seeded):
    for model in [*CONTENT_MODELS, Citation]:
        for record in model.objects.all():
            record.full_clean()


def test_loading_the_seed_twice_changes_nothing(seeded):
    before = snapshot()
    call_command("loaddata", "nmi", verbosity=0)
    assert snapshot() == before


def test_the_seed_expresses_the_documents_relations(seeded):
    nmi = Mission.objects.get(slug="nmi")
    assert nmi.predecessor.acronym == "NTM-I"
    assert nmi.established.text == "July 2018"
    assert nmi.launched.text == "October 2018"
    ntmi = Mission.objects.get(slug="ntm-i")
    assert (ntmi.launched.text, ntmi.ended.text) == ("2004", "2011")
    assert ntmi.successor == nmi

    august_2023 = Decision.objects.get(date=datetime.date(2023, 8, 1))
    assert august_2023.when.text == "August 2023"
    assert august_2023.decided_by.name == "North Atlantic Council"
    assert {i.name for i in august_2023.institutions.all()} == {
        "Ministry of Interior",
        "Federal Police Command",
    }
    established = Decision.objects.get(action=Decision.Action.ESTABLISH)
    assert established.decided_by.name == "NATO Summit in Brussels"
    assert established.requested_by.name == "Iraqi government"

    assert nmi.institutions.count() == Institution.objects.count() == 6
    assert {p.name for p in nmi.partners.all()} == {
        "Global Coalition Against Daesh",
        "European Union",
        "United Nations",
    }
    assert nmi.focus_areas.count() == 6


@pytest.mark.parametrize(
    ("slug", "sentence"),
    [("global-terrorism-index-2020", 7), ("terrorism-most-direct-threat", 1)],
)
def test_key_facts_quote_the_source(seeded, slug, sentence):
    fact = Mission.objects.get(slug="nmi").key_facts.get(slug=slug)
    assert fact.statement == sentences()[sentence - 1]


def test_no_row_of_the_seed_refers_to_a_row_the_seed_does_not_write(db):
    """The suite's ``seeded`` fixture (conftest.py) writes the seed's rows back into the tables
    the seed fills, checking those tables only: a seeded row referring to another table's row
    (a user, a content type) could then refer to a row a test's database does not have."""
    models = apps.get_models(include_auto_created=True)
    before = {model: list(model._base_manager.order_by("pk").values_list()) for model in models}
    call_command("loaddata", "nmi", verbosity=0)
    written = {m for m in models if list(m._base_manager.order_by("pk").values_list()) != before[m]}
    assert Decision in written
    outside = [
        f"{model._meta.label}.{field.name}"
        for model in written
        for field in model._meta.concrete_fields
        if field.is_relation
        and field.related_model not in written
        and model._base_manager.filter(**{f"{field.name}__isnull": False}).exists()
    ]
    assert outside == []
