"""Reading a published decision: each proposal's outcome with the reasons at each tier.

Every function here returns nothing until ``call.decided_at`` is set, so that no page can
show the committee's or the mayor's work before the decision is published.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload

from proposals.calls.models import Call, Criterion
from proposals.calls.queries import contains, is_public_clause
from proposals.committee.models import Recommendation
from proposals.extensions import db
from proposals.groups.models import Group
from proposals.projects.models import Project
from proposals.review import scoring
from proposals.review.operations import results_by_proposal
from proposals.selection.models import Selection
from proposals.submissions.models import Proposal, ProposalState, ProposalTheme
from proposals.themes import Theme

S = ProposalState


class Outcome(enum.StrEnum):
    """Where a proposal's road ended, as the public reads it."""

    SELECTED = "selected"
    NOT_SELECTED = "not_selected"  # recommended by the committee, declined by the mayor
    NOT_RECOMMENDED = "not_recommended"
    INELIGIBLE = "ineligible"
    WITHDRAWN = "withdrawn"
    NOT_CHECKED = "not_checked"  # never checked for eligibility before the review closed

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self])


OUTCOME_LABELS = {
    Outcome.SELECTED: _l("Selected"),
    Outcome.NOT_SELECTED: _l("Not selected"),
    Outcome.NOT_RECOMMENDED: _l("Not recommended"),
    Outcome.INELIGIBLE: _l("Ineligible"),
    Outcome.WITHDRAWN: _l("Withdrawn"),
    Outcome.NOT_CHECKED: _l("Eligibility not checked"),
}

# The proposals the committee and the mayor's office decided on.
DECIDED_STATES = (S.SELECTED, S.NOT_SELECTED)


@dataclass(frozen=True)
class DecisionRow:
    proposal: Proposal
    outcome: Outcome
    recommendation: Recommendation | None
    selection: Selection | None
    result: scoring.ProposalResult | None
    project: Project | None

    @property
    def without_recommendation(self) -> bool:
        """Selected although the committee did not recommend it: flagged publicly."""
        return self.outcome is Outcome.SELECTED and not (
            self.recommendation is not None and self.recommendation.recommended
        )

    @property
    def amount_differs(self) -> bool:
        return (
            self.selection is not None
            and self.selection.awarded_amount is not None
            and self.selection.awarded_amount != self.proposal.requested_total
        )


def _outcome(proposal: Proposal, recommendation: Recommendation | None) -> Outcome:
    if proposal.state is S.SELECTED:
        return Outcome.SELECTED
    if proposal.state is S.NOT_SELECTED:
        if recommendation is not None and recommendation.recommended:
            return Outcome.NOT_SELECTED
        return Outcome.NOT_RECOMMENDED
    if proposal.state is S.INELIGIBLE:
        return Outcome.INELIGIBLE
    if proposal.state is S.WITHDRAWN:
        return Outcome.WITHDRAWN
    return Outcome.NOT_CHECKED


def _rows(call: Call, condition) -> list[DecisionRow]:
    records = db.session.execute(
        sa.select(Proposal, Recommendation, Selection, Project)
        .join(Call, Call.id == Proposal.call_id)
        .outerjoin(Recommendation, Recommendation.proposal_id == Proposal.id)
        .outerjoin(Selection, Selection.proposal_id == Proposal.id)
        .outerjoin(Project, Project.proposal_id == Proposal.id)
        .options(joinedload(Proposal.group))
        .where(Proposal.call_id == call.id, condition)
        .order_by(Proposal.title, Proposal.id)
    ).all()
    decided = [proposal.id for proposal, *_rest in records if proposal.state in DECIDED_STATES]
    results = results_by_proposal(call, decided)
    rows = []
    for proposal, recommendation, selection, project in records:
        reached_committee = proposal.state in DECIDED_STATES
        rows.append(
            DecisionRow(
                proposal=proposal,
                outcome=_outcome(proposal, recommendation),
                # A proposal withdrawn along the way shows no committee or mayor's work.
                recommendation=recommendation if reached_committee else None,
                selection=selection if reached_committee else None,
                result=results.get(proposal.id),
                project=project,
            )
        )
    return rows


