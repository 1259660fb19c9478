"""Appointing reviewers, assigning them to proposals, conflicts of interest.

Never commits and never reads the request: the views commit once. Every change writes
an audit row; a reviewer hears of an assignment in the app and by mail.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, load_only, selectinload

from proposals.accounts.models import Role
from proposals.audit.log import record
from proposals.calls.models import Call, Phase
from proposals.database import utcnow
from proposals.extensions import db
from proposals.groups.models import Group, Membership
from proposals.mail.outbox import queue_mail
from proposals.notifications.operations import notify, path_for
from proposals.review import scoring
from proposals.review.assignment import plan_assignments
from proposals.review.models import (
    CommitteeMember,
    ConflictOfInterest,
    Review,
    ReviewAssignment,
    ReviewScore,
)
from proposals.submissions.models import Proposal, ProposalState

MAX_REVIEWERS_PER_PROPOSAL = 20


class ReviewError(Exception):
    """A review action was refused. ``problems`` lists every reason, for the user."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class ScoreError(ReviewError):
    """Scores were refused; ``by_criterion`` holds each criterion's message, for its field."""

    def __init__(self, by_criterion: dict[int, str]):
        super().__init__(list(by_criterion.values()))
        self.by_criterion = by_criterion


class ReviewFinal(ReviewError):
    """The review was submitted and is final (shown as 409 Conflict)."""


# --- questions ------------------------------------------------------------------------------


def membership_of(call: Call, user) -> CommitteeMember | None:
    return db.session.scalar(
        sa.select(CommitteeMember).where(
            CommitteeMember.call_id == call.id, CommitteeMember.user_id == user.id
        )
    )


def is_appointed(call: Call, user) -> bool:
    return membership_of(call, user) is not None


def assignment_of(proposal: Proposal, reviewer) -> ReviewAssignment | None:
    return db.session.scalar(
        sa.select(ReviewAssignment).where(
            ReviewAssignment.proposal_id == proposal.id,
            ReviewAssignment.reviewer_id == reviewer.id,
        )
    )


def declared_conflict(proposal: Proposal, reviewer) -> ConflictOfInterest | None:
    return db.session.scalar(
        sa.select(ConflictOfInterest).where(
            ConflictOfInterest.proposal_id == proposal.id,
            ConflictOfInterest.reviewer_id == reviewer.id,
        )
    )


def is_conflicted(proposal: Proposal, reviewer) -> bool:
    """A member of the proposing group is conflicted automatically; others by declaring it."""
    return proposal.group.is_member(reviewer) or declared_conflict(proposal, reviewer) is not None


def call_conflicts(call: Call) -> dict[tuple[int, int], bool]:
    """Every (proposal id, reviewer id) conflict among ``call``'s proposals and committee:
    the value is True when automatic (group membership), False when declared. Two queries."""
    conflicts = {
        (row.proposal_id, row.reviewer_id): row.automatic
        for row in db.session.scalars(
            sa.select(ConflictOfInterest)
            .join(Proposal, Proposal.id == ConflictOfInterest.proposal_id)
            .where(Proposal.call_id == call.id)
        )
    }
    members = db.session.execute(
        sa.select(Proposal.id, Membership.user_id)
        .join(Membership, Membership.group_id == Proposal.group_id)
        .join(
            CommitteeMember,
            sa.and_(
                CommitteeMember.user_id == Membership.user_id,
                CommitteeMember.call_id == Proposal.call_id,
            ),
        )
        .where(Proposal.call_id == call.id)
    )
    for proposal_id, user_id in members:
        conflicts[(proposal_id, user_id)] = True
    return conflicts


def _reviewer_name(user) -> str:
    return user.display_name


# --- the committee --------------------------------------------------------------------------


