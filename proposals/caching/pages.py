"""Serving public pages from the cache, with validators, through request hooks.

Only anonymous GET/HEAD requests to the public endpoints below are candidates: logged-in
visitors are never served a shared page (their responses are ``private``). A page is kept
only when it is a 200, the request changed nothing in the visitor's session and the page holds
no CSRF token (a form's token belongs to one session; public pages carry none, the footer's
language form is exempt). Visitors with a message to show (a flash) are neither served nor
stored.

Key: the URL (host and query string included), the language, the content version and the
latest call boundary passed (a call's phase, and so which proposals are public, moves with the
clock). ETag: the key. Last-Modified: when the version last changed, or that boundary if later.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging

from flask import Flask, current_app, g, request, session
from flask_babel import get_locale
from sqlalchemy.exc import SQLAlchemyError

from proposals.caching.backends import CacheBackend, MemoryCache, RedisCache
from proposals.caching.versions import ContentState, read_state
from proposals.database import utcnow
from proposals.extensions import db

log = logging.getLogger(__name__)

# Pages that every anonymous visitor sees alike. Unknown names (a blueprint not yet
# registered) are harmless.
PUBLIC_ENDPOINTS = frozenset(
    {
        "public.home",
        "calls.view",
        "submissions.view",
        "projects.view",
        "projects.history",
        "dashboards.projects",
        "dashboards.call_results",
        "dashboards.programme",
        "dashboards.indicator_chart",
        "opendata.index",
        "search.index",
        "search.results",
        "search.search",
    }
)
CACHEABLE_TYPES = ("text/html", "image/svg+xml", "application/json")
# Set again on each response, or by the hooks that run after this one.
UNSTORED_HEADERS = frozenset(
    {"set-cookie", "content-length", "vary", "etag", "last-modified", "cache-control", "date"}
)
# Pages of the account itself: not even the visitor's own browser keeps them.
NO_STORE_BLUEPRINTS = frozenset({"accounts", "admin"})
CSRF_FIELD = "csrf_token"
# A token made for a form not on the page; Flask-Login marks an anonymous session not fresh.
IMPERSONAL_SESSION_KEYS = frozenset({CSRF_FIELD, "_fresh"})
EXTENSION = "kyodo_page_cache"
_CANDIDATE = "_kyodo_page_candidate"


@dataclasses.dataclass
class Candidate:
    key: str
    state: ContentState
    session_before: dict
    served: bool = False


def init_app(app: Flask) -> None:
    app.config.setdefault("CACHE_ENABLED", None)
    app.before_request(_serve_from_cache)
    app.after_request(_finish_response)


def enabled(app: Flask) -> bool:
    """``CACHE_ENABLED``; unset (None), the cache is on except in tests (``TESTING``)."""
    setting = app.config.get("CACHE_ENABLED")
    return (not app.testing) if setting is None else bool(setting)


def backend(app: Flask) -> CacheBackend:
    if EXTENSION not in app.extensions:
        reset(app)
    return app.extensions[EXTENSION]


def reset(app: Flask) -> CacheBackend:
    """(Re)build the backend from the configuration: Redis when ``REDIS_URL`` is set."""
    if app.config.get("REDIS_URL"):
        chosen: CacheBackend = RedisCache(app.config["REDIS_URL"], app.config["CACHE_KEY_PREFIX"])
    else:
        chosen = MemoryCache(app.config["CACHE_MAX_BYTES"])
    app.extensions[EXTENSION] = chosen
    return chosen


# --- the hooks ------------------------------------------------------------------------------


def _serve_from_cache():
    g.pop(_CANDIDATE, None)  # requests can share an app context (tests, some CLI code)
    app = current_app._get_current_object()
    if (
        request.method not in ("GET", "HEAD")
        or request.endpoint not in PUBLIC_ENDPOINTS
        or not enabled(app)
        or _has_login_state()
        or "_flashes" in session
    ):
        return None
    try:
        state = read_state(db.session, utcnow())
    except SQLAlchemyError:
        # Not migrated yet, or the database is away: the view will say so itself.
        db.session.rollback()
        log.exception("page cache: could not read the content version")
        return None
    url = request.host_url + request.path
    if request.query_string:
        url += "?" + request.query_string.decode("latin-1")
    digest = hashlib.sha256(
        "\n".join((state.token, str(get_locale()), url)).encode("utf-8")
    ).hexdigest()[:40]
    # A token left on ``g`` by another request must not be taken for this visitor's.
    g.pop(CSRF_FIELD, None)
    candidate = Candidate(key=digest, state=state, session_before=dict(session))
    setattr(g, _CANDIDATE, candidate)

    if request.if_none_match:
        if request.if_none_match.contains_weak(_etag(candidate)):
            return _not_modified_response(candidate)
    elif _unchanged_since(candidate):
        return _not_modified_response(candidate)
    raw = backend(app).get(candidate.key)
    if raw is None:
        return None
    try:
        status, headers, body = _decode(raw)
    except (ValueError, KeyError, TypeError):
        log.warning("page cache: unreadable entry %s, rendering the page", candidate.key)
        return None
    candidate.served = True
    response = app.response_class(body, status=status, headers=headers)
    response.headers["X-Kyodo-Cache"] = "hit"
    return response


def _finish_response(response):
    candidate: Candidate | None = g.pop(_CANDIDATE, None)
    if candidate is None:
        _private_by_default(response)
        return response
    response.vary.add("Cookie")
    response.vary.add("Accept-Language")
    if candidate.served or response.status_code == 304:
        _validators(response, candidate)
        return response
    if _storable(response, candidate):
        _store(response, candidate)
        response.headers["X-Kyodo-Cache"] = "miss"
        _validators(response, candidate)
    else:
        _private_by_default(response)
    return response


# --- helpers --------------------------------------------------------------------------------


def _has_login_state() -> bool:
    """A session or remember cookie that may hold a user: never a shared page."""
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return "_user_id" in session or remember in request.cookies


def _private_by_default(response) -> None:
    if "Cache-Control" in response.headers:
        return
    if request.blueprint in NO_STORE_BLUEPRINTS:
        response.headers["Cache-Control"] = "private, no-store"
    else:
        response.headers["Cache-Control"] = "private, no-cache"


def _settled_last_modified(state: ContentState) -> dt.datetime | None:
    """Last-Modified has one-second precision: announce it only once its second is over,
    or a second change within the same second would look unmodified."""
    moment = state.last_modified
    if moment is None:
        return None
    moment = moment.replace(microsecond=0)
    return moment if utcnow() >= moment + dt.timedelta(seconds=1) else None


def _etag(candidate: Candidate) -> str:
    return candidate.key


def _unchanged_since(candidate: Candidate) -> bool:
    since = request.if_modified_since
    modified = _settled_last_modified(candidate.state)
    return since is not None and modified is not None and modified <= since


def _not_modified_response(candidate: Candidate):
    candidate.served = True
    return current_app.response_class(status=304)


def _validators(response, candidate: Candidate) -> None:
    response.set_etag(_etag(candidate), weak=True)
    modified = _settled_last_modified(candidate.state)
    if modified is not None:
        response.last_modified = modified
    # Anyone may keep it, but must ask (cheaply, with the validators) before reusing it.
    response.headers["Cache-Control"] = "no-cache"


def _storable(response, candidate: Candidate) -> bool:
    if response.status_code != 200 or response.is_streamed or response.direct_passthrough:
        return False
    if not (response.mimetype or "").startswith(CACHEABLE_TYPES):
        return False
    if "Set-Cookie" in response.headers:
        return False
    token = g.get(CSRF_FIELD)
    if token and token.encode("ascii") in response.get_data():
        # A form for this visitor's session only.
        return False
    # Anything else the request put in the session (a flash, a choice) makes it personal.
    return _personal(session) == _personal(candidate.session_before)


def _personal(values) -> dict:
    return {key: value for key, value in values.items() if key not in IMPERSONAL_SESSION_KEYS}


def _store(response, candidate: Candidate) -> None:
    body = response.get_data()
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in UNSTORED_HEADERS
        and not name.lower().startswith(("x-kyodo", "x-ratelimit", "retry-after"))
    ]
    backend(current_app).set(
        candidate.key,
        _encode(response.status_code, headers, body),
        current_app.config["CACHE_TTL"],
    )


def _encode(status: int, headers: list, body: bytes) -> bytes:
    meta = json.dumps({"status": status, "headers": headers})
    return meta.encode("utf-8") + b"\n" + body


def _decode(raw: bytes):
    meta, _, body = raw.partition(b"\n")
    fields = json.loads(meta)
    return fields["status"], [tuple(pair) for pair in fields["headers"]], body
