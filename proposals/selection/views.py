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
from proposals.groups.models import Group
from proposals.permissions import Permission, authorize
from proposals.review import operations as review
from proposals.review.scoring import MeanScore, ProposalResult
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

    proposal: Proposal | Line
    result: ProposalResult | MeanScore | None
    recommendation: Recommendation | sa.Row | None
    selection: Selection | None
    running_total: int = 0  # requested costs down the ranking, this proposal included
    in_optimum: bool = False
    vote: str = ""  # the committee's vote, as the ranking shows it
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


@dataclass(frozen=True)
class Line:
    """What the ranking shows of a proposal (a call can hold thousands: no ORM objects)."""

    id: int
    title: str
    requested_total: int
    group_name: str


def _ranked_proposals(call: Call) -> list[tuple[Line, MeanScore | None]]:
    """The call's reviewed proposals with their mean scores, best first. Two queries."""
    lines = [
        Line(*row)
        for row in db.session.execute(
            sa.select(Proposal.id, Proposal.title, Proposal.requested_total, Group.name)
            .join(Group, Group.id == Proposal.group_id)
            .where(Proposal.call_id == call.id, Proposal.state.in_(review.REVIEWED_STATES))
            .order_by(Proposal.id)
        )
    ]
    means = review.means_by_proposal(call)
    ranked = [(line, means.get(line.id)) for line in lines]
    ranked.sort(key=lambda pair: (pair[1] is None, -(pair[1].mean if pair[1] else 0)))
    return ranked


def _page(call: Call) -> Page:
    """Everything the selection page shows, ranked by weighted score, best first. The
    decision forms are on each proposal's decision page: a call can have hundreds."""
    recommendations = {
        row.proposal_id: row
        for row in db.session.execute(
            sa.select(
                Recommendation.proposal_id,
                Recommendation.recommended,
                Recommendation.votes_for,
                Recommendation.votes_against,
                Recommendation.votes_abstain,
            ).where(Recommendation.call_id == call.id)
        )
    }
    selections = operations.call_selections(call)
    recommended, not_recommended, unrecorded = [], [], []
    running_total = 0
    vote = _("%(for)s for, %(against)s against, %(abstain)s abstaining")  # translated once
    for proposal, result in _ranked_proposals(call):
        recommendation = recommendations.get(proposal.id)
        row = Row(proposal, result, recommendation, selections.get(proposal.id))
        if recommendation is None:
            unrecorded.append(row)
            continue
        row.vote = vote % {
            "for": recommendation.votes_for,
            "against": recommendation.votes_against,
            "abstain": recommendation.votes_abstain,
        }
        if recommendation.recommended:
            running_total += proposal.requested_total
            row.running_total = running_total
            recommended.append(row)
        else:
            not_recommended.append(row)
    # Information for the mayor's office, never a decision: the exact optimum, not a greedy pick.
    optimum = knapsack.cached_best_subset(
        [
            knapsack.Item(row.proposal.id, row.proposal.requested_total, row.value)
            for row in recommended
            if row.result is not None
        ],
        call.budget_envelope,
    )
    for row in recommended:
        row.in_optimum = row.proposal.id in optimum.keys
    return Page(
        recommended=recommended,
        not_recommended=not_recommended,
        unrecorded=unrecorded,
        optimum=optimum,
        optimum_rows=[row for row in recommended if row.in_optimum],
    )


def _decision_row(call: Call, proposal: Proposal, submitted: dict) -> Row | None:
    """One proposal's row with its decision forms; None when the committee recorded no
    recommendation on it (or it is not among the reviewed proposals)."""
    if proposal.state not in review.REVIEWED_STATES:
        return None
    recommendation = db.session.scalar(
        sa.select(Recommendation).where(Recommendation.proposal_id == proposal.id)
    )
    if recommendation is None:
        return None
    result = review.results_by_proposal(call, [proposal.id]).get(proposal.id)
    row = Row(proposal, result, recommendation, operations.selection_of(proposal))
    _attach_forms(row, submitted)
    return row


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


def _labels() -> dict[str, str]:
    """The texts repeated on every row, translated once per page rather than per row."""
    return {
        "no_score": _("No score"),
        "not_decided": _("Not decided"),
        "over": _("over the envelope"),
        "in_set": _("In the set"),
        "not_in_set": _("Not in the set"),
        "against": _("Against the recommendation"),
    }


def _render(call: Call, *, problems=(), status=200):
    phase = call.phase
    page = _page(call) if phase is Phase.SELECTING else None
    return render_template(
        "selection/call.html",
        call=call,
        phase=phase,
        page=page,
        decisions=_decided_rows(call) if phase is Phase.DECIDED else [],
        remaining=call.budget_envelope - call.selected_total,
        problems=problems,
        publish_url=f"{request.script_root}/mayor/calls/{call.id}/publish",
        # Hundreds of rows: build the URL once and translate the repeated texts once.
        decision_base=url_for(".decision", call_id=call.id, proposal_id=0)[:-1],
        labels=_labels(),
    ), status


def _render_decision(
    call: Call, proposal: Proposal, *, forms=None, problems=(), error_form=None, status=200
):
    phase = call.phase
    row = _decision_row(call, proposal, forms or {}) if phase is Phase.SELECTING else None
    return render_template(
        "selection/decision.html",
        call=call,
        proposal=proposal,
        phase=phase,
        row=row,
        remaining=call.budget_envelope - call.selected_total,
        problems=problems,
        problem_proposal=proposal if problems or error_form is not None else None,
        error_form=error_form,
        publish_url=f"{request.script_root}/mayor/calls/{call.id}/publish",
    ), status


@bp.get("/mayor/calls/<int:call_id>/selection")
@login_required
def call(call_id: int):
    call = _call_or_404(call_id)
    authorize(current_user, Permission.SELECT_PROPOSALS, call)
    return _render(call)


@bp.get("/mayor/calls/<int:call_id>/proposals/<int:proposal_id>")
@login_required
def decision(call_id: int, proposal_id: int):
    call = _call_or_404(call_id)
    authorize(current_user, Permission.SELECT_PROPOSALS, call)
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or proposal.call_id != call.id:
        abort(404)
    return _render_decision(call, proposal)


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
        return _render_decision(call, proposal, problems=error.problems, status=409)
    form = make_form(proposal)
    if not form.validate():
        return _render_decision(call, proposal, forms={kind: form}, error_form=form, status=400)
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
    return _render_decision(call, proposal, forms={kind: form}, problems=problems, status=409)


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
