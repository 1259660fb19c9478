"""Where cached pages are kept: in this process (LRU within a byte budget) or in Redis.

Keys already carry the content version, so nothing is ever invalidated here: entries of an
old version are simply never asked for again and age out (LRU order, or Redis's TTL).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import Protocol

log = logging.getLogger(__name__)


class CacheBackend(Protocol):
    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, value: bytes, ttl: int) -> None: ...

    def clear(self) -> None: ...


class MemoryCache:
    """A least-recently-used cache of this process, bounded in bytes, thread-safe."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires, value = entry
            if expires < time.monotonic():
                self._remove(key)
                return None
            self._entries.move_to_end(key)
            return value

    def set(self, key: str, value: bytes, ttl: int) -> None:
        cost = self._cost(key, value)
        # One page must not push out most of the others.
        if cost > self.max_bytes // 4:
            return
        with self._lock:
            if key in self._entries:
                self._remove(key)
            self._entries[key] = (time.monotonic() + ttl, value)
            self.size += cost
            while self.size > self.max_bytes:
                self._remove(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = 0

    def __len__(self) -> int:
        return len(self._entries)

    def _remove(self, key: str) -> None:
        _expires, value = self._entries.pop(key)
        self.size -= self._cost(key, value)

    @staticmethod
    def _cost(key: str, value: bytes) -> int:
        return len(value) + len(key) + 100  # the bookkeeping's own bytes, roughly


class RedisCache:
    """Redis shared by every worker. It fails open: when Redis cannot be reached the page is
    rendered as if nothing were cached, and Redis is left alone for a few seconds so that
    requests do not each wait for its timeout."""

    RETRY_AFTER = 5.0

    def __init__(self, url: str, prefix: str, timeout: float = 0.1):
        import redis

        self.prefix = prefix
        self._errors = (redis.RedisError, OSError)
        self._client = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout
        )
        self._down_until = 0.0

    def get(self, key: str) -> bytes | None:
        if self._resting():
            return None
        try:
            return self._client.get(self.prefix + key)
        except self._errors as error:
            self._failed(error)
            return None

    def set(self, key: str, value: bytes, ttl: int) -> None:
        if self._resting():
            return
        try:
            self._client.set(self.prefix + key, value, ex=ttl)
        except self._errors as error:
            self._failed(error)

    def clear(self) -> None:
        """Delete this prefix's keys (tests; an operator after a deploy)."""
        try:
            keys = list(self._client.scan_iter(match=self.prefix + "*", count=500))
            for start in range(0, len(keys), 500):
                self._client.delete(*keys[start : start + 500])
        except self._errors as error:
            self._failed(error)

    def _resting(self) -> bool:
        return time.monotonic() < self._down_until

    def _failed(self, error: Exception) -> None:
        self._down_until = time.monotonic() + self.RETRY_AFTER
        log.warning("page cache: Redis unavailable, serving uncached pages: %s", error)
