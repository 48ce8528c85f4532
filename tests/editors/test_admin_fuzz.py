"""An editor never meets a server error in the admin: bad filters, searches, actions,
autocomplete queries, form input and record addresses get a 400, a 404 or a form error that says
what is wrong.

The reported addresses are checked one by one; hypothesis then tries random ones on every list,
autocomplete and form (on PostgreSQL, which refuses more input than SQLite, as CI runs it).
"""

import string
from http import HTTPStatus
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ALL_VAR, ERROR_FLAG, ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missions.models import Decision
from tests.editors.forms import form_data

ADMINS = sorted(
    (
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "missions"
    ),
    key=lambda pair: pair[0]._meta.model_name,
)
# Every autocomplete an editor's forms use: (the form's model, the field), inlines included.
AUTOCOMPLETES = sorted(
    {
        (form_admin.model._meta.model_name, field)
        for _, model_admin in ADMINS
        for form_admin in [model_admin, *model_admin.inlines]
        for field in form_admin.autocomplete_fields
    }
)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(string.ascii_letters + string.digits + "-_.~%/?&=+;:@!$'()*, "),
        st.characters(codec="utf-8"),
    ),
    max_size=30,
)
# Values an address or a form may carry: text, numbers too large for any column, NUL bytes,
# digits that are not ASCII, and values that are nearly right.
VALUE = st.one_of(
    TEXT,
    st.integers().map(str),
    st.sampled_from(
        [
            "",
            "\x00",
            "a\x00b",
            "abc",
            "99999999999",
            "9" * 30,
            "-1",
            "0",
            "1",
            "²",
            "\u0661",
            "x" * 2000,
        ]
    ),
    st.sampled_from(["draft", "published", "2023", "12", "31", "9999", "True", "2023-08-01"]),
)
SEGMENT = st.one_of(st.sampled_from(["1", "abc", "_00", "9" * 30, "-1", "%00", "¹"]), TEXT)


def url(model, *parts):
    return "/".join(["/admin/missions", model._meta.model_name, *parts, ""])


@pytest.fixture
def editor_client(client, seeded, tmp_path):
    """Signed in as a member of the Editors group, made as docs/editors.md says: `create_editor`."""
    password = tmp_path / "password"
    password.write_text("Keep-the-record-true-2026\n", encoding="utf-8")
    call_command("create_editor", "editor", "--password-file", str(password), verbosity=0)
    client.force_login(get_user_model().objects.get(username="editor"))
    return client


def refused(response):
    """The page's message to the editor, for a 400."""
    assert response.status_code == HTTPStatus.BAD_REQUEST, response.status_code
    return response.context["message"]


def test_a_year_beyond_the_calendar_on_the_decision_list_is_a_bad_request(editor_client):
    response = editor_client.get(url(Decision), {"date__year": "99999999999"})
    message = refused(response)
    assert "date__year" in message
    assert "Choose filters in the Filter panel" in message
    assert "This list cannot be filtered" in response.text


def test_the_last_year_of_the_calendar_is_a_bad_request_too(editor_client):
    """Django's date drill-down looks for the year after it, which does not exist."""
    assert "date__year" in refused(editor_client.get(url(Decision), {"date__year": "9999"}))


def test_an_unknown_filter_is_a_bad_request_naming_it(editor_client):
    message = refused(editor_client.get(url(Decision), {"colour": "red"}))
    assert "colour" in message


@pytest.mark.parametrize(
    "query",
    [
        {"status__exact": "\x00"},
        {"mission__id__exact": "1\x00"},
        {"q": "police\x00"},
        {"\x00": "1"},
    ],
)
def test_a_nul_byte_in_a_list_address_is_a_bad_request(editor_client, query):
    message = refused(editor_client.get(url(Decision), query))
    assert "NUL character" in message


def test_a_nul_byte_in_an_autocomplete_term_is_a_bad_request(editor_client):
    query = {
        "app_label": "missions",
        "model_name": "decision",
        "field_name": "institutions",
        "term": "\x00",
    }
    assert "NUL character" in refused(editor_client.get("/admin/autocomplete/", query))


@pytest.mark.parametrize("parts", [["abc", "history"], ["_00", "history"], ["1", "history", "abc"]])
def test_history_addresses_that_name_no_record_are_not_found(editor_client, parts):
    decision = Decision.objects.get(slug="nmi-established")
    parts = [str(decision.pk) if part == "1" else part for part in parts]
    assert editor_client.get(url(Decision, *parts)).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    ("mission", "error"),
    [("abc", "Select a valid choice"), ("²", "Select a valid choice"), ("\x00", "Null characters")],
)
def test_a_relation_that_is_not_a_key_is_a_form_error(editor_client, mission, error):
    decision = Decision.objects.get(slug="nmi-established")
    change = url(Decision, str(decision.pk), "change")
    response = editor_client.post(change, form_data(editor_client.get(change), mission=mission))
    assert response.status_code == HTTPStatus.OK
    assert error in " ".join(response.context["adminform"].form.errors["mission"])
    decision.refresh_from_db()
    assert decision.mission.slug == "nmi"


