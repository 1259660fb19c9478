"""A selected proposal carried out: the record its yearly results will hang from."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from proposals.accounts.models import User
from proposals.calls.models import Call
from proposals.database import created_timestamp, enum_column, intpk, yen
from proposals.extensions import db
from proposals.groups.models import Group
from proposals.submissions.models import Proposal


class ProjectStatus(enum.StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    DISCONTINUED = "discontinued"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    ProjectStatus.ACTIVE: _l("Active"),
    ProjectStatus.COMPLETED: _l("Completed"),
    ProjectStatus.DISCONTINUED: _l("Discontinued"),
}


class Project(db.Model):
    """Created for each selected proposal when the decision is published."""

    __tablename__ = "projects"

    id: Mapped[intpk]
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id"), unique=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id"), index=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    department: Mapped[str] = mapped_column(sa.String(200), default="")
    awarded_amount: Mapped[yen]
    status: Mapped[ProjectStatus] = mapped_column(
        enum_column(ProjectStatus, "project_status"), default=ProjectStatus.ACTIVE
    )
    discontinued_reason: Mapped[str | None] = mapped_column(sa.Text())
    lead_officer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    starts_on: Mapped[dt.date | None]
    ends_on: Mapped[dt.date | None]
    created_at: Mapped[created_timestamp]

    proposal: Mapped[Proposal] = relationship()
    call: Mapped[Call] = relationship()
    group: Mapped[Group] = relationship()
    lead_officer: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.CheckConstraint("awarded_amount > 0", name="award_positive"),
        sa.CheckConstraint(
            "(status = 'discontinued') = (discontinued_reason IS NOT NULL)",
            name="discontinued_reason_iff_discontinued",
        ),
        sa.CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="dates_in_order"
        ),
        # The orders of the public list (/projects/) and the officers' lists: read in index
        # order, a page costs the same with 20 projects or 20,000.
        sa.Index("ix_projects_listing", "created_at", "title", "id"),
        sa.Index("ix_projects_created", "created_at", "id"),
        sa.Index("ix_projects_lead_created", "lead_officer_id", "created_at", "id"),
    )
