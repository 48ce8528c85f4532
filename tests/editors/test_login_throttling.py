"""The admin login locks an address out after a few failed attempts (django-axes)."""

import logging
from http import HTTPStatus

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client, override_settings
from django.urls import reverse

from tests.test_settings import run_with

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", password=PASSWORD, is_staff=True, is_superuser=True
    )


def log_in(client, password, username="editor", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
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


def forwarded_for(addresses):
    """The X-Forwarded-For header as the proxies in front of gunicorn leave it."""
    return {"X-Forwarded-For": addresses}


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_a_visitor_s_failures_lock_out_that_visitor_and_nobody_else(editor):
    """nginx's $proxy_add_x_forwarded_for: a visitor who sends no header arrives with their own
    address as its only entry, and every request comes from the proxy's address."""
    visitor, colleague = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(visitor, "guess", **forwarded_for("203.0.113.9"))
    assert log_in(visitor, PASSWORD, **forwarded_for("203.0.113.9")).status_code == (
        HTTPStatus.TOO_MANY_REQUESTS
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.9"]

    response = log_in(colleague, PASSWORD, **forwarded_for("198.51.100.20"))
    assert response.status_code == HTTPStatus.FOUND
    assert colleague.session[SESSION_KEY] == str(editor.pk)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_a_forged_x_forwarded_for_neither_escapes_nor_spreads_a_lockout(editor):
    """Whatever a client writes into the header stands left of what the proxy appends."""
    attacker, colleague = Client(), Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(attacker, "guess", **forwarded_for(f"192.0.2.{attempt}, 203.0.113.9"))
    posing_as_colleague = forwarded_for("198.51.100.20, 203.0.113.9")
    assert log_in(attacker, PASSWORD, **posing_as_colleague).status_code == (
        HTTPStatus.TOO_MANY_REQUESTS
    )
    forging_attacker = forwarded_for("203.0.113.9, 198.51.100.20")
    assert log_in(colleague, PASSWORD, **forging_attacker).status_code == HTTPStatus.FOUND


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_client_is_the_address_the_outer_proxy_appended(editor):
    """A load balancer, then nginx: nginx appends the load balancer's address after the client's."""
    attacker, colleague = Client(), Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(attacker, "guess", **forwarded_for(f"192.0.2.{attempt}, 203.0.113.9, 10.0.0.2"))
    assert log_in(attacker, PASSWORD, **forwarded_for("203.0.113.9, 10.0.0.2")).status_code == (
        HTTPStatus.TOO_MANY_REQUESTS
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.9"]
    assert log_in(colleague, PASSWORD, **forwarded_for("198.51.100.20, 10.0.0.2")).status_code == (
        HTTPStatus.FOUND
    )


@pytest.mark.parametrize(
    ("proxies", "headers"),
    [
        (1, {}),
        (1, forwarded_for("unknown")),
        (2, forwarded_for("203.0.113.9")),
    ],
    ids=["no header", "not an address", "fewer entries than proxies"],
)
def test_a_login_whose_address_cannot_be_determined_is_refused_and_counted_for_nobody(
    editor, caplog, proxies, headers
):
    """Such a request did not come through the configured proxies: recording it without an
    address would put it in one bucket with every other such request, so it is refused."""
    with override_settings(TRUSTED_PROXY_COUNT=proxies), caplog.at_level(logging.ERROR):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            assert log_in(Client(), "guess", **headers).status_code == HTTPStatus.BAD_REQUEST
        assert log_in(Client(), PASSWORD, **headers).status_code == HTTPStatus.BAD_REQUEST
        assert not AccessAttempt.objects.exists()
        assert "DJANGO_TRUSTED_PROXY_COUNT" in caplog.text

        through_the_proxies = forwarded_for(
            ", ".join(["198.51.100.20"] + ["10.0.0.2"] * (proxies - 1))
        )
        assert log_in(Client(), PASSWORD, **through_the_proxies).status_code == HTTPStatus.FOUND


CLIENT_ADDRESS_PROBE = """
import django
django.setup()
from axes.helpers import get_client_ip_address
from django.test import RequestFactory
for header in ("203.0.113.10", "192.0.2.1, 203.0.113.9"):
    print(get_client_ip_address(RequestFactory().post("/", HTTP_X_FORWARDED_FOR=header)))
"""


def test_django_trusted_proxy_count_1_takes_the_address_the_proxy_appended():
    result = run_with(
        DJANGO_DEBUG="true", DJANGO_TRUSTED_PROXY_COUNT="1", code=CLIENT_ADDRESS_PROBE
    )
    assert result.stdout.split() == ["203.0.113.10", "203.0.113.9"], result.stderr


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_logging_out_works_even_when_the_address_cannot_be_determined(client, editor):
    client.force_login(editor)
    assert client.post(reverse("admin:logout")).status_code == HTTPStatus.OK
    assert SESSION_KEY not in client.session


def test_a_username_too_long_to_record_is_an_ordinary_failed_login_and_is_counted(client, editor):
    """django-axes keeps at most 255 characters of a username; PostgreSQL refused longer ones."""
    long_name = "editor" + "x" * 300
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "guess", username=long_name)
        assert response.status_code == HTTPStatus.OK
        assert "Please enter the correct username and password" in response.text
    assert log_in(client, "guess", username=long_name).status_code == HTTPStatus.TOO_MANY_REQUESTS

    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT
    assert attempt.username == long_name[:255]
    assert log_in(client, PASSWORD).status_code == HTTPStatus.TOO_MANY_REQUESTS