def appoint_reviewer(call: Call, user, actor) -> CommitteeMember:
    """Appoint ``user`` (who must have the reviewer role) to ``call``'s committee."""
    if not user.has_role(Role.REVIEWER):
        raise ReviewError([_("%(name)s is not a committee reviewer.", name=_reviewer_name(user))])
    if call.phase is Phase.DECIDED:
        raise ReviewError([_("The decision on this call has been made.")])
    if is_appointed(call, user):
        raise ReviewError(
            [_("%(name)s is already on this call's committee.", name=_reviewer_name(user))]
        )
    member = CommitteeMember(call_id=call.id, user_id=user.id, appointed_by_id=actor.id)
    db.session.add(member)
    db.session.flush()
    record(actor, "review.appoint", member, after={"call_id": call.id, "user_id": user.id})
    notify(
        user,
        "review.appointed",
        _("You were appointed to the review committee of %(call)s.", call=call.title),
        path_for("review.queue"),
    )
    return member


def remove_reviewer(call: Call, user, actor) -> None:
    """Remove ``user`` from the committee; refused while they have assignments."""
    member = membership_of(call, user)
    if member is None:
        raise ReviewError(
            [_("%(name)s is not on this call's committee.", name=_reviewer_name(user))]
        )
    assigned = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(ReviewAssignment)
        .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
        .where(Proposal.call_id == call.id, ReviewAssignment.reviewer_id == user.id)
    )
    if assigned:
        raise ReviewError(
            [
                _(
                    "%(name)s still has proposals to review; unassign them first.",
                    name=_reviewer_name(user),
                )
            ]
        )
    record(actor, "review.remove", member, before={"call_id": call.id, "user_id": user.id})
    db.session.delete(member)
    db.session.flush()


def set_reviewers_per_proposal(call: Call, k: int, actor) -> bool:
    """Change how many reviewers each proposal gets. Returns whether it changed."""
    if not 1 <= k <= MAX_REVIEWERS_PER_PROPOSAL:
        raise ReviewError(
            [
                _(
                    "Choose between 1 and %(maximum)s reviewers per proposal.",
                    maximum=MAX_REVIEWERS_PER_PROPOSAL,
                )
            ]
        )
    before = call.reviewers_per_proposal
    if before == k:
        return False
    call.reviewers_per_proposal = k
    db.session.flush()
    record(
        actor,
        "review.reviewers_per_proposal",
        call,
        before={"reviewers_per_proposal": before},
        after={"reviewers_per_proposal": k},
    )
    return True


# --- assignments ----------------------------------------------------------------------------


def _check_assignable(proposal: Proposal, reviewer) -> None:
    problems = []
    if proposal.state is not ProposalState.ELIGIBLE:
        problems.append(_("Only eligible proposals are reviewed."))
    if proposal.call.phase is not Phase.IN_REVIEW:
        problems.append(_("Reviewers can only be assigned while the call is in review."))
    if not is_appointed(proposal.call, reviewer):
        problems.append(
            _("%(name)s is not on this call's committee.", name=_reviewer_name(reviewer))
        )
    elif is_conflicted(proposal, reviewer):
        problems.append(
            _(
                "%(name)s has a conflict of interest with this proposal.",
                name=_reviewer_name(reviewer),
            )
        )
    elif assignment_of(proposal, reviewer) is not None:
        problems.append(
            _("%(name)s is already assigned to this proposal.", name=_reviewer_name(reviewer))
        )
    if problems:
        raise ReviewError(problems)


def _add_assignment(proposal: Proposal, reviewer, actor, *, automatic: bool):
    assignment = ReviewAssignment(
        proposal_id=proposal.id, reviewer_id=reviewer.id, assigned_by_id=actor.id
    )
    db.session.add(assignment)
    db.session.flush()
    record(
        actor,
        "review.assign",
        assignment,
        after={"proposal_id": proposal.id, "reviewer_id": reviewer.id},
        note="automatic" if automatic else None,
    )
    link = path_for("review.queue")
    notify(
        reviewer,
        "review.assigned",
        _("You were asked to review “%(title)s”.", title=proposal.title),
        link,
    )
    queue_mail(
        reviewer.email,
        _("Please review “%(title)s”", title=proposal.title),
        _(
            "You were asked to review the proposal “%(title)s” to %(call)s. "
            "Your review queue lists it: %(link)s",
            title=proposal.title,
            call=proposal.call.title,
            link=link,
        ),
    )
    return assignment


