"""Citizen groups: creating them, membership, invitations, handing over. Never commits."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from proposals.accounts.models import User
from proposals.audit.log import record
from proposals.database import utcnow
from proposals.extensions import db
from proposals.groups.models import Group, GroupKind, Invitation, Membership
from proposals.mail.outbox import queue_mail
from proposals.notifications.operations import notify, path_for

GROUP_FIELDS = (
    "name",
    "kind",
    "registration_number",
    "contact_email",
    "contact_phone",
    "description",
)
OPTIONAL_FIELDS = ("registration_number", "contact_phone")


class GroupError(Exception):
    pass


class InvitationUnusable(GroupError):
    """The invitation can no longer be used by anybody: used, withdrawn or expired."""


def name_taken(name: str, *, exclude: Group | None = None) -> bool:
    """Whether another group already has this name, ignoring case and outer spaces.

    The unique constraint alone would let "Sakura NPO" and "sakura npo" both exist,
    which the committee could not tell apart.
    """
    query = sa.select(Group.id).where(sa.func.lower(Group.name) == name.strip().lower())
    if exclude is not None and exclude.id is not None:
        query = query.where(Group.id != exclude.id)
    return db.session.scalar(query.limit(1)) is not None


def _name_error(name: str) -> GroupError:
    return GroupError(_("A group named “%(name)s” already exists.", name=name.strip()))


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
    if name_taken(name):
        raise _name_error(name)
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
    """Change the group's details; returns the names of the fields that changed."""
    changed = []
    if "name" in fields and name_taken(fields["name"], exclude=group):
        raise _name_error(fields["name"])
    for name in GROUP_FIELDS:
        if name not in fields:
            continue
        value = fields[name]
        if isinstance(value, str):
            value = value.strip() or (None if name in OPTIONAL_FIELDS else "")
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


# --- invitations ----------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def pending_invitations(group: Group) -> list[Invitation]:
    """The group's invitations that can still be accepted, newest first."""
    return list(
        db.session.scalars(
            sa.select(Invitation)
            .where(
                Invitation.group_id == group.id,
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > utcnow(),
            )
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        )
    )


def _member_with_email(group: Group, email: str) -> bool:
    query = (
        sa.select(Membership.id)
        .join(User, User.id == Membership.user_id)
        .where(Membership.group_id == group.id, User.email == email)
    )
    return db.session.scalar(query.limit(1)) is not None


def invite_member(
    group: Group, actor, email: str, *, valid_days: int = 14
) -> tuple[Invitation, str]:
    """Create an invitation; returns it and the raw token for the link (stored only hashed).

    Inviting an address again withdraws the earlier link: the representative resends
    when a mail went astray, and only the newest link should work.
    """
    email = email.strip().lower()
    if _member_with_email(group, email):
        raise GroupError(_("%(email)s is already a member of this group.", email=email))
    replaced = [i for i in pending_invitations(group) if i.email == email]
    for earlier in replaced:
        earlier.revoked_at = utcnow()
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
    after = {"email": email, "invitation": invitation.id}
    if replaced:
        after["replaces"] = [earlier.id for earlier in replaced]
    record(actor, "group.invite", group, after=after)
    invitee = db.session.scalar(sa.select(User).where(User.email == email))
    if invitee is not None:
        # "My groups" lists the pending invitations of the account's address.
        notify(
            invitee,
            "group.invitation",
            _(
                "%(inviter)s invites you to join %(group)s.",
                inviter=actor.display_name,
                group=group.name,
            ),
            path_for("groups.my_groups"),
        )
    return invitation, token


def send_invitation(invitation: Invitation, link: str) -> None:
    """Queue the invitation mail; ``link`` is the absolute URL holding the raw token."""
    group = invitation.group
    zone = ZoneInfo(current_app.config["DEFAULT_TIMEZONE"])
    queue_mail(
        invitation.email,
        _("Invitation to join %(group)s on Kyodo", group=group.name),
        _(
            "%(inviter)s invites you to join the citizen group %(group)s on Kyodo, "
            "where groups prepare their proposals to the city's Citizen Partnership.\n\n"
            "To accept, open this link and log in (or register) with this email address:\n"
            "%(link)s\n\n"
            "The link works once and expires on %(expires)s. "
            "If you did not expect this invitation, you can ignore this message.",
            inviter=invitation.invited_by.display_name,
            group=group.name,
            link=link,
            expires=invitation.expires_at.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z"),
        ),
    )


