"""The public home: how the Citizen Partnership works and its calls; the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from proposals.accounts.auth import is_safe_next
from proposals.calls import queries
from proposals.database import utcnow
from proposals.extensions import csrf, db

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    now = utcnow()
    past = db.paginate(queries.past_calls(now), per_page=current_app.config["PER_PAGE"])
    # One query for both lists, split and ordered as open_calls and upcoming_calls order them.
    coming = db.session.scalars(queries.open_and_upcoming_calls(now)).all()
    open_calls = sorted((c for c in coming if c.opens_at <= now), key=lambda c: (c.closes_at, c.id))
    upcoming = sorted((c for c in coming if c.opens_at > now), key=lambda c: (c.opens_at, c.id))
    return render_template(
        "public/home.html",
        open_calls=open_calls,
        upcoming_calls=upcoming,
        past=past,
        public_counts=queries.public_proposal_counts([call.id for call in past.items], now),
    )


@bp.post("/language")
@csrf.exempt
def set_language():
    """Remember the chosen interface language, then go back to the page the form was on.

    Exempt from CSRF: another site can at worst switch a visitor's language, and without a
    token in the footer every public page is the same for all anonymous visitors (cacheable).
    """
    locale = request.form.get("locale", "")
    if locale not in current_app.config["SUPPORTED_LOCALES"]:
        abort(400)
    session["locale"] = locale
    return redirect(_back())


def _back() -> str:
    # Only the path of the referrer is used, and only if it is a path on this site.
    if request.referrer:
        parts = urlsplit(request.referrer)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        if is_safe_next(target):
            return target
    return url_for(".home")