def assign(proposal: Proposal, reviewer, actor) -> ReviewAssignment:
    """Assign an appointed, non-conflicted reviewer to an eligible proposal."""
    _check_assignable(proposal, reviewer)
    return _add_assignment(proposal, reviewer, actor, automatic=False)


def unassign(proposal: Proposal, reviewer, actor) -> None:
    assignment = assignment_of(proposal, reviewer)
    if assignment is None:
        raise ReviewError(
            [_("%(name)s is not assigned to this proposal.", name=_reviewer_name(reviewer))]
        )
    record(
        actor,
        "review.unassign",
        assignment,
        before={"proposal_id": proposal.id, "reviewer_id": reviewer.id},
    )
    db.session.delete(assignment)
    db.session.flush()


def auto_assign(call: Call, actor) -> list[tuple[Proposal, int]]:
    """Give every eligible proposal of ``call`` its reviewers, with balanced load.

    Conflicts found through group membership are recorded as automatic conflicts.
    Returns the proposals that could not get enough reviewers, with how many are missing.
    """
    if call.phase is not Phase.IN_REVIEW:
        raise ReviewError([_("Reviewers can only be assigned while the call is in review.")])
    proposals = {
        proposal.id: proposal
        for proposal in db.session.scalars(
            sa.select(Proposal).where(
                Proposal.call_id == call.id, Proposal.state == ProposalState.ELIGIBLE
            )
        )
    }
    members = {
        member.user_id: member.user
        for member in db.session.scalars(
            sa.select(CommitteeMember).where(CommitteeMember.call_id == call.id)
        )
    }
    existing = db.session.execute(
        sa.select(ReviewAssignment.proposal_id, ReviewAssignment.reviewer_id)
        .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
        .where(Proposal.call_id == call.id)
    ).all()
    conflicts = call_conflicts(call)
    declared = {
        pair
        for pair in db.session.execute(
            sa.select(ConflictOfInterest.proposal_id, ConflictOfInterest.reviewer_id)
            .join(Proposal, Proposal.id == ConflictOfInterest.proposal_id)
            .where(Proposal.call_id == call.id)
        ).all()
    }
    for proposal_id, reviewer_id in sorted(conflicts):
        if (proposal_id, reviewer_id) not in declared and proposal_id in proposals:
            db.session.add(
                ConflictOfInterest(
                    proposal_id=proposal_id,
                    reviewer_id=reviewer_id,
                    automatic=True,
                    note=_("Member of the proposing group."),
                )
            )
    plan = plan_assignments(
        proposals, members, call.reviewers_per_proposal, [tuple(row) for row in existing], conflicts
    )
    for proposal_id, reviewer_id in plan.new:
        _add_assignment(proposals[proposal_id], members[reviewer_id], actor, automatic=True)
    db.session.flush()
    record(
        actor,
        "review.auto_assign",
        call,
        after={"assigned": len(plan.new), "shortfall": len(plan.shortfall)},
    )
    return [(proposals[proposal_id], missing) for proposal_id, missing in plan.shortfall]


# --- conflicts of interest ------------------------------------------------------------------


