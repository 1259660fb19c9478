"""The partnership committee's recommendation on each eligible proposal."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from proposals.accounts.models import User
from proposals.database import UTCDateTime, intpk, utcnow
from proposals.extensions import db
from proposals.submissions.models import Proposal


class Recommendation(db.Model):
    """What the committee decided at its meeting about one proposal, with the vote.

    Recorded by an officer acting as the committee's secretary while the call is in the
    "committee recommending" phase; private to the city until the decision is published.
    """

    __tablename__ = "recommendations"

    id: Mapped[intpk]
    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="CASCADE"), unique=True
    )
    # Denormalised from the proposal so a call's report is one indexed query.
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id"), index=True)
    recommended: Mapped[bool]
    votes_for: Mapped[int]
    votes_against: Mapped[int]
    votes_abstain: Mapped[int]
    rationale: Mapped[str] = mapped_column(sa.Text())
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime(), default=lambda: utcnow(), onupdate=lambda: utcnow(), nullable=False
    )

    proposal: Mapped[Proposal] = relationship()
    recorded_by: Mapped[User] = relationship()

    __table_args__ = (
        sa.CheckConstraint(
            "votes_for >= 0 AND votes_against >= 0 AND votes_abstain >= 0",
            name="votes_not_negative",
        ),
        sa.CheckConstraint("rationale <> ''", name="rationale_required"),
    )

    @property
    def votes_cast(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstain
