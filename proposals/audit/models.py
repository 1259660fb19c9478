from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from proposals.accounts.models import User
from proposals.database import created_timestamp, intpk
from proposals.extensions import db


class AuditEvent(db.Model):
    """One append-only row per state change: who did what to which object, and when.

    The application never updates or deletes these rows; the ORM refuses to.
    """

    __tablename__ = "audit_events"

    id: Mapped[intpk]
    created_at: Mapped[created_timestamp]
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(32))
    object_id: Mapped[int]
    before: Mapped[dict | None] = mapped_column(sa.JSON())
    after: Mapped[dict | None] = mapped_column(sa.JSON())
    note: Mapped[str | None] = mapped_column(sa.Text())

    actor: Mapped[User | None] = relationship()

    __table_args__ = (sa.Index("ix_audit_events_object", "object_type", "object_id"),)

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.action} {self.object_type}:{self.object_id}>"


class AuditLogIsAppendOnly(Exception):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session, flush_context, instances):
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent) and (
            obj in session.deleted or session.is_modified(obj, include_collections=False)
        ):
            raise AuditLogIsAppendOnly("audit events cannot be changed or deleted")
