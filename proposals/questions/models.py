"""Questions to the proposing group during review, and the messages answering them."""

from __future__ import annotations

import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from proposals.accounts.models import User
from proposals.database import created_timestamp, enum_column, intpk
from proposals.extensions import db
from proposals.submissions.models import Proposal

BODY_MAX_LENGTH = 5000


class Voice(enum.StrEnum):
    """In which capacity a message was written, kept as it was at the time of writing."""

    OFFICER = "officer"
    COMMITTEE = "committee"
    GROUP = "group"

    @property
    def label(self) -> str:
        return str(VOICE_LABELS[self])


VOICE_LABELS = {
    Voice.OFFICER: _l("City officer"),
    Voice.COMMITTEE: _l("Committee member"),
    Voice.GROUP: _l("Proposing group"),
}


class Question(db.Model):
    """A clarifying question the city or the committee asks the group about a proposal."""

    __tablename__ = "questions"

    id: Mapped[intpk]
    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    asked_as: Mapped[Voice] = mapped_column(enum_column(Voice, "question_voice"))
    body: Mapped[str] = mapped_column(sa.Text())
    created_at: Mapped[created_timestamp]

    proposal: Mapped[Proposal] = relationship()
    author: Mapped[User] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="question",
        cascade="all, delete-orphan",
        order_by=lambda: [Answer.created_at, Answer.id],
    )

    __table_args__ = (
        sa.CheckConstraint("asked_as IN ('officer', 'committee')", name="asked_by_city"),
        sa.CheckConstraint("length(body) > 0", name="body_not_empty"),
    )

    def __repr__(self) -> str:
        return f"<Question {self.id} proposal={self.proposal_id}>"

    @property
    def answered(self) -> bool:
        """Whether the group has answered at least once."""
        return any(answer.written_as is Voice.GROUP for answer in self.answers)


class Answer(db.Model):
    """A message in a question's thread: the group's answer or an officer's follow-up."""

    __tablename__ = "question_answers"

    id: Mapped[intpk]
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    written_as: Mapped[Voice] = mapped_column(enum_column(Voice, "answer_voice"))
    body: Mapped[str] = mapped_column(sa.Text())
    created_at: Mapped[created_timestamp]

    question: Mapped[Question] = relationship(back_populates="answers")
    author: Mapped[User] = relationship()

    __table_args__ = (
        sa.CheckConstraint("written_as IN ('group', 'officer')", name="group_or_officer"),
        sa.CheckConstraint("length(body) > 0", name="body_not_empty"),
    )

    def __repr__(self) -> str:
        return f"<Answer {self.id} question={self.question_id} {self.written_as}>"
