"""Data health: `manage.py check_content` and the admin's Content health page list what an
editor should fix, and the seed has nothing to fix."""

import datetime
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from missions.models import Citation, Decision, Institution, Mission, Partner, Source, Status


def check_content():
    """The command's output, exit status and closing error."""
    out = StringIO()
    try:
        call_command("check_content", stdout=out)
    except CommandError as error:
        return out.getvalue(), error.returncode, str(error)
    return out.getvalue(), 0, ""


def test_the_seed_is_clean(seeded):
    out, status, _ = check_content()
    assert status == 0
    assert out.strip().splitlines() == [
        "Source “NATO Mission Iraq (source document)”: 22 of 22 sentences cited by published "
        "records (100%).",
        "No problems found.",
    ]


def test_a_decision_dated_before_its_mission_began(seeded):
    decision = Decision.objects.get(slug="nmi-established")
    decision.date, decision.date_precision = datetime.date(2017, 1, 1), "year"
    decision.save()
    out, status, error = check_content()
    assert status == 1
    assert error == "1 problem to fix."
    assert (
        "Decision “NMI established at the NATO Summit in Brussels”: dated 2017, before NATO "
        "Mission Iraq began (July 2018): correct the decision's date or its mission." in out
    )
    assert f"fix it at /admin/missions/decision/{decision.pk}/change/" in out


def test_a_decision_in_the_month_its_mission_began_is_within_its_life(seeded):
    """July 2018 and "2018" both include the mission's establishment in July 2018."""
    decision = Decision.objects.get(slug="nmi-established")
    decision.date, decision.date_precision = datetime.date(2018, 1, 1), "year"
    decision.save()
    assert check_content()[1] == 0


def test_a_decision_dated_after_its_mission_ended(seeded):
    decision = Decision.objects.get(slug="nmi-established")
    decision.mission = Mission.objects.get(slug="ntm-i")
    decision.date, decision.date_precision = datetime.date(2012, 3, 1), "month"
    decision.save()
    out, status, _ = check_content()
    assert status == 1
    assert "dated March 2012, after NATO Training Mission-Iraq ended (2011)" in out


def test_a_published_record_without_a_citation(seeded):
    partner = Partner.objects.get(slug="european-union")
    partner.citations.clear()
    out, status, _ = check_content()
    assert status == 1
    assert "Partner “European Union”: published but cites no sentence of a source" in out
    partner.status = Status.DRAFT
    partner.save()
    assert "cites no sentence" not in check_content()[0]


def test_a_published_record_pointing_at_a_draft(seeded):
    ministry = Institution.objects.get(slug="ministry-of-interior")
    ministry.status = Status.DRAFT
    ministry.save()
    out, status, _ = check_content()
    assert status == 1
    assert (
        "Decision “North Atlantic Council expands the scope of NMI”: published, but links to "
        "the draft institution “Ministry of Interior” (institutions), which the public cannot "
        "see: publish that one too, or remove the link." in out
    )
    assert "Mission “NATO Mission Iraq”: published, but links to the draft institution" in out


def test_a_published_record_pointing_at_a_draft_through_a_foreign_key(seeded):
    ntm = Mission.objects.get(slug="ntm-i")
    ntm.status = Status.DRAFT
    ntm.save()
    out, _, _ = check_content()
    assert (
        "Mission “NATO Mission Iraq”: published, but links to the draft mission “NATO Training "
        "Mission-Iraq” (predecessor)" in out
    )


def test_a_published_institution_no_published_mission_advises(seeded):
    ministry = Institution.objects.get(slug="ministry-of-interior")
    Mission.objects.get(slug="nmi").institutions.remove(ministry)
    out, status, _ = check_content()
    assert status == 1
    assert (
        "Institution “Ministry of Interior”: published, but no published mission advises it: "
        "add it to its mission's institutions, or set it back to draft." in out
    )


def test_an_institution_advised_only_by_a_draft_mission_is_advised_by_none(seeded):
    nmi = Mission.objects.get(slug="nmi")
    nmi.status = Status.DRAFT
    nmi.save()
    out, _, _ = check_content()
    assert "Institution “Ministry of Defence”: published, but no published mission advises" in out
    assert "Partner “European Union”: published, but no published mission works with it" in out


