"""The mayor's office's pages: the selection page, deciding through forms, who may do what."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role
from proposals.calls.models import Call
from proposals.extensions import db
from proposals.review.models import CommitteeMember
from proposals.selection import operations
from proposals.selection.models import Selection, SelectionOutcome
from tests.selection.conftest import Spec


def _total(call) -> int:
    return db.session.scalar(sa.select(Call.selected_total).where(Call.id == call.id))


def _text(response) -> str:
    """The page's text without tags, whitespace collapsed."""
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _url(call, proposal=None, action=None) -> str:
    if proposal is None:
        return f"/mayor/calls/{call.id}/selection"
    if action is None:
        return f"/mayor/calls/{call.id}/proposals/{proposal.id}"
    return f"/mayor/calls/{call.id}/proposals/{proposal.id}/{action}"


@pytest.fixture
def ranked(selecting):
    """Envelope ¥1,000,000. Down the ranking, "Park" (90) fits but then "Library" (80) and
    "Market" (70) do not; together Library and Market score more and fit exactly.
    "Garden" was not recommended; "Pond" has no recommendation."""
    return selecting(
        [
            Spec("Market", 500_000, scores=(5, 0)),  # 15 * 4 = 60
            Spec("Park", 600_000, scores=(5, 4)),  # (15 + 8) * 4 = 92
            Spec("Library", 500_000, scores=(5, 3)),  # (15 + 6) * 4 = 84
            Spec("Garden", 300_000, scores=(2, 2), recommended=False),  # 40
            Spec("Pond", 200_000, scores=None, recommended=None),
        ]
    )


# --- the page -----------------------------------------------------------------------------------


def test_a_proposals_decision_page_shows_the_recommendation_and_the_forms(
    client, login, mayor, ranked
):
    call, (market, park, library, garden, pond) = ranked
    operations.select(park, mayor, reason="Good.")
    db.session.commit()
    login(mayor)
    response = client.get(_url(call, park))
    assert response.status_code == 200
    text = _text(response)
    assert "Rationale for Park." in text
    assert "The committee recommends it." in text
    assert "Weighted score 92.0" in text
    assert f'action="{_url(call, park, "reconsider")}"' in response.text
    response = client.get(_url(call, library))
    assert f'action="{_url(call, library, "select")}"' in response.text
    assert f'action="{_url(call, library, "decline")}"' in response.text
    assert "Justification for selecting" not in _text(response)
    text = _text(client.get(_url(call, garden)))
    assert "The committee does not recommend it." in text
    assert "Selecting one of these proposals needs a written justification." in text
    assert "Justification for selecting against the committee's recommendation" in text
    # No recommendation recorded: nothing to decide here.
    response = client.get(_url(call, pond))
    assert response.status_code == 200
    assert "<form" not in response.text.split('id="main"')[1].split("</main>")[0]
    assert "recorded no recommendation on this proposal" in _text(response)


def test_a_decision_page_of_another_call_is_not_found(client, login, mayor, selecting):
    call, (park,) = selecting([Spec("Park", 600_000, scores=(5, 4))])
    other, (pond,) = selecting([Spec("Pond", 200_000, scores=(1, 1))])
    login(mayor)
    assert client.get(_url(call, pond)).status_code == 404
    assert client.get(f"/mayor/calls/{call.id}/proposals/999999").status_code == 404


def test_the_page_shows_the_envelope_the_ranking_and_the_running_total(
    client, login, mayor, ranked
):
    call, (market, park, library, garden, pond) = ranked
    operations.select(park, mayor, reason="Good.")
    db.session.commit()
    login(mayor)
    response = client.get(_url(call))
    assert response.status_code == 200
    text = _text(response)
    assert "Budget envelope ¥1,000,000" in text
    assert "Selected so far ¥600,000" in text
    assert "Remaining ¥400,000" in text
    ranking = text.split("Recommended by the committee")[1].split("Score-maximising set within")[0]
    # Best first; the running total adds the requests down the ranking and marks the overrun.
    assert ranking.index("Park") < ranking.index("Library") < ranking.index("Market")
    assert "92.0 ¥600,000 ¥600,000" in ranking
    assert "84.0 ¥500,000 ¥1,100,000 over the envelope" in ranking
    assert "60.0 ¥500,000 ¥1,600,000 over the envelope" in ranking
    assert "4 for, 1 against, 0 abstaining" in ranking
    assert "Garden" not in ranking
    # The decision so far; each proposal links to its decision page.
    assert "Selected ¥600,000" in ranking
    assert f'href="{_url(call, park)}"' in response.text
    assert f'href="{_url(call, library)}"' in response.text
    assert "<form" not in response.text.split('id="main"')[1].split("</main>")[0]
    # The publication page is one step away.
    assert f'href="/mayor/calls/{call.id}/publish"' in response.text


