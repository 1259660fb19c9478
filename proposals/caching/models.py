"""The content version of the public pages: one row, changed with every public-facing write."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from proposals.database import UTCDateTime
from proposals.extensions import db

SINGLE_ROW_ID = 1


class CacheVersion(db.Model):
    """``version`` changes (to a random value) in the same transaction as any change to
    public-facing data, so every process can tell with one cheap read whether what it
    cached is still current.

    The value is random rather than a counter so that a table emptied and filled again
    never hands out a version an old cache entry was stored under.
    """

    __tablename__ = "cache_versions"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(sa.BigInteger())
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
