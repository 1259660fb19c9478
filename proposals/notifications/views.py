"""The notifications page, opening a notification, and the bell's unread count."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from proposals.accounts.auth import is_safe_next
from proposals.extensions import db
from proposals.notifications import operations
from proposals.notifications.models import Notification

bp = Blueprint("notifications", __name__)


@bp.app_context_processor
def _bell():
    # A lazy value: pages that never render the header (errors, CSV) pay no query.
    def unread_notifications() -> int:
        if not current_user.is_authenticated:
            return 0
        return operations.unread_count(current_user)

    return {"unread_notifications": unread_notifications}


@bp.get("/notifications")
@login_required
def index():
    page = db.paginate(
        sa.select(Notification)
        .where(Notification.user_id == current_user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()),
        per_page=current_app.config["PER_PAGE"],
    )
    return render_template("notifications/index.html", page=page)


@bp.post("/notifications/<int:notification_id>/open")
@login_required
def open_notification(notification_id: int):
    # Loaded through its owner: somebody else's notification does not exist for you.
    notification = db.first_or_404(
        sa.select(Notification).where(
            Notification.id == notification_id, Notification.user_id == current_user.id
        )
    )
    operations.mark_read(notification, current_user)
    db.session.commit()
    if not is_safe_next(notification.link):
        # Links are written by our own code; one that leaves the site is a bug, not a route.
        flash(_("This notification's link cannot be opened."), "error")
        return redirect(url_for(".index"))
    return redirect(notification.link)


@bp.post("/notifications/read-all")
@login_required
def mark_all_read():
    operations.mark_all_read(current_user)
    db.session.commit()
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for(".index"))
