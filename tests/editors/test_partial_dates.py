"""Dates with a precision in the admin: one field each, a precision to choose and the date as the
source reads, on every form that has one (inline rows included), with history, versioning and
revert as for any field."""

import datetime
import json
from http import HTTPStatus

import pytest
from django.contrib.admin.models import LogEntry

from missions.dates import PartialDate
from missions.editors.partial_dates import DATES_ADVICE
from missions.models import Decision, KeyFact, Mission
from tests.editors.forms import change_url, form_data, row_prefix

D = datetime.date


def nmi():
    return Mission.objects.get(slug="nmi")


def key_fact_without_date():
    return KeyFact.objects.filter(mission__slug="nmi", date__isnull=True).first()


# (the record whose form is posted, the record whose date changes, its partial date, its field
# on the form (an inline row's is prefixed), the precision chosen, what is typed, what is saved)
EVERY_DATE = {
    "mission established": (
        nmi,
        nmi,
        "established",
        "established_on",
        "month",
        "Jul 2018",
        PartialDate(D(2018, 7, 1), "month"),
    ),
    "mission launched": (
        nmi,
        nmi,
        "launched",
        "launched_on",
        "day",
        "03/10/2018",
        PartialDate(D(2018, 10, 3), "day"),
    ),
    "mission ended": (
        nmi,
        nmi,
        "ended",
        "ended_on",
        "year",
        "2031",
        PartialDate(D(2031, 1, 1), "year"),
    ),
    "decision": (
        lambda: Decision.objects.get(slug="nmi-scope-expanded"),
        lambda: Decision.objects.get(slug="nmi-scope-expanded"),
        "when",
        "date",
        "month",
        "February 2024",
        PartialDate(D(2024, 2, 1), "month"),
    ),
    "key fact": (
        key_fact_without_date,
        key_fact_without_date,
        "when",
        "date",
        "month",
        "2024-02",
        PartialDate(D(2024, 2, 1), "month"),
    ),
    "key fact, inline on its mission": (
        nmi,
        key_fact_without_date,
        "when",
        "date",
        "day",
        "29 February 2024",
        PartialDate(D(2024, 2, 29), "day"),
    ),
}


@pytest.mark.parametrize(
    ("page_record", "dated", "name", "field", "precision", "typed", "saved"),
    EVERY_DATE.values(),
    ids=EVERY_DATE.keys(),
)
def test_each_date_is_saved_as_typed_at_its_precision_and_shown_so_again(
    admin_client, seeded, page_record, dated, name, field, precision, typed, saved
):
    record, changed = page_record(), dated()
    page = admin_client.get(change_url(record))
    if record != changed:
        field = f"{row_prefix(page, changed)}-{field}"
    data = form_data(page, **{f"{field}_precision": precision, field: typed})
    response = admin_client.post(change_url(record), data)
    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors

    changed.refresh_from_db()
    assert getattr(changed, name) == saved
    again = form_data(admin_client.get(change_url(record)))
    assert (again[f"{field}_precision"], again[field]) == (precision, saved.text)


def test_with_no_precision_chosen_the_date_typed_gives_it(admin_client, seeded):
    fact = key_fact_without_date()
    page = admin_client.get(change_url(fact))
    admin_client.post(change_url(fact), form_data(page, date_precision="", date="Sept. 2019"))
    fact.refresh_from_db()
    assert fact.when == PartialDate(D(2019, 9, 1), "month")


def test_an_optional_date_is_cleared_with_its_precision(admin_client, seeded):
    mission = Mission.objects.get(slug="ntm-i")
    page = admin_client.get(change_url(mission))
    response = admin_client.post(
        change_url(mission), form_data(page, ended_on_precision="", ended_on="")
    )
    assert response.status_code == HTTPStatus.FOUND
    mission.refresh_from_db()
    assert (mission.ended, mission.ended_on, mission.ended_on_precision) == (None, None, "")


