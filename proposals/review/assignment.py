"""Planning the automatic assignment of reviewers: a pure function of ids, no database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class Plan:
    """The pairs to add, and the proposals that cannot get ``k`` reviewers (with how many
    are missing), both in proposal order."""

    new: list[tuple[int, int]] = field(default_factory=list)
    shortfall: list[tuple[int, int]] = field(default_factory=list)


def plan_assignments(
    proposals: Iterable[int],
    reviewers: Iterable[int],
    k: int,
    existing: Iterable[tuple[int, int]],
    conflicts: Iterable[tuple[int, int]],
) -> Plan:
    """Give every proposal ``k`` non-conflicted reviewers, keeping ``existing`` pairs.

    Each free place goes to the least-loaded eligible reviewer (ties by id), so loads
    stay balanced; the proposals with the fewest possible reviewers are served first so
    that conflicts cost as few places as possible. Deterministic for the same input.
    """
    proposal_ids = sorted(set(proposals))
    reviewer_ids = sorted(set(reviewers))
    conflicted = set(conflicts)
    existing = set(existing)
    reviewer_set = set(reviewer_ids)
    load = Counter({reviewer: 0 for reviewer in reviewer_ids})
    assigned: dict[int, set[int]] = {proposal: set() for proposal in proposal_ids}
    for proposal, reviewer in existing:
        if reviewer in reviewer_set:
            load[reviewer] += 1
        if proposal in assigned:
            assigned[proposal].add(reviewer)

    def candidates(proposal: int) -> list[int]:
        return [
            reviewer
            for reviewer in reviewer_ids
            if reviewer not in assigned[proposal] and (proposal, reviewer) not in conflicted
        ]

    order = sorted(proposal_ids, key=lambda proposal: (len(candidates(proposal)), proposal))
    plan = Plan()
    missing: dict[int, int] = {}
    for proposal in order:
        needed = k - len(assigned[proposal])
        pool = candidates(proposal)
        for _ in range(max(needed, 0)):
            if not pool:
                break
            chosen = min(pool, key=lambda reviewer: (load[reviewer], reviewer))
            pool.remove(chosen)
            load[chosen] += 1
            assigned[proposal].add(chosen)
            plan.new.append((proposal, chosen))
        if len(assigned[proposal]) < k:
            missing[proposal] = k - len(assigned[proposal])
    plan.new.sort()
    plan.shortfall = sorted(missing.items())
    return plan
