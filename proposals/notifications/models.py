from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from proposals.database import UTCDateTime, created_timestamp, intpk
from proposals.extensions import db


class Notification(db.Model):
    """Something a user should know about, shown under the bell until they read it.

    ``message`` is rendered when the notification is written, in the language of the
    request that caused it (users have no stored language yet), so a Japanese-speaking
    recipient may read a message written for an English-speaking sender.
    """

    __tablename__ = "notifications"
    # The bell counts a user's unread notifications on every page: one index lookup.
    __table_args__ = (sa.Index("ix_notifications_user_id_read_at", "user_id", "read_at"),)

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[created_timestamp]
    kind: Mapped[str] = mapped_column(sa.String(50))
    message: Mapped[str] = mapped_column(sa.String(500))
    # A path on this site, never a full URL: opening a notification redirects there.
    link: Mapped[str] = mapped_column(sa.String(500))
    read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<Notification {self.id} {self.kind} user={self.user_id}>"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
