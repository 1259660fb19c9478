"""Fixtures of the project tests: a decision published the way the mayor's office does it,
so that the project and its seeded indicators come from ``publish`` itself."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from proposals.accounts.models import Role
from proposals.database import utcnow
from proposals.extensions import db
from proposals.mail import outbox
from proposals.publication.operations import publish
from proposals.selection.models import Selection, SelectionOutcome
from proposals.submissions.models import PlannedIndicator, ProposalState

PLANNED = (
    # name, unit, baseline, annual target
    ("Service requests handled", "requests", 2_900, 3_400),
    ("Activity hours", "hours", 5_000, 5_500),
    ("Families supported", "people", 0, 300),
)


@pytest.fixture
def officer(make_user):
    return make_user(roles=[Role.CITY_OFFICER], name="Officer Ota")


@pytest.fixture
def other_officer(make_user):
    return make_user(roles=[Role.CITY_OFFICER], name="Officer Ono")


@pytest.fixture
def mayor(make_user):
    return make_user(roles=[Role.MAYORS_OFFICE], name="Mayor's Office Mori")


@pytest.fixture
def member(make_user):
    return make_user(name="Member Mai")


@pytest.fixture
def published(make_call, make_proposal, make_group, officer, mayor, member):
    """A published call whose one selected proposal, "Childcare support", became a project
    with no lead officer yet; its three planned indicators were seeded."""
    call = make_call("closed", officer=officer)
    group = make_group(members=[member], name="Yamato Childcare Circle")
    proposal = make_proposal(
        call=call, group=group, state=ProposalState.ELIGIBLE, title="Childcare support"
    )
    proposal.indicators = [
        PlannedIndicator(position=i, name=name, unit=unit, baseline=base, annual_target=target)
        for i, (name, unit, base, target) in enumerate(PLANNED)
    ]
    call.review_closed_at = utcnow()
    call.recommendations_closed_at = utcnow()
    db.session.add(
        Selection(
            proposal_id=proposal.id,
            call_id=call.id,
            outcome=SelectionOutcome.SELECTED,
            awarded_amount=500_000,
            reason="Fits the plan.",
            decided_by_id=mayor.id,
        )
    )
    call.selected_total += 500_000
    db.session.commit()
    (project,) = publish(call, mayor)
    db.session.commit()
    # The groups' outcome mails go now, not at the first request of the test.
    outbox.deliver_committed_mail()
    return SimpleNamespace(call=call, proposal=proposal, group=group, project=project)


@pytest.fixture
def project(published):
    return published.project


@pytest.fixture
def led(project, officer):
    """The project, led by ``officer``."""
    project.lead_officer_id = officer.id
    db.session.commit()
    return project
