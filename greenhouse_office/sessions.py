"""Sessions: the database is the record, a copy in Redis spares the read (settings: SESSION_ENGINE).

Django's ``cached_db`` reads a session from the cache and only goes to the database on a miss, which
saves one query on every signed-in request. Through the shared cache as it is, a Redis outage would
make each process keep copies in its own fallback cache (greenhouse_office.cache): a sign-out in one
gunicorn worker would not remove another worker's copy, so the signed-out cookie would still work
there. This store therefore never uses the fallback: while Redis is unreachable it reads and writes
the database only, as the ``db`` engine does, at the cost of the query it otherwise saves.

A write made while Redis is unreachable cannot update or remove the Redis copy, and Redis may keep its
data through the outage. Two things bound how long such a copy outlives the change: the process
removes it as soon as it reaches Redis again, and every copy expires after SESSION_CACHE_SECONDS,
whatever the session's own age. Another process may read the copy before the first removes it, so a
sign-out made during an outage can be outlived by SESSION_CACHE_SECONDS at most (and only if Redis
kept its data).
"""

import threading

from asgiref.sync import sync_to_async
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.core.cache.backends.redis import RedisCache

from greenhouse_office.cache import UNREACHABLE, FailOpenRedisCache

# The longest a copy lives in Redis (seconds). A signed-in person's session is read from the database
# again at most this often: one query in every few hundred requests.
SESSION_CACHE_SECONDS = 5 * 60

# Keys whose Redis copy a write could not update (Redis unreachable): removed once it is reachable.
_stale_keys: set[str] = set()
_stale_lock = threading.Lock()


class SessionStore(CachedDBStore):
    """``cached_db`` over Redis only: the database whenever Redis cannot be reached, never the fallback."""

    def _redis(self, name: str, *args):
        """RedisCache.<name> on the shared cache; (False, None) if Redis is not reachable now."""
        cache = self._cache
        if not isinstance(cache, FailOpenRedisCache):
            return True, getattr(cache, name)(*args)  # another cache (a test's): as cached_db does
        if cache.outage.skip_redis():
            return False, None
        try:
            if _stale_keys:
                self._remove_stale_copies(cache)
            result = getattr(RedisCache, name)(cache, *args)
        except UNREACHABLE as error:
            cache.outage.failed(error)
            return False, None
        cache.outage.recovered()
        return True, result

    @staticmethod
    def _remove_stale_copies(cache) -> None:
        with _stale_lock:
            keys = list(_stale_keys)
        RedisCache.delete_many(cache, keys)
        with _stale_lock:
            _stale_keys.difference_update(keys)

    def _cache_timeout(self, **kwargs) -> int:
        return min(self.get_expiry_age(**kwargs), SESSION_CACHE_SECONDS)

    def _copy(self, key: str, data) -> None:
        """Put ``data`` in Redis under ``key`` (``None``: remove it); remembered if Redis is down."""
        if data is None:
            reached, _ = self._redis("delete", key)
        else:
            reached, _ = self._redis("set", key, data, self._cache_timeout())
        if not reached:
            with _stale_lock:
                _stale_keys.add(key)

    def load(self):
        reached, data = self._redis("get", self.cache_key)
        if data is not None:
            return data
        session = self._get_session_from_db()
        if session is None:
            return {}
        data = self.decode(session.session_data)
        if reached:
            self._redis("set", self.cache_key, data, self._cache_timeout(expiry=session.expire_date))
        return data

    def exists(self, session_key):
        if session_key:
            reached, found = self._redis("has_key", self.cache_key_prefix + session_key)
            if reached and found:
                return True
        return super(CachedDBStore, self).exists(session_key)

    def save(self, must_create=False):
        super(CachedDBStore, self).save(must_create)
        self._copy(self.cache_key, self._session)

    def delete(self, session_key=None):
        super(CachedDBStore, self).delete(session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self._copy(self.cache_key_prefix + session_key, None)

    # The async API (ASGI) takes the same paths, so it never reaches the fallback either.
    async def aload(self):
        return await sync_to_async(self.load)()

    async def aexists(self, session_key):
        return await sync_to_async(self.exists)(session_key)

    async def asave(self, must_create=False):
        await sync_to_async(self.save)(must_create)

    async def adelete(self, session_key=None):
        await sync_to_async(self.delete)(session_key)
