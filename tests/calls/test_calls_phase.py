"""The call's phase: derived from the window and the closing actions, in Python and SQL."""

from __future__ import annotations

import datetime as dt

import pytest

from proposals.calls import queries
from proposals.calls.models import Call, Phase
from proposals.extensions import db
from proposals.submissions.models import ProposalState

OPENS = dt.datetime(2026, 4, 1, 0, 0, tzinfo=dt.UTC)
CLOSES = dt.datetime(2026, 5, 1, 0, 0, tzinfo=dt.UTC)
AFTER = CLOSES + dt.timedelta(days=30)
SECOND = dt.timedelta(seconds=1)


def _call(review=None, recommendations=None, decided=None) -> Call:
    return Call(
        opens_at=OPENS,
        closes_at=CLOSES,
        review_closed_at=review,
        recommendations_closed_at=recommendations,
        decided_at=decided,
    )


@pytest.mark.parametrize(
    ("moment", "closed", "expected"),
    [
        (OPENS - SECOND, {}, Phase.UPCOMING),
        (OPENS, {}, Phase.OPEN),
        (CLOSES - SECOND, {}, Phase.OPEN),
        (CLOSES, {}, Phase.IN_REVIEW),
        (AFTER, {}, Phase.IN_REVIEW),
        (AFTER, {"review": AFTER}, Phase.RECOMMENDING),
        (AFTER, {"review": AFTER, "recommendations": AFTER}, Phase.SELECTING),
        (AFTER, {"review": AFTER, "recommendations": AFTER, "decided": AFTER}, Phase.DECIDED),
    ],
)
def test_phase_is_derived_from_the_window_and_the_closing_actions(moment, closed, expected):
    assert _call(**closed).phase_at(moment) is expected


def test_phase_follows_the_application_clock(clock, make_call):
    call = make_call("upcoming", now=clock.now)
    assert call.phase is Phase.UPCOMING
    clock.set(call.opens_at)
    assert call.phase is Phase.OPEN and call.is_open
    clock.set(call.closes_at)
    assert call.phase is Phase.IN_REVIEW and call.window_closed


@pytest.mark.parametrize("built", ["upcoming", "open", "closed", "recommending", "selecting"])
def test_home_page_queries_agree_with_the_phase(clock, make_call, built):
    call = make_call("closed" if built in ("recommending", "selecting") else built, now=clock.now)
    if built in ("recommending", "selecting"):
        call.review_closed_at = clock.now
    if built == "selecting":
        call.recommendations_closed_at = clock.now
    db.session.commit()

    def ids(query):
        return set(db.session.scalars(query))

    found = {
        Phase.OPEN: ids(queries.open_calls()),
        Phase.UPCOMING: ids(queries.upcoming_calls()),
        "past": ids(queries.past_calls()),
    }
    expected_section = call.phase if call.phase in (Phase.OPEN, Phase.UPCOMING) else "past"
    assert {section for section, calls in found.items() if call in calls} == {expected_section}


def test_public_proposals_query_matches_proposal_is_public(clock, make_call, make_proposal):
    call = make_call("open", now=clock.now)
    draft = make_proposal(call=call, title="Draft")
    submitted = make_proposal(call=call, state=ProposalState.SUBMITTED, title="Submitted")
    withdrawn_early = make_proposal(call=call, state=ProposalState.WITHDRAWN, title="Early")
    withdrawn_late = make_proposal(call=call, state=ProposalState.SUBMITTED, title="Late")
    everything = [draft, submitted, withdrawn_early, withdrawn_late]

    def public_now():
        return set(db.session.scalars(queries.public_proposals(call)))

    assert public_now() == set() == {p for p in everything if p.is_public}

    clock.set(call.closes_at)
    withdrawn_late.state = ProposalState.WITHDRAWN
    withdrawn_late.withdrawn_at = call.closes_at + dt.timedelta(days=2)
    withdrawn_late.withdrawal_reason = "Partner department reorganised."
    db.session.commit()
    assert public_now() == {submitted, withdrawn_late} == {p for p in everything if p.is_public}
