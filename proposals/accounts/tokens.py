"""Signed, expiring links sent by mail: finishing a registration and resetting a password.

Nothing is stored: the link carries its payload, signed with the app's SECRET_KEY and
a salt per purpose so that a link made for one purpose is refused for the other.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadData, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from proposals.accounts.models import User
from proposals.database import utcnow
from proposals.extensions import db

SIGNUP_SALT = "kyodo.accounts.signup"
RESET_SALT = "kyodo.accounts.reset-password"
# A reset link is a key to the account: it lives for hours, not days.
DEFAULT_RESET_LINK_VALID_HOURS = 2


class LinkError(Exception):
    """A link that is expired, tampered with, already used or otherwise not valid."""


class _ClockSigner(TimestampSigner):
    # The application's clock, not time.time(), so that tests can age a link.
    def get_timestamp(self) -> int:
        return int(utcnow().timestamp())


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt, signer=_ClockSigner)


def _load(salt: str, token: str, max_age_hours: int):
    try:
        return _serializer(salt).loads(token, max_age=max_age_hours * 3600)
    except SignatureExpired as exc:
        raise LinkError(_("This link has expired. Please ask for a new one.")) from exc
    except BadData as exc:
        raise LinkError(
            _("This link is not valid. Check that you copied all of it, or ask for a new one.")
        ) from exc


def signup_valid_hours() -> int:
    return current_app.config["SIGNUP_LINK_VALID_HOURS"]


def reset_valid_hours() -> int:
    return current_app.config.get("RESET_LINK_VALID_HOURS", DEFAULT_RESET_LINK_VALID_HOURS)


def make_signup_token(email: str) -> str:
    return _serializer(SIGNUP_SALT).dumps({"email": email})


def read_signup_token(token: str) -> str:
    """The email address the link was sent to. Raises ``LinkError``."""
    payload = _load(SIGNUP_SALT, token, signup_valid_hours())
    email = payload.get("email") if isinstance(payload, dict) else None
    if not isinstance(email, str) or not email:
        raise LinkError(_("This link is not valid. Check that you copied all of it."))
    return email


def password_fingerprint(user: User) -> str:
    # Changes with every new password hash (new salt), so a used link stops working.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:24]


def make_reset_token(user: User) -> str:
    return _serializer(RESET_SALT).dumps({"user": user.id, "fp": password_fingerprint(user)})


def read_reset_token(token: str) -> User:
    """The user whose password the link may reset. Raises ``LinkError``."""
    payload = _load(RESET_SALT, token, reset_valid_hours())
    user_id = payload.get("user") if isinstance(payload, dict) else None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or user.is_disabled or payload.get("fp") != password_fingerprint(user):
        raise LinkError(
            _("This link has already been used or is no longer valid. Please ask for a new one.")
        )
    return user
