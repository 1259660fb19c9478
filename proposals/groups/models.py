from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from proposals.accounts.models import User
from proposals.database import UTCDateTime, created_timestamp, enum_column, intpk, utcnow
from proposals.extensions import db
from proposals.themes import Theme, retag


class GroupKind(enum.StrEnum):
    NPO = "npo"
    VOLUNTEER = "volunteer"
    NEIGHBOURHOOD = "neighbourhood"
    SOCIAL_WELFARE = "social_welfare"
    INTERNATIONAL_EXCHANGE = "international_exchange"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(GROUP_KIND_LABELS[self])


GROUP_KIND_LABELS = {
    GroupKind.NPO: _l("Incorporated NPO"),
    GroupKind.VOLUNTEER: _l("Volunteer group"),
    GroupKind.NEIGHBOURHOOD: _l("Neighbourhood association"),
    GroupKind.SOCIAL_WELFARE: _l("Social welfare corporation"),
    GroupKind.INTERNATIONAL_EXCHANGE: _l("International exchange association"),
    GroupKind.OTHER: _l("Other"),
}


class Group(db.Model):
    __tablename__ = "groups"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[GroupKind] = mapped_column(enum_column(GroupKind, "group_kind"))
    registration_number: Mapped[str | None] = mapped_column(sa.String(50))
    representative_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    contact_email: Mapped[str] = mapped_column(sa.String(254))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(40))
    description: Mapped[str] = mapped_column(sa.Text(), default="")
    created_at: Mapped[created_timestamp]

    representative: Mapped[User] = relationship(foreign_keys=[representative_id])
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="group", cascade="all, delete-orphan"
    )
    # Only the group's own page shows its themes: the many pages naming a group never load them.
    theme_tags: Mapped[list[GroupTheme]] = relationship(
        cascade="all, delete-orphan", order_by="GroupTheme.theme"
    )

    def __repr__(self) -> str:
        return f"<Group {self.id} {self.name!r}>"

    @property
    def themes(self) -> list[Theme]:
        return [tag.theme for tag in self.theme_tags]

    @themes.setter
    def themes(self, themes) -> None:
        self.theme_tags = retag(self.theme_tags, themes, GroupTheme)

    def is_member(self, user) -> bool:
        return any(m.user_id == user.id for m in self.memberships)

    def is_representative(self, user) -> bool:
        return self.representative_id == getattr(user, "id", None)


class GroupTheme(db.Model):
    __tablename__ = "group_themes"

    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[Theme] = mapped_column(enum_column(Theme, "theme"), primary_key=True)


class Membership(db.Model):
    __tablename__ = "memberships"

    id: Mapped[intpk]
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[created_timestamp]

    group: Mapped[Group] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()

    __table_args__ = (sa.UniqueConstraint("group_id", "user_id", name="uq_memberships_group_user"),)


class Invitation(db.Model):
    """A single-use, expiring invitation to join a group, sent to an email address.

    Only a hash of the token is stored, so a database leak does not leak live links.
    """

    __tablename__ = "invitations"

    id: Mapped[intpk]
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(sa.String(254))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    invited_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[created_timestamp]
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    accepted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    group: Mapped[Group] = relationship()
    invited_by: Mapped[User] = relationship(foreign_keys=[invited_by_id])

    __table_args__ = (
        sa.CheckConstraint(
            "(accepted_at IS NULL) = (accepted_by_id IS NULL)", name="accepted_together"
        ),
    )

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > utcnow()
