"""`manage.py create_editor USERNAME [--publisher]`: a staff account in the Editors group (and, with
``--publisher``, the Publishers group, whose members publish others' changes when review is on).

Editors change the record (content models) and nothing else: not accounts, not groups. The
password is asked for twice, or read from the first line of ``--password-file`` (for scripts),
and must pass the project's password validators.
"""

import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missions.editors.permissions import EDITORS_GROUP, PUBLISHERS_GROUP


class Command(BaseCommand):
    help = gettext_lazy(
        "Create a staff account in the Editors group, which may add, change, delete and view "
        "the record's content and nothing else. The password is asked for, or read from "
        "--password-file."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("The new account's username."))
        parser.add_argument("--email", default="", help=_("The editor's email address."))
        parser.add_argument(
            "--password-file",
            help=_("Read the password from the first line of this file instead of asking."),
        )
        parser.add_argument(
            "--publisher",
            action="store_true",
            help=_(
                "Also make the account a publisher (the Publishers group): with review on, "
                "publishers publish the changes other editors submit."
            ),
        )

    def handle(self, username, email, password_file, publisher=False, **options):
        group = Group.objects.filter(name=EDITORS_GROUP).first()
        if group is None:
            raise CommandError(
                _("The %(group)s group does not exist: run `manage.py migrate` first.")
                % {"group": EDITORS_GROUP}
            )
        User = get_user_model()
        if User._default_manager.filter(username=username).exists():
            raise CommandError(
                _(
                    "An account named %(username)r already exists: choose another username, or "
                    "change that account in the admin (Users)."
                )
                % {"username": username}
            )
        password = read_password(password_file) if password_file else self.ask_password()
        try:
            validate_password(password, User(username=username, email=email))
        except ValidationError as error:
            raise CommandError(
                _("The password was refused: %(reasons)s Choose another.")
                % {"reasons": " ".join(error.messages)}
            ) from error
        with transaction.atomic():
            user = User._default_manager.create_user(
                username=username, email=email, password=password, is_staff=True
            )
            user.groups.add(group)
            if publisher:
                user.groups.add(Group.objects.get_or_create(name=PUBLISHERS_GROUP)[0])
        if publisher:
            created = _(
                "Created the editor and publisher %(username)r: they can now log in to the admin "
                "(/admin/)."
            )
        else:
            created = _(
                "Created the editor %(username)r: they can now log in to the admin (/admin/)."
            )
        self.stdout.write(created % {"username": username})

    def ask_password(self):
        if not sys.stdin.isatty():
            raise CommandError(
                _("No terminal to ask for the password: give it with --password-file PATH.")
            )
        password = getpass.getpass(_("Password: "))
        if password != getpass.getpass(_("Password (again): ")):
            raise CommandError(_("The two passwords differ: run the command again."))
        return password


def read_password(path):
    try:
        with open(path, encoding="utf-8") as file:
            password = file.readline().rstrip("\r\n")
    except OSError as error:
        raise CommandError(
            _("Cannot read the password file %(path)s: %(error)s. Check the path.")
            % {"path": path, "error": error.strerror}
        ) from error
    if not password:
        raise CommandError(
            _("The password file %(path)s is empty: put the password on line 1.") % {"path": path}
        )
    return password