def test_a_draft_institution_needs_no_mission(seeded):
    Institution.objects.create(name="Ministry of Health", slug="ministry-of-health", status="draft")
    assert check_content()[1] == 0


def test_a_published_partner_no_published_mission_works_with(seeded):
    union = Partner.objects.get(slug="european-union")
    Mission.objects.get(slug="nmi").partners.remove(union)
    out, status, _ = check_content()
    assert status == 1
    assert (
        "Partner “European Union”: published, but no published mission works with it: add it "
        "to its mission's partners, or set it back to draft." in out
    )


def test_a_published_decision_expanding_a_missions_scope_to_no_institution(seeded):
    """As a delete of the institutions it brought in leaves it."""
    Institution.objects.filter(decisions__slug="nmi-scope-expanded").delete()
    out, status, _ = check_content()
    assert status == 1
    assert (
        "Decision “North Atlantic Council expands the scope of NMI”: published, and expands its "
        "mission's scope, but names no institution it brought in: add them, or correct its "
        "action." in out
    )


@pytest.mark.parametrize(
    ("existing", "new"),
    [
        ("Ministry of Defence", "Ministry of Defense"),
        ("European Union", "The European Union"),
        (
            "Prime Minister\u2019s National Operations Headquarters",
            "Prime Minister's National Operations Headquarters",
        ),
    ],
)
def test_near_duplicate_names(seeded, existing, new):
    model = Institution if Institution.objects.filter(name_en=existing).exists() else Partner
    model.objects.create(name=new, slug="near-duplicate")
    out, status, _ = check_content()
    assert status == 1
    assert f"“{new}”: its name is very like that of {model._meta.verbose_name} “{existing}”" in out


def test_different_names_are_not_near_duplicates(seeded):
    Institution.objects.create(name="Ministry of Health", slug="ministry-of-health")
    assert check_content()[1] == 0


def test_the_admin_page_lists_the_problems_with_links_to_fix_them(admin_client, seeded):
    assert "No problems found." in admin_client.get("/admin/content-health/").text
    partner = Partner.objects.get(slug="united-nations")
    partner.citations.clear()
    response = admin_client.get("/admin/content-health/")
    assert response.status_code == HTTPStatus.OK
    assert "1 problem to fix" in response.text
    assert f'<a href="/admin/missions/partner/{partner.pk}/change/">United Nations</a>' in (
        response.text
    )
    assert "Published but cites no sentence of a source" in response.text


def test_every_admin_page_links_to_the_content_health_page(admin_client, db):
    assert '<a href="/admin/content-health/">Content health</a>' in admin_client.get("/admin/").text


def test_the_content_health_page_is_for_staff_only(client, django_user_model, db):
    reader = django_user_model.objects.create_user("reader", password="x")
    client.force_login(reader)
    response = client.get("/admin/content-health/")
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith("/admin/login/")


def test_content_health_lists_the_sentences_no_published_record_cites(admin_client, seeded):
    citation = Citation.objects.get(number=1)
    for field in Citation._meta.related_objects:
        if field.many_to_many:
            getattr(citation, field.get_accessor_name()).update(status="draft")
    out, status, _ = check_content()
    assert status == 0
    assert "21 of 22 sentences cited by published records (95%). Not cited: 1." in out
    page = admin_client.get("/admin/content-health/").text
    assert "21 of 22 sentences cited (95%)" in page
    assert f'<li value="1">{citation.text}</li>' in page
    assert "1 sentence not cited yet" in page


def test_a_citation_that_no_longer_quotes_its_source_is_a_problem(seeded):
    Source.objects.filter(slug="nato-mission-iraq").update(
        text=Source.objects.get().text.replace("in July 2018", "in June 2018")
    )
    out, status, _ = check_content()
    assert status == 1
    assert "Citation “nato-mission-iraq §9: The mission was established" in out
    assert "is not sentence 9 of “NATO Mission Iraq (source document)”; the closest " in out
    assert (
        "sentence now is 9: “The mission was established at the NATO Summit in Brussels in June"
        in out
    )
    assert "decision “NMI established at the NATO Summit in Brussels”. Confirm it" in out
