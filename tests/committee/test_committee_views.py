"""The secretary's recording page, sending to the mayor's office, and who sees what."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import url_for

from proposals.accounts.models import Role
from proposals.calls.models import Phase
from proposals.committee.models import Recommendation
from proposals.database import utcnow
from proposals.extensions import db
from proposals.notifications.models import Notification
from proposals.submissions.models import ProposalState


def _form(proposal, **fields):
    values = {
        "recommended": "yes",
        "votes_for": "2",
        "votes_against": "0",
        "votes_abstain": "1",
        "rationale": "Clear need, credible plan.",
    } | fields
    return {f"p{proposal.id}-{name}": value for name, value in values.items()}


def _post(client, setting, proposal, **fields):
    return client.post(
        f"/officer/calls/{setting.call.id}/committee/{proposal.id}", data=_form(proposal, **fields)
    )


def _recommendations():
    return db.session.scalars(sa.select(Recommendation)).all()


# --- the page ---------------------------------------------------------------------------------


def test_the_page_ranks_the_proposals_with_a_form_each(client, login, setting):
    login(setting.officer)
    response = client.get(f"/officer/calls/{setting.call.id}/committee")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    order = [page.index(p.title) for p in setting.proposals]
    assert order == sorted(order)
    assert "0 of 4 eligible proposals have a recommendation." in page
    for proposal in setting.proposals:
        assert f'action="/officer/calls/{setting.call.id}/committee/{proposal.id}"' in page
        assert f'name="p{proposal.id}-votes_for"' in page
        assert f'id="p{proposal.id}-rationale"' in page
    assert "1 member is excluded as conflicted: Cho Chiba" in page
    assert "1 member is excluded as conflicted: Ben Baba" in page
    assert "At most 2 votes in all." in page and "At most 3 votes in all." in page
    assert "¥400,000" in page and "90.0" in page and "no score" in page
    # Not ready to send yet.
    assert 'value="close_recommendations"' not in page


def test_recording_through_the_page(client, login, setting, audit_actions):
    login(setting.officer)
    response = _post(client, setting, setting.a, votes_for="1,", votes_against="0")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/officer/calls/{setting.call.id}/committee#proposal-{setting.a.id}"
    )
    (row,) = _recommendations()
    assert (row.proposal_id, row.recommended, row.votes_for, row.votes_abstain) == (
        setting.a.id,
        True,
        1,
        1,
    )
    assert audit_actions()[-1] == "recommendation.record"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "recommendation on “Play mornings” was recorded." in page
    assert "1 of 4 eligible proposals have a recommendation." in page
    assert "Correct the recommendation" in page


def test_correcting_through_the_page(client, login, setting, recommend):
    recommend(setting.a)
    login(setting.officer)
    response = _post(
        client,
        setting,
        setting.a,
        recommended="no",
        votes_for="1",
        votes_against="2",
        votes_abstain="0",
        rationale="Revised.",
    )
    assert response.status_code == 302
    (row,) = _recommendations()
    assert (row.recommended, row.votes_against, row.rationale) == (False, 2, "Revised.")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"recommended": ""}, "Choose recommended or not recommended."),
        ({"recommended": "maybe"}, "Not a valid choice"),
        ({"votes_for": "two"}, "Enter a whole number."),
        ({"votes_against": ""}, "Enter the number of votes (0 if none)."),
        ({"votes_abstain": "-1"}, "0 or more"),
        ({"rationale": "  "}, "Write the committee’s rationale."),
        ({"votes_for": "3", "votes_abstain": "1"}, "only 3 committee members may vote"),
        ({"votes_for": "0", "votes_abstain": "0"}, "at least one vote"),
        ({"votes_for": "1", "votes_against": "1", "votes_abstain": "0"}, "more members voted"),
    ],
)
def test_bad_input_is_a_bad_request(client, login, setting, snapshot, fields, message):
    login(setting.officer)
    before = snapshot()
    response = _post(client, setting, setting.a, **fields)
    assert response.status_code == 400
    page = response.get_data(as_text=True).replace("&#39;", "’").replace("'", "’")
    assert message.replace("'", "’") in page
    assert 'class="errors"' in page
    assert snapshot() == before


def test_a_tally_over_the_conflict_adjusted_maximum_is_refused(client, login, setting, snapshot):
    login(setting.officer)
    before = snapshot()
    response = _post(client, setting, setting.b, votes_for="2", votes_abstain="1")
    assert response.status_code == 400
    assert "only 2 committee members may vote" in response.get_data(as_text=True)
    assert snapshot() == before


@pytest.mark.parametrize("phase", ["in_review", "selecting"])
def test_recording_in_another_phase_is_a_conflict(client, login, setting, snapshot, phase):
    if phase == "in_review":
        setting.call.review_closed_at = None
    else:
        setting.call.recommendations_closed_at = utcnow()
    db.session.commit()
    login(setting.officer)
    before = snapshot()
    response = _post(client, setting, setting.a)
    assert response.status_code == 409
    assert "Recommendations can only be recorded while the call is in the" in response.get_data(
        as_text=True
    )
    assert snapshot() == before


def test_the_page_outside_the_recommending_phase_has_no_forms(client, login, setting, recommend):
    recommend(setting.a, rationale="Strong team.")
    setting.call.recommendations_closed_at = utcnow()
    db.session.commit()
    login(setting.officer)
    page = client.get(f"/officer/calls/{setting.call.id}/committee").get_data(as_text=True)
    assert "can no longer change" in page
    assert f"p{setting.a.id}-votes_for" not in page
    assert "Strong team." in page and "No recommendation recorded." in page


def test_a_proposal_of_another_call_is_not_found(client, login, setting, make_proposal, snapshot):
    stranger = make_proposal(state=ProposalState.ELIGIBLE)
    login(setting.officer)
    before = snapshot()
    response = _post(client, setting, stranger)
    assert response.status_code == 404
    assert client.post(f"/officer/calls/{setting.call.id}/committee/999999").status_code == 404
    assert client.get("/officer/calls/999999/committee").status_code == 404
    assert snapshot() == before


# --- sending to the mayor's office ---------------------------------------------------------


def test_sending_with_missing_recommendations_lists_them(
    client, login, setting, recommend, snapshot, mayors_office
):
    recommend(setting.a)
    login(setting.officer)
    before = snapshot()
    response = client.post(
        f"/officer/calls/{setting.call.id}/phase", data={"action": "close_recommendations"}
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "has not recommended on every eligible proposal yet" in page
    for title in ("River clean-up", "Repair café", "Night patrol"):
        assert f"“{title}”" in page
    assert snapshot() == before


def test_sending_when_complete_notifies_the_mayors_office(
    client, login, setting, recommend, mayors_office
):
    for proposal in setting.proposals:
        recommend(proposal, votes_for=1)
    login(setting.officer)
    page = client.get(f"/officer/calls/{setting.call.id}/committee").get_data(as_text=True)
    assert 'value="close_recommendations"' in page
    response = client.post(
        f"/officer/calls/{setting.call.id}/phase", data={"action": "close_recommendations"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert setting.call.phase is Phase.SELECTING
    (note,) = db.session.scalars(
        sa.select(Notification).where(Notification.kind == "committee.report_ready")
    ).all()
    assert note.user_id == mayors_office.id
    # The mayor's office follows the link to the report.
    login(mayors_office)
    response = client.get(note.link)
    assert response.status_code == 200
    assert "Committee report" in response.get_data(as_text=True)


# --- who may see and do what ------------------------------------------------------------------

ROUTES = [
    ("get", "/officer/calls/{call}/committee"),
    ("post", "/officer/calls/{call}/committee/{proposal}"),
    ("get", "/calls/{call}/committee-report"),
    ("get", "/calls/{call}/committee-report.csv"),
]
OK = {"get": 200, "post": 302}


@pytest.fixture
def actors(setting, make_user, mayors_office):
    """Everyone who might try, by name (None: anonymous)."""
    return {
        "anonymous": None,
        "citizen": make_user(),
        "group member": setting.a.group.representative,
        "appointed reviewer": setting.ann,
        "conflicted reviewer": setting.cho,
        "other reviewer": make_user(roles=[Role.REVIEWER]),
        "officer": setting.officer,
        "mayor's office": mayors_office,
        "admin": make_user(roles=[Role.ADMIN]),
    }


def _request(client, setting, method, path):
    url = path.format(call=setting.call.id, proposal=setting.a.id)
    if method == "post":
        return client.post(url, data=_form(setting.a))
    return client.get(url)


# (actor, sent to the mayor's office?) -> expected status per route
MATRIX = {
    "anonymous": ("login", "login", "login", "login"),
    "citizen": (403, 403, 403, 403),
    "group member": (403, 403, 403, 403),
    "appointed reviewer": (403, 403, 403, 403),
    "conflicted reviewer": (403, 403, 403, 403),
    "other reviewer": (403, 403, 403, 403),
    "admin": (403, 403, 403, 403),
    "officer": ("ok", "ok", "ok", "ok"),
}


@pytest.mark.parametrize("actor", list(MATRIX))
@pytest.mark.parametrize("index", range(len(ROUTES)))
def test_permission_matrix(client, login, setting, actors, snapshot, actor, index):
    method, path = ROUTES[index]
    expected = MATRIX[actor][index]
    if actors[actor] is not None:
        login(actors[actor])
    before = snapshot()
    response = _request(client, setting, method, path)
    if expected == "login":
        assert response.status_code == 302
        assert response.headers["Location"].startswith(url_for("accounts.login", _external=False))
    elif expected == "ok":
        assert response.status_code == OK[method]
    else:
        assert response.status_code == expected
    if not (expected == "ok" and method == "post"):
        assert snapshot() == before


@pytest.mark.parametrize("sent", [False, True])
@pytest.mark.parametrize("index", range(len(ROUTES)))
def test_the_mayors_office_sees_the_report_only_once_sent(
    client, login, setting, actors, snapshot, sent, index
):
    if sent:
        setting.call.recommendations_closed_at = utcnow()
        db.session.commit()
    method, path = ROUTES[index]
    login(actors["mayor's office"])
    before = snapshot()
    response = _request(client, setting, method, path)
    reads_report = path.startswith("/calls/")
    assert response.status_code == (200 if sent and reads_report else 403)
    assert snapshot() == before


@pytest.mark.parametrize("actor", ["citizen", "group member", "appointed reviewer"])
def test_nobody_else_sees_the_report_after_publication(
    client, login, setting, actors, recommend, actor
):
    for proposal in setting.proposals:
        recommend(proposal, votes_for=1)
    setting.call.recommendations_closed_at = utcnow()
    setting.call.decided_at = utcnow()
    db.session.commit()
    login(actors[actor])
    for path in ("committee-report", "committee-report.csv"):
        assert client.get(f"/calls/{setting.call.id}/{path}").status_code == 403
    # Officers and the mayor's office still read it once decided.
    login(actors["officer"])
    assert client.get(f"/calls/{setting.call.id}/committee-report").status_code == 200
    login(actors["mayor's office"])
    assert client.get(f"/calls/{setting.call.id}/committee-report.csv").status_code == 200


def test_links_from_the_review_pages(client, login, setting):
    login(setting.officer)
    for path in ("review", "review/results"):
        page = client.get(f"/officer/calls/{setting.call.id}/{path}").get_data(as_text=True)
        assert f"/officer/calls/{setting.call.id}/committee" in page
        assert f"/calls/{setting.call.id}/committee-report" in page
