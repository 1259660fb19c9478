"""Public-page caching: validators (ETag, Last-Modified, 304) and a page cache for anonymous
visitors, in this process or in Redis, invalidated by a content version that every change to
public-facing data bumps in its own transaction (see ``versions``)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    # The model must be known to the metadata (create_all, Alembic) and the session
    # events registered before the first write.
    from proposals.caching import models, pages, versions  # noqa: F401

    pages.init_app(app)