def declare_conflict(proposal: Proposal, reviewer, note: str) -> ConflictOfInterest:
    """An appointed reviewer declares a conflict with ``proposal``; any assignment to it ends."""
    if not is_appointed(proposal.call, reviewer):
        raise ReviewError([_("Only members of this call's committee can declare a conflict.")])
    note = (note or "").strip()
    if not note:
        raise ReviewError([_("Say briefly what the conflict of interest is.")])
    if declared_conflict(proposal, reviewer) is not None:
        raise ReviewError([_("A conflict of interest with this proposal is already recorded.")])
    assignment = assignment_of(proposal, reviewer)
    if assignment is not None:
        record(
            reviewer,
            "review.unassign",
            assignment,
            before={"proposal_id": proposal.id, "reviewer_id": reviewer.id},
            note=_("Conflict of interest declared."),
        )
        db.session.delete(assignment)
    conflict = ConflictOfInterest(
        proposal_id=proposal.id, reviewer_id=reviewer.id, note=note, automatic=False
    )
    db.session.add(conflict)
    db.session.flush()
    record(
        reviewer,
        "review.declare_conflict",
        conflict,
        after={
            "proposal_id": proposal.id,
            "reviewer_id": reviewer.id,
            "assignment_removed": assignment is not None,
        },
        note=note,
    )
    return conflict


def lift_conflict(proposal: Proposal, reviewer, actor, note: str) -> None:
    """An officer lifts a conflict a reviewer declared by mistake. Automatic conflicts
    (membership of the proposing group) cannot be lifted: they end when the membership does."""
    if proposal.group.is_member(reviewer):
        raise ReviewError(
            [
                _(
                    "%(name)s belongs to the proposing group: that conflict cannot be lifted.",
                    name=_reviewer_name(reviewer),
                )
            ]
        )
    conflict = declared_conflict(proposal, reviewer)
    if conflict is None:
        raise ReviewError([_("No declared conflict of interest is recorded for this reviewer.")])
    note = (note or "").strip()
    if not note:
        raise ReviewError([_("Say why the conflict of interest is lifted.")])
    record(
        actor,
        "review.lift_conflict",
        conflict,
        before={"proposal_id": proposal.id, "reviewer_id": reviewer.id, "note": conflict.note},
        note=note,
    )
    db.session.delete(conflict)
    db.session.flush()


def committee_proposals(call: Call, reviewer) -> list[tuple[Proposal, bool, bool | None]]:
    """What a committee member sees of a call before scoring: each submitted or eligible
    proposal, whether it is assigned to them, and their conflict (None, True when automatic,
    False when declared). Three queries."""
    proposals = db.session.scalars(
        sa.select(Proposal)
        .options(joinedload(Proposal.group))
        .where(
            Proposal.call_id == call.id,
            Proposal.state.in_([ProposalState.SUBMITTED, ProposalState.ELIGIBLE]),
        )
        .order_by(Proposal.title, Proposal.id)
    ).all()
    assigned = set(
        db.session.scalars(
            sa.select(ReviewAssignment.proposal_id)
            .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
            .where(Proposal.call_id == call.id, ReviewAssignment.reviewer_id == reviewer.id)
        )
    )
    conflicts = {
        proposal_id: automatic
        for (proposal_id, reviewer_id), automatic in call_conflicts(call).items()
        if reviewer_id == reviewer.id
    }
    return [(p, p.id in assigned, conflicts.get(p.id)) for p in proposals]


# --- scoring --------------------------------------------------------------------------------


def review_of(assignment: ReviewAssignment) -> Review | None:
    return db.session.scalar(sa.select(Review).where(Review.assignment_id == assignment.id))


