"""The mayor's office's decision on each proposal the committee sent it."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from proposals.accounts.models import User
from proposals.database import UTCDateTime, enum_column, intpk, utcnow
from proposals.extensions import db
from proposals.submissions.models import Proposal


class SelectionOutcome(enum.StrEnum):
    SELECTED = "selected"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self])


OUTCOME_LABELS = {
    SelectionOutcome.SELECTED: _l("Selected"),
    SelectionOutcome.DECLINED: _l("Declined"),
}


class Selection(db.Model):
    """The mayor's office selected or declined a proposal, with its reasons.

    Private to the city until the decision is published. A selected proposal's
    ``awarded_amount`` counts towards ``Call.selected_total``.
    """

    __tablename__ = "selections"

    id: Mapped[intpk]
    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="CASCADE"), unique=True
    )
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id"), index=True)
    outcome: Mapped[SelectionOutcome] = mapped_column(
        enum_column(SelectionOutcome, "selection_outcome")
    )
    awarded_amount: Mapped[int | None] = mapped_column(sa.BigInteger())
    reason: Mapped[str] = mapped_column(sa.Text())
    # Required when the award differs from the amount requested.
    amount_reason: Mapped[str | None] = mapped_column(sa.Text())
    # Required when the committee did not recommend the proposal; flagged publicly.
    justification: Mapped[str | None] = mapped_column(sa.Text())
    decided_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime(), default=lambda: utcnow(), onupdate=lambda: utcnow(), nullable=False
    )

    proposal: Mapped[Proposal] = relationship()
    decided_by: Mapped[User] = relationship()

    __table_args__ = (
        sa.CheckConstraint(
            "(outcome = 'selected') = (awarded_amount IS NOT NULL)",
            name="award_iff_selected",
        ),
        sa.CheckConstraint("awarded_amount IS NULL OR awarded_amount > 0", name="award_positive"),
        sa.CheckConstraint("reason <> ''", name="reason_required"),
    )

    @property
    def is_selected(self) -> bool:
        return self.outcome is SelectionOutcome.SELECTED
