"""The publish pages, the public call page's decision, the proposal's outcome panel, the
project page, and that nothing of the review shows before publication."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role
from proposals.extensions import db
from proposals.projects.models import Project
from proposals.publication import operations
from proposals.selection.models import Selection
from proposals.submissions.models import ProposalState

S = ProposalState


def _publish_url(call):
    return f"/mayor/calls/{call.id}/publish"


def _text(response) -> str:
    """The page's text without tags or runs of spaces, for assertions on what is read."""
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _published(selecting, mayor):
    projects = operations.publish(selecting.call, mayor)
    db.session.commit()
    return projects


@pytest.fixture
def people(selecting, make_user, officer, mayor):
    """One user per role: the member belongs to the group proposing "Alpha project", the
    reviewer sits on the call's committee."""
    return {
        "citizen": make_user(name="Citizen Chiba"),
        "member": selecting.members.alpha,
        "reviewer": selecting.reviewers[0],
        "officer": officer,
        "mayor": mayor,
        "admin": make_user(roles=[Role.ADMIN], name="Admin Abe"),
    }


def _as(login, people, who):
    if who != "anonymous":
        login(people[who])


# --- the publish pages: permissions ----------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("member", 403),
        ("reviewer", 403),
        ("officer", 403),
        ("admin", 403),
        ("mayor", 200),
    ],
)
def test_who_may_open_the_publish_page(client, login, selecting, people, who, status):
    _as(login, people, who)
    response = client.get(_publish_url(selecting.call))
    assert response.status_code == status
    if who == "anonymous":
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("member", 403),
        ("reviewer", 403),
        ("officer", 403),
        ("admin", 403),
    ],
)
def test_only_the_mayors_office_may_publish(
    client, login, selecting, people, snapshot, who, status
):
    _as(login, people, who)
    before = snapshot()
    assert client.post(_publish_url(selecting.call)).status_code == status
    assert snapshot() == before


def test_an_unknown_call_is_404(client, login, mayor):
    login(mayor)
    assert client.get("/mayor/calls/999/publish").status_code == 404
    assert client.post("/mayor/calls/999/publish").status_code == 404


# --- the publish pages: behaviour -----------------------------------------------------------


def test_the_confirmation_page_summarises_the_decision(client, login, selecting, mayor):
    login(mayor)
    response = client.get(_publish_url(selecting.call))
    text = _text(response)
    assert "Proposals submitted 6" in text
    assert "Eligible 5" in text
    assert "To be selected 2" in text
    assert "Not to be selected 2" in text
    assert "Total awarded ¥900,000" in text
    assert "Budget envelope ¥10,000,000" in text
    assert "Left in the envelope ¥9,100,000" in text
    assert "Alpha project" in text and "Delta project" in text
    assert '<button type="submit" class="button">Publish the decision</button>' in (
        response.get_data(as_text=True)
    )


def test_the_confirmation_page_lists_what_blocks_publication(client, login, selecting, mayor):
    db.session.delete(
        db.session.scalar(sa.select(Selection).filter_by(proposal_id=selecting.p.bravo.id))
    )
    db.session.commit()
    login(mayor)
    response = client.get(_publish_url(selecting.call))
    assert response.status_code == 200
    text = _text(response)
    assert "The committee recommended “Bravo project”: select or decline it" in text
    assert "Publish the decision</button>" not in response.get_data(as_text=True)


def test_publishing_redirects_to_the_call_page_with_the_decision(
    client, login, selecting, mayor, audit_actions
):
    login(mayor)
    response = client.post(_publish_url(selecting.call))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/calls/{selecting.call.id}#decision")
    assert "call.publish" in audit_actions()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 2
    page = client.get(f"/calls/{selecting.call.id}")
    text = _text(page)
    assert "The decision on Citizen Partnership 2027 was published: 2 projects selected." in text
    assert "Decision" in text


