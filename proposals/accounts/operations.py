"""Accounts: creating users, passwords and role grants. Nothing here commits."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _

from proposals.accounts import tokens
from proposals.accounts.models import Role, RoleGrant, User
from proposals.audit.log import record
from proposals.extensions import db
from proposals.mail.outbox import queue_mail

# Long enough for any passphrase; bounded so that hashing stays cheap.
MAX_PASSWORD_LENGTH = 200


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


def change_display_name(user: User, display_name: str, *, actor=None) -> None:
    """Rename the account; other people see this name in groups and proposals."""
    before = user.display_name
    user.display_name = display_name.strip()
    if user.display_name != before:
        record(
            actor or user,
            "user.change_name",
            user,
            before={"display_name": before},
            after={"display_name": user.display_name},
        )


def request_signup(email: str) -> None:
    """Mail the address a link to finish registering, or a note that it already has an account.

    Both cases queue exactly one mail and the caller answers the same way, so the
    registration form never tells a stranger whether an address is registered.
    """
    email = normalise_email(email)
    user = find_user_by_email(email)
    if user is None:
        token = tokens.make_signup_token(email)
        queue_mail(
            email,
            _("Finish creating your Kyodo account"),
            _(
                "Someone, probably you, asked to create a Kyodo account with this address.\n\n"
                "To choose your name and password, open this link within %(hours)s hours:\n"
                "%(link)s\n\n"
                "If you did not ask for an account, ignore this message: nothing will happen.",
                hours=tokens.signup_valid_hours(),
                link=url_for("accounts.register_complete", token=token, _external=True),
            ),
        )
        return
    queue_mail(
        email,
        _("You already have a Kyodo account"),
        _(
            "Someone, probably you, asked to create a Kyodo account with this address, "
            "but this address already has an account.\n\n"
            "You can log in here:\n%(login)s\n\n"
            "If you have forgotten your password, choose a new one within %(hours)s hours "
            "with this link:\n%(reset)s\n\n"
            "If you did not ask for this, ignore this message: nothing has changed.",
            login=url_for("accounts.login", _external=True),
            hours=tokens.reset_valid_hours(),
            reset=url_for(
                "accounts.reset_password", token=tokens.make_reset_token(user), _external=True
            ),
        ),
    )


def request_password_reset(email: str) -> None:
    """Mail a single-use link to choose a new password, if the address has an active account.

    Unknown and disabled addresses get no mail; the caller answers the same way regardless.
    """
    user = find_user_by_email(email)
    if user is None or user.is_disabled:
        return
    link = url_for("accounts.reset_password", token=tokens.make_reset_token(user), _external=True)
    queue_mail(
        user.email,
        _("Choose a new Kyodo password"),
        _(
            "Someone, probably you, asked to reset the password of your Kyodo account.\n\n"
            "To choose a new password, open this link within %(hours)s hours. "
            "It works once:\n%(link)s\n\n"
            "If you did not ask for this, ignore this message: your password has not changed.",
            hours=tokens.reset_valid_hours(),
            link=link,
        ),
    )


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


def password_problem(password: str) -> str | None:
    """Why ``password`` may not be used, or None. Forms and the command line share the rule."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return _("Use at least %(count)s characters.", count=minimum)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("Use at most %(count)s characters.", count=MAX_PASSWORD_LENGTH)
    return None


def ensure_admin(email: str, display_name: str | None, password: str | None) -> str:
    """Make ``email`` an administrator, creating the account if needed (``flask create-admin``).

    Returns "created", "granted" or "unchanged"; running it twice changes nothing.
    An existing account keeps its name and password.
    """
    user = find_user_by_email(email)
    outcome = "granted"
    if user is None:
        if not display_name or not password:
            raise AccountError(_("A new account needs a name and a password."))
        problem = password_problem(password)
        if problem:
            raise AccountError(problem)
        user = create_user(email, display_name, password)
        outcome = "created"
    if user.has_role(Role.ADMIN):
        return "unchanged"
    # No administrator exists to act yet: the grant is the command line's, recorded without actor.
    user.role_grants.append(RoleGrant(role=Role.ADMIN, granted_by_id=None))
    db.session.flush()
    record(None, "user.grant_role", user, after={"role": Role.ADMIN.value}, note="create-admin")
    return outcome