def outcome_rank():
    """A proposal's ``Outcome`` as its position in ``Outcome`` (selected first), in SQL; the
    query must outer-join ``Recommendation`` on the proposal."""
    return sa.case(
        (Proposal.state == S.SELECTED, 0),
        (sa.and_(Proposal.state == S.NOT_SELECTED, Recommendation.recommended.is_(True)), 1),
        (Proposal.state == S.NOT_SELECTED, 2),
        (Proposal.state == S.INELIGIBLE, 3),
        (Proposal.state == S.WITHDRAWN, 4),
        else_=5,
    )


class _DecisionPagination(Pagination):
    """One page of a published decision: a count, then the page's rows (four queries)."""

    def _query_items(self):
        call, condition = self._query_args["call"], self._query_args["condition"]
        ids = db.session.scalars(
            _filtered(call, condition, sa.select(Proposal.id))
            .order_by(outcome_rank(), Proposal.title, Proposal.id)
            .limit(self.per_page)
            .offset(self._query_offset)
        ).all()
        if not ids:
            return []
        rows = {row.proposal.id: row for row in _rows(call, Proposal.id.in_(ids))}
        return [rows[proposal_id] for proposal_id in ids]

    def _query_count(self):
        if self._query_args["total"] is not None:
            return self._query_args["total"]
        call, condition = self._query_args["call"], self._query_args["condition"]
        return db.session.scalar(_filtered(call, condition, sa.select(sa.func.count(Proposal.id))))


def _filtered(call: Call, condition, query: sa.Select) -> sa.Select:
    return (
        query.select_from(Proposal)
        .join(Call, Call.id == Proposal.call_id)
        .outerjoin(Recommendation, Recommendation.proposal_id == Proposal.id)
        .where(Proposal.call_id == call.id, is_public_clause(), condition)
    )


def decision_filter(
    *, outcome: Outcome | None = None, theme: Theme | None = None, group: str | None = None
):
    """The condition for ``decision_page``: an outcome, a theme, part of the group's name."""
    conditions = []
    if outcome is not None:
        conditions.append(outcome_rank() == list(Outcome).index(outcome))
    if theme is not None:
        conditions.append(
            sa.exists().where(
                ProposalTheme.proposal_id == Proposal.id, ProposalTheme.theme == theme
            )
        )
    if group:
        conditions.append(
            sa.exists().where(Group.id == Proposal.group_id, contains(Group.name, group))
        )
    return sa.and_(sa.true(), *conditions)


def decision_page(
    call: Call, *, page: int, per_page: int, condition=None, total: int | None = None
) -> Pagination | None:
    """One page of the public proposals of ``call`` with their outcomes, selected first then
    by outcome, each by title (``condition`` from ``decision_filter``); None until published.

    A bounded number of queries whatever the call's size: a count, the page's ids, their
    rows, their review results; no count when the caller knows the ``total`` (the funnel's
    ``submitted`` when nothing is filtered)."""
    if call.decided_at is None:
        return None
    return _DecisionPagination(
        page=page,
        per_page=per_page,
        error_out=False,
        call=call,
        condition=condition if condition is not None else sa.true(),
        total=total if condition is None else None,
    )


@dataclass(frozen=True)
class ProposalOutcome:
    """The published decision on one proposal, tier by tier, for its page."""

    row: DecisionRow
    criteria: list[Criterion]

    def __getattr__(self, name):
        return getattr(self.row, name)


def proposal_outcome(proposal: Proposal) -> ProposalOutcome | None:
    """The published decision on ``proposal``; None before publication (or for a draft)."""
    call = proposal.call
    if call.decided_at is None or proposal.state is S.DRAFT:
        return None
    [row] = _rows(call, Proposal.id == proposal.id)
    return ProposalOutcome(row=row, criteria=list(call.criteria))
