"""Writing the audit log. Domain functions call ``record`` for every state change."""

from __future__ import annotations

from proposals.audit.models import AuditEvent
from proposals.extensions import db


def record(
    actor,
    action: str,
    obj,
    *,
    before: dict | None = None,
    after: dict | None = None,
    note: str | None = None,
) -> AuditEvent:
    """Add an audit row for ``action`` by ``actor`` on ``obj`` to the current transaction.

    The row commits or rolls back with the change it describes. ``obj`` must have
    been flushed so that it has an id.
    """
    if obj.id is None:
        db.session.flush()
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=obj.__tablename__,
        object_id=obj.id,
        before=before,
        after=after,
        note=note,
    )
    db.session.add(event)
    return event
