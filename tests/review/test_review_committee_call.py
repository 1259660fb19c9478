"""A committee member's list of a call's proposals (to declare conflicts before any
assignment) and the officer lifting a conflict declared by mistake."""

from __future__ import annotations

import sqlalchemy as sa

from proposals.accounts.models import Role
from proposals.extensions import db
from proposals.review import operations
from proposals.review.models import ConflictOfInterest


def _conflicts():
    return db.session.scalars(sa.select(ConflictOfInterest)).all()


def test_a_member_declares_a_conflict_on_a_proposal_not_assigned_to_them(
    client, login, in_review, reviewers, appointed, audit_actions
):
    call, [first, second] = in_review(2)
    [reviewer] = appointed(call, reviewers(1))
    login(reviewer)

    page = client.get(f"/review/calls/{call.id}").get_data(as_text=True)
    assert "Proposal 1" in page and "Proposal 2" in page
    assert page.count("Declare a conflict of interest") == 2

    url = f"/review/proposals/{second.id}/conflict"
    refused = client.post(url, data={"note": "", "origin": "call"})
    assert refused.status_code == 400
    assert "Say briefly what the conflict of interest is." in refused.get_data(as_text=True)
    assert "Proposal 1" in refused.get_data(as_text=True)  # still the call's list
    assert _conflicts() == []

    done = client.post(url, data={"note": "My sister runs it.", "origin": "call"})
    assert done.status_code == 302 and done.location.endswith(f"/review/calls/{call.id}")
    page = client.get(f"/review/calls/{call.id}").get_data(as_text=True)
    assert "Conflict declared" in page
    assert page.count("Declare a conflict of interest") == 1
    assert audit_actions()[-1] == "review.declare_conflict"

    # The automatic planner now passes them over for that proposal.
    assert operations.is_conflicted(second, reviewer)


def test_a_group_member_on_the_committee_sees_the_automatic_conflict(
    client, login, make_call, make_group, make_proposal, reviewers, appointed, officer
):
    call = make_call("closed", officer=officer)
    [reviewer] = reviewers(1)
    group = make_group(members=[reviewer])
    make_proposal(call=call, group=group, state="eligible", title="Our own proposal")
    appointed(call, [reviewer])
    login(reviewer)
    page = client.get(f"/review/calls/{call.id}").get_data(as_text=True)
    assert "Conflict: you belong to the group" in page
    assert "Declare a conflict of interest" not in page


def test_only_the_calls_committee_sees_the_list(client, login, make_user, in_review, officer):
    call, _ = in_review(1)
    assert client.get(f"/review/calls/{call.id}").status_code == 302  # to the login page
    for user in (make_user(), make_user(roles=[Role.REVIEWER]), officer):
        login(user)
        assert client.get(f"/review/calls/{call.id}").status_code == 404
    login(officer)
    assert client.get("/review/calls/999").status_code == 404


def test_an_officer_lifts_a_declared_conflict_with_a_note(
    client, login, officer, in_review, reviewers, appointed, audit_actions
):
    call, [proposal] = in_review(1)
    [reviewer] = appointed(call, reviewers(1))
    operations.declare_conflict(proposal, reviewer, "I think I know them.")
    db.session.commit()
    login(officer)
    url = f"/officer/calls/{call.id}/review/conflicts/lift"
    pair = {"proposal_id": proposal.id, "reviewer_id": reviewer.id}

    page = client.get(f"/officer/calls/{call.id}/review").get_data(as_text=True)
    assert "Lift the conflict" in page

    refused = client.post(url, data={**pair, "note": " "})
    assert refused.status_code == 409
    assert "Say why the conflict of interest is lifted." in refused.get_data(as_text=True)
    assert len(_conflicts()) == 1

    done = client.post(url, data={**pair, "note": "A different Tanaka."})
    assert done.status_code == 302
    assert _conflicts() == []
    assert audit_actions()[-1] == "review.lift_conflict"
    assert not operations.is_conflicted(proposal, reviewer)


def test_a_group_membership_conflict_cannot_be_lifted(
    client, login, officer, make_call, make_group, make_proposal, reviewers, appointed
):
    call = make_call("closed", officer=officer)
    [reviewer] = reviewers(1)
    proposal = make_proposal(call=call, group=make_group(members=[reviewer]), state="eligible")
    appointed(call, [reviewer])
    login(officer)
    response = client.post(
        f"/officer/calls/{call.id}/review/conflicts/lift",
        data={"proposal_id": proposal.id, "reviewer_id": reviewer.id, "note": "Please"},
    )
    assert response.status_code == 409
    assert "cannot be lifted" in response.get_data(as_text=True)
    assert operations.is_conflicted(proposal, reviewer)


def test_only_officers_lift_conflicts(client, login, make_user, in_review, reviewers, appointed):
    call, [proposal] = in_review(1)
    [reviewer] = appointed(call, reviewers(1))
    operations.declare_conflict(proposal, reviewer, "Neighbour.")
    db.session.commit()
    data = {"proposal_id": proposal.id, "reviewer_id": reviewer.id, "note": "x"}
    url = f"/officer/calls/{call.id}/review/conflicts/lift"
    for user in (reviewer, make_user(), make_user(roles=[Role.MAYORS_OFFICE])):
        login(user)
        assert client.post(url, data=data).status_code == 403
    assert len(_conflicts()) == 1
