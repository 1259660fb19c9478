"""Reusable queries about calls: which are open, upcoming or past, and which proposals are public.

Each function returns a ``select`` so that views can paginate it, count it or add to it.
The phase conditions mirror ``Call.phase_at``, and the public condition mirrors
``Proposal.is_public``: the tests hold the two side by side.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from proposals.calls.models import Call
from proposals.database import utcnow
from proposals.extensions import db
from proposals.groups.models import Group
from proposals.submissions.models import Proposal, ProposalState, ProposalTheme


def _not_closed_by_officers():
    return Call.review_closed_at.is_(None)


def open_calls(now: dt.datetime | None = None) -> sa.Select:
    """Calls taking submissions now, closing soonest first."""
    now = now or utcnow()
    return (
        sa.select(Call)
        .where(_not_closed_by_officers(), Call.opens_at <= now, Call.closes_at > now)
        .order_by(Call.closes_at, Call.id)
    )


def upcoming_calls(now: dt.datetime | None = None) -> sa.Select:
    """Calls announced but not yet open, opening soonest first."""
    now = now or utcnow()
    return (
        sa.select(Call)
        .where(_not_closed_by_officers(), Call.opens_at > now)
        .order_by(Call.opens_at, Call.id)
    )


def open_and_upcoming_calls(now: dt.datetime | None = None) -> sa.Select:
    """``open_calls`` and ``upcoming_calls`` together, for one query where a page shows both."""
    now = now or utcnow()
    return (
        sa.select(Call)
        .where(_not_closed_by_officers(), sa.or_(Call.opens_at > now, Call.closes_at > now))
        .options(selectinload(Call.theme_tags))  # the home page shows them
    )


def past_calls(now: dt.datetime | None = None) -> sa.Select:
    """Calls whose submission window has closed (in review, or further on), newest first."""
    now = now or utcnow()
    return (
        sa.select(Call)
        .where(sa.or_(Call.closes_at <= now, Call.review_closed_at.is_not(None)))
        .order_by(Call.closes_at.desc(), Call.id.desc())
    )


def is_public_clause(now: dt.datetime | None = None):
    """``Proposal.is_public`` in SQL; the query must join ``Call`` on the proposal's call.

    Submitted (so never a draft), the window closed, and not withdrawn before it closed.
    """
    now = now or utcnow()
    return sa.and_(
        Proposal.submitted_at.is_not(None),
        Call.closes_at <= now,
        sa.or_(Proposal.withdrawn_at.is_(None), Proposal.withdrawn_at >= Call.closes_at),
    )


def public_proposals(call: Call, now: dt.datetime | None = None) -> sa.Select:
    """The proposals of ``call`` the public may see, with their groups, by title."""
    return (
        sa.select(Proposal)
        .join(Call, Call.id == Proposal.call_id)
        .where(Proposal.call_id == call.id, is_public_clause(now))
        .options(joinedload(Proposal.group))
        .order_by(Proposal.title, Proposal.id)
    )


def public_proposal_counts(call_ids, now: dt.datetime | None = None) -> dict[int, int]:
    """call id -> number of public proposals, in one query."""
    counts = dict.fromkeys(call_ids, 0)
    if not counts:
        return counts
    rows = db.session.execute(
        sa.select(Proposal.call_id, sa.func.count())
        .join(Call, Call.id == Proposal.call_id)
        .where(Proposal.call_id.in_(counts), is_public_clause(now))
        .group_by(Proposal.call_id)
    )
    counts.update((call_id, number) for call_id, number in rows)
    return counts


def received_counts(call_ids) -> dict[int, dict[ProposalState, int]]:
    """call id -> {state: number} of proposals sent in (drafts never), in one query."""
    counts: dict[int, dict[ProposalState, int]] = {call_id: {} for call_id in call_ids}
    if not counts:
        return counts
    rows = db.session.execute(
        sa.select(Proposal.call_id, Proposal.state, sa.func.count())
        .where(Proposal.call_id.in_(counts), Proposal.state != ProposalState.DRAFT)
        .group_by(Proposal.call_id, Proposal.state)
    )
    for call_id, state, number in rows:
        counts[call_id][ProposalState(state)] = number
    return counts


def all_calls() -> sa.Select:
    """Every call, the latest window first: the officers' list."""
    return sa.select(Call).order_by(Call.opens_at.desc(), Call.id.desc())


# The officers' list of what a call received: sort key -> ORDER BY.
SUBMISSION_SORTS = {
    "submitted": (Proposal.submitted_at.desc(), Proposal.id.desc()),
    "title": (sa.func.lower(Proposal.title), Proposal.id),
    "requested": (Proposal.requested_total.desc(), Proposal.id),
}


def contains(column, text: str):
    """``column`` contains ``text``, ignoring case, with LIKE's wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def received_proposals(
    call: Call,
    *,
    state: ProposalState | None = None,
    theme=None,
    text: str | None = None,
) -> sa.Select:
    """The proposals sent in to ``call`` (drafts never), filtered; join ``Group`` included.

    ``text`` matches the group's name or the title, ignoring case.
    """
    query = (
        sa.select(Proposal)
        .join(Group, Group.id == Proposal.group_id)
        .where(Proposal.call_id == call.id, Proposal.state != ProposalState.DRAFT)
    )
    if state is not None:
        query = query.where(Proposal.state == state)
    if theme is not None:
        query = query.where(
            sa.exists().where(
                ProposalTheme.proposal_id == Proposal.id, ProposalTheme.theme == theme
            )
        )
    text = (text or "").strip()
    if text:
        query = query.where(sa.or_(contains(Group.name, text), contains(Proposal.title, text)))
    return query


def sorted_for_listing(query: sa.Select, sort: str) -> sa.Select:
    return query.options(contains_eager(Proposal.group)).order_by(
        *SUBMISSION_SORTS.get(sort, SUBMISSION_SORTS["submitted"])
    )


def totals_by_state(query: sa.Select) -> dict[ProposalState, tuple[int, int]]:
    """state -> (number of proposals, total requested yen) over ``query``'s rows, in one query."""
    matching = query.with_only_columns(Proposal.id, Proposal.state, Proposal.requested_total)
    rows = matching.subquery("matching")
    totals = db.session.execute(
        sa.select(
            rows.c.state, sa.func.count(), sa.func.coalesce(sa.func.sum(rows.c.requested_total), 0)
        ).group_by(rows.c.state)
    )
    return {ProposalState(state): (number, int(total)) for state, number, total in totals}