def test_the_score_maximising_set_is_shown_as_information_beside_the_ranking(
    client, login, mayor, ranked
):
    call, (market, park, library, _garden, _pond) = ranked
    login(mayor)
    response = client.get(_url(call))
    text = _text(response)
    optimum = text.split("Score-maximising set within the envelope")[1]
    optimum = optimum.split("Not recommended by the committee")[0]
    assert "Information only: the mayor’s office decides." in optimum
    # The exact optimum, not the greedy pick down the ranking (which would take Park alone).
    assert "Library" in optimum and "Market" in optimum and "Park" not in optimum
    assert "Total score 144.00" in optimum
    assert "Total cost ¥1,000,000" in optimum
    rows = re.findall(
        r'<tr id="proposal-\d+"( class="in-optimum")?>\s*<td class="num">\d+</td>'
        r"\s*<th[^>]*><a[^>]*>(\w+)",
        response.text,
    )
    assert {title for marked, title in rows if marked} == {"Library", "Market"}
    assert {title for marked, title in rows if not marked} == {"Park"}


def test_not_recommended_proposals_are_listed_apart_with_the_justification(
    client, login, mayor, ranked
):
    call, (_market, _park, _library, garden, pond) = ranked
    login(mayor)
    text = _text(client.get(_url(call)))
    section = text.split("Not recommended by the committee")[1]
    assert "Garden" in section
    assert "Selecting one of these proposals needs a written justification." in section
    assert "abstaining" in section  # the committee's vote
    # No recommendation: listed, never decidable here.
    unrecorded = text.split("No recommendation recorded")[-1]
    assert "Pond" in unrecorded


def test_before_the_report_is_sent_the_page_shows_nothing_private(client, login, mayor, selecting):
    call, _proposals = selecting([Spec("Park", 600_000)], sent=False)
    login(mayor)
    response = client.get(_url(call))
    assert response.status_code == 200
    text = _text(response)
    assert "have not been sent to the mayor's office yet" in text
    assert "Park" not in text and "Rationale" not in text


def test_the_index_lists_the_calls_awaiting_selection(client, login, mayor, selecting):
    call, _proposals = selecting([Spec("Park", 600_000)])
    hidden, _ = selecting([Spec("Pond", 600_000)], sent=False)
    hidden.title = "Still with the committee"
    db.session.commit()
    login(mayor)
    response = client.get("/mayor/")
    assert response.status_code == 200
    text = _text(response)
    assert call.title in text.split("Awaiting selection")[1].split("Decided")[0]
    assert "Still with the committee" not in text
    assert f'href="/mayor/calls/{call.id}/selection"' in response.text


def test_the_nav_links_the_mayors_office_for_its_members_only(client, login, mayor, officer):
    login(officer)
    assert "/mayor/" not in client.get("/").get_data(as_text=True)
    login(mayor)
    assert 'href="/mayor/"' in client.get("/").get_data(as_text=True)


# --- deciding through the forms -----------------------------------------------------------------


def test_select_through_the_form(client, login, mayor, ranked, audit_actions):
    call, (_market, park, *_rest) = ranked
    login(mayor)
    response = client.post(
        _url(call, park, "select"), data={f"select-{park.id}-reason": "Strong support."}
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/mayor/calls/{call.id}/selection#proposal-{park.id}")
    selection = operations.selection_of(park)
    assert (selection.awarded_amount, selection.reason) == (600_000, "Strong support.")
    assert _total(call) == 600_000
    assert audit_actions()[-1] == "selection.select"
    assert "The proposal was selected." in _text(client.get(response.location))


def test_a_different_amount_through_the_form(client, login, mayor, ranked, snapshot):
    call, (_market, park, *_rest) = ranked
    login(mayor)
    prefix = f"select-{park.id}-"
    before = snapshot()
    response = client.post(
        _url(call, park, "select"),
        data={prefix + "reason": "Good.", prefix + "awarded_amount": "450,000円"},
    )
    assert response.status_code == 400
    assert "Say why the award differs from the ¥600,000 requested." in _text(response)
    assert snapshot() == before
    response = client.post(
        _url(call, park, "select"),
        data={
            prefix + "reason": "Good.",
            prefix + "awarded_amount": "450,000円",
            prefix + "amount_reason": "The venue is free.",
        },
    )
    assert response.status_code == 302
    assert operations.selection_of(park).awarded_amount == 450_000
    assert _total(call) == 450_000


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reason": ""}, "Give the reason for the decision."),
        ({"reason": "Good.", "awarded_amount": "1.5"}, "Enter a whole number."),
        ({"reason": "Good.", "awarded_amount": "0"}, "The award must be more than ¥0."),
        (
            {"reason": "Good.", "awarded_amount": "900000", "amount_reason": "More."},
            "The award of ¥900,000 is over this call's maximum of ¥800,000 per proposal.",
        ),
    ],
)
def test_field_errors_are_shown_and_nothing_is_written(
    client, login, mayor, ranked, snapshot, fields, message
):
    call, (_market, park, *_rest) = ranked
    login(mayor)
    before = snapshot()
    response = client.post(
        _url(call, park, "select"), data={f"select-{park.id}-{k}": v for k, v in fields.items()}
    )
    assert response.status_code == 400
    text = _text(response)
    assert message in text
    assert "Nothing was saved" in text
    assert snapshot() == before


