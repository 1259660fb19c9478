"""The public call page: Markdown, times in the call's timezone, criteria, public proposals."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

from flask_babel import refresh

from proposals.accounts.models import Role
from proposals.calls.models import Criterion
from proposals.extensions import db
from proposals.submissions.models import ProposalState
from proposals.themes import Theme


def test_call_page_shows_the_call(client, clock, make_call):
    call = make_call("open", now=clock.now, budget=12_000_000, max_per_proposal=1_500_000)
    call.themes = [Theme.CHILDCARE]
    call.criteria[0].description = "How many residents gain"
    db.session.commit()

    response = client.get(f"/calls/{call.id}")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Citizen Partnership 2027</h1>" in html
    assert "fiscal year 2027" in html
    assert "Open for submissions" in html
    assert "¥12,000,000" in html and "¥1,500,000" in html
    assert "<strong>co-produced</strong>" in html
    assert "Childcare" in html
    assert '<th scope="row">Public benefit</th>' in html
    assert "How many residents gain" in html
    assert "Feasibility" in html


def test_markdown_description_is_sanitised(client, clock, make_call):
    call = make_call("open", now=clock.now)
    call.description = (
        "Intro <script>alert('owned')</script>\n\n"
        "[evil](javascript:alert(1)) and [good](https://www.city.yamato.lg.jp/)\n\n"
        '<a href="javascript:alert(2)" onclick="alert(3)">raw</a>'
    )
    db.session.commit()

    html = client.get(f"/calls/{call.id}").get_data(as_text=True)
    tags = _tags(html)

    assert "&lt;script&gt;" in html  # shown as text, never run
    assert not [attrs for tag, attrs in tags if tag == "script"]
    hrefs = [dict(attrs).get("href") or "" for tag, attrs in tags if tag == "a"]
    assert "https://www.city.yamato.lg.jp/" in hrefs
    assert not [href for href in hrefs if href.strip().lower().startswith("javascript:")]
    assert not [attrs for _tag, attrs in tags if any(name.startswith("on") for name, _ in attrs)]


def test_times_are_shown_in_the_calls_timezone(client, clock, make_call):
    call = make_call("open", now=clock.now)
    # 15:00 UTC is midnight of the next day in Tokyo.
    call.closes_at = dt.datetime(2026, 6, 30, 15, 0, tzinfo=dt.UTC)
    db.session.commit()

    html = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "Jul 1, 2026" in html and "12:00\u202fAM" in html and "(JST)" in html
    assert "Jun 30, 2026" not in html

    client.post("/language", data={"locale": "ja"})
    refresh()  # the tests share one app context, where Flask-Babel caches the locale
    html = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "2026/07/01 0:00 (JST)" in html


def test_upcoming_call_says_when_it_opens(client, clock, make_call):
    call = make_call("upcoming", now=clock.now)
    html = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "Upcoming" in html
    assert "This call opens for submissions on" in html
    assert "Draft a proposal" not in html


def test_missing_call_is_404(client):
    assert client.get("/calls/999").status_code == 404


def _tags(html: str) -> list[tuple[str, list]]:
    """Every element the browser would build from ``html``, with its attributes."""
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


# --- proposing -----------------------------------------------------------------------------


def test_member_of_a_group_is_offered_to_draft_while_open(
    client, clock, login, make_call, make_group
):
    call = make_call("open", now=clock.now)
    group = make_group()
    login(group.representative)

    html = client.get(f"/calls/{call.id}").get_data(as_text=True)

    assert f'href="/calls/{call.id}/proposals/new"' in html
    assert "Draft a proposal" in html


def test_citizen_without_a_group_is_told_to_join_one(client, clock, login, make_call, make_user):
    call = make_call("open", now=clock.now)
    login(make_user())
    html = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "Draft a proposal" not in html
    assert "Create a group, or ask a group to invite you" in html


def test_anonymous_visitor_is_asked_to_log_in(client, clock, make_call):
    call = make_call("open", now=clock.now)
    html = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "Draft a proposal" not in html
    assert "Log in, or register" in html


def test_no_drafting_once_the_window_has_closed(client, clock, login, make_call, make_group):
    call = make_call("closed", now=clock.now)
    login(make_group().representative)
    html = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "Draft a proposal" not in html


# --- the public proposals -----------------------------------------------------------------


def test_proposals_are_not_public_while_the_window_is_open(client, clock, make_call, make_proposal):
    call = make_call("open", now=clock.now)
    make_proposal(call=call, state=ProposalState.SUBMITTED, title="Play mornings")
    html = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "Play mornings" not in html
    assert "published here when the submission window closes" in html


def test_closed_call_lists_public_proposals_and_never_drafts(
    client, clock, make_call, make_proposal
):
    call = make_call("open", now=clock.now)
    submitted = make_proposal(
        call=call,
        state=ProposalState.SUBMITTED,
        title="Play mornings",
        budget=[("Venue", 400_000)],
    )
    make_proposal(call=call, title="Secret draft")
    make_proposal(call=call, state=ProposalState.WITHDRAWN, title="Withdrawn early")
    late = make_proposal(call=call, state=ProposalState.SUBMITTED, title="Withdrawn late")
    clock.set(call.closes_at + dt.timedelta(days=1))
    late.state = ProposalState.WITHDRAWN
    late.withdrawn_at = clock.now
    late.withdrawal_reason = "The partner department changed."
    db.session.commit()

    html = client.get(f"/calls/{call.id}").get_data(as_text=True)

    assert f'href="/proposals/{submitted.id}">Play mornings</a>' in html
    assert submitted.group.name in html
    assert "¥400,000" in html
    assert "Withdrawn late" in html
    assert "Secret draft" not in html
    assert "Withdrawn early" not in html


def test_public_proposals_are_paginated(client, clock, make_call, make_proposal, make_group):
    call = make_call("open", now=clock.now)
    group = make_group()
    for number in range(21):
        make_proposal(
            call=call, group=group, state=ProposalState.SUBMITTED, title=f"Idea {number:02d}"
        )
    clock.set(call.closes_at)

    first = client.get(f"/calls/{call.id}").get_data(as_text=True)
    second = client.get(f"/calls/{call.id}?page=2").get_data(as_text=True)

    assert "Idea 00" in first and "Idea 19" in first and "Idea 20" not in first
    assert "Idea 20" in second and "Idea 00" not in second
    assert "Page 1 of 2 (21 in all)" in first


# --- what officers see ----------------------------------------------------------------------


def test_officer_sees_phase_action_only_in_its_phase(client, clock, login, make_call, make_user):
    call = make_call("closed", now=clock.now)
    call.criteria.append(Criterion(position=2, name="Co-production", weight=1, max_score=5))
    db.session.commit()
    login(make_user(roles=[Role.CITY_OFFICER]))

    html = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "Close review" in html
    assert "Send to the mayor" not in html

    call.review_closed_at = clock.now
    db.session.commit()
    html = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "Close review" not in html
    assert "Send to the mayor" in html


def test_citizens_see_no_officer_actions(client, clock, login, make_call, make_user):
    call = make_call("closed", now=clock.now)
    login(make_user(roles=[Role.REVIEWER]))
    html = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert "Close review" not in html
    assert "Edit the call" not in html
