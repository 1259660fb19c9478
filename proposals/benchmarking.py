"""Routes for the page benchmark only (tests/benchmarks/bench_pages.py): the framework's limit.

``GET /_bench/body/<size>`` answers a pre-built HTML body of ``size`` bytes through the
same application (its middleware, session loading and security headers), with no database
work: the fastest a page of that size can be served. Registered only when
``BENCHMARK_ROUTES`` is true (environment KYODO_BENCHMARK_ROUTES=1), never in production.
"""

from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, Flask, Response, abort

bp = Blueprint("benchmarking", __name__)

# No page is larger; a bigger size is a mistake, not a benchmark.
MAX_BODY = 8 * 1024 * 1024


@lru_cache(maxsize=64)
def _body(size: int) -> bytes:
    head = b"<!doctype html><html><body><p>"
    tail = b"</p></body></html>\n"
    if size < len(head) + len(tail):
        return b"x" * size
    return head + b"x" * (size - len(head) - len(tail)) + tail


@bp.get("/_bench/body/<int:size>")
def body(size: int):
    if size > MAX_BODY:
        abort(404)
    return Response(_body(size), content_type="text/html; charset=utf-8")


def init_app(app: Flask) -> None:
    if app.config.get("BENCHMARK_ROUTES"):
        app.register_blueprint(bp)
