"""Fixtures shared by the backup tests."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User

from missions.models import Decision


@pytest.fixture
def accounts(seeded):
    """A superuser and two editors, each with an entry in the admin log."""
    editors = Group.objects.get(name="Editors")
    admin = User.objects.create_superuser("admin", password="the administrator's passphrase")
    alice = User.objects.create_user("alice", password="alice's passphrase", is_staff=True)
    bob = User.objects.create_user("bob", password="bob's passphrase", is_staff=True)
    alice.groups.add(editors)
    bob.groups.add(editors)
    decision = Decision.objects.get(slug="nmi-established")
    for user in (admin, admin, alice, bob):
        LogEntry.objects.log_actions(user.pk, [decision], CHANGE, change_message="Edited.")
    return admin, alice, bob
