"""Flask-Login wiring: loading the user from the session and safe redirects."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from proposals.extensions import db, login_manager


def init_app(app) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_id: str):
    from proposals.accounts.models import User

    # The id carries the user's session token: after logout or a password change
    # the token rotates and an old session or remember cookie no longer matches.
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    # The roles come in the same query: every page checks a permission.
    user = db.session.get(User, int(user_id), options=[joinedload(User.role_grants)])
    if user is None or user.session_token != token or user.is_disabled:
        return None
    return user


def is_safe_next(target: str | None) -> bool:
    """Only paths on this site: no scheme, no host, and no "//" or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
