"""The list of institutions names each institution's oldest published decision, read from a
table derived from the record (``missions.public.first_decisions``): every change shows on the
next list, whichever way it was written."""

import datetime
import re
from http import HTTPStatus

from missions.models import Body, Decision, Institution, Mission, Status
from missions.signals import content_replaced

POLICE = "federal-police-command"


def first_decision_listed(client, institution):
    """The slug of the decision the list of institutions names under ``institution``, or None
    when it names none."""
    response = client.get("/en/institutions/")
    assert response.status_code == HTTPStatus.OK
    items = response.text.split("<li>")
    (item,) = [item for item in items if f'href="/en/institutions/{institution}/"' in item]
    found = re.search(r'by the decision “<a href="/en/decisions/([^/"]+)/">', item)
    return found and found.group(1)


def decision(slug, when, status=Status.PUBLISHED, name=None):
    return Decision.objects.create(
        name=name or slug.replace("-", " ").capitalize(),
        slug=slug,
        status=status,
        mission=Mission.objects.get(slug="nmi"),
        date=when,
        date_precision="month",
        decided_by=Body.objects.get(slug="north-atlantic-council"),
        action=Decision.Action.EXPAND_SCOPE,
        summary="A decision for the test.",
    )


def test_each_change_shows_on_the_next_list(client, seeded):
    police = Institution.objects.get(slug=POLICE)
    seed_first = first_decision_listed(client, POLICE)
    assert seed_first == "nmi-scope-expanded"

    older = decision("older-decision", datetime.date(2019, 5, 1))
    older.institutions.add(police)
    assert first_decision_listed(client, POLICE) == "older-decision"

    draft = decision("draft-decision", datetime.date(2018, 1, 1), status=Status.DRAFT)
    draft.institutions.add(police)
    assert first_decision_listed(client, POLICE) == "older-decision", "a draft is not shown"

    draft.status = Status.PUBLISHED
    draft.save()
    assert first_decision_listed(client, POLICE) == "draft-decision"

    same_month = decision("a-same-month", datetime.date(2018, 1, 1), name="A same month")
    same_month.institutions.add(police)
    assert first_decision_listed(client, POLICE) == "a-same-month", "same date: by name"

    same_month.date = datetime.date(2020, 1, 1)
    same_month.save()
    assert first_decision_listed(client, POLICE) == "draft-decision"

    draft.institutions.remove(police)
    assert first_decision_listed(client, POLICE) == "older-decision"

    older.delete()
    assert first_decision_listed(client, POLICE) == "a-same-month"

    police.decisions.clear()
    assert first_decision_listed(client, POLICE) is None


def test_a_bulk_write_that_records_its_change_shows_on_the_next_list(client, seeded):
    """A write without the models' signals (a restore) sends ``content_replaced``."""
    assert first_decision_listed(client, POLICE) == "nmi-scope-expanded"
    (older,) = Decision.objects.bulk_create(
        [
            Decision(
                name="Restored decision",
                slug="restored-decision",
                status=Status.PUBLISHED,
                mission=Mission.objects.get(slug="nmi"),
                date=datetime.date(2018, 3, 1),
                date_precision="month",
                decided_by=Body.objects.get(slug="north-atlantic-council"),
                action=Decision.Action.EXPAND_SCOPE,
                summary="Written in bulk.",
            )
        ]
    )
    Decision.institutions.through.objects.bulk_create(
        [
            Decision.institutions.through(
                decision=older, institution=Institution.objects.get(slug=POLICE)
            )
        ]
    )
    content_replaced.send(sender=None, using="default")
    assert first_decision_listed(client, POLICE) == "restored-decision"
