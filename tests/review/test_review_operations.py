"""Appointing, assigning, conflicts of interest: the domain functions."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role
from proposals.extensions import db
from proposals.mail.models import OutboxMessage
from proposals.notifications.models import Notification
from proposals.review import operations
from proposals.review.models import CommitteeMember, ConflictOfInterest, ReviewAssignment
from proposals.submissions.models import ProposalState


def _pairs():
    return {(a.proposal_id, a.reviewer_id) for a in db.session.scalars(sa.select(ReviewAssignment))}


def test_only_reviewers_can_be_appointed(in_review, make_user, officer):
    call, _ = in_review(1)
    citizen = make_user()
    with pytest.raises(operations.ReviewError, match="not a committee reviewer"):
        operations.appoint_reviewer(call, citizen, officer)
    assert db.session.scalars(sa.select(CommitteeMember)).all() == []


def test_appointing_twice_is_refused(in_review, reviewers, appointed, officer):
    call, _ = in_review(1)
    [reviewer] = appointed(call, reviewers(1))
    with pytest.raises(operations.ReviewError, match="already on"):
        operations.appoint_reviewer(call, reviewer, officer)


def test_appointment_is_audited_and_notified(in_review, reviewers, appointed, audit_actions):
    call, _ = in_review(1)
    [reviewer] = appointed(call, reviewers(1))
    assert audit_actions() == ["review.appoint"]
    assert db.session.scalar(sa.select(Notification.kind)) == "review.appointed"
    assert operations.is_appointed(call, reviewer)


def test_assignment_notifies_mails_and_audits(
    in_review, reviewers, appointed, officer, audit_actions
):
    call, [proposal] = in_review(1)
    [reviewer] = appointed(call, reviewers(1))
    operations.assign(proposal, reviewer, officer)
    db.session.commit()
    assert _pairs() == {(proposal.id, reviewer.id)}
    assert audit_actions()[-1] == "review.assign"
    kinds = db.session.scalars(
        sa.select(Notification.kind).where(Notification.user_id == reviewer.id)
    ).all()
    assert "review.assigned" in kinds
    mail = db.session.scalar(sa.select(OutboxMessage))
    assert mail.recipient == reviewer.email
    assert proposal.title in mail.subject


def test_assigning_an_unappointed_reviewer_is_refused(in_review, reviewers, officer):
    call, [proposal] = in_review(1)
    [reviewer] = reviewers(1)
    with pytest.raises(operations.ReviewError, match="not on this call"):
        operations.assign(proposal, reviewer, officer)


def test_only_eligible_proposals_are_assigned(
    in_review, make_proposal, reviewers, appointed, officer
):
    call, _ = in_review(1)
    submitted = make_proposal(call=call, state=ProposalState.SUBMITTED)
    [reviewer] = appointed(call, reviewers(1))
    with pytest.raises(operations.ReviewError, match="Only eligible"):
        operations.assign(submitted, reviewer, officer)


def test_a_member_of_the_proposing_group_is_never_assigned(
    in_review, make_group, make_proposal, reviewers, appointed, officer
):
    call, _ = in_review(0)
    [insider, outsider] = appointed(call, reviewers(2))
    group = make_group(members=[insider])
    proposal = make_proposal(call=call, group=group, state=ProposalState.ELIGIBLE)
    assert operations.is_conflicted(proposal, insider)
    assert not operations.is_conflicted(proposal, outsider)
    with pytest.raises(operations.ReviewError, match="conflict of interest"):
        operations.assign(proposal, insider, officer)
    db.session.rollback()

    call.reviewers_per_proposal = 2
    db.session.commit()
    shortfall = operations.auto_assign(call, officer)
    db.session.commit()
    assert _pairs() == {(proposal.id, outsider.id)}
    assert [(p.id, missing) for p, missing in shortfall] == [(proposal.id, 1)]
    conflict = db.session.scalar(sa.select(ConflictOfInterest))
    assert (conflict.reviewer_id, conflict.automatic) == (insider.id, True)


def test_declaring_a_conflict_removes_the_assignment_and_blocks_reassignment(
    in_review, reviewers, appointed, officer, audit_actions
):
    call, [proposal, other] = in_review(2)
    [reviewer] = appointed(call, reviewers(1))
    operations.assign(proposal, reviewer, officer)
    db.session.commit()

    operations.declare_conflict(proposal, reviewer, "My sister runs this group.")
    db.session.commit()
    assert _pairs() == set()
    assert audit_actions()[-2:] == ["review.unassign", "review.declare_conflict"]
    conflict = db.session.scalar(sa.select(ConflictOfInterest))
    assert (conflict.note, conflict.automatic) == ("My sister runs this group.", False)
    assert operations.is_conflicted(proposal, reviewer)

    with pytest.raises(operations.ReviewError, match="conflict of interest"):
        operations.assign(proposal, reviewer, officer)
    db.session.rollback()
    operations.auto_assign(call, officer)
    db.session.commit()
    assert _pairs() == {(other.id, reviewer.id)}


def test_declaring_needs_a_note_and_an_appointment(in_review, reviewers, appointed):
    call, [proposal] = in_review(1)
    [member, stranger] = reviewers(2)
    appointed(call, [member])
    with pytest.raises(operations.ReviewError, match="Say briefly"):
        operations.declare_conflict(proposal, member, "  ")
    with pytest.raises(operations.ReviewError, match="Only members"):
        operations.declare_conflict(proposal, stranger, "I know them.")
    assert db.session.scalars(sa.select(ConflictOfInterest)).all() == []


def test_a_reviewer_with_assignments_cannot_be_removed(in_review, reviewers, appointed, officer):
    call, [proposal] = in_review(1)
    [reviewer] = appointed(call, reviewers(1))
    operations.assign(proposal, reviewer, officer)
    db.session.commit()
    with pytest.raises(operations.ReviewError, match="unassign them first"):
        operations.remove_reviewer(call, reviewer, officer)
    operations.unassign(proposal, reviewer, officer)
    operations.remove_reviewer(call, reviewer, officer)
    db.session.commit()
    assert not operations.is_appointed(call, reviewer)


def test_auto_assign_balances_and_keeps_existing(in_review, reviewers, appointed, officer):
    call, proposals = in_review(5)
    committee = appointed(call, reviewers(3))
    operations.assign(proposals[0], committee[0], officer)
    db.session.commit()
    assert operations.auto_assign(call, officer) == []
    db.session.commit()
    pairs = _pairs()
    assert (proposals[0].id, committee[0].id) in pairs
    assert len(pairs) == 10
    loads = [sum(1 for _, r in pairs if r == user.id) for user in committee]
    assert max(loads) - min(loads) <= 1
    # Running it again changes nothing.
    assert operations.auto_assign(call, officer) == []
    assert len(_pairs()) == 10


def test_reviewers_per_proposal_must_be_positive(in_review, officer):
    call, _ = in_review(0)
    with pytest.raises(operations.ReviewError):
        operations.set_reviewers_per_proposal(call, 0, officer)
    assert operations.set_reviewers_per_proposal(call, 3, officer) is True
    assert call.reviewers_per_proposal == 3


def test_the_database_refuses_zero_reviewers_per_proposal(in_review):
    call, _ = in_review(0)
    call.reviewers_per_proposal = 0
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_reviewer_role_is_what_counts(make_user, in_review, officer):
    call, _ = in_review(0)
    mayor = make_user(roles=[Role.MAYORS_OFFICE])
    with pytest.raises(operations.ReviewError):
        operations.appoint_reviewer(call, mayor, officer)
