"""The officers' eligibility check: the transitions, the call's phase, the reason, the audit
row, the group's mail, who may do it, and what the public reads afterwards."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role
from proposals.audit.models import AuditEvent
from proposals.database import utcnow
from proposals.extensions import db
from proposals.mail.models import OutboxMessage
from proposals.submissions.models import Proposal, ProposalState

S = ProposalState
REASON = "The activities take place in the neighbouring city."

# decision -> the states it may start from, and where it leads.
ALLOWED = {
    "eligible": ({S.SUBMITTED}, S.ELIGIBLE),
    "ineligible": ({S.SUBMITTED}, S.INELIGIBLE),
    "reopen": ({S.ELIGIBLE, S.INELIGIBLE}, S.SUBMITTED),
}


def _reload(proposal) -> Proposal:
    db.session.expire_all()
    return db.session.get(Proposal, proposal.id)


def _post(client, proposal, decision, reason=REASON):
    return client.post(
        f"/proposals/{proposal.id}/eligibility", data={"decision": decision, "reason": reason}
    )


@pytest.fixture
def officer(make_user):
    return make_user(roles=[Role.CITY_OFFICER], name="Officer Sato")


@pytest.fixture
def in_review(clock, make_call, officer):
    """A call whose submission window has closed and whose review is still open."""
    return make_call("closed", officer=officer, now=clock.now)


# --- the transition table -------------------------------------------------------------


@pytest.mark.parametrize("decision", sorted(ALLOWED))
@pytest.mark.parametrize("state", [s for s in ProposalState if s is not S.DRAFT])
def test_transition_table(
    client, login, officer, in_review, make_proposal, snapshot, state, decision
):
    sources, target = ALLOWED[decision]
    proposal = make_proposal(call=in_review, state=state)
    login(officer)
    before = snapshot()

    response = _post(client, proposal, decision)

    if state in sources:
        assert response.status_code == 302
        assert response.location.endswith(f"/proposals/{proposal.id}")
        assert _reload(proposal).state is target
    else:
        assert response.status_code == 409
        assert "cannot be" in response.get_data(as_text=True)
        assert snapshot() == before


def test_a_draft_does_not_exist_for_the_officer(
    client, login, officer, in_review, make_proposal, snapshot
):
    proposal = make_proposal(call=in_review, state=S.DRAFT)
    login(officer)
    before = snapshot()

    assert _post(client, proposal, "eligible").status_code == 404
    assert snapshot() == before


# --- the call's phase ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "decision"),
    [(S.SUBMITTED, "eligible"), (S.SUBMITTED, "ineligible"), (S.ELIGIBLE, "reopen")],
)
def test_refused_while_the_window_is_open(
    client, login, officer, make_call, make_proposal, snapshot, state, decision
):
    proposal = make_proposal(call=make_call("open"), state=S.SUBMITTED)
    if state is S.ELIGIBLE:
        # Cannot arise through the pages; the phase check must hold on its own.
        proposal.state, proposal.eligibility_decided_at = S.ELIGIBLE, utcnow()
        db.session.commit()
    login(officer)
    before = snapshot()

    response = _post(client, proposal, decision)

    assert response.status_code == 409
    assert "still open" in response.get_data(as_text=True)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("state", "decision"),
    [(S.SUBMITTED, "eligible"), (S.SUBMITTED, "ineligible"), (S.INELIGIBLE, "reopen")],
)
def test_refused_after_the_review_closed(
    client, login, officer, in_review, make_proposal, snapshot, state, decision
):
    proposal = make_proposal(call=in_review, state=state)
    in_review.review_closed_at = utcnow()
    db.session.commit()
    login(officer)
    before = snapshot()

    response = _post(client, proposal, decision)

    assert response.status_code == 409
    assert "review of this call is closed" in response.get_data(as_text=True)
    assert snapshot() == before
    # Nor does the page offer the forms any more.
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert 'name="decision"' not in page


# --- the reason -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "decision", "message"),
    [
        (S.SUBMITTED, "ineligible", "Give the reason why the proposal is ineligible."),
        (S.INELIGIBLE, "reopen", "Say why the eligibility check is reopened."),
    ],
)
@pytest.mark.parametrize("reason", ["", "   \n "])
def test_a_reason_is_required(
    client, login, officer, in_review, make_proposal, snapshot, state, decision, message, reason
):
    proposal = make_proposal(call=in_review, state=state)
    login(officer)
    before = snapshot()

    response = _post(client, proposal, decision, reason=reason)

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert 'id="reason-errors"' in page
    assert snapshot() == before


def test_an_unknown_decision_is_refused(client, login, officer, in_review, make_proposal, snapshot):
    proposal = make_proposal(call=in_review, state=S.SUBMITTED)
    login(officer)
    before = snapshot()

    response = _post(client, proposal, "maybe")

    assert response.status_code == 400
    assert "Unknown decision." in response.get_data(as_text=True)
    assert snapshot() == before


# --- what is recorded and who hears of it -------------------------------------------------


def test_ineligible_records_the_reason_audits_and_mails_the_group(
    client, login, officer, in_review, make_proposal, make_group, clock
):
    group = make_group()
    group.contact_email = "office@playgroup.example"
    db.session.commit()
    proposal = make_proposal(call=in_review, group=group, state=S.SUBMITTED)
    login(officer)

    response = _post(client, proposal, "ineligible", reason=f"  {REASON}  ")

    assert response.status_code == 302
    proposal = _reload(proposal)
    assert proposal.state is S.INELIGIBLE
    assert proposal.ineligibility_reason == REASON
    assert proposal.eligibility_decided_at == clock.now
    assert proposal.eligibility_decided_by_id == officer.id
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "proposal.mark_ineligible")
    ).one()
    assert (event.actor_id, event.object_type, event.object_id) == (
        officer.id,
        "proposals",
        proposal.id,
    )
    assert (event.before, event.after, event.note) == (
        {"state": "submitted"},
        {"state": "ineligible"},
        REASON,
    )
    mails = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.recipient)).all()
    assert sorted(m.recipient for m in mails) == sorted(
        ["office@playgroup.example", group.representative.email]
    )
    assert all("not eligible" in m.subject and REASON in m.body for m in mails)


def test_eligible_audits_and_mails_the_group_once_when_one_address(
    client, login, officer, in_review, make_proposal, audit_actions
):
    proposal = make_proposal(call=in_review, state=S.SUBMITTED)
    login(officer)

    assert _post(client, proposal, "eligible", reason="").status_code == 302

    proposal = _reload(proposal)
    assert proposal.state is S.ELIGIBLE
    assert proposal.ineligibility_reason is None
    assert audit_actions() == ["proposal.mark_eligible"]
    mail = db.session.scalars(sa.select(OutboxMessage)).one()
    assert mail.recipient == proposal.group.contact_email
    assert "is eligible" in mail.subject


def test_reopen_clears_the_decision_and_keeps_the_note(
    client, login, officer, in_review, make_proposal
):
    proposal = make_proposal(call=in_review, state=S.INELIGIBLE)
    login(officer)

    assert _post(client, proposal, "reopen", reason="Wrong proposal marked.").status_code == 302

    proposal = _reload(proposal)
    assert proposal.state is S.SUBMITTED
    assert proposal.ineligibility_reason is None
    assert proposal.eligibility_decided_at is None
    event = db.session.scalars(sa.select(AuditEvent)).one()
    assert (event.action, event.before, event.after, event.note) == (
        "proposal.reopen_eligibility",
        {"state": "ineligible"},
        {"state": "submitted"},
        "Wrong proposal marked.",
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1


def test_the_database_refuses_an_ineligible_proposal_without_a_reason(in_review, make_proposal):
    proposal = make_proposal(call=in_review, state=S.SUBMITTED)
    proposal.state, proposal.eligibility_decided_at = S.INELIGIBLE, utcnow()
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


# --- who may check --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("member", 403),
        ("reviewer", 403),
        ("mayors_office", 403),
        ("admin", 403),
        ("officer", 302),
    ],
)
def test_permission_matrix(
    client, login, make_user, officer, in_review, make_proposal, snapshot, who, status
):
    proposal = make_proposal(call=in_review, state=S.SUBMITTED)
    users = {
        "citizen": lambda: make_user(),
        "member": lambda: proposal.group.representative,
        "reviewer": lambda: make_user(roles=[Role.REVIEWER]),
        "mayors_office": lambda: make_user(roles=[Role.MAYORS_OFFICE]),
        "admin": lambda: make_user(roles=[Role.ADMIN]),
        "officer": lambda: officer,
    }
    if who != "anonymous":
        login(users[who]())
    before = snapshot()

    response = _post(client, proposal, "eligible")

    assert response.status_code == status
    if who == "anonymous":
        assert "/login" in response.location
    if who == "officer":
        assert _reload(proposal).state is S.ELIGIBLE
    else:
        assert snapshot() == before


def test_outsiders_get_404_while_the_proposal_is_not_public(
    client, login, make_user, make_call, make_proposal, snapshot
):
    proposal = make_proposal(call=make_call("open"), state=S.SUBMITTED)
    login(make_user(roles=[Role.REVIEWER]))
    before = snapshot()

    assert _post(client, proposal, "eligible").status_code == 404
    assert snapshot() == before


# --- the pages -----------------------------------------------------------------------------


def test_the_officer_sees_the_panel_and_others_do_not(
    client, login, make_user, officer, in_review, make_proposal
):
    proposal = make_proposal(call=in_review, state=S.SUBMITTED)
    login(officer)
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert 'id="eligibility-heading"' in page
    assert 'value="eligible"' in page and 'value="ineligible"' in page
    assert '<label for="reason">Reason' in page

    listing = client.get(f"/officer/calls/{in_review.id}/submissions").get_data(as_text=True)
    assert f"/proposals/{proposal.id}#eligibility" in listing

    login(proposal.group.representative)
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert 'id="eligibility-heading"' not in page


def test_the_decided_proposal_offers_reopen(client, login, officer, in_review, make_proposal):
    proposal = make_proposal(call=in_review, state=S.ELIGIBLE)
    login(officer)
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert 'value="reopen"' in page and 'value="eligible"' not in page


def test_the_public_and_the_group_read_the_reason(client, login, officer, in_review, make_proposal):
    proposal = make_proposal(call=in_review, state=S.SUBMITTED)
    login(officer)
    _post(client, proposal, "ineligible")
    client.post("/logout")

    for viewer in (None, proposal.group.representative):
        if viewer is not None:
            login(viewer)
        response = client.get(f"/proposals/{proposal.id}")
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "badge-state-ineligible" in page and "Ineligible" in page
        assert f"Reason: {REASON}" in page


def test_the_submissions_list_filters_by_the_new_states(
    client, login, officer, in_review, make_proposal
):
    make_proposal(call=in_review, state=S.ELIGIBLE, title="Eligible mornings")
    make_proposal(call=in_review, state=S.INELIGIBLE, title="Ineligible evenings")
    login(officer)

    page = client.get(f"/officer/calls/{in_review.id}/submissions?state=ineligible")

    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Ineligible evenings" in text and "Eligible mornings" not in text
    public = client.get(f"/calls/{in_review.id}").get_data(as_text=True)
    assert "Ineligible evenings" in public and "Eligible mornings" in public


# --- withdrawing ---------------------------------------------------------------------------


def test_a_group_may_withdraw_an_eligible_proposal(client, login, in_review, make_proposal):
    proposal = make_proposal(call=in_review, state=S.ELIGIBLE)
    login(proposal.group.representative)

    response = client.post(
        f"/proposals/{proposal.id}/withdraw", data={"reason": "The venue closed."}
    )

    assert response.status_code == 302
    assert _reload(proposal).state is S.WITHDRAWN


def test_a_group_may_not_withdraw_an_ineligible_proposal(
    client, login, in_review, make_proposal, snapshot
):
    proposal = make_proposal(call=in_review, state=S.INELIGIBLE)
    login(proposal.group.representative)
    before = snapshot()

    response = client.post(
        f"/proposals/{proposal.id}/withdraw", data={"reason": "The venue closed."}
    )

    assert response.status_code == 403
    assert snapshot() == before