def find_invitation(token: str, *, lock: bool = False) -> Invitation | None:
    """The invitation whose link holds ``token``; ``lock`` holds its row until commit."""
    query = sa.select(Invitation).where(Invitation.token_hash == hash_token(token))
    if lock:
        query = query.with_for_update()
    return db.session.scalar(query)


def invitation_problem(invitation: Invitation, user=None) -> GroupError | None:
    """Why ``invitation`` cannot be accepted (by ``user`` when given), or None if it can."""
    if invitation.accepted_at is not None:
        return InvitationUnusable(_("This invitation has already been used."))
    if invitation.revoked_at is not None:
        return InvitationUnusable(_("This invitation was withdrawn by the group."))
    if invitation.expires_at <= utcnow():
        return InvitationUnusable(
            _("This invitation has expired. Ask the group's representative for a new one.")
        )
    if user is None:
        return None
    if invitation.email != user.email:
        return GroupError(
            _("This invitation was sent to another email address. Log in with the invited address.")
        )
    if invitation.group.is_member(user):
        return GroupError(_("You are already a member of this group."))
    return None


def accept_invitation(invitation: Invitation, user) -> Membership:
    """Join the group. The link works once, before it expires, for the invited address."""
    problem = invitation_problem(invitation, user)
    if problem is not None:
        raise problem
    group = invitation.group
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    membership = Membership(group=group, user=user)
    db.session.add(membership)
    db.session.flush()
    record(user, "group.join", group, after={"user": user.id, "invitation": invitation.id})
    if group.representative_id != user.id:
        notify(
            group.representative,
            "group.join",
            _("%(name)s joined %(group)s.", name=user.display_name, group=group.name),
            path_for("groups.members", group_id=group.id),
        )
    return membership


def revoke_invitation(invitation: Invitation, actor) -> None:
    """Withdraw a pending invitation: its link stops working at once."""
    if invitation.accepted_at is not None:
        raise GroupError(_("This invitation has already been accepted."))
    if invitation.revoked_at is not None:
        raise GroupError(_("This invitation was already withdrawn."))
    invitation.revoked_at = utcnow()
    db.session.flush()
    record(
        actor,
        "group.revoke_invitation",
        invitation.group,
        before={"email": invitation.email, "invitation": invitation.id},
    )


# --- membership -----------------------------------------------------------------------


def _membership(group: Group, user) -> Membership | None:
    return next((m for m in group.memberships if m.user_id == user.id), None)


def leave_group(group: Group, user) -> None:
    """Leave the group. The representative hands over the role first."""
    if group.is_representative(user):
        raise GroupError(_("Hand over the representative role before leaving the group."))
    membership = _membership(group, user)
    if membership is None:
        raise GroupError(_("You are not a member of this group."))
    group.memberships.remove(membership)
    db.session.flush()
    record(user, "group.leave", group, before={"user": user.id})


def remove_member(group: Group, actor, member) -> None:
    """The representative removes another member, who is told by mail."""
    if group.is_representative(member):
        raise GroupError(_("The representative cannot be removed. Hand over the role first."))
    membership = _membership(group, member)
    if membership is None:
        raise GroupError(_("%(name)s is not a member of this group.", name=member.display_name))
    group.memberships.remove(membership)
    db.session.flush()
    record(actor, "group.remove_member", group, before={"user": member.id})
    notify(
        member,
        "group.removed",
        _("%(actor)s removed you from %(group)s.", actor=actor.display_name, group=group.name),
        path_for("groups.my_groups"),
    )
    queue_mail(
        member.email,
        _("You are no longer a member of %(group)s", group=group.name),
        _(
            "%(actor)s, the representative of %(group)s, removed you from the group on Kyodo. "
            "You can no longer see or edit its proposals.",
            actor=actor.display_name,
            group=group.name,
        ),
    )


def hand_over(group: Group, actor, new_representative) -> None:
    """Make another member the representative; the new representative is told by mail."""
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
    notify(
        new_representative,
        "group.hand_over",
        _(
            "%(actor)s made you the representative of %(group)s.",
            actor=actor.display_name,
            group=group.name,
        ),
        path_for("groups.dashboard", group_id=group.id),
    )
    queue_mail(
        new_representative.email,
        _("You are now the representative of %(group)s", group=group.name),
        _(
            "%(actor)s handed over the representative role of %(group)s to you on Kyodo. "
            "You can now edit the group's details, invite and remove members.",
            actor=actor.display_name,
            group=group.name,
        ),
    )
