from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from proposals.accounts.models import User
from proposals.calls.models import Call
from proposals.database import UTCDateTime, created_timestamp, enum_column, intpk, utcnow, yen
from proposals.extensions import db
from proposals.groups.models import Group
from proposals.themes import Theme, retag


class ProposalState(enum.StrEnum):
    """The proposal's place in the workflow. Transitions: ``submissions/workflow.py``."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    WITHDRAWN = "withdrawn"
    # Final outcomes, set only when the mayor's office publishes the call's decision, so
    # that nothing of the committee's or the mayor's work shows on a proposal before then.
    SELECTED = "selected"
    NOT_SELECTED = "not_selected"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])


STATE_LABELS = {
    ProposalState.DRAFT: _l("Draft"),
    ProposalState.SUBMITTED: _l("Submitted"),
    ProposalState.WITHDRAWN: _l("Withdrawn"),
    ProposalState.ELIGIBLE: _l("Eligible"),
    ProposalState.INELIGIBLE: _l("Ineligible"),
    ProposalState.SELECTED: _l("Selected"),
    ProposalState.NOT_SELECTED: _l("Not selected"),
}


class Proposal(db.Model):
    __tablename__ = "proposals"

    id: Mapped[intpk]
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id"))
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    state: Mapped[ProposalState] = mapped_column(
        enum_column(ProposalState, "proposal_state"), default=ProposalState.DRAFT
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.String(500), default="")
    need: Mapped[str] = mapped_column(sa.Text(), default="")
    activities: Mapped[str] = mapped_column(sa.Text(), default="")
    department: Mapped[str] = mapped_column(sa.String(200), default="")
    group_role: Mapped[str] = mapped_column(sa.Text(), default="")
    city_role: Mapped[str] = mapped_column(sa.Text(), default="")
    beneficiaries: Mapped[str] = mapped_column(sa.Text(), default="")
    timeline: Mapped[str] = mapped_column(sa.Text(), default="")
    # Kept equal to the sum of the budget lines by submissions.drafting, the only
    # writer of budget lines; stored so lists can sort and total without a join.
    requested_total: Mapped[yen] = mapped_column(default=0)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    withdrawal_reason: Mapped[str | None] = mapped_column(sa.Text())
    # The officer's eligibility check once the window has closed; the reason is public.
    eligibility_decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    eligibility_decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    ineligibility_reason: Mapped[str | None] = mapped_column(sa.Text())
    created_at: Mapped[created_timestamp]
    updated_at: Mapped[created_timestamp]

    call: Mapped[Call] = relationship()
    group: Mapped[Group] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    eligibility_decided_by: Mapped[User | None] = relationship(
        foreign_keys=[eligibility_decided_by_id]
    )
    budget_lines: Mapped[list[BudgetLine]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="BudgetLine.position"
    )
    indicators: Mapped[list[PlannedIndicator]] = relationship(
        back_populates="proposal",
        cascade="all, delete-orphan",
        order_by="PlannedIndicator.position",
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="Attachment.id"
    )
    # Only the proposal's own page shows them: lists of proposals never load them.
    theme_tags: Mapped[list[ProposalTheme]] = relationship(
        cascade="all, delete-orphan", order_by="ProposalTheme.theme"
    )

    __table_args__ = (
        sa.CheckConstraint("requested_total >= 0", name="total_not_negative"),
        sa.CheckConstraint(
            "(state = 'draft') = (submitted_at IS NULL)", name="submitted_at_iff_not_draft"
        ),
        sa.CheckConstraint(
            "(state = 'withdrawn') = (withdrawn_at IS NOT NULL AND withdrawal_reason IS NOT NULL)",
            name="withdrawal_recorded",
        ),
        sa.CheckConstraint(
            "(state = 'ineligible') = (ineligibility_reason IS NOT NULL)",
            name="ineligibility_reason_iff_ineligible",
        ),
        sa.CheckConstraint(
            "state NOT IN ('eligible', 'ineligible', 'selected', 'not_selected') "
            "OR eligibility_decided_at IS NOT NULL",
            name="eligibility_decision_recorded",
        ),
        sa.Index("ix_proposals_call_state", "call_id", "state"),
        # The officers' submissions list of a call, in its order.
        sa.Index("ix_proposals_call_submitted", "call_id", "submitted_at", "id"),
    )

    def __repr__(self) -> str:
        return f"<Proposal {self.id} {self.state} {self.title!r}>"

    @property
    def themes(self) -> list[Theme]:
        return [tag.theme for tag in self.theme_tags]

    @themes.setter
    def themes(self, themes) -> None:
        self.theme_tags = retag(self.theme_tags, themes, ProposalTheme)

    @property
    def is_public(self) -> bool:
        """Submitted proposals become public when the call's submission window closes.

        Drafts never are, nor is a proposal its group withdrew while the window was open.
        """
        if self.submitted_at is None or utcnow() < self.call.closes_at:
            return False
        return not (self.withdrawn_at is not None and self.withdrawn_at < self.call.closes_at)


class ProposalTheme(db.Model):
    __tablename__ = "proposal_themes"

    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[Theme] = mapped_column(enum_column(Theme, "theme"), primary_key=True)

    # The theme filters: the proposals of one theme without reading every proposal's themes.
    __table_args__ = (sa.Index("ix_proposal_themes_theme", "theme", "proposal_id"),)


class BudgetLine(db.Model):
    __tablename__ = "budget_lines"

    id: Mapped[intpk]
    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    item: Mapped[str] = mapped_column(sa.String(200))
    amount: Mapped[yen]

    proposal: Mapped[Proposal] = relationship(back_populates="budget_lines")

    __table_args__ = (sa.CheckConstraint("amount >= 0", name="amount_not_negative"),)


class PlannedIndicator(db.Model):
    """A performance indicator the group plans to report, e.g. activity hours per year."""

    __tablename__ = "planned_indicators"

    id: Mapped[intpk]
    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(200))
    unit: Mapped[str] = mapped_column(sa.String(50))
    baseline: Mapped[int] = mapped_column(sa.BigInteger(), default=0)
    annual_target: Mapped[int] = mapped_column(sa.BigInteger())

    proposal: Mapped[Proposal] = relationship(back_populates="indicators")

    __table_args__ = (
        sa.CheckConstraint("baseline >= 0", name="baseline_not_negative"),
        sa.CheckConstraint("annual_target >= 0", name="target_not_negative"),
    )


class Attachment(db.Model):
    """A file attached to a proposal, stored outside static/ under a random key."""

    __tablename__ = "attachments"

    id: Mapped[intpk]
    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    storage_key: Mapped[str] = mapped_column(sa.String(100), unique=True)
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    uploaded_at: Mapped[created_timestamp]

    proposal: Mapped[Proposal] = relationship(back_populates="attachments")
    uploaded_by: Mapped[User] = relationship()
