"""Fixtures of the committee tests: a call whose review is closed, with scored proposals,
a committee with conflicts of interest, and the mayor's office."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role
from proposals.committee import operations
from proposals.database import utcnow
from proposals.extensions import db
from proposals.mail import outbox
from proposals.review import operations as review
from proposals.submissions.models import ProposalState


@pytest.fixture
def officer(make_user):
    return make_user(roles=[Role.CITY_OFFICER], name="Officer Ota")


@pytest.fixture
def snapshot():
    """Every row of every table, to show that a refused request wrote nothing."""

    def snapshot():
        db.session.expire_all()
        return {
            table.name: sorted(
                tuple(map(repr, row)) for row in db.session.execute(sa.select(table))
            )
            for table in db.metadata.sorted_tables
        }

    return snapshot


@dataclass
class Setting:
    call: object
    a: object  # 90 points, ¥400,000, three voters
    b: object  # 60 points, ¥500,000, Cho is a member of its group
    c: object  # 40 points, ¥300,000, Ben declared a conflict
    d: object  # no review, ¥250,000
    ann: object
    ben: object
    cho: object
    officer: object

    @property
    def proposals(self):
        return [self.a, self.b, self.c, self.d]


def _submit(proposal, reviewer, officer, benefit, feasibility):
    review.assign(proposal, reviewer, officer)
    criteria = proposal.call.criteria
    review.save_review(
        review.assignment_of(proposal, reviewer),
        reviewer,
        {criteria[0].id: (benefit, ""), criteria[1].id: (feasibility, "")},
        submit=True,
    )


@pytest.fixture
def setting(make_call, make_proposal, make_group, make_user, officer):
    """A call with a ¥1,000,000 envelope in the "committee recommending" phase.

    Criteria: Public benefit (weight 3, max 5), Feasibility (weight 2, max 5). Committee:
    Ann, Ben and Cho. Cho belongs to B's group; Ben declared a conflict with C.
    """
    call = make_call("closed", officer=officer, budget=1_000_000, max_per_proposal=600_000)
    ann, ben, cho = (
        make_user(roles=[Role.REVIEWER], name=name)
        for name in ("Ann Aoki", "Ben Baba", "Cho Chiba")
    )

    def proposal(title, amount, group=None):
        return make_proposal(
            call=call,
            group=group,
            state=ProposalState.ELIGIBLE,
            title=title,
            budget=(("Costs", amount),),
        )

    a = proposal("Play mornings", 400_000)
    b = proposal("River clean-up", 500_000, group=make_group(members=[cho], name="River Friends"))
    c = proposal("Repair café", 300_000)
    d = proposal("Night patrol", 250_000)
    for user in (ann, ben, cho):
        review.appoint_reviewer(call, user, officer)
    review.declare_conflict(c, ben, "My sister runs the café.")
    _submit(a, ann, officer, 5, 5)  # 100
    _submit(a, ben, officer, 4, 4)  # 80
    _submit(b, ann, officer, 3, 3)  # 60
    _submit(b, ben, officer, 3, 3)  # 60
    _submit(c, ann, officer, 2, 2)  # 40
    call.review_closed_at = utcnow()
    db.session.commit()
    # Send the reviewers' mail now, not during the first request of the test.
    outbox.deliver_committed_mail()
    return Setting(call, a, b, c, d, ann, ben, cho, officer)


@pytest.fixture
def recommend(setting):
    """Record a recommendation (recommended 3-0 by default) as the officer, and commit."""

    def recommend(proposal, *, actor=None, **fields):
        values = {
            "recommended": True,
            "votes_for": 2,
            "votes_against": 0,
            "votes_abstain": 0,
            "rationale": "Clear need, credible plan.",
        } | fields
        row = operations.record_recommendation(proposal, actor or setting.officer, **values)
        db.session.commit()
        return row

    return recommend


@pytest.fixture
def mayors_office(make_user):
    return make_user(roles=[Role.MAYORS_OFFICE], name="Mayor's Aide", email="aide@city.example")