def save_review(
    assignment: ReviewAssignment,
    reviewer,
    scores: dict[int, tuple[int | None, str]],
    submit: bool,
) -> Review:
    """Save ``reviewer``'s scores ({criterion id: (score or None, comment)}) as a draft,
    or submit them. A draft may be partial; submitting needs every criterion scored and
    makes the review final."""
    proposal = assignment.proposal
    call = proposal.call
    if assignment.reviewer_id != reviewer.id:
        raise ReviewError([_("Only the assigned reviewer can score this proposal.")])
    if not is_appointed(call, reviewer):
        raise ReviewError([_("You are not on this call's committee.")])
    if is_conflicted(proposal, reviewer):
        raise ReviewError([_("You have a conflict of interest with this proposal.")])
    review = review_of(assignment)
    if review is not None and review.submitted:
        raise ReviewFinal([_("Your review of this proposal was submitted and is final.")])
    if call.phase is not Phase.IN_REVIEW:
        raise ReviewError([_("Proposals can only be scored while the call is in review.")])

    criteria = {criterion.id: criterion for criterion in call.criteria}
    problems: dict[int, str] = {}
    for criterion_id in scores:
        if criterion_id not in criteria:
            raise ReviewError([_("That criterion is not part of this call.")])
    for criterion in call.criteria:
        score, _comment = scores.get(criterion.id, (None, ""))
        if score is None:
            if submit:
                problems[criterion.id] = _(
                    "Score “%(name)s” before submitting.", name=criterion.name
                )
        elif not 0 <= score <= criterion.max_score:
            problems[criterion.id] = _(
                "Score “%(name)s” from 0 to %(max)s.", name=criterion.name, max=criterion.max_score
            )
    if problems:
        raise ScoreError(problems)

    if review is None:
        review = Review(assignment_id=assignment.id)
        db.session.add(review)
    existing = {row.criterion_id: row for row in review.scores}
    for criterion in call.criteria:
        score, comment = scores.get(criterion.id, (None, ""))
        row = existing.get(criterion.id)
        if score is None:
            if row is not None:
                review.scores.remove(row)
            continue
        if row is None:
            review.scores.append(
                ReviewScore(criterion_id=criterion.id, score=score, comment=comment or "")
            )
        else:
            row.score, row.comment = score, comment or ""
    review.updated_at = utcnow()
    if submit:
        review.submitted_at = utcnow()
    db.session.flush()
    record(
        reviewer,
        "review.submit" if submit else "review.save",
        review,
        after={
            "proposal_id": proposal.id,
            "scores": {str(row.criterion_id): row.score for row in review.scores},
        },
    )
    return review


def review_progress(call: Call) -> tuple[int, int]:
    """(submitted reviews, assignments) of ``call``'s proposals: one query."""
    submitted, total = db.session.execute(
        sa.select(
            sa.func.count(Review.submitted_at),
            sa.func.count(ReviewAssignment.id),
        )
        .select_from(ReviewAssignment)
        .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
        .outerjoin(Review, Review.assignment_id == ReviewAssignment.id)
        .where(Proposal.call_id == call.id)
    ).one()
    return submitted, total


def has_submitted(proposal: Proposal, reviewer) -> bool:
    return (
        db.session.scalar(
            sa.select(Review.id)
            .join(ReviewAssignment, ReviewAssignment.id == Review.assignment_id)
            .where(
                ReviewAssignment.proposal_id == proposal.id,
                ReviewAssignment.reviewer_id == reviewer.id,
                Review.submitted_at.is_not(None),
            )
        )
        is not None
    )


def submitted_reviews(proposal: Proposal) -> list[Review]:
    """The submitted reviews of ``proposal`` with their reviewers and scores."""
    return list(
        db.session.scalars(
            sa.select(Review)
            .join(ReviewAssignment, ReviewAssignment.id == Review.assignment_id)
            .options(
                joinedload(Review.assignment).joinedload(ReviewAssignment.reviewer),
                selectinload(Review.scores),
            )
            .where(ReviewAssignment.proposal_id == proposal.id, Review.submitted_at.is_not(None))
            .order_by(Review.submitted_at, Review.id)
        )
    )


def criterion_specs(call: Call) -> list[scoring.CriterionSpec]:
    return [
        scoring.CriterionSpec(id=c.id, weight=c.weight, max_score=c.max_score)
        for c in call.criteria
    ]


