"""Who a login attempt comes from, as django-axes counts it (settings.py's AUTHENTICATION_BACKENDS,
AXES_CLIENT_IP_CALLABLE and AXES_USERNAME_CALLABLE).

The address. Each of the DJANGO_TRUSTED_PROXY_COUNT proxies in front of gunicorn appends the
address it received the request from to X-Forwarded-For (nginx's `$proxy_add_x_forwarded_for`),
so the client's address is the entry that many places from the right; anything left of it the
client wrote itself and may be forged. django-ipware, axes' default, counts proxies as entries
after the client's, which this header does not have: behind one nginx it found no address in a
visitor's one-entry header, and axes counted every such attempt under one empty address, so five
failures locked out every editor at once. A login whose address cannot be read this way did not
come through the configured proxies: it is refused, not counted in a bucket shared with every
other.
"""

import ipaddress

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import SuspiciousOperation

USERNAME_LENGTH = AccessAttempt._meta.get_field("username").max_length


class UnknownClientAddress(SuspiciousOperation):
    """Django answers 400 and logs the message (logger django.security.UnknownClientAddress)."""


def find_client_address(request):
    """The client's address, or None; and where it was looked for, for the refusal's message."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        entries = [entry.strip() for entry in header.split(",")] if header else []
        candidate = entries[-proxies] if len(entries) >= proxies else None
        where = (
            f"X-Forwarded-For {header!r} with DJANGO_TRUSTED_PROXY_COUNT={proxies}, which needs "
            f"at least {proxies} address(es) there, one appended by each proxy"
        )
    else:
        candidate = request.META.get("REMOTE_ADDR")
        where = f"the connection's address {candidate!r} (DJANGO_TRUSTED_PROXY_COUNT=0)"
    try:
        return str(ipaddress.ip_address(candidate)), where
    except ValueError:
        return None, where


def client_ip_address(request):
    return find_client_address(request)[0]


class LoginThrottlingBackend(AxesStandaloneBackend):
    """axes' backend, which first refuses (400) a login whose client address is unknown, before
    axes would count it. Logging out never needs the address, so it is never refused."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None:
            address, where = find_client_address(request)
            if address is None:
                raise UnknownClientAddress(
                    f"Login refused: no client address in {where}. Failed logins are counted "
                    "per client address, and this one could only be counted with others'."
                )
        return super().authenticate(request, username, password, **kwargs)


def client_username(request, credentials):
    """The username as axes reads it by default, cut to the length its attempt log keeps: a
    longer one made PostgreSQL refuse to record the attempt, a 500 with the failure uncounted."""
    if credentials:
        username = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        username = getattr(request, "data", request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    return username[:USERNAME_LENGTH] if username else username
