"""Fixtures of the review tests: a call in review with eligible proposals and a committee."""

from __future__ import annotations

import pytest

from proposals.accounts.models import Role
from proposals.extensions import db
from proposals.review import operations
from proposals.submissions.models import ProposalState


@pytest.fixture
def officer(make_user):
    return make_user(roles=[Role.CITY_OFFICER], name="Officer Ota")


@pytest.fixture
def in_review(make_call, make_proposal, officer):
    """A closed call with ``n`` eligible proposals, each from its own group."""

    def in_review(n=2):
        call = make_call("closed", officer=officer)
        proposals = [
            make_proposal(call=call, state=ProposalState.ELIGIBLE, title=f"Proposal {i + 1}")
            for i in range(n)
        ]
        return call, proposals

    return in_review


@pytest.fixture
def reviewers(make_user):
    def reviewers(n, names=None):
        return [
            make_user(roles=[Role.REVIEWER], name=(names or {}).get(i, f"Reviewer {i + 1}"))
            for i in range(n)
        ]

    return reviewers


@pytest.fixture
def appointed(officer):
    """Appoint ``users`` to ``call`` and commit."""

    def appointed(call, users):
        for user in users:
            operations.appoint_reviewer(call, user, officer)
        db.session.commit()
        return users

    return appointed
