"""The demo's data module: the funnel of the case and the rules a call would enforce."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from proposals.accounts.models import Role
from proposals.demo import data, reviews
from proposals.demo.loader import ZONE, current_window, local, proposal_moments, review_window
from proposals.groups.models import GroupKind

CALLS = {call.key: call for call in data.ALL_CALLS}
GROUPS = {group.key: group for group in data.DEMO_GROUPS}


def test_the_funnel_of_the_case_47_proposed_23_recommended_20_selected():
    per_call = Counter(p.call for p in data.PAST_PROPOSALS)
    assert per_call == {"2003": 10, "2004": 12, "2005": 13, "2006": 12}
    decisions = Counter(p.decision for p in data.PAST_PROPOSALS)
    assert decisions[data.SELECTED] == 20
    assert decisions[data.SELECTED] + decisions[data.RECOMMENDED] == 23
    assert all(p.decision is None for p in data.CURRENT_PROPOSALS)


@pytest.mark.parametrize("call", data.PAST_CALLS, ids=lambda call: call.key)
def test_the_mayors_selection_fits_each_calls_budget(call):
    selected = [p for p in data.PAST_PROPOSALS if p.call == call.key and p.decision == "selected"]
    assert selected
    assert sum(p.total for p in selected) <= call.budget_envelope


@pytest.mark.parametrize("proposal", data.ALL_PROPOSALS, ids=lambda p: p.title[:40])
def test_each_proposal_is_within_its_calls_rules(proposal):
    call = CALLS[proposal.call]
    group = GROUPS[proposal.group]
    assert proposal.author in (None, group.representative, *group.members)
    assert len(proposal.summary) <= 500 and len(proposal.title) <= 200
    assert all(isinstance(amount, int) for _item, amount in proposal.budget)
    if proposal.submitted:
        assert 2 <= len(proposal.budget) <= 5
        assert 1 <= len(proposal.indicators) <= 3
        assert 300_000 <= proposal.total <= min(call.max_per_proposal, 3_000_000)
        assert all(
            getattr(proposal, name).strip()
            for name in ("need", "activities", "group_role", "city_role", "timeline")
        )


def test_titles_are_unique_within_a_group_and_call():
    keys = Counter((p.call, p.group, p.title) for p in data.ALL_PROPOSALS)
    assert max(keys.values()) == 1


def test_the_three_projects_of_the_case_are_selected():
    selected = {(p.call, p.group): p for p in data.PAST_PROPOSALS if p.decision == data.SELECTED}
    assert "childcare support" in selected["2003", "kosodate"].title.lower()
    assert "service requests" in selected["2003", "kosodate"].indicators[0][0].lower()
    centre = selected["2003", "fureai"]
    assert "after school hours" in centre.summary and "Japanese-language" in centre.summary
    assert "supermarket" in selected["2004", "advisors"].title
    # The social-care proposal seen as a threat to the city's own service, then revised.
    care = [p for p in data.PAST_PROPOSALS if p.group == "hidamari"]
    assert [p.decision for p in care] == [data.RECOMMENDED, data.SELECTED]
    assert "stays with the city" in care[1].group_role


def test_groups_of_every_kind_of_the_case_some_with_japanese_names():
    assert len(data.DEMO_GROUPS) >= 12
    kinds = {group.kind for group in data.DEMO_GROUPS}
    assert kinds >= {
        GroupKind.NPO,
        GroupKind.VOLUNTEER,
        GroupKind.NEIGHBOURHOOD,
        GroupKind.SOCIAL_WELFARE,
        GroupKind.INTERNATIONAL_EXCHANGE,
    }
    assert "大和子育て支援ネットワーク" in {group.name for group in data.DEMO_GROUPS}


def test_every_role_has_a_documented_account_with_a_long_password():
    roles = {role for account in data.DEMO_ACCOUNTS for role in account.roles}
    assert roles == set(Role)
    assert all(len(account.password) >= 10 for account in data.DEMO_ACCOUNTS)
    emails = [account.email for account in data.DEMO_ACCOUNTS]
    assert len(emails) == len(set(emails))
    memberships = Counter(
        email for group in data.DEMO_GROUPS for email in (group.representative, *group.members)
    )
    assert memberships[data.TWO_GROUP_MEMBER] == 2
    assert set(memberships) <= set(emails)
    table = data.demo_accounts_markdown()
    assert all(f"| {a.email} | `{a.password}` |" in table for a in data.DEMO_ACCOUNTS)


@pytest.mark.parametrize("call", data.PAST_CALLS, ids=lambda call: call.key)
def test_past_windows_are_in_their_fiscal_year(call):
    assert call.opens.year == call.closes.year == call.fiscal_year
    assert call.opens < call.closes


def test_the_current_window_surrounds_the_moment_of_loading():
    now = dt.datetime(2026, 11, 23, 10, 16, tzinfo=dt.UTC)
    opens, closes = current_window(now)
    assert opens < now - dt.timedelta(days=14) and closes > now + dt.timedelta(days=28)
    assert opens.astimezone(ZONE).time() == dt.time(9)


@pytest.mark.parametrize("count", [1, 2, 6, 10, 12, 13])
def test_proposal_moments_are_in_order_inside_the_window(count):
    opens, until = local(dt.datetime(2003, 6, 1, 9)), local(dt.datetime(2003, 9, 30, 17))
    short = opens + dt.timedelta(hours=30)  # a window that opened only yesterday
    for end in (until, short):
        seen = set()
        for index in range(count):
            drafted, edited, submitted = proposal_moments(opens, end, index, count)
            assert opens < drafted < edited < submitted < end
            seen.add(drafted)
        assert len(seen) == count


# --- the decisions ---------------------------------------------------------------------


def test_every_decision_the_case_needs_has_its_words():
    recommended_only = [p for p in data.PAST_PROPOSALS if p.decision == data.RECOMMENDED]
    assert len(recommended_only) == 3
    assert all(len(p.mayor_reason) > 100 for p in recommended_only)
    reduced = [p for p in data.PAST_PROPOSALS if p.awarded is not None]
    assert 1 <= len(reduced) <= 2
    for proposal in reduced:
        assert proposal.decision == data.SELECTED
        assert 0 < proposal.awarded < proposal.total and proposal.amount_reason
    for proposal in data.PAST_PROPOSALS:
        if proposal.votes is not None:
            votes_for, against, _abstain = proposal.votes
            assert (votes_for > against) is (proposal.decision is not None)


@pytest.mark.parametrize("call", [*data.PAST_CALLS, data.REVIEW_CALL], ids=lambda c: c.key)
def test_each_reviewed_call_has_a_committee_of_reviewers(call):
    accounts = {a.email: a for a in data.DEMO_ACCOUNTS}
    assert len(call.committee) == 5
    assert all(Role.REVIEWER in accounts[email].roles for email in call.committee)
    for email, group, note in call.conflicts:
        assert email in call.committee and group in GROUPS and note


def test_questions_are_about_proposals_of_their_call_asked_by_the_city():
    titles = {(p.call, p.title) for p in data.ALL_PROPOSALS}
    officers = {a.email for a in data.DEMO_ACCOUNTS if Role.CITY_OFFICER in a.roles}
    for question in data.QUESTIONS:
        assert (question.call, question.title) in titles
        assert question.asker in officers or question.asker in data.COMMITTEE
        assert not question.answer or question.answered_days > question.asked_days
    assert any(not q.answer for q in data.QUESTIONS if q.call == data.REVIEW_CALL.key)


def test_the_call_in_review_closed_two_weeks_ago_in_the_current_fiscal_year():
    now = dt.datetime(2026, 11, 23, 10, 16, tzinfo=dt.UTC)
    opens, closes = review_window(now)
    assert opens < closes < now - dt.timedelta(days=13)
    assert data.REVIEW_CALL.fiscal_year == 2026 and opens.astimezone(ZONE).month >= 4
    proposals = data.REVIEW_PROPOSALS
    assert len(proposals) == 8 and all(p.submitted for p in proposals)
    assert [p.checked for p in proposals].count(False) == 1


@pytest.mark.parametrize("proposal", data.PAST_PROPOSALS, ids=lambda p: p.title[:40])
def test_votes_agree_with_the_outcome_and_scores_are_in_range(proposal):
    for voting in (4, 5):
        votes_for, against, abstain = reviews.committee_vote(proposal, voting)
        assert min(votes_for, against, abstain) >= 0
        assert 1 <= votes_for + against + abstain <= voting
        assert (votes_for > against) is reviews.recommended(proposal)
    call = CALLS[proposal.call]
    scores = reviews.review_scores(proposal, "reviewer2@kyodo.example", call.criteria)
    assert scores == reviews.review_scores(proposal, "reviewer2@kyodo.example", call.criteria)
    assert all(1 <= score <= 5 for score, _comment in scores.values())
    means = reviews.criterion_means(proposal, data.COMMITTEE[:3], call.criteria)
    assert reviews.rationale(proposal, means).count(". ") >= 1