def test_a_refused_publication_is_409_and_writes_nothing(client, login, selecting, mayor, snapshot):
    db.session.delete(
        db.session.scalar(sa.select(Selection).filter_by(proposal_id=selecting.p.alpha.id))
    )
    db.session.commit()
    login(mayor)
    before = snapshot()
    response = client.post(_publish_url(selecting.call))
    assert response.status_code == 409
    assert "The committee recommended “Alpha project”" in _text(response)
    assert snapshot() == before


def test_publishing_twice_is_409(client, login, selecting, mayor, snapshot):
    login(mayor)
    assert client.post(_publish_url(selecting.call)).status_code == 302
    before = snapshot()
    response = client.post(_publish_url(selecting.call))
    assert response.status_code == 409
    assert "already been published" in _text(response)
    assert snapshot() == before


def test_the_call_page_offers_publishing_to_the_mayors_office_only(
    client, login, selecting, people
):
    link = f'href="{_publish_url(selecting.call)}"'
    for who in ("citizen", "member", "officer", "admin"):
        login(people[who])
        assert link not in client.get(f"/calls/{selecting.call.id}").get_data(as_text=True)
    login(people["mayor"])
    assert link in client.get(f"/calls/{selecting.call.id}").get_data(as_text=True)


# --- nothing of the review before publication -------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "citizen", "member"])
def test_the_public_call_page_shows_nothing_of_the_review_before_publication(
    client, login, selecting, people, private_markers, who
):
    _as(login, people, who)
    page = client.get(f"/calls/{selecting.call.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for marker in private_markers:
        assert marker not in html, marker
    assert 'id="decision"' not in html
    # The proposals themselves are public, each still just eligible.
    assert "Alpha project" in html and "Eligible" in html


@pytest.mark.parametrize("who", ["anonymous", "citizen", "member"])
def test_a_proposal_page_shows_nothing_of_the_review_before_publication(
    client, login, selecting, people, private_markers, who
):
    _as(login, people, who)
    for name in ("alpha", "bravo", "charlie", "delta"):
        page = client.get(f"/proposals/{getattr(selecting.p, name).id}")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        for marker in private_markers:
            assert marker not in html, (name, marker)
        assert 'id="decision"' not in html
        assert "Weighted score" not in html


def test_a_group_sees_no_scores_before_publication(client, login, selecting, private_markers):
    """The proposing group's own member: not on its proposal, its call or its dashboard."""
    member = login(selecting.members.alpha)
    alpha = selecting.p.alpha
    pages = [f"/proposals/{alpha.id}", f"/calls/{selecting.call.id}", f"/groups/{alpha.group_id}"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        for marker in private_markers:
            assert marker not in html, (path, marker)
    assert member.id  # logged in throughout
    # The review's own pages stay closed to the group.
    assert client.get(f"/officer/calls/{selecting.call.id}/review/results").status_code == 403


# --- after publication: the public call page ----------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "member", "officer"])
def test_the_call_page_shows_the_funnel_after_publication(
    client, login, selecting, mayor, people, who
):
    _published(selecting, mayor)
    _as(login, people, who)
    page = client.get(f"/calls/{selecting.call.id}")
    html = page.get_data(as_text=True)
    text = _text(page)
    assert 'id="decision"' in html
    for stage, number in (
        ("Submitted", 6),
        ("Eligible", 5),
        ("Recommended by the committee", 2),
        ("Selected by the mayor’s office", 2),
    ):
        assert f"{stage} {number}" in text
    assert re.search(r'<meter min="0" max="6" value="5"', html)
    assert "Awarded in all ¥900,000" in text


def test_the_decision_table_gives_each_outcome_and_its_reasons(client, selecting, mayor):
    _published(selecting, mayor)
    text = _text(client.get(f"/calls/{selecting.call.id}"))
    rows = {
        "Alpha project": ("Selected", "86.0", "4 / 1 / 0", "¥500,000", "REASON-ALPHA"),
        "Bravo project": ("Not selected", "46.0", "3 / 2 / 0", "REASON-BRAVO", "RATIONALE-BRAVO"),
        "Charlie project": ("Not recommended", "16.0", "1 / 4 / 0", "RATIONALE-CHARLIE"),
        "Delta project": ("Selected", "36.0", "2 / 3 / 0", "¥400,000", "JUSTIFY-DELTA"),
        "Echo project": ("Ineligible", "The activities take place outside the city."),
        "Foxtrot project": ("Withdrawn", "Our venue closed."),
    }
    for title, expected in rows.items():
        start = text.index(title)
        row = text[start : start + 700]
        for piece in expected:
            assert piece in row, (title, piece)
    # Delta was selected although the committee did not recommend it; alpha was recommended.
    assert text.count("Selected without the committee’s recommendation") == 1
    assert "AMOUNT-DELTA materials are covered by the city" in text
    # Never public: a proposal withdrawn before the window closed, and a draft.
    assert "Golf project" not in text and "Hotel project" not in text
    # The reviewers' comments are theirs: only the scores are published.
    assert "SECRET-COMMENT" not in text


# --- after publication: the proposal's outcome panel --------------------------------------------


def test_the_outcome_panel_of_a_selected_proposal(client, login, selecting, mayor):
    projects = _published(selecting, mayor)
    project = next(p for p in projects if p.proposal_id == selecting.p.delta.id)
    page = client.get(f"/proposals/{selecting.p.delta.id}")
    html, text = page.get_data(as_text=True), _text(page)
    assert 'id="decision"' in html
    assert "Decision: Selected" in text
    assert "The committee did not recommend this proposal." in text
    assert "Votes: 2 for, 3 against, 0 abstaining." in text
    assert "RATIONALE-DELTA unproven group" in text
    assert "Weighted score: 36.0 of 100, from 2 reviews." in text
    # Per-criterion means: benefit (2 + 2) / 2, feasibility (1 + 2) / 2.
    assert "Public benefit 2.00 5 3" in text
    assert "Feasibility 1.50 5 2" in text
    assert "Selected, with ¥400,000 awarded." in text
    assert "Selected without the committee’s recommendation" in text
    assert "JUSTIFY-DELTA" in text
    assert "¥500,000 was requested. Why the amount differs: AMOUNT-DELTA" in text
    assert f'href="/projects/{project.id}"' in html


def test_the_outcome_panel_of_a_declined_proposal(client, login, selecting, mayor):
    _published(selecting, mayor)
    login(selecting.members.bravo)
    text = _text(client.get(f"/proposals/{selecting.p.bravo.id}"))
    assert "Decision: Not selected" in text
    assert "The committee recommended this proposal." in text
    assert "Declined. Reason: REASON-BRAVO" in text
    assert "Selected without" not in text


def test_the_outcome_panel_of_an_ineligible_and_a_withdrawn_proposal(client, selecting, mayor):
    _published(selecting, mayor)
    text = _text(client.get(f"/proposals/{selecting.p.echo.id}"))
    assert "Decision: Ineligible" in text
    assert "Not eligible. Reason: The activities take place outside the city." in text
    assert "The committee" not in text
    text = _text(client.get(f"/proposals/{selecting.p.foxtrot.id}"))
    assert "Decision: Withdrawn" in text
    assert "withdrew the proposal before the decision. Reason: Our venue closed." in text
    assert "Weighted score" not in text


# --- the project page ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["anonymous", "citizen", "member", "reviewer", "officer", "mayor", "admin"]
)
def test_everybody_may_see_a_project(client, login, selecting, mayor, people, who):
    projects = _published(selecting, mayor)
    _as(login, people, who)
    project = next(p for p in projects if p.proposal_id == selecting.p.alpha.id)
    page = client.get(f"/projects/{project.id}")
    assert page.status_code == 200
    text = _text(page)
    assert "Alpha project" in text
    assert "Carried out by Alpha group" in text
    assert "Awarded ¥500,000" in text
    assert "Partner city department Child and Family Division" in text
    assert "Status Active" in text
    html = page.get_data(as_text=True)
    assert f'href="/proposals/{selecting.p.alpha.id}#decision"' in html
    assert f'href="/calls/{selecting.call.id}"' in html


def test_an_unknown_project_is_404(client):
    assert client.get("/projects/12345").status_code == 404
