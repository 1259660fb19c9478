"""Fixtures of the publication tests: a call in the mayor's selection phase whose committee
scored, recommended and whose mayor's office selected, with every kind of proposal."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from proposals.accounts.models import Role
from proposals.committee.models import Recommendation
from proposals.database import utcnow
from proposals.extensions import db
from proposals.mail import outbox
from proposals.review import operations as review
from proposals.selection.models import Selection, SelectionOutcome
from proposals.submissions.models import ProposalState

S = ProposalState


@pytest.fixture
def officer(make_user):
    return make_user(roles=[Role.CITY_OFFICER], name="Officer Ota")


@pytest.fixture
def mayor(make_user):
    return make_user(roles=[Role.MAYORS_OFFICE], name="Mayor's Office Mori")


def recommend(proposal, officer, recommended, rationale, votes=(4, 1, 0)):
    row = Recommendation(
        proposal_id=proposal.id,
        call_id=proposal.call_id,
        recommended=recommended,
        votes_for=votes[0],
        votes_against=votes[1],
        votes_abstain=votes[2],
        rationale=rationale,
        recorded_by_id=officer.id,
    )
    db.session.add(row)
    return row


def decide(proposal, mayor, *, amount=None, reason, amount_reason=None, justification=None):
    """A Selection row: selected when ``amount`` is given, else declined."""
    row = Selection(
        proposal_id=proposal.id,
        call_id=proposal.call_id,
        outcome=SelectionOutcome.SELECTED if amount else SelectionOutcome.DECLINED,
        awarded_amount=amount,
        reason=reason,
        amount_reason=amount_reason,
        justification=justification,
        decided_by_id=mayor.id,
    )
    db.session.add(row)
    if amount:
        proposal.call.selected_total += amount
    return row


@pytest.fixture
def selecting(make_call, make_proposal, make_group, make_user, officer, mayor):
    """A call in the mayor's selection phase (requests are ¥500,000 each):

    - alpha: recommended (4/1/0), scored 86.0, selected with ¥500,000;
    - bravo: recommended (3/2/0), scored 46.0, declined by the mayor's office;
    - charlie: not recommended (1/4/0), no decision (so not selected at publication);
    - delta: not recommended (2/3/0), selected anyway with ¥400,000 and a justification;
    - echo: ineligible; foxtrot: withdrawn after being found eligible;
    - golf: withdrawn before the window closed (never public); hotel: a draft.
    Reviewers: two, both scoring alpha, bravo, charlie and delta.
    """
    call = make_call("closed", officer=officer)
    members = SimpleNamespace()
    groups = {}
    for name in ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"):
        member = make_user(name=f"Member {name}")
        setattr(members, name, member)
        groups[name] = make_group(members=[member], name=f"{name.title()} group")

    def proposal(name, state):
        return make_proposal(
            call=call, group=groups[name], state=state, title=f"{name.title()} project"
        )

    p = SimpleNamespace(
        alpha=proposal("alpha", S.ELIGIBLE),
        bravo=proposal("bravo", S.ELIGIBLE),
        charlie=proposal("charlie", S.ELIGIBLE),
        delta=proposal("delta", S.ELIGIBLE),
        echo=proposal("echo", S.INELIGIBLE),
        foxtrot=proposal("foxtrot", S.ELIGIBLE),
        golf=proposal("golf", S.WITHDRAWN),
        hotel=proposal("hotel", S.DRAFT),
    )
    withdrawn_at = call.closes_at + dt.timedelta(days=3)
    p.foxtrot.withdrawn_at, p.foxtrot.withdrawal_reason = withdrawn_at, "Our venue closed."
    p.foxtrot.state = S.WITHDRAWN
    db.session.commit()

    # The committee scores while the call is in review.
    reviewers = [make_user(roles=[Role.REVIEWER], name=f"Reviewer {i}") for i in (1, 2)]
    for reviewer in reviewers:
        review.appoint_reviewer(call, reviewer, officer)
    benefit, feasibility = call.criteria
    scores = {
        "alpha": [(5, 4), (4, 4)],  # 92 and 80: 86.0
        "bravo": [(3, 2), (2, 2)],  # 52 and 40: 46.0
        "charlie": [(1, 1), (1, 0)],  # 20 and 12: 16.0
        "delta": [(2, 1), (2, 2)],  # 32 and 40: 36.0
    }
    for name, pairs in scores.items():
        for reviewer, (first, second) in zip(reviewers, pairs, strict=True):
            assignment = review.assign(getattr(p, name), reviewer, officer)
            review.save_review(
                assignment,
                reviewer,
                {
                    benefit.id: (first, "SECRET-COMMENT benefit"),
                    feasibility.id: (second, "SECRET-COMMENT feasibility"),
                },
                submit=True,
            )
    call.review_closed_at = utcnow()

    recommend(p.alpha, officer, True, "RATIONALE-ALPHA strong reach", votes=(4, 1, 0))
    recommend(p.bravo, officer, True, "RATIONALE-BRAVO good but costly", votes=(3, 2, 0))
    recommend(p.charlie, officer, False, "RATIONALE-CHARLIE too vague", votes=(1, 4, 0))
    recommend(p.delta, officer, False, "RATIONALE-DELTA unproven group", votes=(2, 3, 0))
    call.recommendations_closed_at = utcnow()

    decide(p.alpha, mayor, amount=500_000, reason="REASON-ALPHA fits the plan")
    decide(p.bravo, mayor, reason="REASON-BRAVO overlaps an existing service")
    decide(
        p.delta,
        mayor,
        amount=400_000,
        reason="REASON-DELTA serves an unserved district",
        amount_reason="AMOUNT-DELTA materials are covered by the city",
        justification="JUSTIFY-DELTA the only proposal for the northern district",
    )
    db.session.commit()
    # The reviewers' assignment mails go now, not at the first request of the test.
    outbox.deliver_committed_mail()
    return SimpleNamespace(call=call, p=p, members=members, groups=groups, reviewers=reviewers)


@pytest.fixture
def private_markers():
    """Text that exists only in the committee's and the mayor's office's private work."""
    return PRIVATE_MARKERS


PRIVATE_MARKERS = (
    "SECRET-COMMENT",
    "RATIONALE-",
    "REASON-",
    "AMOUNT-DELTA",
    "JUSTIFY-DELTA",
    "86.0",
    "46.0",
    "ecommended",  # "Recommended", "recommended", "Not recommended"
    "Selected without",
)
