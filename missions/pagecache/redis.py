"""Django's own Redis cache backend, with one redis-py client per connection pool, short timeouts,
and a pause after a failure.

Django's ``RedisCacheClient.get_client()`` builds a new ``redis.Redis`` for every cache call, and
building one (redis-py fills a table of about 170 response callbacks) costs more CPU than the
cache hit itself: a cached page took twice the time of a bare view. A ``redis.Redis`` is safe to
share, as it takes a connection from its pool for each command, so one per pool is kept.

A Redis that accepts connections but does not answer (paused, swapping, a network fault) held
every request for seconds, as redis-py waits as long as the operating system lets it. Connecting
and reading time out after TIMEOUT_SECONDS here (Redis answers in well under a millisecond), and
after a connection failure or a timeout the process does not try that Redis again for
PAUSE_SECONDS: each cache call meanwhile fails at once with CachePaused, so the page cache renders
pages without waiting for it (missions.pagecache.middleware).
"""

import functools
import time

from django.core.cache.backends import redis
from redis.exceptions import ConnectionError, TimeoutError

TIMEOUT_SECONDS = 0.25
PAUSE_SECONDS = 5
# The clock that times the pauses (tests move it).
clock = time.monotonic
# Per process: when each Redis (by its server addresses) may be tried again after a failure.
paused_until = {}


class CachePaused(ConnectionError):
    """A cache call not made, because the cache failed moments ago."""


def paused_after_failure(method):
    """``method`` of the client, not attempted while its Redis is paused, and pausing it when
    it fails to connect or to answer in time."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        servers = tuple(self._servers)
        resume_at = paused_until.get(servers, 0)
        if clock() < resume_at:
            raise CachePaused(
                f"Redis at {', '.join(servers)} failed moments ago: not tried again for "
                f"{resume_at - clock():.1f} s"
            )
        try:
            return method(self, *args, **kwargs)
        except (ConnectionError, TimeoutError):
            paused_until[servers] = clock() + PAUSE_SECONDS
            raise

    return call


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return self._clients[index]


# Every command Django's backend sends goes through one of these.
for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(RedisCacheClient, _name, paused_after_failure(getattr(redis.RedisCacheClient, _name)))


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        options = {
            "socket_connect_timeout": TIMEOUT_SECONDS,
            "socket_timeout": TIMEOUT_SECONDS,
            **params.get("OPTIONS", {}),
        }
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = RedisCacheClient
