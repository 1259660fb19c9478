"""The mayor's office's decisions: selecting, declining, reconsidering, the envelope."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from proposals.audit.models import AuditEvent
from proposals.calls.models import Call
from proposals.database import utcnow
from proposals.extensions import db
from proposals.selection import operations
from proposals.selection.models import Selection, SelectionOutcome
from proposals.submissions import workflow
from proposals.submissions.models import ProposalState
from proposals.submissions.workflow import WorkflowError
from tests.selection.conftest import Spec


def _total(call) -> int:
    return db.session.scalar(sa.select(Call.selected_total).where(Call.id == call.id))


def _refused(snapshot, action, *messages):
    """``action`` raises WorkflowError with ``messages`` and, rolled back, leaves no trace."""
    before = snapshot()
    with pytest.raises(WorkflowError) as refusal:
        action()
    db.session.rollback()
    assert refusal.value.problems == list(messages)
    assert snapshot() == before


def _events(action):
    return db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    ).all()


@pytest.fixture
def two(selecting):
    """Envelope ¥1,000,000: "Park" asks ¥600,000 (recommended), "Library" ¥500,000 (not)."""
    return selecting(
        [Spec("Park", 600_000), Spec("Library", 500_000, scores=(2, 2), recommended=False)]
    )


# --- selecting ----------------------------------------------------------------------------------


def test_select_awards_the_request_by_default_and_counts_it(two, mayor, audit_actions):
    call, (park, _library) = two
    selection = operations.select(park, mayor, reason="  Strong local support.  ")
    db.session.commit()
    assert selection.outcome is SelectionOutcome.SELECTED
    assert selection.awarded_amount == 600_000
    assert selection.reason == "Strong local support."
    assert selection.amount_reason is None and selection.justification is None
    assert selection.decided_by_id == mayor.id
    assert _total(call) == 600_000
    assert operations.selection_of(park) == selection
    event = _events("selection.select")[-1]
    assert (event.actor_id, event.object_type, event.object_id) == (mayor.id, "proposals", park.id)
    assert event.before == {"selected_total": 0}
    assert event.after["awarded_amount"] == 600_000
    assert event.after["requested_amount"] == 600_000
    assert event.after["selected_total"] == 600_000
    assert event.after["recommended"] is True


def test_an_award_different_from_the_request_needs_a_reason(two, mayor, snapshot):
    call, (park, _library) = two
    _refused(
        snapshot,
        lambda: operations.select(park, mayor, reason="Good.", awarded_amount=400_000),
        "Say why the award differs from the ¥600,000 requested.",
    )
    selection = operations.select(
        park, mayor, reason="Good.", awarded_amount=400_000, amount_reason="Venue is free."
    )
    db.session.commit()
    assert (selection.awarded_amount, selection.amount_reason) == (400_000, "Venue is free.")
    assert _total(call) == 400_000
    assert _events("selection.select")[-1].after["awarded_amount"] == 400_000


def test_the_award_is_a_positive_amount_within_the_maximum_per_proposal(two, mayor, snapshot):
    _call, (park, _library) = two
    _refused(
        snapshot,
        lambda: operations.select(
            park, mayor, reason="Good.", awarded_amount=800_001, amount_reason="More."
        ),
        "The award of ¥800,001 is over this call's maximum of ¥800,000 per proposal.",
    )
    _refused(
        snapshot,
        lambda: operations.select(
            park, mayor, reason="Good.", awarded_amount=0, amount_reason="None."
        ),
        "The award must be more than ¥0.",
    )


def test_a_reason_is_required(two, mayor, snapshot):
    _call, (park, _library) = two
    _refused(
        snapshot,
        lambda: operations.select(park, mayor, reason="   "),
        "Give the reason for the decision.",
    )
    _refused(
        snapshot,
        lambda: operations.decline(park, mayor, reason=""),
        "Give the reason for the decision.",
    )


def test_selecting_against_the_recommendation_needs_a_justification(two, mayor, snapshot):
    call, (_park, library) = two
    _refused(
        snapshot,
        lambda: operations.select(library, mayor, reason="Needed."),
        "The committee did not recommend this proposal: write the justification for selecting "
        "it. It will be published.",
    )
    selection = operations.select(
        library, mayor, reason="Needed.", justification="The only project in the north district."
    )
    db.session.commit()
    assert selection.justification == "The only project in the north district."
    assert _total(call) == 500_000
    after = _events("selection.select")[-1].after
    assert after["recommended"] is False
    assert after["justification"] == "The only project in the north district."


def test_a_justification_is_not_kept_for_a_recommended_proposal(two, mayor):
    _call, (park, _library) = two
    selection = operations.select(park, mayor, reason="Good.", justification="Not needed.")
    assert selection.justification is None


def test_every_problem_is_listed_at_once(two, mayor, snapshot):
    _call, (_park, library) = two
    _refused(
        snapshot,
        lambda: operations.select(library, mayor, reason="", awarded_amount=300_000),
        "Give the reason for the decision.",
        "Say why the award differs from the ¥500,000 requested.",
        "The committee did not recommend this proposal: write the justification for selecting "
        "it. It will be published.",
    )


# --- the envelope -------------------------------------------------------------------------------


def test_the_envelope_refuses_an_award_that_would_pass_it(two, mayor, snapshot):
    call, (park, library) = two
    operations.select(park, mayor, reason="Good.")
    db.session.commit()
    _refused(
        snapshot,
        lambda: operations.select(library, mayor, reason="Needed.", justification="North."),
        "Selecting this proposal for ¥500,000 would bring the total to ¥1,100,000, over the "
        "envelope of ¥1,000,000 (¥400,000 left).",
    )
    assert _total(call) == 600_000
    assert operations.selection_of(library) is None


def test_the_envelope_can_be_filled_exactly(two, mayor):
    call, (park, library) = two
    operations.select(park, mayor, reason="Good.")
    operations.select(
        library,
        mayor,
        reason="Needed.",
        justification="North.",
        awarded_amount=400_000,
        amount_reason="What is left.",
    )
    db.session.commit()
    assert _total(call) == call.budget_envelope == 1_000_000


def test_the_database_refuses_a_direct_overspend(two, mayor):
    call, _proposals = two
    with pytest.raises(IntegrityError):
        db.session.execute(
            sa.update(Call).where(Call.id == call.id).values(selected_total=1_000_001)
        )
        db.session.flush()
    db.session.rollback()
    with pytest.raises(IntegrityError):
        db.session.execute(sa.update(Call).where(Call.id == call.id).values(selected_total=-1))
        db.session.flush()
    db.session.rollback()
    assert _total(call) == 0


def test_the_database_keeps_one_decision_per_proposal(two, mayor):
    call, (park, _library) = two
    operations.decline(park, mayor, reason="No.")
    db.session.commit()
    db.session.add(
        Selection(
            proposal_id=park.id,
            call_id=call.id,
            outcome=SelectionOutcome.DECLINED,
            reason="Again.",
            decided_by_id=mayor.id,
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


# --- one decision per proposal, declining, reconsidering -----------------------------------------


def test_a_decided_proposal_is_reconsidered_before_it_changes(two, mayor, snapshot):
    _call, (park, _library) = two
    operations.select(park, mayor, reason="Good.")
    db.session.commit()
    message = "This proposal is already “Selected”. Reconsider that decision first to change it."
    _refused(snapshot, lambda: operations.decline(park, mayor, reason="No."), message)
    _refused(snapshot, lambda: operations.select(park, mayor, reason="Again."), message)


def test_decline_records_the_reason_without_an_amount(two, mayor):
    call, (park, _library) = two
    selection = operations.decline(park, mayor, reason="Too close to an existing service.")
    db.session.commit()
    assert selection.outcome is SelectionOutcome.DECLINED
    assert selection.awarded_amount is None
    assert _total(call) == 0
    event = _events("selection.decline")[-1]
    assert event.after["outcome"] == "declined"
    assert event.after["reason"] == "Too close to an existing service."


def test_reconsider_undoes_a_selection_and_releases_its_award(two, mayor, snapshot):
    call, (park, _library) = two
    operations.select(park, mayor, reason="Good.")
    db.session.commit()
    _refused(
        snapshot,
        lambda: operations.reconsider(park, mayor, note=" "),
        "Say why the decision is reconsidered.",
    )
    operations.reconsider(park, mayor, note="The department cannot host it this year.")
    db.session.commit()
    assert operations.selection_of(park) is None
    assert _total(call) == 0
    event = _events("selection.reconsider")[-1]
    assert event.note == "The department cannot host it this year."
    assert event.before["awarded_amount"] == 600_000
    assert event.before["selected_total"] == 600_000
    assert event.after == {"selected_total": 0}
    # Decided again, differently.
    operations.decline(park, mayor, reason="Not this year.")
    db.session.commit()
    assert operations.selection_of(park).outcome is SelectionOutcome.DECLINED


def test_reconsider_a_decline(two, mayor):
    call, (park, _library) = two
    operations.decline(park, mayor, reason="No.")
    db.session.commit()
    operations.reconsider(park, mayor, note="Second thoughts.")
    db.session.commit()
    assert operations.selection_of(park) is None
    assert _total(call) == 0


def test_nothing_to_reconsider(two, mayor, snapshot):
    _call, (park, _library) = two
    _refused(
        snapshot,
        lambda: operations.reconsider(park, mayor, note="Why not."),
        "There is no decision on this proposal to reconsider.",
    )


# --- the phase and the proposal ------------------------------------------------------------------


def test_nothing_is_decided_before_the_report_is_sent(selecting, mayor, snapshot):
    _call, (park,) = selecting([Spec("Park", 600_000)], sent=False)
    message = "The committee's recommendations have not been sent to the mayor's office yet."
    _refused(snapshot, lambda: operations.select(park, mayor, reason="Good."), message)
    _refused(snapshot, lambda: operations.decline(park, mayor, reason="No."), message)


def test_nothing_changes_after_publication(two, mayor, snapshot):
    call, (park, library) = two
    operations.select(park, mayor, reason="Good.")
    call.decided_at = utcnow()
    db.session.commit()
    message = "The decision on this call has been published; it can no longer change."
    _refused(snapshot, lambda: operations.reconsider(park, mayor, note="Oops."), message)
    _refused(snapshot, lambda: operations.decline(library, mayor, reason="No."), message)


def test_only_eligible_proposals_with_a_recommendation_are_decided(selecting, mayor, snapshot):
    _call, (park, pond) = selecting(
        [Spec("Park", 300_000), Spec("Pond", 300_000, recommended=None)]
    )
    _refused(
        snapshot,
        lambda: operations.select(pond, mayor, reason="Good."),
        "The committee has recorded no recommendation on this proposal.",
    )
    park.state = ProposalState.WITHDRAWN
    park.withdrawn_at = utcnow()
    park.withdrawal_reason = "Changed plans."
    db.session.commit()
    _refused(
        snapshot,
        lambda: operations.select(park, mayor, reason="Good."),
        "Only eligible proposals can be decided; this one is “Withdrawn”.",
    )


# --- withdrawal ---------------------------------------------------------------------------------


def test_withdrawing_a_selected_proposal_gives_its_award_back(two, mayor, audit_actions):
    call, (park, library) = two
    operations.select(park, mayor, reason="Good.")
    operations.decline(library, mayor, reason="No.")
    db.session.commit()
    workflow.withdraw(park, park.group.representative, "Our venue closed.")
    db.session.commit()
    assert _total(call) == 0
    assert operations.selection_of(park) is None
    event = _events("selection.release")[-1]
    assert event.actor_id == park.group.representative_id
    assert event.before["awarded_amount"] == 600_000
    assert event.after == {"selected_total": 0}
    assert event.note == "Our venue closed."
    # The freed envelope is there for the others.
    operations.reconsider(library, mayor, note="Room now.")
    operations.select(library, mayor, reason="Needed.", justification="North.")
    db.session.commit()
    assert _total(call) == 500_000


def test_withdrawing_an_undecided_proposal_leaves_the_selection_alone(two, mayor):
    call, (park, library) = two
    operations.select(library, mayor, reason="Needed.", justification="North.")
    db.session.commit()
    workflow.withdraw(park, park.group.representative, "Changed plans.")
    db.session.commit()
    assert _total(call) == 500_000
    assert _events("selection.release") == []
