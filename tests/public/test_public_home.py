"""The public home page and the language switch."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import refresh

from proposals.extensions import db
from proposals.submissions.models import ProposalState


def _section(html: str, heading: str) -> str:
    """The part of the page from ``heading`` to the next section."""
    start = html.index(heading)
    return html[start : html.find("</section>", start)]


def test_home_explains_the_partnership(client):
    html = client.get("/").get_data(as_text=True)
    for step in (
        "The city opens a call",
        "The committee recommends",
        "The mayor selects",
        "Results are reported",
    ):
        assert step in html
    assert "No call is open for proposals at the moment." in html


def test_home_lists_open_upcoming_and_past_calls(client, clock, make_call, make_proposal):
    open_call = make_call("open", now=clock.now, title="Childcare call", budget=8_000_000)
    open_call.closes_at = dt.datetime(2026, 6, 30, 15, 0, tzinfo=dt.UTC)
    make_call("upcoming", now=clock.now, title="Autumn call")
    past = make_call("closed", now=clock.now, title="Last year's call")
    review_closed = make_call("closed", now=clock.now, title="Recommending call")
    review_closed.review_closed_at = clock.now
    db.session.commit()
    make_proposal(call=past, state=ProposalState.SUBMITTED)
    make_proposal(call=past, state=ProposalState.SUBMITTED)
    make_proposal(call=past)  # drafts are never counted

    html = client.get("/").get_data(as_text=True)

    open_section = _section(html, "Open for proposals")
    assert "Childcare call" in open_section
    assert "Open for submissions" in open_section  # the phase badge
    assert "Jul 1, 2026" in open_section and "(JST)" in open_section
    assert "¥8,000,000" in open_section
    assert "Autumn call" not in open_section and "Last year" not in open_section

    upcoming = _section(html, "Coming soon")
    assert "Autumn call" in upcoming and "Upcoming" in upcoming
    assert "Childcare call" not in upcoming

    past_section = _section(html, "Past calls")
    assert "Last year&#39;s call" in past_section and "In review" in past_section
    assert "Recommending call" in past_section and "Committee recommending" in past_section
    assert "Childcare call" not in past_section and "Autumn call" not in past_section
    row = past_section[past_section.index("Last year") :].split("</tr>")[0]
    assert '<td class="num">2</td>' in row
    # Open calls come first, then upcoming, then past.
    assert html.index("Childcare call") < html.index("Autumn call") < html.index("Last year")


def test_past_calls_are_paginated(client, clock, make_call):
    for number in range(21):
        make_call(
            "closed", now=clock.now - dt.timedelta(days=number), title=f"Call from {number:02d}"
        )
    first = client.get("/").get_data(as_text=True)
    second = client.get("/?page=2").get_data(as_text=True)
    # Most recently closed first.
    assert "Call from 00" in first and "Call from 19" in first and "Call from 20" not in first
    assert "Call from 20" in second and "Call from 00" not in second
    assert 'href="/?page=2"' in first


def test_a_call_moves_from_upcoming_to_open_to_past_with_the_clock(client, clock, make_call):
    call = make_call("upcoming", now=clock.now, title="Moving call")

    def section_of_call():
        html = client.get("/").get_data(as_text=True)
        position = html.index("Moving call")
        headings = {
            name: html.find(name)
            for name in ("Open for proposals", "Coming soon", "Past calls")
            if 0 <= html.find(name) < position
        }
        return max(headings, key=headings.get)

    assert section_of_call() == "Coming soon"
    clock.set(call.opens_at)
    assert section_of_call() == "Open for proposals"
    clock.set(call.closes_at)
    assert section_of_call() == "Past calls"


# --- language ---------------------------------------------------------------------------------


def test_language_is_stored_and_the_visitor_sent_back(client):
    response = client.post(
        "/language",
        data={"locale": "ja"},
        headers={"Referer": "http://kyodo.test/calls/3?page=2"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/calls/3?page=2"
    with client.session_transaction() as stored:
        assert stored["locale"] == "ja"
    refresh()  # the tests share one app context, where Flask-Babel caches the locale
    assert '<html lang="ja">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "referrer",
    [None, "http://kyodo.test//evil.example/x", "http://kyodo.test/\\evil.example", "not a url"],
)
def test_language_switch_never_redirects_off_site(client, referrer):
    headers = {"Referer": referrer} if referrer else {}
    response = client.post("/language", data={"locale": "en"}, headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_another_sites_page_only_lends_its_path(client):
    response = client.post(
        "/language", data={"locale": "en"}, headers={"Referer": "https://evil.example/calls/1"}
    )
    assert response.headers["Location"] == "/calls/1"


@pytest.mark.parametrize("locale", ["fr", "", "ja; DROP"])
def test_unsupported_language_is_refused(client, locale):
    response = client.post("/language", data={"locale": locale})
    assert response.status_code == 400
    with client.session_transaction() as stored:
        assert "locale" not in stored


def test_language_switch_is_post_only(client):
    assert client.get("/language?locale=ja").status_code == 405
    with client.session_transaction() as stored:
        assert "locale" not in stored
