"""The demo's decisions: 2003-2006 decided as in the case, and a call half-way through review."""

from __future__ import annotations

import re

import sqlalchemy as sa
from markupsafe import escape

from proposals.accounts.models import User
from proposals.calls.models import Call, Phase
from proposals.committee.models import Recommendation
from proposals.committee.operations import voting_members
from proposals.demo import data
from proposals.extensions import db
from proposals.projects.models import Project
from proposals.publication.operations import funnel
from proposals.questions.models import Question
from proposals.review.models import CommitteeMember, ConflictOfInterest, Review, ReviewAssignment
from proposals.review.operations import submitted_reviews
from proposals.selection.models import Selection
from proposals.submissions.models import Proposal, ProposalState

PAST_YEARS = [2003, 2004, 2005, 2006]
SPECS = {(p.call, p.title): p for p in data.ALL_PROPOSALS}


def load(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    db.session.rollback()
    return result


def call_of(year: int) -> Call:
    return db.session.scalar(sa.select(Call).where(Call.fiscal_year == year))


def one(model, proposal):
    return db.session.scalar(sa.select(model).where(model.proposal_id == proposal.id))


def test_the_calls_of_2003_to_2006_are_decided_47_proposed_23_recommended_20_selected(
    runner, client
):
    load(runner)

    funnels = {year: funnel(call_of(year)) for year in PAST_YEARS}
    assert sum(f.submitted for f in funnels.values()) == 47
    assert sum(f.eligible for f in funnels.values()) == 47
    assert sum(f.recommended for f in funnels.values()) == 23
    assert sum(f.selected for f in funnels.values()) == 20
    for year, numbers in funnels.items():
        call = call_of(year)
        assert call.phase is Phase.DECIDED
        assert numbers.awarded_total == call.selected_total <= call.budget_envelope
        specs = [p for p in data.PAST_PROPOSALS if p.call == str(year)]
        assert numbers.submitted == len(specs)
        assert numbers.selected == sum(p.decision == data.SELECTED for p in specs)

    rationales, reduced, scores = set(), [], {True: [], False: []}
    for proposal in db.session.scalars(
        sa.select(Proposal).join(Call).where(Call.fiscal_year.in_(PAST_YEARS))
    ):
        spec = SPECS[str(proposal.call.fiscal_year), proposal.title]
        criteria = len(proposal.call.criteria)
        submitted = submitted_reviews(proposal)
        assert len(submitted) == 3
        assert all(len(review.scores) == criteria for review in submitted)
        assert all(any(score.comment for score in review.scores) for review in submitted)

        recommendation = one(Recommendation, proposal)
        assert recommendation.recommended is (spec.decision is not None)
        assert 1 <= recommendation.votes_cast <= voting_members(proposal)
        if recommendation.recommended:
            assert recommendation.votes_for > recommendation.votes_against
        else:
            assert recommendation.votes_for <= recommendation.votes_against
        assert recommendation.rationale.count(". ") >= 1
        rationales.add(recommendation.rationale)
        mean = sum(s.score for r in submitted for s in r.scores) / (3 * criteria)
        scores[recommendation.recommended].append(mean)

        selection = one(Selection, proposal)
        project = one(Project, proposal)
        if spec.decision == data.SELECTED:
            assert proposal.state is ProposalState.SELECTED
            assert selection.is_selected and selection.reason
            assert project.awarded_amount == selection.awarded_amount
            if selection.awarded_amount < proposal.requested_total:
                assert selection.amount_reason
                reduced.append(proposal)
        else:
            assert proposal.state is ProposalState.NOT_SELECTED and project is None
            if spec.decision == data.RECOMMENDED:
                assert not selection.is_selected and selection.reason == spec.mayor_reason
            else:
                assert selection is None

    assert len(rationales) == 47  # each proposal has its own reasons
    assert 1 <= len(reduced) <= 2
    # Recommended proposals scored higher in general, but not strictly.
    assert sum(scores[True]) / 23 > sum(scores[False]) / 24 + 0.5
    assert max(scores[False]) > min(scores[True])
    # Ana Paula Higa interprets for the association: she neither scored nor voted on it.
    conflicts = db.session.scalars(sa.select(ConflictOfInterest)).all()
    assert len(conflicts) == 5  # one proposal of the association in each call
    assert {(c.proposal.group.name, c.reviewer.email) for c in conflicts} == {
        ("Yamato International Friendship Association", "reviewer4@kyodo.example")
    }
    # One of the past proposals was asked a question, and its group answered.
    hidamari = db.session.scalar(sa.select(Proposal).where(Proposal.title.like("Social care%")))
    assert one(Question, hidamari).answers

    # The public page of each call shows its funnel, scores, votes and reasons.
    response = client.get(f"/calls/{call_of(2003).id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    numbers = [int(n) for n in re.findall(r'<span class="funnel-number">(\d+)</span>', page)]
    assert numbers == [10, 10, 5, 4]
    assert "printing office prints the guide at cost" in page
    assert "The Welfare for Persons with Disabilities Division fears" in page
    totals = [0, 0, 0, 0]
    for year in PAST_YEARS:
        page = client.get(f"/calls/{call_of(year).id}").get_data(as_text=True)
        found = re.findall(r'<span class="funnel-number">(\d+)</span>', page)
        totals = [total + int(n) for total, n in zip(totals, found, strict=True)]
    assert totals == [47, 47, 23, 20]


def test_a_call_of_this_fiscal_year_is_in_review_with_work_left_for_every_role(
    runner, client, login
):
    load(runner)

    call = db.session.scalar(sa.select(Call).where(Call.title == data.REVIEW_CALL.title))
    assert call.phase is Phase.IN_REVIEW
    states = [p.state for p in db.session.scalars(sa.select(Proposal).filter_by(call=call))]
    assert len(states) == 8
    assert states.count(ProposalState.ELIGIBLE) == 7
    assert states.count(ProposalState.SUBMITTED) == 1  # left for an officer to check
    members = db.session.scalars(sa.select(CommitteeMember).filter_by(call_id=call.id)).all()
    assert sorted(m.user.email for m in members) == sorted(data.COMMITTEE)

    assignments = db.session.scalars(
        sa.select(ReviewAssignment).join(Proposal).where(Proposal.call_id == call.id)
    ).all()
    assert len(assignments) == 7 * 3
    status = {}
    for assignment in assignments:
        review = db.session.scalar(sa.select(Review).filter_by(assignment_id=assignment.id))
        state = "to do" if review is None else "submitted" if review.submitted else "draft"
        status.setdefault(assignment.reviewer.email, []).append(state)
    chair = status["reviewer1@kyodo.example"]
    assert chair.count("to do") >= 2 and "submitted" in chair and "draft" in chair
    assert sum(s.count("submitted") for s in status.values()) > len(assignments) / 2
    assert "to do" not in status["reviewer2@kyodo.example"]
    # The interpreter is not assigned to the association's proposal.
    yifa = db.session.scalar(
        sa.select(Proposal).where(Proposal.call_id == call.id, Proposal.title.like("Evacuation-c%"))
    )
    assert "reviewer4@kyodo.example" not in {
        a.reviewer.email for a in assignments if a.proposal_id == yifa.id
    }
    # One question waits for the group's answer.
    questions = db.session.scalars(
        sa.select(Question).join(Proposal).where(Proposal.call_id == call.id)
    ).all()
    assert sorted(bool(q.answers) for q in questions) == [False, True]

    # The chair's page of the call shows what is left to review.
    chair_user = next(a.reviewer for a in assignments if a.reviewer.email.startswith("reviewer1"))
    login(chair_user)
    page = client.get(f"/review/calls/{call.id}").get_data(as_text=True)
    todo = [a for a in assignments if a.reviewer_id == chair_user.id]
    assert all(str(escape(a.proposal.title)) in page for a in todo)


def test_a_decided_call_keeps_its_committee_report_and_selection_record(runner, client, login):
    """After publication the proposals are selected or not selected; the city's pages still
    list every reviewed proposal with its score, vote and decision."""
    load(runner)
    call = call_of(2003)
    officer = db.session.scalar(sa.select(User).where(User.email == "officer@kyodo.example"))
    login(officer)
    report = client.get(f"/calls/{call.id}/committee-report.csv").get_data(as_text=True)
    assert len(report.strip().splitlines()) == 1 + 10
    mayor = db.session.scalar(sa.select(User).where(User.email == "mayor@kyodo.example"))
    login(mayor)
    page = client.get(f"/mayor/calls/{call.id}/selection").get_data(as_text=True)
    selected = db.session.scalars(
        sa.select(Proposal).where(
            Proposal.call_id == call.id, Proposal.state == ProposalState.SELECTED
        )
    ).all()
    assert len(selected) == 4
    for proposal in selected:
        assert str(escape(proposal.title)) in page
