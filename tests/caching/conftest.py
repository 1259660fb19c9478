"""Fixtures of the page-cache tests: the cache switched on (it is off in the test app by
default), a SQL statement counter, and the publication tests' call ready to publish."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from proposals.caching import pages
from proposals.extensions import db

# The mayor's office's selection, ready to publish, as the publication tests build it.
from tests.publication.conftest import mayor, officer, selecting  # noqa: F401

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def cache(app, monkeypatch):
    """The in-process page cache, switched on for this test and emptied after it."""
    monkeypatch.setitem(app.config, "CACHE_ENABLED", True)
    monkeypatch.delitem(app.config, "REDIS_URL", raising=False)
    backend = pages.reset(app)
    yield backend
    backend.clear()
    app.extensions.pop(pages.EXTENSION, None)


@pytest.fixture
def count_queries():
    """``with count_queries() as counted: ...``; then ``counted.n`` SQL statements ran."""

    class Counter:
        n = 0

    class Counting:
        def __enter__(self):
            self.counter = Counter()
            sa.event.listen(db.engine, "before_cursor_execute", self._count)
            return self.counter

        def __exit__(self, *exc):
            sa.event.remove(db.engine, "before_cursor_execute", self._count)

        def _count(self, *args, **kwargs):
            self.counter.n += 1

    return Counting


def without_tokens(html: str) -> str:
    return TOKEN.sub('name="csrf_token" value=""', html)
