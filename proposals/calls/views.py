"""The calls' pages: the public call page, and the officers' list, forms, phase actions
and list of received proposals."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms.fields import SearchField, SelectChoice, SelectField
from wtforms.validators import Length, Optional

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
from proposals.groups.models import Group, Membership
from proposals.permissions import Permission, authorize, can
from proposals.publication import operations as publication
from proposals.publication import queries as decisions
from proposals.submissions.models import STATE_LABELS, Proposal, ProposalState, ProposalTheme
from proposals.themes import THEME_CHOICES, Theme

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


# The states a proposal can be in while the public waits for the decision.
UNDECIDED_STATES = (
    ProposalState.SUBMITTED,
    ProposalState.ELIGIBLE,
    ProposalState.INELIGIBLE,
    ProposalState.WITHDRAWN,
)


class ProposalListFilterForm(FlaskForm):
    """The filters of a call's public list of proposals, sent by GET; an invalid filter is
    reported and left out."""

    class Meta:
        csrf = False

    outcome = SelectField(
        _l("Outcome"),
        choices=[SelectChoice("", _l("Any outcome"))]
        + [
            SelectChoice(outcome.value, decisions.OUTCOME_LABELS[outcome])
            for outcome in decisions.Outcome
        ],
        default="",
        validators=[Optional()],
    )
    status = SelectField(
        _l("State"),
        choices=[SelectChoice("", _l("Any state"))]
        + [SelectChoice(state.value, STATE_LABELS[state]) for state in UNDECIDED_STATES],
        default="",
        validators=[Optional()],
    )
    theme = SelectField(
        _l("Theme"),
        choices=[SelectChoice("", _l("Any theme"))]
        + [SelectChoice(value, label) for value, label in THEME_CHOICES],
        default="",
        validators=[Optional()],
    )
    group = SearchField(_l("Group name contains"), validators=[Optional(), Length(max=100)])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for field in self:
            field.errors = [str(error) for error in field.errors]
        return valid

    def _value(self, field):
        return field.data if field.data and not field.errors else None

    @property
    def active(self) -> bool:
        return any(self._value(field) for field in self)

    def decision_condition(self):
        outcome, theme = self._value(self.outcome), self._value(self.theme)
        return decisions.decision_filter(
            outcome=decisions.Outcome(outcome) if outcome else None,
            theme=Theme(theme) if theme else None,
            group=(self._value(self.group) or "").strip() or None,
        )

    def filtered(self, query: sa.Select) -> sa.Select:
        """``query`` (of public proposals) narrowed by the valid filters."""
        if status := self._value(self.status):
            query = query.where(Proposal.state == ProposalState(status))
        if theme := self._value(self.theme):
            query = query.where(
                sa.exists().where(
                    ProposalTheme.proposal_id == Proposal.id, ProposalTheme.theme == Theme(theme)
                )
            )
        if group := (self._value(self.group) or "").strip():
            query = query.where(
                sa.exists().where(
                    Group.id == Proposal.group_id, queries.contains(Group.name, group)
                )
            )
        return query


def _page_number() -> tuple[int, list[str]]:
    """``?page=`` as a number from 1, or 1 with a message saying why."""
    raw = request.args.get("page", "1")
    try:
        number = int(raw)
    except ValueError:
        number = 0
    if number < 1:
        return 1, [_("“%(page)s” is not a page number: the first page is shown.", page=raw)]
    return number, []


def _render_view(call: Call, *, status: int = 200, problems=()):
    phase = call.phase
    proposals = funnel = None
    form = None
    problems = list(problems)
    if call.decided_at is not None or call.window_closed:
        form = ProposalListFilterForm(formdata=request.args)
        valid = form.validate()
        page_number, page_problems = _page_number()
        problems += page_problems
        if (page_problems or not valid) and status == 200:
            status = 400
        if call.decided_at is not None:
            # Published: the funnel, then one page of the proposals with their outcomes.
            funnel = publication.funnel(call)
            proposals = decisions.decision_page(
                call,
                page=page_number,
                per_page=_per_page(),
                condition=form.decision_condition() if form.active else None,
                total=funnel.submitted,
            )
        else:
            proposals = db.paginate(
                form.filtered(queries.public_proposals(call)),
                page=page_number,
                per_page=_per_page(),
                error_out=False,
            )
    return render_template(
        "calls/view.html",
        call=call,
        phase=phase,
        proposals=proposals,
        form=form,
        in_a_group=phase is Phase.OPEN and _is_in_a_group(current_user),
        phase_actions=_phase_actions(call, phase),
        funnel=funnel,
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
