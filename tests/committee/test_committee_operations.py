"""Recording the committee's recommendation: the tally, the majority rule, the phase,
re-recording, and sending the report to the mayor's office."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role
from proposals.audit.models import AuditEvent
from proposals.calls.models import Phase
from proposals.calls.operations import CallError, advance_phase
from proposals.committee import operations
from proposals.committee.models import Recommendation
from proposals.database import utcnow
from proposals.extensions import db
from proposals.mail.models import OutboxMessage
from proposals.notifications.models import Notification
from proposals.submissions.models import ProposalState
from proposals.submissions.workflow import WorkflowError


def _record(setting, proposal, **fields):
    values = {
        "recommended": True,
        "votes_for": 2,
        "votes_against": 0,
        "votes_abstain": 0,
        "rationale": "Clear need.",
    } | fields
    return operations.record_recommendation(proposal, setting.officer, **values)


# --- who votes --------------------------------------------------------------------------------


def test_conflicted_members_do_not_vote(setting):
    assert operations.voting_members(setting.a) == 3
    assert operations.voting_members(setting.b) == 2  # Cho belongs to the proposing group
    assert operations.voting_members(setting.c) == 2  # Ben declared a conflict
    assert operations.voting_members(setting.d) == 3
    voters = operations.call_voters(setting.call)
    assert voters[setting.b.id].voting == 2
    assert [user.display_name for user in voters[setting.b.id].excluded] == ["Cho Chiba"]
    assert [user.display_name for user in voters[setting.c.id].excluded] == ["Ben Baba"]
    assert voters[setting.a.id].excluded == []


def test_only_appointed_members_vote(setting, make_user):
    from proposals.review import operations as review

    make_user(roles=[Role.REVIEWER])  # a reviewer not on this call's committee
    review.remove_reviewer(setting.call, setting.cho, setting.officer)
    db.session.commit()
    assert operations.voting_members(setting.a) == 2
    assert operations.voting_members(setting.b) == 2
    assert operations.voting_members(setting.c) == 1


# --- the tally --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("which", "fields", "field", "message"),
    [
        ("a", {"votes_for": 0}, "votes_for", "at least one vote"),
        ("a", {"votes_for": 3, "votes_abstain": 1}, "votes_for", "only 3 committee members"),
        # Cho is conflicted on B: only two may vote.
        ("b", {"votes_for": 2, "votes_against": 1}, "votes_for", "only 2 committee members"),
        ("c", {"votes_for": 3}, "votes_for", "only 2 committee members"),
        ("a", {"votes_for": -1, "votes_against": 2}, "votes_for", "0 or more"),
        ("a", {"votes_abstain": -1}, "votes_abstain", "0 or more"),
        ("a", {"rationale": "   "}, "rationale", "rationale"),
        # The outcome must follow the majority.
        ("a", {"votes_for": 1, "votes_against": 1}, "recommended", "more members voted for"),
        ("a", {"votes_for": 0, "votes_against": 1, "votes_abstain": 2}, "recommended", "more"),
        (
            "a",
            {"recommended": False, "votes_for": 2, "votes_against": 1},
            "recommended",
            "majority",
        ),
    ],
)
def test_a_vote_that_does_not_add_up_is_refused(setting, snapshot, which, fields, field, message):
    before = snapshot()
    with pytest.raises(operations.VoteError) as error:
        _record(setting, getattr(setting, which), **fields)
    db.session.rollback()
    assert field in error.value.by_field
    assert message in error.value.by_field[field]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("which", "fields"),
    [
        ("a", {"votes_for": 3}),
        ("a", {"votes_for": 1, "votes_against": 0, "votes_abstain": 2}),
        (
            "b",
            {"votes_for": 1, "votes_against": 1, "recommended": False},
        ),  # a tie is not a majority
        ("b", {"votes_for": 0, "votes_against": 0, "votes_abstain": 1, "recommended": False}),
        ("c", {"votes_for": 0, "votes_against": 2, "recommended": False}),
    ],
)
def test_a_vote_within_the_voting_members_is_recorded(setting, audit_actions, which, fields):
    proposal = getattr(setting, which)
    row = _record(setting, proposal, **fields)
    db.session.commit()
    assert operations.recommendation_of(proposal) == row
    assert row.call_id == setting.call.id and row.recorded_by_id == setting.officer.id
    assert row.votes_cast == sum(
        fields.get(name, default)
        for name, default in (("votes_for", 2), ("votes_against", 0), ("votes_abstain", 0))
    )
    # Nothing changes for the group: the proposal stays eligible until publication.
    assert proposal.state is ProposalState.ELIGIBLE
    assert audit_actions()[-1] == "recommendation.record"


def test_recording_is_audited(setting):
    row = _record(setting, setting.a, votes_for=2, votes_abstain=1, rationale="  Strong.  ")
    db.session.commit()
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "recommendation.record")
    ).one()
    assert event.actor_id == setting.officer.id
    assert (event.object_type, event.object_id) == ("recommendations", row.id)
    assert event.before is None
    assert event.after == {
        "proposal_id": setting.a.id,
        "recommended": True,
        "votes_for": 2,
        "votes_against": 0,
        "votes_abstain": 1,
        "rationale": "Strong.",
    }


def test_re_recording_updates_the_row_with_before_and_after(setting, make_user):
    _record(setting, setting.a)
    db.session.commit()
    other = make_user(roles=[Role.CITY_OFFICER], name="Officer Oba")
    operations.record_recommendation(
        setting.a,
        other,
        recommended=False,
        votes_for=1,
        votes_against=2,
        votes_abstain=0,
        rationale="On reflection, too costly.",
    )
    db.session.commit()
    rows = db.session.scalars(sa.select(Recommendation)).all()
    assert len(rows) == 1
    row = rows[0]
    assert (row.recommended, row.votes_for, row.votes_against) == (False, 1, 2)
    assert row.recorded_by_id == other.id
    events = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.action == "recommendation.record")
        .order_by(AuditEvent.id)
    ).all()
    assert len(events) == 2
    assert events[1].actor_id == other.id
    assert events[1].before == {
        "recommended": True,
        "votes_for": 2,
        "votes_against": 0,
        "votes_abstain": 0,
        "rationale": "Clear need.",
    }
    assert events[1].after["recommended"] is False
    assert events[1].after["rationale"] == "On reflection, too costly."


def test_recording_the_same_again_writes_no_audit_row(setting, audit_actions):
    _record(setting, setting.a)
    db.session.commit()
    count = len(audit_actions())
    _record(setting, setting.a)
    db.session.commit()
    assert len(audit_actions()) == count


# --- the phase and the proposal ------------------------------------------------------------


@pytest.mark.parametrize("phase", ["in_review", "selecting", "decided"])
def test_recording_outside_the_recommending_phase_is_refused(setting, snapshot, phase):
    call = setting.call
    if phase == "in_review":
        call.review_closed_at = None
    else:
        call.recommendations_closed_at = utcnow()
    if phase == "decided":
        call.decided_at = utcnow()
    db.session.commit()
    assert call.phase.value == phase
    before = snapshot()
    with pytest.raises(WorkflowError) as error:
        _record(setting, setting.a)
    db.session.rollback()
    assert not isinstance(error.value, operations.VoteError)
    assert "Committee recommending" in error.value.problems[0]
    assert snapshot() == before


@pytest.mark.parametrize("state", [ProposalState.INELIGIBLE, ProposalState.WITHDRAWN])
def test_only_eligible_proposals_are_recommended(setting, make_proposal, snapshot, state):
    proposal = make_proposal(call=setting.call, state=state, title="Not in the running")
    before = snapshot()
    with pytest.raises(WorkflowError) as error:
        _record(setting, proposal)
    db.session.rollback()
    assert error.value.problems == ["The committee only recommends on eligible proposals."]
    assert snapshot() == before


# --- sending to the mayor's office ---------------------------------------------------------


def test_missing_recommendations_lists_the_eligible_proposals_without_one(
    setting, recommend, make_proposal
):
    make_proposal(call=setting.call, state=ProposalState.INELIGIBLE, title="Out")
    assert operations.missing_recommendations(setting.call) == setting.proposals
    recommend(setting.a)
    recommend(setting.c, recommended=False, votes_for=0, votes_against=2)
    assert operations.missing_recommendations(setting.call) == [setting.b, setting.d]


def test_sending_is_refused_while_recommendations_are_missing(
    setting, recommend, snapshot, mayors_office
):
    recommend(setting.a)
    recommend(setting.b, recommended=False, votes_for=0, votes_against=2)
    before = snapshot()
    with pytest.raises(CallError) as error:
        advance_phase(setting.call, setting.officer, "close_recommendations")
    db.session.rollback()
    (problem,) = error.value.problems
    assert "“Repair café”" in problem and "“Night patrol”" in problem
    assert "Play mornings" not in problem
    assert snapshot() == before
    assert setting.call.phase is Phase.RECOMMENDING


def test_sending_tells_the_mayors_office(setting, recommend, mayors_office, make_user):
    second = make_user(roles=[Role.MAYORS_OFFICE], email="deputy@city.example")
    gone = make_user(roles=[Role.MAYORS_OFFICE], email="gone@city.example")
    gone.is_disabled = True
    bystander = make_user(roles=[Role.CITY_OFFICER], email="bystander@city.example")
    for proposal in setting.proposals:
        recommend(proposal, votes_for=1)
    advance_phase(setting.call, setting.officer, "close_recommendations")
    db.session.commit()

    assert setting.call.phase is Phase.SELECTING
    notes = db.session.scalars(
        sa.select(Notification)
        .where(Notification.kind == "committee.report_ready")
        .order_by(Notification.user_id)
    ).all()
    assert [n.user_id for n in notes] == [mayors_office.id, second.id]
    assert all(n.link == f"/calls/{setting.call.id}/committee-report" for n in notes)
    assert "The committee report of Citizen Partnership 2027 is ready." in notes[0].message
    mail = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.recipient.like("%@city.example"))
        .order_by(OutboxMessage.id)
    ).all()
    assert [m.recipient for m in mail] == ["aide@city.example", "deputy@city.example"]
    assert "committee report" in mail[0].subject
    assert f"/calls/{setting.call.id}/committee-report" in mail[0].body
    assert bystander.id not in [n.user_id for n in notes]


def test_a_call_without_eligible_proposals_can_be_sent(make_call, officer, mayors_office):
    call = make_call("closed", officer=officer)
    call.review_closed_at = utcnow()
    db.session.commit()
    assert operations.missing_recommendations(call) == []
    assert advance_phase(call, officer, "close_recommendations") is Phase.SELECTING