def test_a_version_of_digits_that_are_not_ascii_is_refused_as_unknown(editor_client):
    decision = Decision.objects.get(slug="nmi-established")
    change = url(Decision, str(decision.pk), "change")
    data = form_data(editor_client.get(change), version="²", summary_en="Mine.")
    response = editor_client.post(change, data)
    assert response.status_code == HTTPStatus.OK
    assert "since you opened it" in " ".join(response.context["adminform"].form.non_field_errors())
    assert Decision.objects.get(pk=decision.pk).summary != "Mine."


@pytest.mark.parametrize("selected", ["abc", "\x00"])
def test_an_action_on_a_selection_that_is_not_a_key_is_a_bad_request(editor_client, selected):
    response = editor_client.post(
        url(Decision), {"action": "unpublish", "_selected_action": [selected]}
    )
    assert "selected" in refused(response)
    assert Decision.objects.published().count() == Decision.objects.count()


def answered(client, method, path, data):
    """The response to one request, with anything it changed rolled back; a 5xx fails."""
    with transaction.atomic():
        response = getattr(client, method)(path, data)
        transaction.set_rollback(True)
    assert response.status_code < 500, (method, path, data, response.status_code)
    return response


@pytest.fixture
def lists(editor_client):
    """Each list's query parameters (as its filters, drill-down and search box name them) and
    actions."""
    found = {}
    for model, _ in ADMINS:
        page = editor_client.get(url(model))
        changelist = page.context["cl"]
        names = [name for spec in changelist.filter_specs for name in spec.expected_parameters()]
        if changelist.date_hierarchy:
            names += [f"{changelist.date_hierarchy}__{part}" for part in ("year", "month", "day")]
        actions = page.context["action_form"].fields["action"].choices
        found[model] = (
            [*names, SEARCH_VAR, ORDER_VAR, PAGE_VAR, ALL_VAR, ERROR_FLAG],
            [name for name, _ in actions if name],
        )
    return found


@given(data=st.data())
@FUZZ
def test_no_list_filter_search_or_action_fails(editor_client, lists, data):
    model, _ = data.draw(st.sampled_from(ADMINS))
    parameters, actions = lists[model]
    names = st.sampled_from(parameters) | TEXT
    query = data.draw(st.dictionaries(names, VALUE | st.lists(VALUE, max_size=3), max_size=4))
    if data.draw(st.booleans()):
        answered(editor_client, "get", url(model), query)
        return
    keys = [str(pk) for pk in model.objects.values_list("pk", flat=True)[:3]]
    form = {
        "action": data.draw(st.sampled_from(actions) | VALUE),
        "_selected_action": data.draw(st.lists(st.sampled_from(keys) | VALUE, max_size=3)),
        "select_across": data.draw(st.sampled_from(["0", "1"]) | VALUE),
        "index": data.draw(st.sampled_from(["0"]) | VALUE),
        "post": data.draw(st.sampled_from(["yes", ""])),
    }
    answered(editor_client, "post", url(model) + "?" + quote_query(query), form)


def quote_query(query):
    return "&".join(
        f"{quote(name, safe='')}={quote(value, safe='')}"
        for name, values in query.items()
        for value in (values if isinstance(values, list) else [values])
    )


@given(data=st.data())
@FUZZ
def test_no_autocomplete_query_fails(editor_client, data):
    model_name, field_name = data.draw(st.sampled_from(AUTOCOMPLETES))
    query = {
        "app_label": data.draw(st.just("missions") | VALUE),
        "model_name": data.draw(st.just(model_name) | VALUE),
        "field_name": data.draw(st.just(field_name) | VALUE),
        "term": data.draw(VALUE),
        "page": data.draw(st.sampled_from(["1", "2"]) | VALUE),
    }
    answered(editor_client, "get", "/admin/autocomplete/", query)


@pytest.fixture
def filled_forms(editor_client):
    """Each admin's add form, and the change form and revert form of one of its records, as a
    browser sends them."""
    forms = {}
    for model, _ in ADMINS:
        record = model.objects.order_by("pk").first()
        version = str(record.history.first().history_id)
        for path in (
            url(model, "add"),
            url(model, str(record.pk), "change"),
            url(model, str(record.pk), "history", version),
        ):
            forms[path] = form_data(editor_client.get(path))
    return forms


@given(data=st.data())
@FUZZ
def test_no_form_input_fails(editor_client, filled_forms, data):
    path = data.draw(st.sampled_from(sorted(filled_forms)))
    sent = dict(filled_forms[path])
    changes = data.draw(
        st.dictionaries(
            st.sampled_from(sorted(sent)) | TEXT,
            VALUE | st.lists(VALUE, max_size=3),
            min_size=1,
            max_size=3,
        )
    )
    answered(editor_client, "post", path, {**sent, **changes})


@given(data=st.data())
@FUZZ
def test_no_record_address_fails(editor_client, data):
    model, _ = data.draw(st.sampled_from(ADMINS))
    record = str(model.objects.order_by("pk").values_list("pk", flat=True).first())
    key = data.draw(st.just(record) | SEGMENT)
    view = data.draw(
        st.sampled_from([["change"], ["delete"], ["history"]])
        | st.tuples(st.just("history"), SEGMENT).map(list)
    )
    path = url(model, *(quote(part, safe="") for part in [key, *view]))
    answered(editor_client, "get", path, {})
