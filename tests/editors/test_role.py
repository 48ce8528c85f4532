"""The Editors group and `manage.py create_editor`: editors change the record and nothing else."""

import re
from http import HTTPStatus

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from simple_history.models import HistoricalChanges

from missions.editors.management.commands.create_editor import EDITORS_GROUP
from missions.models import NOT_CONTENT, Decision
from tests.editors.forms import form_data

# Every model of the app but the history tables simple-history adds and those that are not
# content (the page cache's content version, draft changes).
RECORD_MODELS = [
    model
    for model in apps.get_app_config("missions").get_models()
    if not issubclass(model, HistoricalChanges) and model not in NOT_CONTENT
]
PASSWORD = "Keep-the-record-true-2026"


@pytest.fixture
def password_file(tmp_path):
    path = tmp_path / "password"
    path.write_text(PASSWORD + "\n", encoding="utf-8")
    return path


@pytest.fixture
def editor(db, password_file):
    call_command("create_editor", "editor", "--password-file", str(password_file), verbosity=0)
    return get_user_model().objects.get(username="editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_the_editors_group_may_add_change_delete_and_view_the_record_and_nothing_else(db):
    granted = {
        (p.content_type.app_label, p.content_type.model, p.codename.split("_")[0])
        for p in Group.objects.get(name=EDITORS_GROUP).permissions.select_related("content_type")
    }
    expected = {
        ("missions", model._meta.model_name, action)
        for model in RECORD_MODELS
        for action in ("add", "change", "delete", "view")
    }
    assert granted == expected


def test_the_record_models_are_the_ones_with_history():
    """Guards the list above: a model added later gets history (its permissions come with
    `migrate`, which the first test checks)."""
    names = {model.__name__ for model in RECORD_MODELS}
    assert names >= {"Mission", "Decision", "Institution", "Partner", "Source", "Citation"}
    for model in RECORD_MODELS:
        assert hasattr(model._meta, "simple_history_manager_attribute"), model


def test_migrate_gives_the_editors_group_back_exactly_its_permissions(db):
    editors = Group.objects.get(name=EDITORS_GROUP)
    before = set(editors.permissions.all())
    editors.permissions.remove(Permission.objects.get(codename="delete_decision"))
    editors.permissions.add(Permission.objects.get(codename="change_user"))
    call_command("migrate", verbosity=0)
    assert set(editors.permissions.all()) == before


def test_migrate_leaves_every_other_group_alone(db):
    reviewers = Group.objects.create(name="Reviewers")
    reviewers.permissions.add(Permission.objects.get(codename="view_decision"))
    call_command("migrate", verbosity=0)
    assert list(reviewers.permissions.values_list("codename", flat=True)) == ["view_decision"]


def test_create_editor_makes_a_staff_account_in_the_editors_group(editor):
    assert editor.is_staff
    assert not editor.is_superuser
    assert list(editor.groups.values_list("name", flat=True)) == [EDITORS_GROUP]
    assert editor.check_password(PASSWORD)
    assert editor.has_perm("missions.change_decision")
    assert not editor.has_perm("auth.change_user")


def test_create_editor_says_what_it_did(db, password_file, capsys):
    call_command("create_editor", "ana", "--password-file", str(password_file))
    assert "Created the editor 'ana'" in capsys.readouterr().out


def test_an_editor_logs_in_with_the_password_from_the_file(client, editor):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "editor", "password": PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == "/admin/"


@pytest.mark.parametrize(
    ("arguments", "file_text", "message"),
    [
        (["editor2"], "", "is empty: put the password on line 1"),
        (["editor2"], "short\n", "The password was refused: This password is too short"),
        (["editor"], PASSWORD, "already exists: choose another username"),
    ],
)
def test_create_editor_refuses_bad_input_and_says_why(
    editor, tmp_path, arguments, file_text, message
):
    path = tmp_path / "password"
    path.write_text(file_text, encoding="utf-8")
    accounts = get_user_model().objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("create_editor", *arguments, "--password-file", str(path))
    assert get_user_model().objects.count() == accounts


def test_create_editor_names_a_password_file_it_cannot_read(db, tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(CommandError, match=re.escape(f"Cannot read the password file {missing}")):
        call_command("create_editor", "ana", "--password-file", str(missing))


def test_create_editor_without_a_terminal_asks_for_a_password_file(db, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="--password-file"):
        call_command("create_editor", "ana")


def test_create_editor_asks_for_the_password_twice(db, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter([PASSWORD, PASSWORD + "typo"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="The two passwords differ"):
        call_command("create_editor", "ana")
    answers = iter([PASSWORD, PASSWORD])
    call_command("create_editor", "ana", verbosity=0)
    assert get_user_model().objects.get(username="ana").check_password(PASSWORD)


def test_create_editor_needs_the_editors_group(db, password_file):
    Group.objects.filter(name=EDITORS_GROUP).delete()
    with pytest.raises(CommandError, match=re.escape("run `manage.py migrate` first")):
        call_command("create_editor", "ana", "--password-file", str(password_file))


def test_an_editor_edits_the_record(editor_client, seeded):
    decision = Decision.objects.get(slug="nmi-established")
    url = f"/admin/missions/decision/{decision.pk}/change/"
    page = editor_client.get(url)
    assert page.status_code == HTTPStatus.OK
    response = editor_client.post(url, form_data(page, summary_en="Edited by an editor."))
    assert response.status_code == HTTPStatus.FOUND
    decision.refresh_from_db()
    assert decision.summary == "Edited by an editor."


@pytest.mark.parametrize(
    "url",
    [
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        "/admin/auth/group/",
        "/admin/auth/group/add/",
    ],
)
def test_an_editor_may_not_touch_accounts_or_groups(editor_client, url):
    assert editor_client.get(url).status_code == HTTPStatus.FORBIDDEN


def test_an_editors_admin_home_offers_the_record_only(editor_client):
    response = editor_client.get("/admin/")
    apps = {app["app_label"] for app in response.context["app_list"]}
    assert apps == {"missions"}


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/missions/decision/",
        "/admin/missions/decision/1/change/",
        "/admin/missions/decision/1/history/",
        "/admin/missions/decision/deleted/",
        "/admin/content-health/",
    ],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, db, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith("/admin/login/?next=")


def test_accounts_that_are_not_staff_cannot_log_in(client, db):
    get_user_model().objects.create_user("reader", password=PASSWORD)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "reader", "password": PASSWORD}
    )
    assert response.status_code == HTTPStatus.OK
    assert "Please enter the correct username and password for a staff account" in response.text
    assert client.get("/admin/").status_code == HTTPStatus.FOUND
