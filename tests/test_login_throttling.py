"""The admin login locks an address out after a few failed attempts (django-axes)."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client, override_settings
from django.urls import reverse

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", password=PASSWORD, is_staff=True, is_superuser=True
    )


def log_in(client, password, **headers):
    return client.post(
        reverse("admin:login"),
        {"username": "editor", "password": password, "next": reverse("admin:index")},
        headers=headers,
    )


def test_the_right_password_logs_an_editor_in(client, editor):
    response = log_in(client, PASSWORD)
    assert response.status_code == HTTPStatus.FOUND
    assert client.session[SESSION_KEY] == str(editor.pk)


def test_an_address_is_locked_out_after_the_failure_limit_even_with_the_right_password(
    client, editor
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "guess")
        assert response.status_code == HTTPStatus.OK
        assert "Please enter the correct username and password" in response.text
    assert log_in(client, "guess").status_code == HTTPStatus.TOO_MANY_REQUESTS

    locked = log_in(client, PASSWORD)
    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "too many" in locked.text.lower()
    assert SESSION_KEY not in client.session

    other_address = Client(REMOTE_ADDR="198.51.100.7")
    assert log_in(other_address, PASSWORD).status_code == HTTPStatus.FOUND


def test_a_successful_login_clears_earlier_failures(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "guess")
    assert log_in(client, PASSWORD).status_code == HTTPStatus.FOUND
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "guess").status_code == HTTPStatus.OK


@override_settings(
    AXES_IPWARE_PROXY_COUNT=1,
    AXES_IPWARE_PROXY_ORDER="right-most",
    AXES_IPWARE_META_PRECEDENCE_ORDER=["HTTP_X_FORWARDED_FOR"],
)
def test_behind_the_proxy_the_lockout_follows_the_client_not_a_spoofed_address(client, editor):
    """As DJANGO_TRUSTED_PROXY_COUNT=1 sets it: the proxy appends the real client's address."""
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        spoofed = f"192.0.2.{attempt}, 203.0.113.9"
        log_in(client, "guess", **{"X-Forwarded-For": spoofed})
    assert (
        log_in(client, PASSWORD, **{"X-Forwarded-For": "192.0.2.99, 203.0.113.9"}).status_code
        == HTTPStatus.TOO_MANY_REQUESTS
    )
    neighbour = log_in(Client(), PASSWORD, **{"X-Forwarded-For": "203.0.113.10"})
    assert neighbour.status_code == HTTPStatus.FOUND
