"""Writing and reading notifications. Never commits: they go with the change they report."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for

from proposals.database import utcnow
from proposals.extensions import db
from proposals.notifications.models import Notification

MESSAGE_LENGTH = 500


def notify(user, kind: str, message: str, link: str) -> Notification:
    """Add a notification for ``user`` to the current transaction.

    ``link`` is a path on this site (e.g. ``/groups/``); it rolls back with the change
    it reports, so nobody hears of something that did not happen.
    """
    if len(message) > MESSAGE_LENGTH:
        message = message[: MESSAGE_LENGTH - 1] + "…"
    notification = Notification(user_id=user.id, kind=kind, message=message, link=link)
    db.session.add(notification)
    return notification


def path_for(endpoint: str, **values) -> str:
    """The site path of ``endpoint``, also outside a request (the demo loader, CLI commands)."""
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind("localhost").build(endpoint, values)


def unread_count(user) -> int:
    """How many of ``user``'s notifications are unread: one indexed COUNT."""
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def mark_read(notification: Notification, user) -> None:
    """Mark one of ``user``'s notifications read; reading it again keeps the first time."""
    if notification.user_id != user.id:
        raise ValueError("a notification can only be read by its recipient")
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()


def mark_all_read(user) -> int:
    """Mark every unread notification of ``user`` read; returns how many were unread."""
    result = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount
