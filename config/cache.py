"""The cache settings from one URL, and an in-process cache bounded by bytes.

``CACHE_URL`` picks the cache:

    (unset) or locmem://     in each process, at most GLOSSA_CACHE_MAX_BYTES (default 64 MB)
    redis://host:port/db     shared by every process and machine (Django's own Redis backend)
    rediss://…, unix://…     the same over TLS or a socket
    dummy://                 no cache at all

Whole pages are large (a 1,000-line piece is ~0.5 MB of HTML), so counting entries says
nothing about memory: 2,000 entries grew gunicorn workers to 400–500 MB. This cache counts
the bytes it keeps and drops the least recently used entries when it is over its budget.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
# What Python spends on an entry besides its pickled bytes (key string, dict slots, expiry).
ENTRY_OVERHEAD = 200

_sizes: dict[str, dict[str, int]] = {}
_totals: dict[str, int] = {}


def caches_from_url(url: str, *, timeout: int = 24 * 3600) -> dict:
    """The CACHES setting for ``url`` (see the module's docstring)."""
    scheme = urlsplit(url).scheme if url else "locmem"
    if scheme in ("redis", "rediss", "unix"):
        default = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            # Several sites (or test runs) may share one Redis: each keeps to its own keys.
            "KEY_PREFIX": os.environ.get("GLOSSA_CACHE_PREFIX", "glossa"),
            # A Redis that is down should cost a request a second, not a worker's whole timeout.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    elif scheme == "locmem":
        default = {
            "BACKEND": "config.cache.BoundedMemoryCache",
            "LOCATION": "glossa",
            "OPTIONS": {"MAX_BYTES": int(os.environ.get("GLOSSA_CACHE_MAX_BYTES", DEFAULT_MAX_BYTES))},
        }
    elif scheme == "dummy":
        default = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    else:
        raise ImproperlyConfigured(f"CACHE_URL {url!r}: use redis://, rediss://, unix://, locmem:// or dummy://")
    default["TIMEOUT"] = timeout
    return {"default": default}


def cache_is_shared(caches: dict) -> bool:
    """True when every process sees the same cache (so sessions may be kept in it)."""
    return caches["default"]["BACKEND"].endswith("RedisCache")


class BoundedMemoryCache(LocMemCache):
    """Django's LocMemCache, bounded by the bytes of what it holds rather than by entries.

    LocMemCache keeps each value pickled, so its size is known exactly; eviction is least
    recently used, as LocMemCache already orders its entries.
    """

    def __init__(self, name, params):
        options = dict(params.get("OPTIONS") or {})
        self._max_bytes = int(options.pop("MAX_BYTES", DEFAULT_MAX_BYTES))
        # Entries are never culled by count: only the byte budget applies.
        options["MAX_ENTRIES"] = 2**62
        super().__init__(name, {**params, "OPTIONS": options})
        self._sizes = _sizes.setdefault(name, {})
        _totals.setdefault(name, 0)
        self._name = name

    @property
    def size_in_bytes(self) -> int:
        return _totals[self._name]

    def _account(self, key: str, size: int) -> None:
        _totals[self._name] += size - self._sizes.pop(key, 0)
        if size:
            self._sizes[key] = size

    def _set(self, key, value, timeout=None):
        size = len(key) + len(value) + ENTRY_OVERHEAD
        if size > self._max_bytes:
            self._delete(key)  # larger than the whole budget: not kept, and no stale copy either
            return
        self._account(key, 0)
        while self._cache and _totals[self._name] + size > self._max_bytes:
            oldest, _ = self._cache.popitem()  # the end holds the least recently used
            self._expire_info.pop(oldest, None)
            self._account(oldest, 0)
        super()._set(key, value, timeout)
        self._account(key, size)

    def _delete(self, key):
        self._account(key, 0)
        return super()._delete(key)

    def _cull(self):  # never reached (MAX_ENTRIES is unbounded); kept consistent all the same
        super()._cull()
        for key in [key for key in self._sizes if key not in self._cache]:
            self._account(key, 0)

    def incr(self, key, delta=1, version=None):
        value = super().incr(key, delta, version)
        internal = self.make_and_validate_key(key, version=version)
        with self._lock:
            if internal in self._cache:
                self._account(internal, len(internal) + len(self._cache[internal]) + ENTRY_OVERHEAD)
        return value

    def clear(self):
        super().clear()
        with self._lock:
            self._sizes.clear()
            _totals[self._name] = 0
