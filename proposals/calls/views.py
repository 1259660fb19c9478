"""The calls' pages: the public call page, and the officers' list, forms, phase actions
and list of received proposals."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from proposals.calls import queries
from proposals.calls.forms import CallForm, PhaseActionForm, SubmissionFilterForm
from proposals.calls.models import Call, Phase
from proposals.calls.operations import (
    PHASE_ACTIONS,
    CallError,
    advance_phase,
    create_call,
    update_call,
)
from proposals.extensions import db
from proposals.groups.models import Membership
from proposals.permissions import Permission, authorize, can
from proposals.publication import operations as publication
from proposals.publication import queries as decisions
from proposals.submissions.models import ProposalState

bp = Blueprint("calls", __name__)

# action -> the button's label, and the message once done; the phase each action
# needs is in operations.PHASE_ACTIONS.
PHASE_ACTION_LABELS = {
    "close_review": _l("Close review"),
    "close_recommendations": _l("Send to the mayor's office"),
}
PHASE_ACTION_DONE = {
    "close_review": _l("Review is closed: the committee can now make its recommendations."),
    "close_recommendations": _l(
        "The recommendations were sent to the mayor's office for selection."
    ),
}


def _call_or_404(call_id: int, *, lock: bool = False) -> Call:
    # Phase actions lock the row so that two officers pressing at once act once.
    call = db.session.get(Call, call_id, with_for_update=lock or None)
    if call is None:
        abort(404)
    return call


def _per_page() -> int:
    return current_app.config["PER_PAGE"]


# --- the public call page ------------------------------------------------------------------


def _is_in_a_group(user) -> bool:
    if not user.is_authenticated:
        return False
    return bool(db.session.scalar(sa.select(sa.exists().where(Membership.user_id == user.id))))


def _phase_actions(call: Call, phase: Phase) -> list[dict]:
    """The closing actions an officer can take on ``call`` now, as buttons."""
    if not can(current_user, Permission.ADVANCE_CALL_PHASE, call):
        return []
    return [
        {"action": action, "label": str(PHASE_ACTION_LABELS[action])}
        for action, (required, _column) in PHASE_ACTIONS.items()
        if phase is required
    ]


def _render_view(call: Call, *, status: int = 200, problems=()):
    phase = call.phase
    proposals = funnel = None
    decision_rows = []
    if call.decided_at is not None:
        # Published: the decision's table lists every public proposal with its outcome.
        funnel = publication.funnel(call)
        decision_rows = decisions.decision_rows(call)
    elif call.window_closed:
        proposals = db.paginate(queries.public_proposals(call), per_page=_per_page())
    return render_template(
        "calls/view.html",
        call=call,
        phase=phase,
        proposals=proposals,
        in_a_group=phase is Phase.OPEN and _is_in_a_group(current_user),
        phase_actions=_phase_actions(call, phase),
        funnel=funnel,
        decision_rows=decision_rows,
        problems=problems,
    ), status


@bp.get("/calls/<int:call_id>")
def view(call_id: int):
    return _render_view(_call_or_404(call_id))


# --- officers: the list of calls, creating and editing -----------------------------------------


@bp.get("/officer/calls")
@login_required
def manage():
    authorize(current_user, Permission.MANAGE_CALLS)
    page = db.paginate(queries.all_calls(), per_page=_per_page())
    counts = queries.received_counts([call.id for call in page.items])
    return render_template("calls/manage.html", page=page, counts=counts, State=ProposalState)


def _render_form(form: CallForm, call: Call | None = None, *, status=200, problems=()):
    phase = call.phase if call is not None else Phase.UPCOMING
    return render_template(
        "calls/form.html",
        form=form,
        call=call,
        # What update_call refuses to change in this phase, shown without inputs or read-only.
        criteria_locked=phase is not Phase.UPCOMING,
        opens_locked=phase is not Phase.UPCOMING,
        closes_locked=phase not in (Phase.UPCOMING, Phase.OPEN),
        problems=problems,
    ), status


@bp.route("/officer/calls/new", methods=["GET", "POST"])
@login_required
def create():
    authorize(current_user, Permission.MANAGE_CALLS)
    form = CallForm()
    if not form.is_submitted():
        form.add_blank_rows(3)
        return _render_form(form)
    if form.add_criterion.data:
        # Shown again with one more empty row, nothing saved: no JavaScript needed.
        form.add_blank_rows(1)
        return _render_form(form)
    if not form.validate():
        return _render_form(form, status=400)
    try:
        call = create_call(current_user, criteria=form.filled_criteria(), **form.call_fields())
    except CallError as error:
        db.session.rollback()
        return _render_form(form, status=409, problems=error.problems)
    db.session.commit()
    flash(_("The call “%(title)s” was created.", title=call.title), "success")
    return redirect(url_for(".view", call_id=call.id))


@bp.route("/officer/calls/<int:call_id>/edit", methods=["GET", "POST"])
@login_required
def edit(call_id: int):
    call = _call_or_404(call_id)
    authorize(current_user, Permission.MANAGE_CALLS, call)
    locked = call.phase is not Phase.UPCOMING
    if request.method != "POST":
        return _render_form(
            CallForm.for_call(call, blank_rows=0 if locked else 1, criteria_required=not locked),
            call,
        )
    form = CallForm(criteria_required=not locked, call=call)
    if form.add_criterion.data and not locked:
        form.add_blank_rows(1)
        return _render_form(form, call)
    if not form.validate():
        return _render_form(form, call, status=400)
    # Once the call has opened, the page shows the criteria without inputs; rows posted
    # anyway (a page opened before the window opened) are checked by update_call.
    criteria = form.filled_criteria() if not locked or form.criteria.entries else None
    try:
        changed = update_call(call, current_user, criteria=criteria, **form.call_fields())
    except CallError as error:
        db.session.rollback()
        return _render_form(form, call, status=409, problems=error.problems)
    db.session.commit()
    if changed:
        flash(_("The call was saved."), "success")
    else:
        flash(_("Nothing was changed."), "info")
    return redirect(url_for(".view", call_id=call.id))


# --- officers: closing actions -------------------------------------------------------------


@bp.post("/officer/calls/<int:call_id>/phase")
@login_required
def advance(call_id: int):
    call = _call_or_404(call_id, lock=True)
    authorize(current_user, Permission.ADVANCE_CALL_PHASE, call)
    form = PhaseActionForm()
    if not form.validate():
        return _render_view(call, status=400, problems=[_("Unknown action.")])
    action = form.action.data
    try:
        advance_phase(call, current_user, action)
    except CallError as error:
        db.session.rollback()
        return _render_view(call, status=409, problems=error.problems)
    db.session.commit()
    flash(str(PHASE_ACTION_DONE[action]), "success")
    return redirect(url_for(".view", call_id=call.id))


# --- officers: what a call received --------------------------------------------------------


@bp.get("/officer/calls/<int:call_id>/submissions")
@login_required
def submissions(call_id: int):
    call = _call_or_404(call_id)
    authorize(current_user, Permission.VIEW_SUBMISSIONS, call)
    form = SubmissionFilterForm(formdata=request.args)
    valid = form.validate()
    query = queries.received_proposals(call, **form.filters())
    page = db.paginate(queries.sorted_for_listing(query, form.sort_key), per_page=_per_page())
    totals = queries.totals_by_state(query)
    return render_template(
        "calls/submissions.html",
        call=call,
        form=form,
        page=page,
        totals=totals,
        states=[state for state in ProposalState if state is not ProposalState.DRAFT],
    ), (200 if valid else 400)
