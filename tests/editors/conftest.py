"""Fixtures the editors' tests share."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client


@pytest.fixture
def editors(client, db):
    """Two staff accounts, ana and ben, with their own browsers."""
    users = [
        get_user_model().objects.create_superuser(name, password="x") for name in ("ana", "ben")
    ]
    clients = [client, Client()]
    for browser, user in zip(clients, users, strict=True):
        browser.force_login(user)
    return clients