@pytest.mark.parametrize(
    ("record", "changes", "field", "message"),
    [
        (
            "decision",
            {"date_precision": "day", "date": "31 February 2024"},
            "date",
            "February 2024 has no day 31: check the day against the source.",
        ),
        (
            "decision",
            {"date_precision": "month", "date": "2024-13"},
            "date",
            "There is no month 13: months run from 1 (January) to 12 (December).",
        ),
        (
            "decision",
            {"date_precision": "", "date": "sometime"},
            "date",
            "“sometime” is not a date this form reads: type the year (2004), the month and year",
        ),
        ("decision", {"date_precision": "", "date": ""}, "date", "This field is required."),
        (
            "decision",
            {"date_precision": "month", "date": ""},
            "date",
            "Type the date: the month and year, e.g. July 2018",
        ),
        (
            "mission",
            {"ended_on_precision": "year", "ended_on": ""},
            "ended_on",
            "Type the date (the year, e.g. 2004), or clear its precision if the source gives no "
            "date.",
        ),
        (
            "mission",
            {"launched_on_precision": "week", "launched_on": "2018"},
            "launched_on",
            "Choose how precise the date is from the list.",
        ),
        (
            "mission",
            {"launched_on_precision": "year", "launched_on": "20\x0018"},
            "launched_on",
            "Null characters are not allowed.",
        ),
    ],
)
def test_a_date_that_cannot_be_saved_says_why_and_nothing_is_saved(
    admin_client, seeded, record, changes, field, message
):
    record = Decision.objects.get(slug="nmi-scope-expanded") if record == "decision" else nmi()
    before = {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}
    page = admin_client.get(change_url(record))
    response = admin_client.post(change_url(record), form_data(page, summary_en="Mine.", **changes))
    assert response.status_code == HTTPStatus.OK
    assert message in " ".join(response.context["adminform"].form.errors[field])
    record.refresh_from_db()
    assert {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields} == before


def test_a_bad_date_in_an_inline_row_is_shown_at_that_row(admin_client, seeded):
    fact = KeyFact.objects.filter(mission=nmi(), date__isnull=False).first()
    before = fact.when
    page = admin_client.get(change_url(nmi()))
    row = row_prefix(page, fact)
    data = form_data(page, **{f"{row}-date_precision": "year", f"{row}-date": "July 2021"})
    response = admin_client.post(change_url(nmi()), data)
    assert response.status_code == HTTPStatus.OK
    [row_form] = [
        form
        for inline in response.context["inline_admin_formsets"]
        for form in inline.formset.forms
        if form.prefix == row
    ]
    assert "“July 2021” gives a month and year, but the precision is “Year only”" in " ".join(
        row_form.errors["date"]
    )
    fact.refresh_from_db()
    assert fact.when == before


def test_a_date_typed_again_in_another_form_is_no_change(admin_client, seeded):
    mission = nmi()
    fact = KeyFact.objects.filter(mission=mission, date__isnull=False).first()
    fact.when = PartialDate(D(2019, 2, 1), "month")
    fact.save()
    page = admin_client.get(change_url(mission))
    row = row_prefix(page, fact)
    retyped = {"launched_on": "Oct. 2018", f"{row}-date": "2019-02"}
    response = admin_client.post(change_url(mission), form_data(page, **retyped))
    assert response.status_code == HTTPStatus.FOUND
    [entry] = LogEntry.objects.all()
    changed = [
        label
        for change in json.loads(entry.change_message)
        for label in change["changed"]["fields"]
    ]
    assert not {"Established on", "Launched on", "Ended on", "Date"} & set(changed), changed
    mission.refresh_from_db()
    assert mission.launched == PartialDate(D(2018, 10, 1), "month")


def test_the_long_help_appears_once_per_form_and_each_date_has_its_hint(admin_client, seeded):
    mission = nmi()
    page = admin_client.get(change_url(mission)).text
    assert page.count(str(DATES_ADVICE)) == 1
    assert "enter 1 July 2018 as the date" not in page
    dates = 3 + mission.key_facts.count()
    empty_rows = 1  # the key facts' row "Add another" copies
    assert page.count('<span class="partial-date-hint">') == dates + empty_rows
    assert "Leave empty while the mission continues." in page


