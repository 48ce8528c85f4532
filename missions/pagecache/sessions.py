"""Django's database sessions, with keys the site can tell from made-up ones without a query.

The public page cache (``middleware``) serves a stored page to anyone not signed in. A
session cookie alone does not say whether its sender is: anyone can send any value, and looking
it up costs a database query, which a request with a made-up cookie would then cost every time.
Each key made here ends in a MAC of its random part, keyed with SECRET_KEY, so ``is_issued()``
tells a key this site issued from any other by computation alone. Only signed-in editors get
sessions (nothing writes one for an anonymous visitor), so an issued key stands for an editor;
the sessions themselves are Django's, stored in the database and ended there at logout.
"""

from django.conf import settings
from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac

# 24 random characters of 36 (124 bits) and 16 hex digits of MAC (64 bits): the 40 characters
# django_session.session_key holds.
RANDOM_LENGTH = 24
MAC_LENGTH = 16
SALT = "missions.pagecache.sessions"


def mac(random_part, secret):
    return salted_hmac(SALT, random_part, secret=secret, algorithm="sha256").hexdigest()[
        :MAC_LENGTH
    ]


def is_issued(session_key):
    """Whether ``session_key`` is one this site made (with its secret key, or a former one
    still listed in SECRET_KEY_FALLBACKS)."""
    if len(session_key) != RANDOM_LENGTH + MAC_LENGTH:
        return False
    random_part, given = session_key[:RANDOM_LENGTH], session_key[RANDOM_LENGTH:]
    return any(
        constant_time_compare(mac(random_part, secret), given)
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    )


class SessionStore(db.SessionStore):
    def _get_new_session_key(self):
        while True:
            random_part = get_random_string(RANDOM_LENGTH, VALID_KEY_CHARS)
            session_key = random_part + mac(random_part, settings.SECRET_KEY)
            if not self.exists(session_key):
                return session_key
