"""The mayor's office's pages: the calls awaiting selection and each call's selection page."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from proposals.calls.models import Call, Phase
from proposals.committee.models import Recommendation
from proposals.extensions import db
from proposals.permissions import Permission, authorize
from proposals.review import operations as review
from proposals.review.scoring import ProposalResult
from proposals.selection import knapsack, operations
from proposals.selection.forms import DeclineForm, ReconsiderForm, SelectForm
from proposals.selection.models import Selection
from proposals.submissions.models import Proposal
from proposals.submissions.workflow import WorkflowError

bp = Blueprint("selection", __name__)


def _call_or_404(call_id: int) -> Call:
    call = db.session.get(Call, call_id)
    if call is None:
        abort(404)
    return call


def _proposal_or_404(call: Call, proposal_id: int) -> Proposal:
    # Locked so that a decision and a withdrawal of the same proposal happen one after the other.
    proposal = db.session.get(Proposal, proposal_id, with_for_update=True)
    if proposal is None or proposal.call_id != call.id:
        abort(404)
    return proposal


# --- the list of calls ------------------------------------------------------------------------


@bp.get("/mayor/")
@login_required
def index():
    authorize(current_user, Permission.SELECT_PROPOSALS)
    calls = db.session.scalars(
        sa.select(Call)
        .where(Call.recommendations_closed_at.is_not(None))
        .order_by(Call.recommendations_closed_at.desc(), Call.id.desc())
    ).all()
    return render_template(
        "selection/index.html",
        awaiting=[call for call in calls if call.decided_at is None],
        decided=[call for call in calls if call.decided_at is not None],
    )


# --- a call's selection page ----------------------------------------------------------------


@dataclass
class Row:
    """One proposal on the selection page."""

    proposal: Proposal
    result: ProposalResult | None
    recommendation: Recommendation | None
    selection: Selection | None
    running_total: int  # requested costs down the ranking, this proposal included
    in_optimum: bool
    select_form: SelectForm | None = None
    decline_form: DeclineForm | None = None
    reconsider_form: ReconsiderForm | None = None

    @property
    def value(self) -> int:
        """The knapsack value: the weighted score in hundredths of a point."""
        return round(self.result.mean * 100) if self.result else 0


@dataclass
class Page:
    recommended: list[Row]
    not_recommended: list[Row]
    unrecorded: list[Row]
    optimum: knapsack.Optimum
    optimum_rows: list[Row]


def _page(call: Call, forms: dict[int, dict]) -> Page:
    """Everything the selection page shows, ranked by weighted score, best first."""
    recommendations = {
        row.proposal_id: row
        for row in db.session.scalars(
            sa.select(Recommendation).where(Recommendation.call_id == call.id)
        )
    }
    selections = operations.call_selections(call)
    recommended, not_recommended, unrecorded = [], [], []
    running_total = 0
    for proposal, result in review.call_results(call):
        recommendation = recommendations.get(proposal.id)
        row = Row(proposal, result, recommendation, selections.get(proposal.id), 0, False)
        if recommendation is None:
            unrecorded.append(row)
        elif recommendation.recommended:
            running_total += proposal.requested_total
            row.running_total = running_total
            recommended.append(row)
        else:
            not_recommended.append(row)
    # Information for the mayor's office, never a decision: the exact optimum, not a greedy pick.
    optimum = knapsack.best_subset(
        [
            knapsack.Item(row.proposal.id, row.proposal.requested_total, row.value)
            for row in recommended
            if row.result is not None
        ],
        call.budget_envelope,
    )
    for row in recommended:
        row.in_optimum = row.proposal.id in optimum.keys
    for row in recommended + not_recommended:
        _attach_forms(row, forms.get(row.proposal.id, {}))
    return Page(
        recommended=recommended,
        not_recommended=not_recommended,
        unrecorded=unrecorded,
        optimum=optimum,
        optimum_rows=[row for row in recommended if row.in_optimum],
    )


def _attach_forms(row: Row, submitted: dict) -> None:
    proposal = row.proposal
    if row.selection is not None:
        row.reconsider_form = submitted.get("reconsider") or ReconsiderForm(proposal, formdata=None)
        return
    row.select_form = submitted.get("select") or SelectForm(
        proposal, recommended=row.recommendation.recommended, formdata=None
    )
    row.decline_form = submitted.get("decline") or DeclineForm(proposal, formdata=None)


def _decided_rows(call: Call) -> list[Selection]:
    """The decisions of a published call, awards first."""
    return list(
        db.session.scalars(
            sa.select(Selection)
            .options(joinedload(Selection.proposal).joinedload(Proposal.group))
            .where(Selection.call_id == call.id)
            .order_by(Selection.outcome.desc(), Selection.awarded_amount.desc(), Selection.id)
        )
    )


def _render(
    call: Call, *, forms=None, problems=(), problem_proposal=None, error_form=None, status=200
):
    phase = call.phase
    page = _page(call, forms or {}) if phase is Phase.SELECTING else None
    return render_template(
        "selection/call.html",
        call=call,
        phase=phase,
        page=page,
        decisions=_decided_rows(call) if phase is Phase.DECIDED else [],
        remaining=call.budget_envelope - call.selected_total,
        problems=problems,
        problem_proposal=problem_proposal,
        error_form=error_form,
        publish_url=f"{request.script_root}/mayor/calls/{call.id}/publish",
    ), status


@bp.get("/mayor/calls/<int:call_id>/selection")
@login_required
def call(call_id: int):
    call = _call_or_404(call_id)
    authorize(current_user, Permission.SELECT_PROPOSALS, call)
    return _render(call)


# --- decisions ------------------------------------------------------------------------------


def _recommended(proposal: Proposal) -> bool:
    recommendation = db.session.scalar(
        sa.select(Recommendation).where(Recommendation.proposal_id == proposal.id)
    )
    return recommendation is None or recommendation.recommended


def _decide(call_id: int, proposal_id: int, kind: str, make_form, act, done: str):
    """Load, authorise, validate, act, commit: the shape every decision shares."""
    call = _call_or_404(call_id)
    authorize(current_user, Permission.SELECT_PROPOSALS, call)
    proposal = _proposal_or_404(call, proposal_id)
    try:
        operations.check_phase(call)
    except WorkflowError as error:
        return _render(call, problems=error.problems, problem_proposal=proposal, status=409)
    form = make_form(proposal)
    if not form.validate():
        return _render(call, forms={proposal.id: {kind: form}}, error_form=form, status=400)
    try:
        act(proposal, form)
        db.session.commit()
    except WorkflowError as error:
        db.session.rollback()
        problems = error.problems
    except IntegrityError:
        # The unique decision per proposal: a second decision lost the race.
        db.session.rollback()
        problems = [
            _(
                "Somebody decided on this proposal at the same moment. "
                "The page shows it as it is now."
            )
        ]
    else:
        flash(done, "success")
        return redirect(url_for(".call", call_id=call.id, _anchor=f"proposal-{proposal.id}"))
    return _render(
        call,
        forms={proposal.id: {kind: form}},
        problems=problems,
        problem_proposal=proposal,
        status=409,
    )


@bp.post("/mayor/calls/<int:call_id>/proposals/<int:proposal_id>/select")
@login_required
def select(call_id: int, proposal_id: int):
    def act(proposal, form):
        operations.select(
            proposal,
            current_user,
            reason=form.reason.data,
            awarded_amount=form.awarded_amount.data,
            amount_reason=form.amount_reason.data or "",
            justification=(form.justification.data or "") if "justification" in form else "",
        )

    return _decide(
        call_id,
        proposal_id,
        "select",
        lambda proposal: SelectForm(proposal, recommended=_recommended(proposal)),
        act,
        _("The proposal was selected. The decision stays private until it is published."),
    )


@bp.post("/mayor/calls/<int:call_id>/proposals/<int:proposal_id>/decline")
@login_required
def decline(call_id: int, proposal_id: int):
    return _decide(
        call_id,
        proposal_id,
        "decline",
        DeclineForm,
        lambda proposal, form: operations.decline(proposal, current_user, reason=form.reason.data),
        _("The proposal was declined. The decision stays private until it is published."),
    )


@bp.post("/mayor/calls/<int:call_id>/proposals/<int:proposal_id>/reconsider")
@login_required
def reconsider(call_id: int, proposal_id: int):
    return _decide(
        call_id,
        proposal_id,
        "reconsider",
        ReconsiderForm,
        lambda proposal, form: operations.reconsider(proposal, current_user, note=form.note.data),
        _("The decision was undone; any award went back to the envelope."),
    )
