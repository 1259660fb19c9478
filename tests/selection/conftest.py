"""Fixtures of the selection tests: a call with the mayor's office, scored and recommended."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from proposals.accounts.models import Role
from proposals.committee.models import Recommendation
from proposals.database import utcnow
from proposals.extensions import db
from proposals.review.models import CommitteeMember, Review, ReviewAssignment, ReviewScore
from proposals.submissions.models import ProposalState


@pytest.fixture
def officer(make_user):
    return make_user(roles=[Role.CITY_OFFICER], name="Officer Ota")


@pytest.fixture
def mayor(make_user):
    return make_user(roles=[Role.MAYORS_OFFICE], name="Mayor's Office Mori")


@pytest.fixture
def reviewer(make_user):
    return make_user(roles=[Role.REVIEWER], name="Reviewer Ren")


@dataclass
class Spec:
    """One proposal of the call: its request, its reviewer's scores and the recommendation.

    ``scores`` are (public benefit, feasibility) out of 5 with weights 3 and 2, so the
    weighted score is (3 * benefit + 2 * feasibility) * 4: (5, 5) is 100, (4, 4) is 80.
    ``recommended`` None means the committee recorded nothing.
    """

    title: str
    requested: int
    scores: tuple[int, int] | None = (4, 4)
    recommended: bool | None = True


@pytest.fixture
def selecting(make_call, make_proposal, officer, reviewer):
    """A call with the mayor's office: closed, reviewed, recommendations sent."""

    def selecting(specs, *, budget=1_000_000, max_per_proposal=800_000, sent=True):
        call = make_call(
            "closed", officer=officer, budget=budget, max_per_proposal=max_per_proposal
        )
        db.session.add(CommitteeMember(call_id=call.id, user_id=reviewer.id, appointed_by=officer))
        proposals = []
        for spec in specs:
            proposal = make_proposal(
                call=call,
                state=ProposalState.ELIGIBLE,
                title=spec.title,
                budget=(("Everything", spec.requested),),
            )
            if spec.scores is not None:
                assignment = ReviewAssignment(
                    proposal_id=proposal.id, reviewer_id=reviewer.id, assigned_by_id=officer.id
                )
                benefit, feasibility = call.criteria
                assignment.review = Review(
                    submitted_at=utcnow(),
                    scores=[
                        ReviewScore(criterion_id=benefit.id, score=spec.scores[0]),
                        ReviewScore(criterion_id=feasibility.id, score=spec.scores[1]),
                    ],
                )
                db.session.add(assignment)
            if spec.recommended is not None:
                db.session.add(
                    Recommendation(
                        proposal_id=proposal.id,
                        call_id=call.id,
                        recommended=spec.recommended,
                        votes_for=4 if spec.recommended else 1,
                        votes_against=1 if spec.recommended else 4,
                        votes_abstain=0,
                        rationale=f"Rationale for {spec.title}.",
                        recorded_by_id=officer.id,
                    )
                )
            proposals.append(proposal)
        now = utcnow()
        call.review_closed_at = now - dt.timedelta(days=2)
        if sent:
            call.recommendations_closed_at = now - dt.timedelta(days=1)
        db.session.commit()
        return call, proposals

    return selecting
