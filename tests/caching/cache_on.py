"""A pytest plugin that runs any part of the suite with the page cache switched on, to show
that caching changes no page a test checks:

    .venv/bin/pytest -p tests.caching.cache_on tests/public tests/publication tests/projects
"""

import pytest

from proposals.caching import pages


@pytest.fixture(autouse=True)
def _page_cache_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "CACHE_ENABLED", True)
    backend = pages.reset(app)
    yield
    backend.clear()
    app.extensions.pop(pages.EXTENSION, None)
