"""The pure planner of automatic assignments."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from proposals.review.assignment import plan_assignments


def _loads(pairs, reviewers):
    load = Counter({reviewer: 0 for reviewer in reviewers})
    load.update(reviewer for _proposal, reviewer in pairs)
    return load


def test_every_proposal_gets_k_distinct_reviewers_with_balanced_load():
    plan = plan_assignments(range(1, 8), [10, 11, 12, 13], 2, [], [])
    assert plan.shortfall == []
    per_proposal = Counter(proposal for proposal, _ in plan.new)
    assert per_proposal == {proposal: 2 for proposal in range(1, 8)}
    assert len(set(plan.new)) == len(plan.new) == 14
    load = _loads(plan.new, [10, 11, 12, 13])
    assert max(load.values()) - min(load.values()) <= 1


def test_conflicts_are_respected():
    conflicts = {(1, 10), (2, 10), (2, 11)}
    plan = plan_assignments([1, 2, 3], [10, 11, 12], 1, [], conflicts)
    assert not set(plan.new) & conflicts
    assert dict(plan.new)[2] == 12
    assert plan.shortfall == []


def test_existing_assignments_are_kept_and_count_towards_k_and_load():
    plan = plan_assignments([1, 2], [10, 11, 12], 2, [(1, 10), (1, 11)], [])
    assert all(proposal == 2 for proposal, _ in plan.new)
    # 10 and 11 already review one proposal each: the idle reviewer goes first.
    assert plan.new == [(2, 10), (2, 12)]


def test_shortfall_is_reported_when_too_few_reviewers():
    plan = plan_assignments([1, 2, 3], [10, 11], 3, [], [(2, 10)])
    assert plan.shortfall == [(1, 1), (2, 2), (3, 1)]
    assert Counter(proposal for proposal, _ in plan.new) == {1: 2, 2: 1, 3: 2}


def test_no_reviewers_means_everything_is_short():
    plan = plan_assignments([5, 6], [], 2, [], [])
    assert plan.new == []
    assert plan.shortfall == [(5, 2), (6, 2)]


def test_the_plan_is_deterministic_whatever_the_input_order():
    one = plan_assignments([3, 1, 2], [12, 10, 11], 2, [], [(1, 11)])
    two = plan_assignments([1, 2, 3], [10, 11, 12], 2, [], {(1, 11)})
    assert one == two


@settings(max_examples=200, deadline=None)
@given(
    proposals=st.sets(st.integers(1, 30), max_size=15),
    reviewers=st.sets(st.integers(100, 130), max_size=8),
    k=st.integers(1, 4),
    data=st.data(),
)
def test_plan_properties(proposals, reviewers, k, data):
    pairs = [(p, r) for p in sorted(proposals) for r in sorted(reviewers)]
    conflicts = set(data.draw(st.lists(st.sampled_from(pairs), max_size=10))) if pairs else set()
    free = [pair for pair in pairs if pair not in conflicts]
    existing = set(data.draw(st.lists(st.sampled_from(free), max_size=5))) if free else set()
    existing = {
        pair
        for pair in existing
        if sum(1 for other in existing if other[0] == pair[0] and other <= pair) <= k
    }

    plan = plan_assignments(proposals, reviewers, k, existing, conflicts)

    assert plan == plan_assignments(proposals, reviewers, k, existing, conflicts)
    new = set(plan.new)
    assert len(new) == len(plan.new)
    assert not new & conflicts
    assert not new & existing
    everything = new | existing
    short = dict(plan.shortfall)
    for proposal in proposals:
        have = sum(1 for p, _ in everything if p == proposal)
        possible = sum(1 for r in reviewers if (proposal, r) not in conflicts)
        assert have == min(k, max(possible, sum(1 for p, _ in existing if p == proposal)))
        assert short.get(proposal, 0) == max(k - have, 0)
    if not conflicts and not existing and reviewers:
        load = _loads(plan.new, reviewers)
        assert max(load.values()) - min(load.values()) <= 1
