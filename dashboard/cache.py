"""The builders' cache: figures, page layouts and downloads are pure functions of their parameters, the
language and the package (a `Catalog` argument: its repr names the package version), so `@memoize` keeps
their results in flask-caching: per process by default (SimpleCache), in Redis when VIGIA_REDIS_URL is set
(then every worker shares them). `init` configures it on a server (dashboard.server.layer.install).

A Redis that is down is no cache: one warning when it goes, one line when it is back, and the builders run
as if there were no cache (never an error page); it is tried again every RETRY_S seconds. Outside an app
context (scripts, unit tests) the builders simply run.

Inside an app, a builder's result is kept, and returned, as Dash will send it: its components and figures
turned into the dicts and lists of their JSON (`plain`). Dash then writes a hit with the json module's C
encoder instead of calling every component's `to_plotly_json` through the Python encoder again; the answer's
bytes are the same. The per-process cache keeps that data as it is (`Kept`); Redis pickles it."""
from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from cachelib.serializers import SimpleSerializer
from dash.development.base_component import Component
from flask import Flask, current_app, has_app_context
from flask_caching import Cache
from flask_caching.backends.rediscache import RedisCache
from flask_caching.backends.simplecache import SimpleCache
from plotly.basedatatypes import BaseFigure

log = logging.getLogger("vigia.serve")
cache = Cache()
F = TypeVar("F", bound=Callable[..., Any])
REDIS_TIMEOUT_S = 7 * 24 * 3600
# Per process: entries expire after a long time rather than never, because cachelib's SimpleCache, once over
# its threshold, drops every entry that "never expires" at once; with an expiry it drops the oldest first.
PROCESS_TIMEOUT_S = 30 * 24 * 3600
RETRY_S = 30.0


class Counting:
    """Hits and misses of the memoized builders' lookups (`get`; the memoize versions use `get_many`)."""
    hits = misses = failures = 0
    kind = "process"

    def counted(self, value):
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value


class Kept(SimpleSerializer):
    """SimpleCache's serializer, keeping values as they are: a builder's result is plain data that nothing
    changes (see `memoize`), so a hit need not unpickle a copy of it."""
    def dumps(self, value, protocol=None):
        return value

    def loads(self, bvalue):
        return bvalue


class ProcessCache(Counting, SimpleCache):
    serializer = Kept()

    def get(self, key):
        return self.counted(super().get(key))

    def get_many(self, *keys):  # the memoize versions: not counted
        return [SimpleCache.get(self, key) for key in keys]


class SharedCache(Counting, RedisCache):
    """RedisCache that degrades to no cache while Redis is unreachable."""
    kind = "redis"
    down_until = 0.0
    down = False

    def _guard(self, default, call: Callable[[], Any]):
        if self.down and time.monotonic() < self.down_until:
            return default
        try:
            result = call()
        except Exception as exc:  # redis.ConnectionError, TimeoutError, OSError: all mean "no cache now"
            self.failures += 1
            if not self.down:
                log.warning("cache unavailable, serving without it: %s", exc)
            self.down, self.down_until = True, time.monotonic() + RETRY_S
            return default
        if self.down:
            log.warning("cache available again")
            self.down = False
        return result

    def get(self, key):
        value = self._guard(None, lambda: RedisCache.get(self, key))
        return self.counted(value)

    def get_many(self, *keys):
        return self._guard([None] * len(keys), lambda: RedisCache.get_many(self, *keys))

    def set(self, key, value, timeout=None):
        return self._guard(False, lambda: RedisCache.set(self, key, value, timeout))

    def set_many(self, mapping, timeout=None):
        return self._guard([], lambda: RedisCache.set_many(self, mapping, timeout))

    def add(self, key, value, timeout=None):
        return self._guard(False, lambda: RedisCache.add(self, key, value, timeout))

    def has(self, key):
        return self._guard(False, lambda: RedisCache.has(self, key))

    def delete(self, key):
        return self._guard(False, lambda: RedisCache.delete(self, key))

    def delete_many(self, *keys):
        return self._guard([], lambda: RedisCache.delete_many(self, *keys))

    def clear(self):
        return self._guard(False, lambda: RedisCache.clear(self))


def init(server: Flask, redis_url: str | None, items: int) -> Counting:
    """Configure the cache on `server`; returns its backend (kind, hits, misses, failures)."""
    if redis_url:
        config = {"CACHE_TYPE": f"{__name__}.SharedCache", "CACHE_REDIS_URL": redis_url, "CACHE_KEY_PREFIX": "vigia:",
                  "CACHE_DEFAULT_TIMEOUT": REDIS_TIMEOUT_S,
                  "CACHE_OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}}
    else:
        config = {"CACHE_TYPE": f"{__name__}.ProcessCache", "CACHE_THRESHOLD": items,
                  "CACHE_DEFAULT_TIMEOUT": PROCESS_TIMEOUT_S}
    cache.init_app(server, config=config)
    return backend(server)


def backend(server: Flask) -> Counting:
    return server.extensions["cache"][cache]


def _bypass() -> bool:
    return not has_app_context() or cache not in current_app.extensions.get("cache", {})


def plain(value):
    """`value` with every Dash component and plotly figure in it replaced by its JSON form (what the encoder
    Dash uses would make of it)."""
    if isinstance(value, (Component, BaseFigure)):
        return plain(value.to_plotly_json())
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(plain(v) for v in value)
    return value


_lock = threading.Lock()
_making: dict[tuple, list] = {}  # call -> [lock, users]


def memoize(f: F) -> F:
    """`f` cached by its arguments (a Catalog argument stands for its package version), its result `plain`.
    Concurrent calls with the same arguments wait for the first one instead of making the same result again."""
    @functools.wraps(f)
    def build(*args, **kwargs):
        return plain(f(*args, **kwargs))
    memoized = cache.memoize(unless=_bypass)(build)

    @functools.wraps(f)
    def call(*args, **kwargs):
        if _bypass():
            return f(*args, **kwargs)
        key = (f.__module__, f.__qualname__, repr(args), repr(sorted(kwargs.items())))
        with _lock:
            making = _making.setdefault(key, [threading.Lock(), 0])
            making[1] += 1
        try:
            with making[0]:
                return memoized(*args, **kwargs)
        finally:
            with _lock:
                making[1] -= 1
                if not making[1]:
                    _making.pop(key, None)
    call.uncached = f  # type: ignore[attr-defined]
    return call  # type: ignore[return-value]