def test_selecting_against_the_recommendation_through_the_form(
    client, login, mayor, ranked, snapshot
):
    call, (*_rest, garden, _pond) = ranked
    login(mayor)
    prefix = f"select-{garden.id}-"
    before = snapshot()
    response = client.post(_url(call, garden, "select"), data={prefix + "reason": "Needed."})
    assert response.status_code == 400
    assert "The committee did not recommend this proposal: write the justification" in _text(
        response
    )
    assert snapshot() == before
    response = client.post(
        _url(call, garden, "select"),
        data={prefix + "reason": "Needed.", prefix + "justification": "The only one up north."},
    )
    assert response.status_code == 302
    assert operations.selection_of(garden).justification == "The only one up north."
    text = _text(client.get(_url(call)))
    assert "Against the recommendation" in text
    text = _text(client.get(_url(call, garden)))
    assert "Justification, published The only one up north." in text


def test_the_envelope_refusal_is_a_409_with_the_message(client, login, mayor, ranked, snapshot):
    call, (market, park, library, *_rest) = ranked
    operations.select(park, mayor, reason="Good.")
    db.session.commit()
    login(mayor)
    before = snapshot()
    response = client.post(
        _url(call, library, "select"), data={f"select-{library.id}-reason": "Good too."}
    )
    assert response.status_code == 409
    assert (
        "Selecting this proposal for ¥500,000 would bring the total to ¥1,100,000, over the "
        "envelope of ¥1,000,000 (¥400,000 left)." in _text(response)
    )
    assert snapshot() == before


def test_decline_and_reconsider_through_the_forms(client, login, mayor, ranked, audit_actions):
    call, (market, park, *_rest) = ranked
    login(mayor)
    response = client.post(
        _url(call, market, "decline"), data={f"decline-{market.id}-reason": "Duplicates a service."}
    )
    assert response.status_code == 302
    assert operations.selection_of(market).outcome is SelectionOutcome.DECLINED
    operations.select(park, mayor, reason="Good.")
    db.session.commit()
    response = client.post(
        _url(call, park, "reconsider"), data={f"reconsider-{park.id}-note": "Budget cut."}
    )
    assert response.status_code == 302
    assert operations.selection_of(park) is None
    assert _total(call) == 0
    assert audit_actions()[-3:] == ["selection.decline", "selection.select", "selection.reconsider"]


def test_decline_and_reconsider_need_their_text(client, login, mayor, ranked, snapshot):
    call, (market, park, *_rest) = ranked
    operations.select(park, mayor, reason="Good.")
    db.session.commit()
    login(mayor)
    before = snapshot()
    response = client.post(_url(call, market, "decline"), data={})
    assert response.status_code == 400
    assert "Give the reason for the decision." in _text(response)
    response = client.post(_url(call, park, "reconsider"), data={})
    assert response.status_code == 400
    assert "Say why the decision is reconsidered." in _text(response)
    assert snapshot() == before


def test_a_second_decision_is_a_409(client, login, mayor, ranked, snapshot):
    call, (market, *_rest) = ranked
    operations.decline(market, mayor, reason="No.")
    db.session.commit()
    login(mayor)
    before = snapshot()
    response = client.post(
        _url(call, market, "select"), data={f"select-{market.id}-reason": "Yes."}
    )
    assert response.status_code == 409
    assert "already “Declined”. Reconsider that decision first" in _text(response)
    assert snapshot() == before