def _complete_reviews(
    call: Call, proposal_ids=None
) -> tuple[dict[int, list[dict[int, int]]], list[scoring.CriterionSpec]]:
    """proposal id -> its counted reviews' scores (criterion id -> score), and the call's
    criteria. Submitted reviews only, leaving out a reviewer who has since joined the
    proposing group and a review made before a criterion was added. One query."""
    if proposal_ids is not None:
        proposal_ids = list(proposal_ids)
        if not proposal_ids:
            return {}, []
    query = (
        sa.select(
            ReviewAssignment.proposal_id, Review.id, ReviewScore.criterion_id, ReviewScore.score
        )
        .join(Review, Review.assignment_id == ReviewAssignment.id)
        .join(ReviewScore, ReviewScore.review_id == Review.id)
        .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
        .where(
            Proposal.call_id == call.id,
            Review.submitted_at.is_not(None),
            # A reviewer who joined the proposing group after scoring is conflicted now;
            # declared conflicts already removed the assignment with its review.
            ~sa.exists().where(
                Membership.group_id == Proposal.group_id,
                Membership.user_id == ReviewAssignment.reviewer_id,
            ),
        )
    )
    if proposal_ids is not None:
        query = query.where(ReviewAssignment.proposal_id.in_(proposal_ids))
    by_proposal: dict[int, dict[int, dict[int, int]]] = {}
    for proposal_id, review_id, criterion_id, score in db.session.execute(query):
        by_proposal.setdefault(proposal_id, {}).setdefault(review_id, {})[criterion_id] = score
    specs = criterion_specs(call)
    ids = {spec.id for spec in specs}
    complete = {}
    for proposal_id, reviews in by_proposal.items():
        # A criterion added after submitting: leave that review out.
        counted = [review for review in reviews.values() if ids <= review.keys()]
        if counted:
            complete[proposal_id] = counted
    return complete, specs


def results_by_proposal(call: Call, proposal_ids=None) -> dict[int, scoring.ProposalResult]:
    """proposal id -> the result of its submitted reviews, for ``call``'s proposals (or
    only ``proposal_ids``), counting the reviews ``_complete_reviews`` counts. One query."""
    complete, specs = _complete_reviews(call, proposal_ids)
    return {
        proposal_id: scoring.proposal_result(reviews, specs)
        for proposal_id, reviews in complete.items()
    }


def means_by_proposal(call: Call) -> dict[int, scoring.MeanScore]:
    """proposal id -> the mean weighted score of its counted reviews, for every proposal of
    ``call`` that has one: the same means as ``results_by_proposal`` without the statistics
    a ranking does not show (a call can have thousands of reviews). One query."""
    complete, specs = _complete_reviews(call)
    return {
        proposal_id: scoring.mean_score(reviews, specs) for proposal_id, reviews in complete.items()
    }


# The proposals the committee reviewed: eligible ones, and after publication the eligible
# ones' final states, so that reports and pages stay a record once the call is decided.
REVIEWED_STATES = (ProposalState.ELIGIBLE, ProposalState.SELECTED, ProposalState.NOT_SELECTED)


def call_results(call: Call) -> list[tuple[Proposal, scoring.ProposalResult | None]]:
    """Every reviewed proposal of ``call`` with the result of its submitted reviews, best
    first (proposals without a submitted review last). Two queries."""
    proposals = db.session.scalars(
        sa.select(Proposal)
        .options(
            # What rankings show: a call can hold thousands of proposals with long texts.
            load_only(
                Proposal.id,
                Proposal.call_id,
                Proposal.group_id,
                Proposal.state,
                Proposal.title,
                Proposal.requested_total,
            ),
            joinedload(Proposal.group).load_only(Group.id, Group.name),
        )
        .where(Proposal.call_id == call.id, Proposal.state.in_(REVIEWED_STATES))
        .order_by(Proposal.id)
    ).all()
    # The whole call in one go: faster than a list of thousands of ids.
    results = results_by_proposal(call)
    ranked = [(proposal, results.get(proposal.id)) for proposal in proposals]
    ranked.sort(key=lambda pair: (pair[1] is None, -(pair[1].mean if pair[1] else 0)))
    return ranked