def test_the_label_names_the_date_box_and_the_precision_has_its_own_name(admin_client, seeded):
    decision = Decision.objects.get(slug="nmi-scope-expanded")
    page = admin_client.get(change_url(decision)).text
    assert '<label class="required" for="id_date_1">Date:</label>' in page
    assert (
        '<select name="date_precision" id="id_date_0" aria-label="Date precision" '
        'aria-describedby="id_date_1_helptext">'
    ) in page
    assert 'name="date" value="August 2023"' in page
    assert 'aria-describedby="id_date_1_helptext">' in page.split('name="date" value=')[1]
    assert '<div class="help" id="id_date_1_helptext">' in page


def test_the_lists_show_dates_at_their_precision(admin_client, seeded):
    decisions = admin_client.get("/admin/missions/decision/").text
    assert '<td class="field-date_display">August 2023</td>' in decisions
    missions = admin_client.get("/admin/missions/mission/").text
    assert '<td class="field-launched_display">2004</td>' in missions
    assert '<td class="field-ended_display">2011</td>' in missions
    assert '<td class="field-launched_display">October 2018</td>' in missions


def test_a_date_changed_meanwhile_is_taken_into_the_outdated_form(editors, seeded):
    ana, ben = editors
    decision = Decision.objects.get(slug="nmi-scope-expanded")
    ana_page, ben_page = ana.get(change_url(decision)), ben.get(change_url(decision))
    ana.post(change_url(decision), form_data(ana_page, date_precision="year", date="2023"))

    refused = ben.post(change_url(decision), form_data(ben_page, summary_en="Ben's summary."))
    form = refused.context["adminform"].form
    message = " ".join(form.non_field_errors())
    assert "ana changed this decision while you were editing" in message
    assert "Their change to date is now in the form." in message
    assert (form.data["date_precision"], form.data["date"]) == ("year", "2023")

    again = ben.post(change_url(decision), form_data(refused))
    assert again.status_code == HTTPStatus.FOUND
    decision.refresh_from_db()
    assert decision.when == PartialDate(D(2023, 1, 1), "year")
    assert decision.summary == "Ben's summary."


def test_a_date_both_editors_changed_keeps_yours_and_shows_theirs(editors, seeded):
    ana, ben = editors
    decision = Decision.objects.get(slug="nmi-scope-expanded")
    ana_page, ben_page = ana.get(change_url(decision)), ben.get(change_url(decision))
    ana.post(change_url(decision), form_data(ana_page, date="September 2023"))

    refused = ben.post(
        change_url(decision), form_data(ben_page, date="2023-10-02", date_precision="day")
    )
    form = refused.context["adminform"].form
    assert "You both changed date" in " ".join(form.non_field_errors())
    assert "ana changed this to “September 2023” while you were editing" in " ".join(
        form.errors["date"]
    )
    assert (form.data["date_precision"], form.data["date"]) == ("day", "2023-10-02")
    decision.refresh_from_db()
    assert decision.when == PartialDate(D(2023, 9, 1), "month")


def test_history_records_both_columns_and_a_revert_brings_the_date_back(admin_client, seeded):
    decision = Decision.objects.get(slug="nmi-scope-expanded")
    page = admin_client.get(change_url(decision))
    admin_client.post(change_url(decision), form_data(page, date_precision="day", date="5/9/2023"))
    latest, imported = decision.history.all()[:2]
    assert sorted(latest.diff_against(imported).changed_fields) == ["date", "date_precision"]
    history = admin_client.get(f"/admin/missions/decision/{decision.pk}/history/").text
    assert "<li><strong>Date:</strong> 2023-08-01 → 2023-09-05</li>" in history
    assert "<li><strong>Date precision:</strong> month → day</li>" in history

    url = f"/admin/missions/decision/{decision.pk}/history/{imported.history_id}/"
    revert = admin_client.get(url)
    assert form_data(revert)["date"] == "August 2023"
    assert admin_client.post(url, form_data(revert)).status_code == HTTPStatus.FOUND
    decision.refresh_from_db()
    assert decision.when == PartialDate(D(2023, 8, 1), "month")
