"""The committee of a call, who reviews which proposal, and declared conflicts of interest."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from proposals.accounts.models import User
from proposals.calls.models import Call
from proposals.database import UTCDateTime, created_timestamp, intpk, utcnow
from proposals.extensions import db
from proposals.submissions.models import Proposal


class CommitteeMember(db.Model):
    """A user with the reviewer role appointed to a call's committee by an officer."""

    __tablename__ = "committee_members"

    id: Mapped[intpk]
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    appointed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    appointed_at: Mapped[created_timestamp]

    call: Mapped[Call] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    appointed_by: Mapped[User] = relationship(foreign_keys=[appointed_by_id])

    __table_args__ = (
        sa.UniqueConstraint("call_id", "user_id", name="uq_committee_members_call_user"),
    )


class ReviewAssignment(db.Model):
    """A committee member asked to review one proposal."""

    __tablename__ = "review_assignments"

    id: Mapped[intpk]
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    assigned_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    assigned_at: Mapped[created_timestamp]

    proposal: Mapped[Proposal] = relationship()
    reviewer: Mapped[User] = relationship(foreign_keys=[reviewer_id])
    assigned_by: Mapped[User] = relationship(foreign_keys=[assigned_by_id])
    # The reviewer's scores go with the assignment (unassigned or conflicted: no review).
    review: Mapped[Review | None] = relationship(
        back_populates="assignment", cascade="all, delete-orphan", uselist=False
    )

    __table_args__ = (
        sa.UniqueConstraint(
            "proposal_id", "reviewer_id", name="uq_review_assignments_proposal_reviewer"
        ),
    )


class ConflictOfInterest(db.Model):
    """A reviewer who may not review a proposal: declared, or found automatically
    (a member of the proposing group)."""

    __tablename__ = "conflicts_of_interest"

    id: Mapped[intpk]
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    declared_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime(), default=lambda: utcnow(), nullable=False
    )
    note: Mapped[str] = mapped_column(sa.Text(), default="")
    automatic: Mapped[bool] = mapped_column(default=False)

    proposal: Mapped[Proposal] = relationship()
    reviewer: Mapped[User] = relationship()

    __table_args__ = (
        sa.UniqueConstraint(
            "proposal_id", "reviewer_id", name="uq_conflicts_of_interest_proposal_reviewer"
        ),
    )


class Review(db.Model):
    """One reviewer's scoring of one proposal: a draft until ``submitted_at``, then final."""

    __tablename__ = "reviews"

    id: Mapped[intpk]
    assignment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("review_assignments.id", ondelete="CASCADE"), unique=True
    )
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime(), default=lambda: utcnow(), onupdate=lambda: utcnow(), nullable=False
    )

    assignment: Mapped[ReviewAssignment] = relationship(back_populates="review")
    scores: Mapped[list[ReviewScore]] = relationship(
        back_populates="review", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None

    def score_for(self, criterion_id: int) -> ReviewScore | None:
        return next((s for s in self.scores if s.criterion_id == criterion_id), None)


class ReviewScore(db.Model):
    """The score (0..the criterion's max, checked in the domain) and comment on one criterion."""

    __tablename__ = "review_scores"

    id: Mapped[intpk]
    review_id: Mapped[int] = mapped_column(sa.ForeignKey("reviews.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(
        sa.ForeignKey("criteria.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[int]
    comment: Mapped[str] = mapped_column(sa.Text(), default="")

    review: Mapped[Review] = relationship(back_populates="scores")

    __table_args__ = (
        sa.UniqueConstraint("review_id", "criterion_id", name="uq_review_scores_review_criterion"),
        sa.CheckConstraint("score >= 0", name="score_not_negative"),
    )


class ReviewReminder(db.Model):
    """A reminder sent to a reviewer of their unfinished reviews before a call's deadline.

    One per call, reviewer and deadline: ``flask reviews remind`` runs daily and sends
    nothing twice; moving the deadline makes a new reminder due.
    """

    __tablename__ = "review_reminders"

    id: Mapped[intpk]
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    pending: Mapped[int]  # how many reviews the reminder counted
    sent_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime(), default=lambda: utcnow(), nullable=False
    )

    __table_args__ = (
        sa.UniqueConstraint(
            "call_id", "reviewer_id", "due_at", name="uq_review_reminders_call_reviewer_due"
        ),
    )