def test_decisions_wait_for_the_report(client, login, mayor, selecting, snapshot):
    call, (park,) = selecting([Spec("Park", 600_000)], sent=False)
    login(mayor)
    before = snapshot()
    response = client.post(_url(call, park, "select"), data={f"select-{park.id}-reason": "Yes."})
    assert response.status_code == 409
    assert "have not been sent to the mayor's office yet" in _text(response)
    assert snapshot() == before


def test_a_proposal_of_another_call_is_not_found(client, login, mayor, selecting):
    call, _ = selecting([Spec("Park", 600_000)])
    _other, (pond,) = selecting([Spec("Pond", 600_000)])
    login(mayor)
    response = client.post(_url(call, pond, "select"), data={f"select-{pond.id}-reason": "Yes."})
    assert response.status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Selection)) == 0


# --- who may do what -----------------------------------------------------------------------------

ROLES = ("anonymous", "citizen", "member", "reviewer", "officer", "mayor", "admin")


@pytest.fixture
def people(make_user, mayor, officer, reviewer):
    return {
        "anonymous": None,
        "citizen": make_user(name="Citizen Chie"),
        "member": None,  # the representative of the proposing group, set by the test
        "reviewer": reviewer,  # appointed to the call's committee
        "officer": officer,
        "mayor": mayor,
        "admin": make_user(roles=[Role.ADMIN]),
    }


MATRIX = {
    # route: (anonymous, citizen, member, reviewer, officer, mayor, admin)
    "index": (302, 403, 403, 403, 403, 200, 403),
    "page": (302, 403, 403, 403, 403, 200, 403),
    "decision": (302, 403, 403, 403, 403, 200, 403),
    "select": (302, 403, 403, 403, 403, 302, 403),
    "decline": (302, 403, 403, 403, 403, 302, 403),
    "reconsider": (302, 403, 403, 403, 403, 302, 403),
}


@pytest.mark.parametrize("route", MATRIX)
def test_permission_matrix(client, act_as, people, ranked, mayor, snapshot, route):
    call, (market, park, *_rest) = ranked
    assert db.session.scalar(
        sa.select(CommitteeMember.id).where(CommitteeMember.user_id == people["reviewer"].id)
    )
    operations.decline(park, mayor, reason="Not now.")
    db.session.commit()
    people["member"] = market.group.representative
    method, url, data = {
        "index": ("get", "/mayor/", None),
        "page": ("get", _url(call), None),
        "decision": ("get", _url(call, market), None),
        "select": ("post", _url(call, market, "select"), {f"select-{market.id}-reason": "Yes."}),
        "decline": ("post", _url(call, market, "decline"), {f"decline-{market.id}-reason": "No."}),
        "reconsider": (
            "post",
            _url(call, park, "reconsider"),
            {f"reconsider-{park.id}-note": "Changed."},
        ),
    }[route]
    statuses = []
    for role in ROLES:
        act_as(people[role])
        before = snapshot() if method == "post" and role != "mayor" else None
        response = getattr(client, method)(url, data=data)
        statuses.append(response.status_code)
        if before is not None:
            assert snapshot() == before, role
        if response.status_code == 302 and role == "anonymous":
            assert "/login" in response.location
    assert tuple(statuses) == MATRIX[route]


def test_a_decision_that_lost_a_race_is_a_409(client, login, mayor, ranked, snapshot, monkeypatch):
    """Somebody's decision landed between the page's check and the insert: the unique
    decision per proposal refuses the second one."""
    call, (market, *_rest) = ranked
    operations.decline(market, mayor, reason="No.")
    db.session.commit()
    monkeypatch.setattr(operations, "selection_of", lambda proposal: None)
    login(mayor)
    before = snapshot()
    response = client.post(
        _url(call, market, "select"), data={f"select-{market.id}-reason": "Yes."}
    )
    assert response.status_code == 409
    assert "Somebody decided on this proposal at the same moment." in _text(response)
    assert snapshot() == before


def test_after_publication_the_page_is_a_record(client, login, mayor, ranked):
    call, (market, park, *_rest) = ranked
    operations.select(park, mayor, reason="Good.")
    operations.decline(market, mayor, reason="Duplicates a service.")
    call.decided_at = call.recommendations_closed_at
    db.session.commit()
    login(mayor)
    response = client.get(_url(call))
    assert response.status_code == 200
    text = _text(response)
    assert "it can no longer change" in text
    assert "Park Group 2 Selected ¥600,000 Good." in text
    assert "Duplicates a service." in text
    assert "<form" not in response.text.split('id="main"')[1].split("</main>")[0]
    index = _text(client.get("/mayor/"))
    assert "No call is waiting for the mayor’s selection." in index
    assert call.title in index.split("Awaiting selection")[1]
