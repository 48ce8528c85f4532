"""Records read by statements built once are the ones the ORM finds: related records
(``statements.prefetch``) are those Django's own prefetch finds, in its order, for every page's
relations, and reading them needs no query; a statement run with other values (``records``,
``count``) finds what the ORM finds with those values."""

import pytest
from django.db.models import Prefetch, prefetch_related_objects

from missions.models import Decision, Institution, Mission, Partner, Principle
from missions.public import statements, views
from missions.public.statements import prefetch
from tests.public.test_queries import grow

PAGES_WITH_RELATIONS = [
    (view, view.model if hasattr(view, "model") else Mission)
    for view in (
        views.HomeView,
        views.MissionDetailView,
        views.DecisionDetailView,
        views.InstitutionListView,
        views.InstitutionDetailView,
        views.PartnerListView,
        views.PartnerDetailView,
    )
]


def related(record, lookup):
    found = (
        getattr(record, lookup.to_attr)
        if lookup.to_attr
        else getattr(record, lookup.prefetch_to).all()
    )
    return [each.pk for each in found]


@pytest.mark.parametrize(
    ("view", "model"), PAGES_WITH_RELATIONS, ids=lambda each: getattr(each, "__name__", "")
)
def test_a_page_reads_the_related_records_django_prefetch_finds(
    seeded, django_assert_num_queries, view, model
):
    grow(60)  # drafts among them, and records related to several others
    assert view.prefetches
    for records in (list(model.objects.all()), list(model.objects.order_by("-pk")[:3])):
        expected = [model.objects.get(pk=record.pk) for record in records]
        prefetch_related_objects(expected, *view.prefetches)
        with django_assert_num_queries(1):  # one statement however many relations
            prefetch(records, *view.prefetches, name=view.__qualname__)
        with django_assert_num_queries(0):
            for record, django_record in zip(records, expected, strict=True):
                for lookup in view.prefetches:
                    assert related(record, lookup) == related(django_record, lookup), (
                        record,
                        lookup.prefetch_to,
                    )
    assert any(related(record, lookup) for record in records for lookup in view.prefetches)


def test_a_record_read_through_its_reverse_foreign_key_knows_its_record(
    seeded, django_assert_num_queries
):
    missions = list(Mission.objects.all())
    prefetch(missions, Prefetch("principles", queryset=Principle.objects.all()), name="test")
    with django_assert_num_queries(0):
        principles = [(mission, each) for mission in missions for each in mission.principles.all()]
        assert principles
        assert all(principle.mission is mission for mission, principle in principles)


def test_a_relation_it_cannot_read_is_named_in_the_error(seeded):
    decisions = list(Decision.objects.all()[:2])
    with pytest.raises(ValueError, match=r"Decision\.mission needs a Prefetch with a queryset"):
        prefetch(decisions, Prefetch("mission", queryset=Mission.objects.all()), name="test")
    with pytest.raises(ValueError, match=r"Decision\.institutions needs a Prefetch"):
        prefetch(decisions, Prefetch("institutions"), name="test")
    sliced = Prefetch("decisions", queryset=Decision.objects.all()[:1], to_attr="first")
    with pytest.raises(ValueError, match=r"test: Institution\.decisions is sliced"):
        prefetch(list(Institution.objects.all()), sliced, name="test")


def test_no_records_need_no_query(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        prefetch([], Prefetch("missions", queryset=Mission.objects.all()), name="test")
    assert Partner.objects.count() == 0


def institution_decisions(institution):
    return Decision.objects.published().filter(institutions=institution).order_by("date", "pk")


def test_a_statement_run_with_another_value_finds_what_the_orm_finds_with_it(
    seeded, django_assert_num_queries
):
    grow(40)
    institutions = list(Institution.objects.order_by("pk"))
    for institution in institutions + institutions[::-1]:
        expected = list(institution_decisions(institution.pk))
        with django_assert_num_queries(2):
            found = statements.records("test: decisions", institution_decisions, institution.pk)
            total = statements.count("test: decisions", institution_decisions, institution.pk)
        assert [d.pk for d in found] == [d.pk for d in expected]
        assert [d.name for d in found] == [d.name for d in expected]
        assert total == len(expected)
    assert (
        len(
            {statements.count("test: decisions", institution_decisions, i.pk) for i in institutions}
        )
        > 1
    )


def test_a_slug_is_a_value_too(seeded):
    def missions(slug):
        return Mission.objects.filter(slug=slug)

    for slug, expected in (("nmi", ["nmi"]), ("ntm-i", ["ntm-i"]), ("no-such-mission", [])):
        assert [m.slug for m in statements.records("test: mission", missions, slug)] == expected


def test_a_query_that_does_not_use_its_value_is_refused(seeded):
    with pytest.raises(ValueError, match="Decision's query names its values otherwise"):
        statements.records("test: refused", lambda key: Decision.objects.all(), 1)
    with pytest.raises(ValueError, match="Decision's query names its values otherwise"):
        statements.count("test: refused", lambda key: Decision.objects.all(), 1)
