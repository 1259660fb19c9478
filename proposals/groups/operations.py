"""Citizen groups: creating them, membership, invitations, handing over. Never commits."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa
from flask_babel import gettext as _

from proposals.audit.log import record
from proposals.database import utcnow
from proposals.extensions import db
from proposals.groups.models import Group, GroupKind, Invitation, Membership

GROUP_FIELDS = (
    "name",
    "kind",
    "registration_number",
    "contact_email",
    "contact_phone",
    "description",
)


class GroupError(Exception):
    pass


def create_group(
    actor,
    *,
    name: str,
    kind: GroupKind,
    contact_email: str,
    themes=(),
    registration_number=None,
    contact_phone=None,
    description="",
) -> Group:
    """Create a group; its creator becomes its representative and first member."""
    group = Group(
        name=name.strip(),
        kind=GroupKind(kind),
        contact_email=contact_email.strip(),
        registration_number=(registration_number or "").strip() or None,
        contact_phone=(contact_phone or "").strip() or None,
        description=(description or "").strip(),
        representative=actor,
    )
    group.themes = themes
    group.memberships.append(Membership(user=actor))
    db.session.add(group)
    db.session.flush()
    record(actor, "group.create", group, after={"name": group.name, "kind": group.kind.value})
    return group


def update_group(group: Group, actor, *, themes=None, **fields) -> list[str]:
    changed = []
    for name in GROUP_FIELDS:
        if name not in fields:
            continue
        value = fields[name]
        if isinstance(value, str):
            value = value.strip() or (
                None if name in ("registration_number", "contact_phone") else ""
            )
        if name == "kind":
            value = GroupKind(value)
        if getattr(group, name) != value:
            setattr(group, name, value)
            changed.append(name)
    if themes is not None and set(themes) != set(group.themes):
        group.themes = themes
        changed.append("themes")
    if changed:
        db.session.flush()
        record(actor, "group.update", group, after={"changed": changed})
    return changed


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_member(
    group: Group, actor, email: str, *, valid_days: int = 14
) -> tuple[Invitation, str]:
    """Create an invitation; returns it and the raw token for the link (stored only hashed)."""
    email = email.strip().lower()
    if any(m.user.email == email for m in group.memberships):
        raise GroupError(_("%(email)s is already a member of this group.", email=email))
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        group=group,
        email=email,
        token_hash=hash_token(token),
        invited_by=actor,
        expires_at=utcnow() + dt.timedelta(days=valid_days),
    )
    db.session.add(invitation)
    db.session.flush()
    record(actor, "group.invite", group, after={"email": email, "invitation": invitation.id})
    return invitation, token


def find_invitation(token: str) -> Invitation | None:
    return db.session.scalar(
        sa.select(Invitation).where(Invitation.token_hash == hash_token(token))
    )


def accept_invitation(invitation: Invitation, user) -> Membership:
    """Join the group. The link works once, before it expires, for the invited address."""
    if invitation.accepted_at is not None:
        raise GroupError(_("This invitation has already been used."))
    if invitation.revoked_at is not None:
        raise GroupError(_("This invitation was withdrawn by the group."))
    if invitation.expires_at <= utcnow():
        raise GroupError(
            _("This invitation has expired. Ask the group's representative for a new one.")
        )
    if invitation.email != user.email:
        raise GroupError(
            _("This invitation was sent to another email address. Log in with the invited address.")
        )
    group = invitation.group
    if group.is_member(user):
        raise GroupError(_("You are already a member of this group."))
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    membership = Membership(group=group, user=user)
    db.session.add(membership)
    db.session.flush()
    record(user, "group.join", group, after={"user": user.id, "invitation": invitation.id})
    return membership


def leave_group(group: Group, user) -> None:
    if group.is_representative(user):
        raise GroupError(_("Hand over the representative role before leaving the group."))
    membership = next((m for m in group.memberships if m.user_id == user.id), None)
    if membership is None:
        raise GroupError(_("You are not a member of this group."))
    group.memberships.remove(membership)
    db.session.flush()
    record(user, "group.leave", group, before={"user": user.id})


def hand_over(group: Group, actor, new_representative) -> None:
    """Make another member the representative."""
    if not group.is_member(new_representative):
        raise GroupError(_("The new representative must be a member of the group."))
    if group.is_representative(new_representative):
        raise GroupError(
            _("%(name)s is already the representative.", name=new_representative.display_name)
        )
    before = group.representative_id
    group.representative = new_representative
    db.session.flush()
    record(
        actor,
        "group.hand_over",
        group,
        before={"representative": before},
        after={"representative": new_representative.id},
    )
