"""Accounts: creating users, passwords and role grants. Nothing here commits."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from proposals.accounts.models import Role, RoleGrant, User
from proposals.audit.log import record
from proposals.extensions import db


class AccountError(Exception):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_user(email: str, display_name: str, password: str, *, actor=None) -> User:
    """Create an account. The caller has proved the email belongs to the person."""
    if find_user_by_email(email) is not None:
        raise AccountError(_("An account with this email address already exists."))
    user = User(email=normalise_email(email), display_name=display_name.strip())
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record(actor or user, "user.create", user, after={"email": user.email})
    return user


def change_password(user: User, new_password: str, *, actor=None, action="user.change_password"):
    """Set a new password. Rotating the session token logs out every other session."""
    user.set_password(new_password)
    record(actor or user, action, user)


def log_out_everywhere(user: User) -> None:
    user.rotate_session_token()


def grant_role(user: User, role: Role, actor: User) -> None:
    """Give ``user`` a role. Nobody grants themselves a role."""
    if actor.id == user.id:
        raise AccountError(_("You cannot change your own roles."))
    if user.has_role(role):
        return
    user.role_grants.append(RoleGrant(role=role, granted_by_id=actor.id))
    db.session.flush()
    record(actor, "user.grant_role", user, after={"role": role.value})


def revoke_role(user: User, role: Role, actor: User) -> None:
    if actor.id == user.id:
        raise AccountError(_("You cannot change your own roles."))
    grants = [grant for grant in user.role_grants if grant.role is role]
    if not grants:
        return
    for grant in grants:
        user.role_grants.remove(grant)
    db.session.flush()
    record(actor, "user.revoke_role", user, before={"role": role.value})
