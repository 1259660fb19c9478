"""The officers' list of calls, the closing actions and the list of received proposals."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from proposals.audit.models import AuditEvent
from proposals.calls.models import Phase
from proposals.extensions import db
from proposals.submissions.models import ProposalState
from proposals.themes import Theme

S = ProposalState

# --- the list of calls ----------------------------------------------------------------------


def test_manage_lists_calls_with_counts_of_received_proposals(
    client, clock, login, officer, make_call, make_proposal
):
    busy = make_call("closed", now=clock.now, title="Busy call", officer=officer)
    quiet = make_call("upcoming", now=clock.now, title="Quiet call", officer=officer)
    make_proposal(call=busy, state=S.SUBMITTED)
    make_proposal(call=busy, state=S.SUBMITTED)
    make_proposal(call=busy, state=S.WITHDRAWN)
    make_proposal(call=busy)  # a draft: never counted
    login(officer)

    html = client.get("/officer/calls").get_data(as_text=True)

    row = html[html.index("Busy call") :].split("</tr>")[0]
    assert '<td class="num">2</td>' in row and '<td class="num">1</td>' in row
    assert "In review" in row
    quiet_row = html[html.index("Quiet call") :].split("</tr>")[0]
    assert quiet_row.count('<td class="num">0</td>') == 2
    assert f'href="/officer/calls/{quiet.id}/edit"' in html
    assert f'href="/officer/calls/{busy.id}/submissions"' in html


def test_manage_list_makes_the_same_number_of_queries_for_more_calls(
    client, clock, login, officer, make_call, make_proposal, count_queries
):
    login(officer)

    def queries_for_page():
        with count_queries() as counter:
            assert client.get("/officer/calls").status_code == 200
        return counter.count

    for _ in range(2):
        make_proposal(call=make_call("closed", now=clock.now, officer=officer), state=S.SUBMITTED)
    few = queries_for_page()
    for _ in range(6):
        make_proposal(call=make_call("closed", now=clock.now, officer=officer), state=S.SUBMITTED)
    assert queries_for_page() == few


def test_manage_list_is_paginated(client, clock, login, officer, make_call):
    for number in range(21):
        make_call(
            "upcoming",
            now=clock.now + dt.timedelta(days=number),
            title=f"Call {number:02d}",
            officer=officer,
        )
    login(officer)
    first = client.get("/officer/calls").get_data(as_text=True)
    second = client.get("/officer/calls?page=2").get_data(as_text=True)
    # Latest window first.
    assert "Call 20" in first and "Call 01" in first and "Call 00" not in first
    assert "Call 00" in second and "Call 20" not in second


# --- closing actions -----------------------------------------------------------------------


def _call_in(phase, clock, make_call):
    call = make_call("closed" if phase not in ("upcoming", "open") else phase, now=clock.now)
    if phase in ("recommending", "selecting", "decided"):
        call.review_closed_at = clock.now
    if phase in ("selecting", "decided"):
        call.recommendations_closed_at = clock.now
    if phase == "decided":
        call.decided_at = clock.now
    db.session.commit()
    return call


@pytest.mark.parametrize(
    ("start", "action", "end", "audit"),
    [
        ("in_review", "close_review", Phase.RECOMMENDING, "call.close_review"),
        ("recommending", "close_recommendations", Phase.SELECTING, "call.close_recommendations"),
    ],
)
def test_officer_advances_the_phase(
    client, clock, login, officer, make_call, audit_actions, start, action, end, audit
):
    call = _call_in(start, clock, make_call)
    login(officer)

    response = client.post(f"/officer/calls/{call.id}/phase", data={"action": action})

    assert response.status_code == 302
    db.session.expire_all()
    assert call.phase is end
    assert audit_actions() == [audit]
    event = db.session.scalar(sa.select(AuditEvent))
    assert event.actor_id == officer.id
    assert event.before == {"phase": start} and event.after == {"phase": end.value}


@pytest.mark.parametrize(
    ("phase", "action"),
    [
        ("upcoming", "close_review"),
        ("open", "close_review"),
        ("recommending", "close_review"),
        ("selecting", "close_review"),
        ("decided", "close_review"),
        ("open", "close_recommendations"),
        ("in_review", "close_recommendations"),
        ("selecting", "close_recommendations"),
        ("decided", "close_recommendations"),
    ],
)
def test_phase_action_in_the_wrong_phase_is_refused(
    client, clock, login, officer, make_call, audit_actions, phase, action
):
    call = _call_in(phase, clock, make_call)
    before = (call.review_closed_at, call.recommendations_closed_at, call.decided_at)
    login(officer)

    response = client.post(f"/officer/calls/{call.id}/phase", data={"action": action})

    assert response.status_code == 409
    assert "This call is not in the" in response.get_data(as_text=True)
    db.session.expire_all()
    assert call.phase.value == phase
    assert (call.review_closed_at, call.recommendations_closed_at, call.decided_at) == before
    assert audit_actions() == []


def test_unknown_phase_action_is_a_bad_request(client, clock, login, officer, make_call):
    call = _call_in("in_review", clock, make_call)
    login(officer)
    response = client.post(f"/officer/calls/{call.id}/phase", data={"action": "decide"})
    assert response.status_code == 400
    db.session.expire_all()
    assert call.phase is Phase.IN_REVIEW


# --- received proposals ----------------------------------------------------------------------


@pytest.fixture
def received(clock, make_call, make_group, make_proposal):
    """A closed call with three submitted proposals, one withdrawn and one draft."""
    call = make_call("closed", now=clock.now)
    wakaba = make_group(name="Wakaba Childcare NPO")
    sakura = make_group(name="Sakura Neighbourhood Association")

    def proposal(group, title, state, amount, themes, days):
        made = make_proposal(
            call=call, group=group, state=state, title=title, budget=[("Costs", amount)]
        )
        made.themes = themes
        if made.submitted_at:
            made.submitted_at = call.opens_at + dt.timedelta(days=days)
            if made.withdrawn_at:
                made.withdrawn_at = made.submitted_at + dt.timedelta(hours=1)
        db.session.commit()
        return made

    proposals = {
        "play": proposal(wakaba, "Play mornings", S.SUBMITTED, 500_000, [Theme.CHILDCARE], 3),
        "advisors": proposal(wakaba, "Child care advisors", S.SUBMITTED, 900_000, [], 1),
        "patrol": proposal(sakura, "Evening patrols", S.SUBMITTED, 300_000, [Theme.SAFETY], 2),
        "gone": proposal(sakura, "Snow clearing", S.WITHDRAWN, 100_000, [], 4),
        "draft": proposal(sakura, "Unfinished idea", S.DRAFT, 50_000, [], 0),
    }
    return call, proposals


def _titles(html, proposals):
    """The proposals' titles in the order the page lists them."""
    found = [(html.find(f">{p.title}</a>"), key) for key, p in proposals.items()]
    return [key for position, key in sorted(found) if position >= 0]


