from __future__ import annotations

import datetime as dt
import enum
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from proposals.accounts.models import User
from proposals.database import UTCDateTime, created_timestamp, enum_column, intpk, utcnow, yen
from proposals.extensions import db
from proposals.themes import Theme, retag


class Phase(enum.StrEnum):
    """Where a call stands. Derived, never stored: see ``Call.phase``."""

    UPCOMING = "upcoming"
    OPEN = "open"
    IN_REVIEW = "in_review"
    RECOMMENDING = "recommending"
    SELECTING = "selecting"
    DECIDED = "decided"

    @property
    def label(self) -> str:
        return str(PHASE_LABELS[self])


PHASE_LABELS = {
    Phase.UPCOMING: _l("Upcoming"),
    Phase.OPEN: _l("Open for submissions"),
    Phase.IN_REVIEW: _l("In review"),
    Phase.RECOMMENDING: _l("Committee recommending"),
    Phase.SELECTING: _l("Mayor's selection"),
    Phase.DECIDED: _l("Decided"),
}


class Call(db.Model):
    __tablename__ = "calls"

    id: Mapped[intpk]
    title: Mapped[str] = mapped_column(sa.String(200))
    fiscal_year: Mapped[int]
    description: Mapped[str] = mapped_column(sa.Text(), default="")  # Markdown
    opens_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Asia/Tokyo")
    budget_envelope: Mapped[yen]
    max_per_proposal: Mapped[yen]
    # The officers' explicit closing actions; together with the window they give the phase.
    review_closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    recommendations_closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # When the committee's reviews are due: reviewers are reminded as it nears
    # (``flask reviews remind``). Optional; after the window closes.
    review_due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # How many committee reviewers each eligible proposal gets (proposals/review).
    reviewers_per_proposal: Mapped[int] = mapped_column(default=2, server_default="2")
    # The sum of the amounts the mayor's office has awarded so far. Changed only by one
    # conditional UPDATE in proposals/selection, and checked against the envelope by the
    # database itself, so two people selecting at the same moment can never overspend.
    selected_total: Mapped[yen] = mapped_column(default=0, server_default="0")
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[created_timestamp]
    updated_at: Mapped[created_timestamp]

    created_by: Mapped[User] = relationship()
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="call",
        cascade="all, delete-orphan",
        # Only a call's own pages need its criteria: lists of calls never load them.
        order_by="Criterion.position",
    )
    # Loaded when shown: a list of calls that shows them asks for selectinload(Call.theme_tags).
    theme_tags: Mapped[list[CallTheme]] = relationship(
        cascade="all, delete-orphan", order_by="CallTheme.theme"
    )

    __table_args__ = (
        sa.CheckConstraint("closes_at > opens_at", name="window_order"),
        sa.CheckConstraint("budget_envelope > 0", name="budget_positive"),
        sa.CheckConstraint(
            "max_per_proposal > 0 AND max_per_proposal <= budget_envelope",
            name="max_within_budget",
        ),
        sa.CheckConstraint(
            "recommendations_closed_at IS NULL OR review_closed_at IS NOT NULL",
            name="recommendations_after_review",
        ),
        sa.CheckConstraint(
            "decided_at IS NULL OR recommendations_closed_at IS NOT NULL",
            name="decision_after_recommendations",
        ),
        sa.CheckConstraint("reviewers_per_proposal >= 1", name="reviewers_per_proposal_positive"),
        sa.CheckConstraint(
            "review_due_at IS NULL OR review_due_at > closes_at", name="review_due_after_close"
        ),
        sa.CheckConstraint(
            "selected_total >= 0 AND selected_total <= budget_envelope",
            name="selected_within_envelope",
        ),
        sa.Index("ix_calls_opens_at", "opens_at"),
    )

    def __repr__(self) -> str:
        return f"<Call {self.id} {self.title!r}>"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def phase_at(self, moment: dt.datetime) -> Phase:
        if self.decided_at is not None:
            return Phase.DECIDED
        if self.recommendations_closed_at is not None:
            return Phase.SELECTING
        if self.review_closed_at is not None:
            return Phase.RECOMMENDING
        if moment < self.opens_at:
            return Phase.UPCOMING
        if moment < self.closes_at:
            return Phase.OPEN
        return Phase.IN_REVIEW

    @property
    def phase(self) -> Phase:
        return self.phase_at(utcnow())

    @property
    def is_open(self) -> bool:
        return self.phase is Phase.OPEN

    @property
    def window_closed(self) -> bool:
        return self.phase not in (Phase.UPCOMING, Phase.OPEN)

    @property
    def themes(self) -> list[Theme]:
        return [tag.theme for tag in self.theme_tags]

    @themes.setter
    def themes(self, themes) -> None:
        self.theme_tags = retag(self.theme_tags, themes, CallTheme)


class CallTheme(db.Model):
    __tablename__ = "call_themes"

    call_id: Mapped[int] = mapped_column(
        sa.ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[Theme] = mapped_column(enum_column(Theme, "theme"), primary_key=True)


class Criterion(db.Model):
    """A scoring criterion of a call: reviewers give 0..max_score, weighted by weight."""

    __tablename__ = "criteria"

    id: Mapped[intpk]
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id", ondelete="CASCADE"))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text(), default="")
    weight: Mapped[int]
    max_score: Mapped[int]

    call: Mapped[Call] = relationship(back_populates="criteria")

    __table_args__ = (
        sa.CheckConstraint("weight > 0", name="weight_positive"),
        sa.CheckConstraint("max_score > 0", name="max_score_positive"),
        sa.UniqueConstraint("call_id", "position", name="uq_criteria_call_position"),
    )
