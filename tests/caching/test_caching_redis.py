"""The Redis backend, against the local Redis (127.0.0.1:6379); pages still served without it."""

from __future__ import annotations

import time
import uuid

import pytest

from proposals.caching import pages

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_cache(app, monkeypatch):
    """The page cache in Redis under a prefix of this test's own, deleted afterwards.

    Without Redis the test is skipped, which CI (CI=true) counts as a failure."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not running at {REDIS_URL}: {error}")
    prefix = f"kyodo-test-{uuid.uuid4().hex}:"
    monkeypatch.setitem(app.config, "CACHE_ENABLED", True)
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
    monkeypatch.setitem(app.config, "CACHE_KEY_PREFIX", prefix)
    pages.reset(app)
    yield client, prefix
    keys = list(client.scan_iter(match=prefix + "*"))
    if keys:
        client.delete(*keys)
    app.extensions.pop(pages.EXTENSION, None)
    client.close()


def test_pages_are_kept_in_redis_for_every_worker(app, client, clock, make_call, redis_cache):
    redis, prefix = redis_cache
    make_call("open", now=clock.now, title="Childcare call")
    assert client.get("/").headers["X-Kyodo-Cache"] == "miss"
    keys = list(redis.scan_iter(match=prefix + "*"))
    assert len(keys) == 1
    assert 0 < redis.ttl(keys[0]) <= app.config["CACHE_TTL"]
    pages.reset(app)  # another worker: nothing of the first one's memory
    response = client.get("/")
    assert response.headers["X-Kyodo-Cache"] == "hit"
    assert "Childcare call" in response.get_data(as_text=True)


def test_a_change_is_seen_through_redis_too(client, clock, make_call, redis_cache):
    call = make_call("open", now=clock.now, title="Old title")
    client.get(f"/calls/{call.id}")
    call.title = "New title"
    from proposals.extensions import db

    db.session.commit()
    response = client.get(f"/calls/{call.id}")
    assert response.headers["X-Kyodo-Cache"] == "miss"
    assert "New title" in response.get_data(as_text=True)


def test_pages_are_served_when_redis_is_down(app, client, clock, make_call, monkeypatch):
    monkeypatch.setitem(app.config, "CACHE_ENABLED", True)
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens
    pages.reset(app)
    try:
        make_call("open", now=clock.now, title="Childcare call")
        started = time.monotonic()
        for _ in range(3):
            response = client.get("/")
            assert response.status_code == 200
            assert "Childcare call" in response.get_data(as_text=True)
            assert response.headers["X-Kyodo-Cache"] == "miss"
        # Redis is left alone after a failure: no request waits for its timeout again.
        assert time.monotonic() - started < 2
    finally:
        app.extensions.pop(pages.EXTENSION, None)
