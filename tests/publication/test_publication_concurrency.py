"""Publishing while somebody else acts on the same call: the row locks decide."""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role, User
from proposals.audit.models import AuditEvent
from proposals.calls.models import Call
from proposals.extensions import db
from proposals.projects.models import Project
from proposals.publication import operations
from proposals.submissions import workflow
from proposals.submissions.models import Proposal, ProposalState
from proposals.submissions.workflow import WorkflowError


def _run(app, target, *args):
    outcome: dict[str, object] = {}

    def run():
        with app.app_context():  # a context of its own: its own session and connection
            try:
                target(*args)
                db.session.commit()
                outcome["result"] = "done"
            except WorkflowError as refusal:
                db.session.rollback()
                outcome["result"] = refusal.problems
            except Exception as error:  # noqa: BLE001 - reported by the main thread
                db.session.rollback()
                outcome["result"] = error
            finally:
                db.session.remove()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.mark.postgres
def test_two_concurrent_publications_publish_once(app, selecting, mayor, make_user):
    colleague = make_user(roles=[Role.MAYORS_OFFICE])
    call_id = selecting.call.id
    started = threading.Barrier(2, timeout=30)

    def publish(user_id):
        call = db.session.get(Call, call_id)
        user = db.session.get(User, user_id)
        assert call.decided_at is None
        started.wait()
        operations.publish(call, user)

    runs = [_run(app, publish, mayor.id), _run(app, publish, colleague.id)]
    for thread, _outcome in runs:
        thread.join(timeout=60)
    results = [outcome["result"] for _thread, outcome in runs]
    assert sorted(map(str, results)) == sorted(
        ["done", str(["The decision on this call has already been published."])]
    ), results
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 2
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "call.publish")
        )
        == 1
    )


@pytest.mark.postgres
def test_a_withdrawal_under_way_is_waited_for(app, selecting, mayor):
    """The group withdraws "Charlie project" while the mayor's office publishes: publishing
    waits for the withdrawal and leaves the proposal withdrawn."""
    charlie_id, call_id = selecting.p.charlie.id, selecting.call.id
    member_id = selecting.members.charlie.id
    locked = threading.Event()

    def withdraw():
        proposal = db.session.get(Proposal, charlie_id, with_for_update=True)
        locked.set()
        time.sleep(0.5)  # publishing starts meanwhile and must wait for this lock
        workflow.withdraw(proposal, db.session.get(User, member_id), "We merged.")

    def publish():
        assert locked.wait(timeout=30)
        operations.publish(db.session.get(Call, call_id), db.session.get(User, mayor.id))

    runs = [_run(app, withdraw), _run(app, publish)]
    for thread, _outcome in runs:
        thread.join(timeout=60)
    assert [outcome["result"] for _thread, outcome in runs] == ["done", "done"]
    db.session.expire_all()
    charlie = db.session.get(Proposal, charlie_id)
    assert charlie.state is ProposalState.WITHDRAWN
    assert db.session.get(Call, call_id).decided_at is not None
    not_selected = db.session.scalars(
        sa.select(AuditEvent.object_id).where(AuditEvent.action == "proposal.not_select")
    ).all()
    assert not_selected == [selecting.p.bravo.id]
