"""Two people selecting at the same moment: the database decides, not the page."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role, User
from proposals.calls.models import Call
from proposals.extensions import db
from proposals.selection import operations
from proposals.selection.models import Selection
from proposals.submissions.models import Proposal
from proposals.submissions.workflow import WorkflowError
from tests.selection.conftest import Spec


@pytest.mark.postgres
def test_two_concurrent_selections_over_the_envelope_exactly_one_succeeds(
    app, selecting, mayor, make_user
):
    call, (park, library) = selecting([Spec("Park", 600_000), Spec("Library", 500_000)])
    colleague = make_user(roles=[Role.MAYORS_OFFICE])
    call_id = call.id
    awards = {park.id: 600_000, library.id: 500_000}
    # Both transactions have read the call, each sees an empty envelope, before either writes.
    started = threading.Barrier(2, timeout=30)
    outcomes: dict[int, object] = {}

    def decide(proposal_id: int, user_id: int) -> None:
        with app.app_context():  # a context of its own: its own session and connection
            try:
                proposal = db.session.get(Proposal, proposal_id, with_for_update=True)
                user = db.session.get(User, user_id)
                assert proposal.call.selected_total == 0
                started.wait()
                operations.select(proposal, user, reason="Both look right to me.")
                db.session.commit()
                outcomes[proposal_id] = "selected"
            except WorkflowError as refusal:
                db.session.rollback()
                outcomes[proposal_id] = refusal.problems
            except Exception as error:  # noqa: BLE001 - reported by the main thread
                db.session.rollback()
                outcomes[proposal_id] = error
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=decide, args=(park.id, mayor.id)),
        threading.Thread(target=decide, args=(library.id, colleague.id)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)

    winners = [pid for pid, outcome in outcomes.items() if outcome == "selected"]
    assert len(winners) == 1, outcomes
    (winner,) = winners
    (loser,) = set(awards) - {winner}
    left = 1_000_000 - awards[winner]
    assert outcomes[loser] == [
        f"Selecting this proposal for ¥{awards[loser]:,} would bring the total to "
        f"¥{awards[winner] + awards[loser]:,}, over the envelope of ¥1,000,000 (¥{left:,} left)."
    ]
    db.session.expire_all()
    assert (
        db.session.scalar(sa.select(Call.selected_total).where(Call.id == call_id))
        == (awards[winner])
    )
    assert db.session.scalars(sa.select(Selection.proposal_id)).all() == [winner]
