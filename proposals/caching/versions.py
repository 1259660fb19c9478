"""The content version: bumped with every change to public-facing data, read once per request.

Any session that flushes an insert, update or delete of a public-facing table (or runs such
a statement) changes ``cache_versions`` in the same transaction, just before it commits: the
row lock PostgreSQL takes for the bump is held only for the commit itself. Every process,
web worker or CLI command, sees the new version with its next read, so an in-process cache
in one gunicorn worker is invalidated by a change made in another.

Writes through ``session.connection()`` or another engine connection are not seen: the
application writes through the session.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import secrets

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from proposals.caching.models import SINGLE_ROW_ID, CacheVersion
from proposals.calls.models import Call
from proposals.database import UTCDateTime, utcnow

# What no public page shows: a change to them keeps the cached pages.
UNTRACKED_TABLES = frozenset(
    {
        "audit_events",
        "cache_versions",
        "invitations",
        "notifications",
        "outbox_messages",
        "review_reminders",
    }
)
# Columns of tracked tables that no public page shows either: logging out rotates the
# session token, and that must not empty every worker's cache.
UNTRACKED_COLUMNS = {"users": frozenset({"session_token", "password_hash"})}

_CHANGED = "kyodo_public_data_changed"
_WRITE_SQL = re.compile(r"^\s*(insert|update|delete|truncate|replace|merge)\b", re.IGNORECASE)


@dataclasses.dataclass(frozen=True)
class ContentState:
    """What a public page's content depends on besides its URL and language."""

    version: int  # 0 when the row is missing (a freshly emptied database)
    changed_at: dt.datetime | None
    # The latest call window boundary already passed: phases move with the clock.
    boundary: dt.datetime | None

    @property
    def last_modified(self) -> dt.datetime | None:
        moments = [moment for moment in (self.changed_at, self.boundary) if moment is not None]
        return max(moments) if moments else None

    @property
    def token(self) -> str:
        boundary = self.boundary.isoformat() if self.boundary else "-"
        return f"{self.version}/{boundary}"


def read_state(session: Session, now: dt.datetime | None = None) -> ContentState:
    """The content version and the clock's position among call boundaries, in one SELECT."""
    row = session.connection().execute(_state_statement(), {"now": now or utcnow()}).one()
    version, changed_at, opened, closed = row
    passed = [moment for moment in (opened, closed) if moment is not None]
    return ContentState(
        version=version or 0,
        changed_at=changed_at,
        boundary=max(passed) if passed else None,
    )


@functools.cache
def _state_statement() -> sa.Select:
    # Built once: it runs on every candidate request, and building it costs more than running it.
    table = CacheVersion.__table__
    now = sa.bindparam("now", type_=UTCDateTime())
    return sa.select(
        sa.select(table.c.version).where(table.c.id == SINGLE_ROW_ID).scalar_subquery(),
        sa.select(table.c.changed_at).where(table.c.id == SINGLE_ROW_ID).scalar_subquery(),
        sa.select(sa.func.max(Call.opens_at)).where(Call.opens_at <= now).scalar_subquery(),
        sa.select(sa.func.max(Call.closes_at)).where(Call.closes_at <= now).scalar_subquery(),
    )


def bump(session: Session) -> None:
    """Give the public pages a new version within the session's transaction."""
    values = {"id": SINGLE_ROW_ID, "version": secrets.randbits(62) + 1, "changed_at": utcnow()}
    table = CacheVersion.__table__
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = (postgresql if dialect == "postgresql" else sqlite).insert(table).values(values)
        # One statement whether or not the row exists: two first writers cannot collide.
        statement = insert.on_conflict_do_update(
            index_elements=[table.c.id],
            set_={"version": insert.excluded.version, "changed_at": insert.excluded.changed_at},
        )
        session.execute(statement)
        return
    updated = session.execute(
        table.update().where(table.c.id == SINGLE_ROW_ID).values(values)
    ).rowcount
    if not updated:
        session.execute(table.insert().values(values))


def _table_names(instance) -> list[str]:
    return [table.name for table in sa.inspect(instance).mapper.tables]


def _changes_public_columns(session: Session, instance) -> bool:
    names = _table_names(instance)
    if all(name in UNTRACKED_TABLES for name in names):
        return False
    ignored = frozenset().union(*(UNTRACKED_COLUMNS.get(name, ()) for name in names))
    if not ignored:
        return session.is_modified(instance, include_collections=False)
    state = sa.inspect(instance)
    return any(
        attribute.key not in ignored and attribute.history.has_changes()
        for attribute in state.attrs
        if attribute.key in state.mapper.column_attrs
    )


def _writes_public_rows(instance) -> bool:
    return any(name not in UNTRACKED_TABLES for name in _table_names(instance))


@event.listens_for(Session, "after_flush")
def _note_flush(session, flush_context):
    # The lists still hold what this flush wrote.
    if session.info.get(_CHANGED):
        return
    if any(_writes_public_rows(instance) for instance in (*session.new, *session.deleted)) or any(
        _changes_public_columns(session, instance) for instance in session.dirty
    ):
        session.info[_CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state):
    statement = state.statement
    if state.is_insert or state.is_update or state.is_delete:
        name = getattr(getattr(statement, "table", None), "name", None)
        if name not in UNTRACKED_TABLES:
            state.session.info[_CHANGED] = True
    elif isinstance(statement, sa.TextClause) and _WRITE_SQL.match(statement.text):
        # Raw SQL cannot be told apart: assume it changed something public.
        state.session.info[_CHANGED] = True


@event.listens_for(Session, "before_commit")
def _bump_before_commit(session):
    # A savepoint's commit is not the end: its parent may still roll back.
    if session.in_nested_transaction():
        return
    if session.new or session.dirty or session.deleted:
        session.flush()  # bump after the last flush, as late as possible
    if session.info.pop(_CHANGED, False):
        bump(session)


@event.listens_for(Session, "after_transaction_end")
def _forget_after_transaction(session, transaction):
    if transaction.parent is None:
        session.info.pop(_CHANGED, None)
