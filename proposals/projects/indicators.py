"""A project's performance indicators and the yearly (or quarterly) reports of their values.

Periods follow the Japanese fiscal year, April to March: fiscal 2011 runs from 1 April 2011
to 31 March 2012, and its quarters are April-June (Q1) to January-March (Q4). A report
names its period by ``fiscal_year`` and an optional ``quarter``; no period table exists.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from proposals.accounts.models import User
from proposals.database import UTCDateTime, created_timestamp, enum_column, intpk, utcnow
from proposals.extensions import db
from proposals.projects.models import Project

# Reported values: counts and yen are whole, hours and percentages may have decimals.
Value = sa.Numeric(18, 2)


class IndicatorKind(enum.StrEnum):
    COUNT = "count"
    HOURS = "hours"
    PEOPLE = "people"
    YEN = "yen"
    PERCENTAGE = "percentage"

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])


KIND_LABELS = {
    IndicatorKind.COUNT: _l("Count"),
    IndicatorKind.HOURS: _l("Hours"),
    IndicatorKind.PEOPLE: _l("People"),
    IndicatorKind.YEN: _l("Yen"),
    IndicatorKind.PERCENTAGE: _l("Percentage"),
}


class Aggregation(enum.StrEnum):
    """How the values of shorter periods combine into a year (and years into a total)."""

    SUM = "sum"
    LATEST = "latest"
    AVERAGE = "average"

    @property
    def label(self) -> str:
        return str(AGGREGATION_LABELS[self])


AGGREGATION_LABELS = {
    Aggregation.SUM: _l("Sum of the periods"),
    Aggregation.LATEST: _l("Latest period"),
    Aggregation.AVERAGE: _l("Average of the periods"),
}


class Direction(enum.StrEnum):
    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"

    @property
    def label(self) -> str:
        return str(DIRECTION_LABELS[self])


DIRECTION_LABELS = {
    Direction.HIGHER_IS_BETTER: _l("Higher is better"),
    Direction.LOWER_IS_BETTER: _l("Lower is better"),
}


class Indicator(db.Model):
    """What a project measures, e.g. "service requests handled" per year.

    Its current definition; every change is kept as an ``IndicatorRevision``."""

    __tablename__ = "indicators"

    id: Mapped[intpk]
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(200))
    unit: Mapped[str] = mapped_column(sa.String(50))
    kind: Mapped[IndicatorKind] = mapped_column(enum_column(IndicatorKind, "indicator_kind"))
    aggregation: Mapped[Aggregation] = mapped_column(
        enum_column(Aggregation, "indicator_aggregation")
    )
    direction: Mapped[Direction] = mapped_column(enum_column(Direction, "indicator_direction"))
    baseline: Mapped[decimal.Decimal | None] = mapped_column(Value)
    # The target for one period of the project's reporting (a year, or a quarter).
    target: Mapped[decimal.Decimal | None] = mapped_column(Value)
    created_at: Mapped[created_timestamp]

    project: Mapped[Project] = relationship()
    categories: Mapped[list[IndicatorCategory]] = relationship(
        back_populates="indicator",
        cascade="all, delete-orphan",
        order_by="IndicatorCategory.position",
        lazy="selectin",
    )

    __table_args__ = (
        sa.UniqueConstraint("project_id", "name", name="uq_indicators_project_name"),
        sa.CheckConstraint("baseline IS NULL OR baseline >= 0", name="baseline_not_negative"),
        sa.CheckConstraint("target IS NULL OR target >= 0", name="target_not_negative"),
    )


class IndicatorCategory(db.Model):
    """A breakdown of an indicator, e.g. courses organised by group members, by
    professional teachers, by other citizens. The indicator's value is their sum."""

    __tablename__ = "indicator_categories"

    id: Mapped[intpk]
    indicator_id: Mapped[int] = mapped_column(
        sa.ForeignKey("indicators.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(200))

    indicator: Mapped[Indicator] = relationship(back_populates="categories")

    __table_args__ = (
        sa.UniqueConstraint("indicator_id", "name", name="uq_indicator_categories_name"),
    )


class IndicatorRevision(db.Model):
    """The definition of an indicator as it was set at ``changed_at``, with the reason."""

    __tablename__ = "indicator_revisions"

    id: Mapped[intpk]
    indicator_id: Mapped[int] = mapped_column(
        sa.ForeignKey("indicators.id", ondelete="CASCADE"), index=True
    )
    # The definition after the change, as JSON-able data (name, unit, kind, target...).
    definition: Mapped[dict] = mapped_column(sa.JSON())
    reason: Mapped[str] = mapped_column(sa.Text(), default="")
    changed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    changed_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime(), default=lambda: utcnow(), nullable=False
    )

    changed_by: Mapped[User] = relationship()


class ReportState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    # A verified report corrected by a later revision: kept, visible, no longer current.
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return str(REPORT_STATE_LABELS[self])


REPORT_STATE_LABELS = {
    ReportState.DRAFT: _l("Draft"),
    ReportState.SUBMITTED: _l("Submitted for verification"),
    ReportState.VERIFIED: _l("Verified"),
    ReportState.SUPERSEDED: _l("Superseded by a correction"),
}


class Report(db.Model):
    """A project's results for one period: a value per indicator (and category), notes and
    qualitative outcomes. Prepared by the group or the lead officer, submitted by the lead
    officer, verified by another officer. A verified report changes only through a new
    revision with a reason; every revision stays."""

    __tablename__ = "reports"

    id: Mapped[intpk]
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    fiscal_year: Mapped[int]
    quarter: Mapped[int | None]
    revision: Mapped[int] = mapped_column(default=1)
    revision_reason: Mapped[str | None] = mapped_column(sa.Text())
    state: Mapped[ReportState] = mapped_column(
        enum_column(ReportState, "report_state"), default=ReportState.DRAFT
    )
    notes: Mapped[str] = mapped_column(sa.Text(), default="")
    outcomes: Mapped[str] = mapped_column(sa.Text(), default="")
    prepared_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    verified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[created_timestamp]
    updated_at: Mapped[created_timestamp]

    project: Mapped[Project] = relationship()
    prepared_by: Mapped[User] = relationship(foreign_keys=[prepared_by_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])
    values: Mapped[list[ReportValue]] = relationship(
        back_populates="report", cascade="all, delete-orphan", lazy="selectin"
    )
    # Evidence belongs to one revision: a correction starts with none of its own.
    attachments: Mapped[list[ReportAttachment]] = relationship(
        back_populates="report",
        cascade="all, delete-orphan",
        order_by="ReportAttachment.id",
    )

    __table_args__ = (
        sa.UniqueConstraint(
            "project_id", "fiscal_year", "quarter", "revision", name="uq_reports_period_revision"
        ),
        sa.CheckConstraint("quarter IS NULL OR quarter BETWEEN 1 AND 4", name="quarter_range"),
        sa.CheckConstraint("revision >= 1", name="revision_positive"),
        sa.CheckConstraint(
            "revision = 1 OR revision_reason IS NOT NULL", name="revision_has_reason"
        ),
        sa.CheckConstraint(
            "state = 'draft' OR (submitted_at IS NOT NULL AND submitted_by_id IS NOT NULL)",
            name="submission_recorded",
        ),
        sa.CheckConstraint(
            "state NOT IN ('verified', 'superseded') "
            "OR (verified_at IS NOT NULL AND verified_by_id IS NOT NULL)",
            name="verification_recorded",
        ),
        # Four eyes, also in the database: nobody verifies the report they submitted.
        sa.CheckConstraint(
            "verified_by_id IS NULL OR verified_by_id <> submitted_by_id", name="four_eyes"
        ),
        sa.Index("ix_reports_project_period", "project_id", "fiscal_year", "quarter"),
        # The unique constraint above treats NULL quarters as distinct (both databases do):
        # a partial unique index keeps one yearly report per revision too.
        sa.Index(
            "uq_reports_yearly_revision",
            "project_id",
            "fiscal_year",
            "revision",
            unique=True,
            sqlite_where=sa.text("quarter IS NULL"),
            postgresql_where=sa.text("quarter IS NULL"),
        ),
    )

    @property
    def period_label(self) -> str:
        return period_label(self.fiscal_year, self.quarter)


class ReportValue(db.Model):
    """One number in a report: an indicator's value, or one category's part of it."""

    __tablename__ = "report_values"

    id: Mapped[intpk]
    report_id: Mapped[int] = mapped_column(sa.ForeignKey("reports.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(
        sa.ForeignKey("indicators.id", ondelete="CASCADE"), index=True
    )
    category_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("indicator_categories.id", ondelete="CASCADE")
    )
    value: Mapped[decimal.Decimal] = mapped_column(Value)

    report: Mapped[Report] = relationship(back_populates="values")

    __table_args__ = (
        sa.UniqueConstraint(
            "report_id", "indicator_id", "category_id", name="uq_report_values_cell"
        ),
        sa.CheckConstraint("value >= 0", name="value_not_negative"),
    )


class ReportAttachment(db.Model):
    """Evidence of a report (a sign-in sheet, a photo, a spreadsheet): a file checked by its
    content and stored outside static/ under a random key (``proposals.uploads``)."""

    __tablename__ = "report_attachments"

    id: Mapped[intpk]
    report_id: Mapped[int] = mapped_column(
        sa.ForeignKey("reports.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    storage_key: Mapped[str] = mapped_column(sa.String(100), unique=True)
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    uploaded_at: Mapped[created_timestamp]

    report: Mapped[Report] = relationship(back_populates="attachments")
    # Shown beside every file: loaded with it rather than one query per file.
    uploaded_by: Mapped[User] = relationship(lazy="joined")

    __table_args__ = (sa.CheckConstraint("size > 0", name="size_positive"),)


def period_label(fiscal_year: int, quarter: int | None) -> str:
    if quarter is None:
        return str(_l("FY%(year)s", year=fiscal_year))
    return str(_l("FY%(year)s Q%(quarter)s", year=fiscal_year, quarter=quarter))


def period_bounds(fiscal_year: int, quarter: int | None = None) -> tuple[dt.date, dt.date]:
    """First and last day of a fiscal year (April to March) or of one of its quarters."""
    if quarter is None:
        return dt.date(fiscal_year, 4, 1), dt.date(fiscal_year + 1, 3, 31)
    start_month = 4 + 3 * (quarter - 1)
    year = fiscal_year + (start_month - 1) // 12
    month = (start_month - 1) % 12 + 1
    start = dt.date(year, month, 1)
    end_month = month + 2
    end = dt.date(year + (end_month > 12), (end_month - 1) % 12 + 1, 1)
    next_month = dt.date(end.year + (end.month == 12), end.month % 12 + 1, 1)
    return start, next_month - dt.timedelta(days=1)


def fiscal_year_of(day: dt.date) -> int:
    return day.year if day.month >= 4 else day.year - 1
