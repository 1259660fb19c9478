"""The one way the application sends mail.

``queue_mail`` writes the message into the outbox inside the caller's
transaction. Once that transaction commits, the messages are delivered: by SMTP
when ``MAIL_SERVER`` is configured, otherwise written to the log (development),
and in both cases kept in the outbox for administrators to read.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app, g, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from proposals.database import utcnow
from proposals.extensions import db
from proposals.mail.models import OutboxMessage

log = logging.getLogger("kyodo.mail")


def queue_mail(recipient: str, subject: str, body: str) -> OutboxMessage:
    """Add a message to the outbox; it is sent after the current transaction commits."""
    message = OutboxMessage(recipient=recipient, subject=subject, body=body)
    db.session.add(message)
    db.session.info.setdefault("kyodo_unsent_mail", []).append(message)
    return message


@event.listens_for(Session, "after_commit")
def _remember_committed_mail(session):
    messages = session.info.pop("kyodo_unsent_mail", None)
    if messages and has_app_context():
        g.setdefault("kyodo_committed_mail", []).extend(message.id for message in messages)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back_mail(session):
    session.info.pop("kyodo_unsent_mail", None)


def deliver_committed_mail() -> int:
    """Deliver the messages committed during this app context. Returns how many."""
    ids = g.pop("kyodo_committed_mail", None)
    if not ids:
        return 0
    return deliver(sa.select(OutboxMessage).where(OutboxMessage.id.in_(ids)))


def deliver_all_unsent() -> int:
    """Deliver every message never sent, e.g. from a cron job after an SMTP outage."""
    return deliver(sa.select(OutboxMessage).where(OutboxMessage.sent_at.is_(None)))


def deliver(query) -> int:
    messages = db.session.scalars(query.order_by(OutboxMessage.id)).all()
    for message in messages:
        _send(message)
    db.session.commit()
    return len(messages)


def _send(message: OutboxMessage) -> None:
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        log.info("mail to %s: %s\n%s", message.recipient, message.subject, message.body)
        message.transport, message.sent_at = "log", utcnow()
        return
    email = EmailMessage()
    email["From"] = config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body)
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
            smtp.send_message(email)
    except (OSError, smtplib.SMTPException) as exc:
        # Kept unsent for the next delivery run; the user's action already succeeded.
        log.warning("mail to %s failed: %s", message.recipient, exc)
        message.error = str(exc)
        return
    message.transport, message.sent_at, message.error = "smtp", utcnow(), None


def init_app(app) -> None:
    @app.after_request
    def _deliver_after_commit(response):
        deliver_committed_mail()
        return response
