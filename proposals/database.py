"""The declarative base, shared column types and database-level conventions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, mapped_column

# Constraint names must be deterministic so that Alembic can drop and alter them
# on every backend, SQLite's batch mode included.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.types.TypeDecorator):
    """A timezone-aware datetime stored in UTC.

    SQLite has no timezone type, so values are normalised to UTC on the way in
    and tagged as UTC on the way out; naive datetimes are refused because their
    meaning would depend on the server's clock.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused; use an aware datetime in UTC")
        value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    """The current time, aware and in UTC. Tests replace ``proposals.database.clock``."""
    return clock()


def _system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


clock = _system_clock

intpk = Annotated[int, mapped_column(primary_key=True)]
utc_timestamp = Annotated[dt.datetime, mapped_column(UTCDateTime())]
created_timestamp = Annotated[
    dt.datetime, mapped_column(UTCDateTime(), default=lambda: utcnow(), nullable=False)
]
yen = Annotated[int, mapped_column(sa.BigInteger())]
short_text = Annotated[str, mapped_column(sa.String(200))]
long_text = Annotated[str, mapped_column(sa.Text())]


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record):
    # WAL lets readers run beside a writer; busy_timeout makes a second writer
    # wait instead of failing at once; SQLite leaves foreign keys off by default.
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def enum_column(enum_class, name: str) -> sa.Enum:
    """A portable enum: VARCHAR plus a CHECK constraint holding the allowed values."""
    return sa.Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum_class),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
