from __future__ import annotations

import enum
import secrets

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from proposals.database import created_timestamp, enum_column, intpk
from proposals.extensions import db


class Role(enum.StrEnum):
    """Roles granted by administrators. Every user is a citizen without a grant."""

    REVIEWER = "reviewer"
    MAYORS_OFFICE = "mayors_office"
    CITY_OFFICER = "city_officer"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.REVIEWER: _l("Committee reviewer"),
    Role.MAYORS_OFFICE: _l("Mayor's office"),
    Role.CITY_OFFICER: _l("City officer"),
    Role.ADMIN: _l("Administrator"),
}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(100))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    # Rotated on logout and password change: a copied session or remember cookie
    # carries the old value and stops working.
    session_token: Mapped[str] = mapped_column(sa.String(32), default=lambda: secrets.token_hex(16))
    is_disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[created_timestamp]

    role_grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        # Loaded with the signed-in user (accounts/auth.py); lists of users that show roles
        # load them eagerly themselves, the others (authors, members) never need them.
        foreign_keys="RoleGrant.user_id",
    )

    # Emails are compared case-insensitively and stored lower-cased.
    __table_args__ = (sa.CheckConstraint("email = lower(email)", name="email_lowercase"),)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:
        return not self.is_disabled

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.rotate_session_token()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def rotate_session_token(self) -> None:
        self.session_token = secrets.token_hex(16)

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(grant.role for grant in self.role_grants)

    def has_role(self, role: Role) -> bool:
        return role in self.roles


class RoleGrant(db.Model):
    __tablename__ = "role_grants"

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    granted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    granted_at: Mapped[created_timestamp]

    user: Mapped[User] = relationship(back_populates="role_grants", foreign_keys=[user_id])

    __table_args__ = (sa.UniqueConstraint("user_id", "role", name="uq_role_grants_user_role"),)