def test_received_list_shows_every_sent_proposal_but_no_drafts(client, login, officer, received):
    call, proposals = received
    login(officer)

    response = client.get(f"/officer/calls/{call.id}/submissions")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # Newest submission first by default.
    assert _titles(html, proposals) == ["gone", "play", "patrol", "advisors"]
    assert "Unfinished idea" not in html
    assert f'href="/proposals/{proposals["play"].id}"' in html
    assert "Wakaba Childcare NPO" in html
    assert "3 proposals" in html and "¥1,700,000 requested" in html  # submitted
    assert "1 proposal" in html and "¥100,000 requested" in html  # withdrawn
    # Submitted 3 days after opening, shown in Tokyo time.
    shown = (proposals["play"].submitted_at).astimezone(call.zone)
    assert f"{shown:%b} {shown.day}, {shown.year}" in html and "(JST)" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=withdrawn", ["gone"]),
        ("state=submitted&sort=title", ["advisors", "patrol", "play"]),
        ("theme=childcare", ["play"]),
        ("q=sakura", ["gone", "patrol"]),
        ("q=CHILD", ["play", "advisors"]),  # group name or title, any case
        ("q=100%25", []),  # a literal percent sign, not a wildcard
        ("sort=requested", ["advisors", "play", "patrol", "gone"]),
        ("sort=title&q=wakaba", ["advisors", "play"]),
        ("state=submitted&theme=safety&q=patrol", ["patrol"]),
    ],
)
def test_received_list_filters_and_sorts(client, login, officer, received, query, expected):
    call, proposals = received
    login(officer)
    html = client.get(f"/officer/calls/{call.id}/submissions?{query}").get_data(as_text=True)
    assert _titles(html, proposals) == expected


def test_totals_follow_the_filters(client, login, officer, received):
    call, _proposals = received
    login(officer)
    html = client.get(f"/officer/calls/{call.id}/submissions?q=wakaba").get_data(as_text=True)
    assert "2 proposals" in html and "¥1,400,000 requested" in html


def test_filter_form_is_labelled_and_keeps_its_values(client, login, officer, received):
    call, _proposals = received
    login(officer)
    html = client.get(f"/officer/calls/{call.id}/submissions?q=wakaba&state=submitted").get_data(
        as_text=True
    )
    for name in ("state", "theme", "q", "sort"):
        assert f'<label for="{name}">' in html
    assert 'value="wakaba"' in html
    assert '<option selected value="submitted">' in html


def test_invalid_filter_is_reported_and_ignored(client, login, officer, received):
    call, proposals = received
    login(officer)
    response = client.get(f"/officer/calls/{call.id}/submissions?state=draft")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="state-errors"' in html
    assert "Unfinished idea" not in html
    assert len(_titles(html, proposals)) == 4


def test_received_list_is_paginated(
    client, clock, login, officer, make_call, make_proposal, make_group
):
    call = make_call("closed", now=clock.now)
    group = make_group()
    for number in range(22):
        made = make_proposal(call=call, group=group, state=S.SUBMITTED, title=f"Idea {number:02d}")
        made.submitted_at = call.opens_at + dt.timedelta(hours=number)
    db.session.commit()
    login(officer)

    first = client.get(f"/officer/calls/{call.id}/submissions?sort=title").get_data(as_text=True)
    second = client.get(f"/officer/calls/{call.id}/submissions?sort=title&page=2").get_data(
        as_text=True
    )

    assert "Idea 00" in first and "Idea 19" in first and "Idea 20" not in first
    assert "Idea 20" in second and "Idea 21" in second and "Idea 19" not in second
    # The page links keep the filters.
    assert "sort=title" in first[first.index('rel="next"') - 200 : first.index('rel="next"')]
    assert "22 proposals" in first  # the totals count every match, not one page
