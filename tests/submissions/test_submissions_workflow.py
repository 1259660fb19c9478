"""Submitting and withdrawing through the pages: every refusal explained, nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import url_for

from proposals.audit.models import AuditEvent
from proposals.extensions import db
from proposals.submissions.models import Proposal, ProposalState


def _reload(proposal) -> Proposal:
    db.session.expire_all()
    return db.session.get(Proposal, proposal.id)


def test_submit_through_the_pages(
    client, login, make_user, make_group, make_call, clock, audit_actions
):
    """Start, fill in, submit: the state, the time and the audit trail."""
    user = make_user()
    group = make_group(user)
    call = make_call(now=clock.now)
    login(user)
    client.post(f"/calls/{call.id}/proposals/new", data={"group_id": group.id, "title": "Draft"})
    proposal = db.session.query(Proposal).one()
    client.post(
        f"/proposals/{proposal.id}/edit",
        data={
            "title": "Play mornings",
            "summary": "Morning play sessions for toddlers.",
            "need": "Young parents are isolated.",
            "activities": "Weekly sessions.",
            "department": "Child and Family Division",
            "group_role": "Runs the sessions.",
            "city_role": "Provides the room.",
            "beneficiaries": "Families with toddlers.",
            "timeline": "April to March.",
            "budget_lines-0-item": "Venue hire",
            "budget_lines-0-amount": "300000",
            "indicators-0-name": "Sessions held",
            "indicators-0-unit": "sessions",
            "indicators-0-baseline": "",
            "indicators-0-annual_target": "40",
            "save": "Save draft",
        },
    )
    clock.advance(hours=2)

    response = client.post(f"/proposals/{proposal.id}/submit")

    assert response.status_code == 302
    assert response.location == url_for("groups.dashboard", group_id=group.id, _external=False)
    proposal = _reload(proposal)
    assert proposal.state is ProposalState.SUBMITTED
    assert proposal.submitted_at == clock.now
    assert proposal.requested_total == 300_000
    assert audit_actions() == ["proposal.create", "proposal.update", "proposal.submit"]
    event = db.session.query(AuditEvent).filter_by(action="proposal.submit").one()
    assert (event.actor_id, event.object_id) == (user.id, proposal.id)
    assert (event.before, event.after) == ({"state": "draft"}, {"state": "submitted"})

    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Submitted" in page
    # 2026-06-01 05:00 UTC is 14:00 in Tokyo; the page says so, in the call's timezone.
    assert "2:00\u202fPM" in page and "(JST)" in page


def test_incomplete_draft_lists_every_problem_and_nothing_changes(
    client, login, make_user, make_group, make_call, snapshot
):
    user = make_user()
    group = make_group(user)
    call = make_call()
    login(user)
    client.post(f"/calls/{call.id}/proposals/new", data={"group_id": group.id, "title": "Draft"})
    proposal = db.session.query(Proposal).one()
    before = snapshot()

    response = client.post(f"/proposals/{proposal.id}/submit")

    text = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "The proposal could not be submitted" in text
    for problem in (
        "Write a short summary.",
        "Describe the need the proposal answers.",
        "Describe the activities.",
        "Name the partner city department.",
        "Say what the group will do.",
        "Say what the city department will do.",
        "Say who will benefit.",
        "Give a timeline.",
        "Add at least one budget line.",
        "Plan at least one performance indicator.",
    ):
        assert problem in text, problem
    assert snapshot() == before


def test_late_submission_is_refused_with_a_clear_message(
    client, login, make_call, make_proposal, clock, snapshot
):
    call = make_call(phase="open", now=clock.now)
    proposal = make_proposal(call=call)
    login(proposal.group.representative)
    clock.set(call.closes_at + dt.timedelta(seconds=1))
    before = snapshot()

    response = client.post(f"/proposals/{proposal.id}/submit")

    assert response.status_code == 409
    assert "The submission window of this call has closed." in response.get_data(as_text=True)
    assert snapshot() == before
    assert _reload(proposal).state is ProposalState.DRAFT


def test_submission_just_before_closing_is_accepted(client, login, make_call, make_proposal, clock):
    call = make_call(phase="open", now=clock.now)
    proposal = make_proposal(call=call)
    login(proposal.group.representative)
    clock.set(call.closes_at - dt.timedelta(seconds=1))
    assert client.post(f"/proposals/{proposal.id}/submit").status_code == 302
    assert _reload(proposal).state is ProposalState.SUBMITTED


def test_budget_over_the_per_proposal_maximum_is_refused(
    client, login, make_call, make_proposal, snapshot
):
    call = make_call(max_per_proposal=400_000)
    proposal = make_proposal(call=call)  # ¥500,000
    login(proposal.group.representative)
    before = snapshot()

    response = client.post(f"/proposals/{proposal.id}/submit")

    text = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "¥500,000 is over this call" in text and "¥400,000" in text
    assert snapshot() == before


def test_a_submitted_proposal_is_frozen(
    client, login, make_proposal, edit_data, files, upload, snapshot
):
    proposal = make_proposal(state="submitted")
    login(proposal.group.representative)
    before = snapshot()

    frozen = "This proposal has been submitted: it is frozen and can no longer change."
    page = client.get(f"/proposals/{proposal.id}/edit")
    assert page.status_code == 409
    assert frozen in page.get_data(as_text=True)
    response = client.post(
        f"/proposals/{proposal.id}/edit", data=edit_data(proposal, title="Changed afterwards")
    )
    assert response.status_code == 409
    assert upload(proposal, "late.pdf", files.pdf).status_code == 409
    again = client.post(f"/proposals/{proposal.id}/submit")
    assert again.status_code == 409
    assert frozen in again.get_data(as_text=True)
    assert snapshot() == before

    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert f"/proposals/{proposal.id}/edit" not in page


def test_withdraw_with_a_reason(client, login, make_proposal, audit_actions, clock):
    proposal = make_proposal(state="submitted")
    member = proposal.group.representative
    login(member)

    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Reason for withdrawing" in page

    response = client.post(
        f"/proposals/{proposal.id}/withdraw", data={"reason": "  Our venue closed.  "}
    )

    assert response.status_code == 302
    proposal = _reload(proposal)
    assert proposal.state is ProposalState.WITHDRAWN
    assert proposal.withdrawal_reason == "Our venue closed."
    assert proposal.withdrawn_at == clock.now
    assert audit_actions() == ["proposal.withdraw"]
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Withdrawn" in page and "Our venue closed." in page


@pytest.mark.parametrize("reason", ["", "   "])
def test_withdraw_without_a_reason_is_refused(client, login, make_proposal, snapshot, reason):
    proposal = make_proposal(state="submitted")
    login(proposal.group.representative)
    before = snapshot()
    response = client.post(f"/proposals/{proposal.id}/withdraw", data={"reason": reason})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Give a reason for withdrawing." in text
    assert 'id="reason-errors"' in text
    assert snapshot() == before


def test_a_draft_cannot_be_withdrawn_nor_a_withdrawn_one_submitted(
    client, login, make_proposal, snapshot
):
    draft = make_proposal()
    withdrawn = make_proposal(state="withdrawn", group=draft.group)
    login(draft.group.representative)
    before = snapshot()
    assert client.post(f"/proposals/{draft.id}/withdraw", data={"reason": "x"}).status_code == 403
    assert client.post(f"/proposals/{withdrawn.id}/submit").status_code == 409
    assert snapshot() == before


def test_the_page_offers_edit_and_submit_to_members_of_a_draft(client, login, make_proposal):
    proposal = make_proposal()
    login(proposal.group.representative)
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert f'href="/proposals/{proposal.id}/edit"' in page
    assert f'action="/proposals/{proposal.id}/submit"' in page
    assert "Reason for withdrawing" not in page


def test_a_draft_in_a_closed_call_offers_no_submit_button(
    client, login, clock, make_call, make_proposal
):
    call = make_call("open", now=clock.now)
    proposal = make_proposal(call=call)
    login(proposal.group.representative)
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert f"/proposals/{proposal.id}/submit" in page

    clock.advance(days=30)
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert f"/proposals/{proposal.id}/submit" not in page
    assert "This call is not open for submissions" in page
