from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from proposals.database import UTCDateTime, created_timestamp, intpk
from proposals.extensions import db


class OutboxMessage(db.Model):
    """An email, written in the same transaction as the change it reports.

    It is delivered only after that transaction commits, so nobody is told of a
    change that was rolled back. Administrators can read the outbox.
    """

    __tablename__ = "outbox_messages"

    id: Mapped[intpk]
    recipient: Mapped[str] = mapped_column(sa.String(254), index=True)
    subject: Mapped[str] = mapped_column(sa.String(255))
    body: Mapped[str] = mapped_column(sa.Text())
    created_at: Mapped[created_timestamp]
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    transport: Mapped[str | None] = mapped_column(sa.String(10))  # "smtp" or "log"
    error: Mapped[str | None] = mapped_column(sa.Text())
