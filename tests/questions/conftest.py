"""Fixtures of the questions tests: a call in review, one eligible proposal and every kind
of person who might come to its thread."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role, User
from proposals.calls.models import Call
from proposals.database import utcnow
from proposals.extensions import db
from proposals.groups.models import Group
from proposals.mail.models import OutboxMessage
from proposals.notifications.models import Notification
from proposals.review import operations as review
from proposals.submissions.models import Proposal, ProposalState


@dataclass
class Cast:
    call: Call
    proposal: Proposal
    group: Group
    representative: User
    member: User
    officer: User
    reviewer: User
    conflicted: User
    outsider_reviewer: User
    mayor: User
    admin: User
    citizen: User
    other_member: User

    def person(self, who: str) -> User | None:
        return None if who == "anonymous" else getattr(self, who)


@pytest.fixture
def cast(clock, make_user, make_group, make_call, make_proposal):
    """A closed call (in review) with an eligible proposal; an appointed reviewer, an
    appointed reviewer who declared a conflict, and a reviewer not on the committee.
    The clock is frozen (``clock.advance`` moves it)."""
    officer = make_user(roles=[Role.CITY_OFFICER], name="Officer Ota")
    representative = make_user("rep@example.org", name="Rep Rin")
    member = make_user(name="Member Mai")
    group = make_group(representative, members=[member], name="Seya Play Club")
    group.contact_email = "club@example.org"
    call = make_call("closed", officer=officer)
    proposal = make_proposal(call=call, group=group, state=ProposalState.ELIGIBLE)
    reviewer = make_user(roles=[Role.REVIEWER], name="Reviewer Rika")
    conflicted = make_user(roles=[Role.REVIEWER], name="Conflicted Kenji")
    outsider_reviewer = make_user(roles=[Role.REVIEWER], name="Outsider Oda")
    review.appoint_reviewer(call, reviewer, officer)
    review.appoint_reviewer(call, conflicted, officer)
    review.declare_conflict(proposal, conflicted, "My sister runs the club.")
    other_member = make_user(name="Other Oki")
    make_group(other_member, name="Another Group")
    cast = Cast(
        call=call,
        proposal=proposal,
        group=group,
        representative=representative,
        member=member,
        officer=officer,
        reviewer=reviewer,
        conflicted=conflicted,
        outsider_reviewer=outsider_reviewer,
        mayor=make_user(roles=[Role.MAYORS_OFFICE], name="Mayor Office"),
        admin=make_user(roles=[Role.ADMIN], name="Admin Abe"),
        citizen=make_user(name="Citizen Chie"),
        other_member=other_member,
    )
    # The setting itself is not under test: start the notifications and mail afresh.
    db.session.execute(sa.delete(Notification))
    db.session.execute(sa.delete(OutboxMessage))
    db.session.commit()
    return cast


@pytest.fixture
def set_phase():
    """Move ``call`` to a later phase by the officers' recorded closing actions."""

    def set_phase(call, phase):
        now = utcnow()
        if phase in ("recommending", "selecting", "decided"):
            call.review_closed_at = now
        if phase in ("selecting", "decided"):
            call.recommendations_closed_at = now
        if phase == "decided":
            call.decided_at = now
        db.session.commit()

    return set_phase


@pytest.fixture
def notifications_of():
    def notifications_of(user):
        return db.session.scalars(
            sa.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        ).all()

    return notifications_of


@pytest.fixture
def outbox():
    def outbox():
        return db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()

    return outbox
