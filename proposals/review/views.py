"""The review pages: the officers' committee and assignment page, the reviewer's queue."""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy.orm import joinedload, selectinload

from proposals.accounts.models import Role, RoleGrant, User
from proposals.calls.models import Call, Phase
from proposals.extensions import db
from proposals.permissions import Permission, authorize, can
from proposals.review import operations, scoring
from proposals.review.forms import (
    AppointForm,
    ConflictForm,
    PairForm,
    ReviewerForm,
    SettingsForm,
    score_form,
)
from proposals.review.models import CommitteeMember, ReviewAssignment
from proposals.submissions.models import Proposal, ProposalState

bp = Blueprint("review", __name__)


def _call_or_404(call_id: int) -> Call:
    call = db.session.get(Call, call_id)
    if call is None:
        abort(404)
    return call


def _user_or_none(user_id) -> User | None:
    return db.session.get(User, user_id) if user_id is not None else None


# --- officers -------------------------------------------------------------------------------


def _committee(call: Call) -> list[tuple[CommitteeMember, int]]:
    """The committee with each member's number of assignments in this call: one query."""
    load = (
        sa.select(sa.func.count(ReviewAssignment.id))
        .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
        .where(
            Proposal.call_id == call.id,
            ReviewAssignment.reviewer_id == CommitteeMember.user_id,
        )
        .correlate(CommitteeMember)
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(CommitteeMember, load)
        .options(joinedload(CommitteeMember.user))
        .where(CommitteeMember.call_id == call.id)
        .order_by(CommitteeMember.appointed_at, CommitteeMember.id)
    ).all()
    return [(member, count) for member, count in rows]


def _appointable(call: Call) -> list[User]:
    appointed = sa.select(CommitteeMember.user_id).where(CommitteeMember.call_id == call.id)
    return db.session.scalars(
        sa.select(User)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == Role.REVIEWER, User.id.not_in(appointed))
        .order_by(User.display_name, User.id)
    ).all()


def _render_officer(call: Call, *, status=200, problems=(), appoint=None, settings=None):
    committee = _committee(call)
    appoint = appoint or AppointForm(formdata=None)
    appoint.user_id.choices = [
        (user.id, f"{user.display_name} <{user.email}>") for user in _appointable(call)
    ]
    settings = settings or SettingsForm(
        formdata=None, reviewers_per_proposal=call.reviewers_per_proposal
    )
    page = db.paginate(
        sa.select(Proposal)
        .options(joinedload(Proposal.group))
        .where(Proposal.call_id == call.id, Proposal.state == ProposalState.ELIGIBLE)
        .order_by(Proposal.id),
        per_page=current_app.config["PER_PAGE"],
    )
    ids = [proposal.id for proposal in page.items]
    assigned: dict[int, list[User]] = {proposal_id: [] for proposal_id in ids}
    if ids:
        for assignment in db.session.scalars(
            sa.select(ReviewAssignment)
            .options(joinedload(ReviewAssignment.reviewer))
            .where(ReviewAssignment.proposal_id.in_(ids))
            .order_by(ReviewAssignment.id)
        ):
            assigned[assignment.proposal_id].append(assignment.reviewer)
    conflicts = operations.call_conflicts(call)
    members = {member.user_id: member.user for member, _count in committee}
    submitted, total = operations.review_progress(call)
    return render_template(
        "review/officer.html",
        call=call,
        progress_submitted=submitted,
        progress_total=total,
        in_review=call.phase is Phase.IN_REVIEW,
        committee=committee,
        members=members,
        appoint=appoint,
        settings=settings,
        page=page,
        assigned=assigned,
        conflicts=conflicts,
        problems=problems,
    ), status


def _officer_call(call_id: int) -> Call:
    call = _call_or_404(call_id)
    authorize(current_user, Permission.MANAGE_REVIEW, call)
    return call


def _done(call: Call, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".officer", call_id=call.id))


def _refused(call: Call, error: operations.ReviewError):
    db.session.rollback()
    return _render_officer(call, status=409, problems=error.problems)


@bp.get("/officer/calls/<int:call_id>/review")
@login_required
def officer(call_id: int):
    return _render_officer(_officer_call(call_id))


@bp.post("/officer/calls/<int:call_id>/review/appoint")
@login_required
def appoint(call_id: int):
    call = _officer_call(call_id)
    form = AppointForm()
    form.user_id.choices = [(user.id, user.display_name) for user in _appointable(call)]
    if not form.validate():
        return _render_officer(call, status=400, appoint=form)
    user = db.session.get(User, form.user_id.data)
    try:
        operations.appoint_reviewer(call, user, current_user)
    except operations.ReviewError as error:
        return _refused(call, error)
    return _done(call, _("%(name)s was appointed to the committee.", name=user.display_name))


@bp.post("/officer/calls/<int:call_id>/review/remove")
@login_required
def remove(call_id: int):
    call = _officer_call(call_id)
    form = ReviewerForm()
    user = _user_or_none(form.user_id.data) if form.validate() else None
    if user is None:
        return _render_officer(call, status=400, problems=[_("Choose a reviewer.")])
    try:
        operations.remove_reviewer(call, user, current_user)
    except operations.ReviewError as error:
        return _refused(call, error)
    return _done(call, _("%(name)s was removed from the committee.", name=user.display_name))


@bp.post("/officer/calls/<int:call_id>/review/settings")
@login_required
def settings(call_id: int):
    call = _officer_call(call_id)
    form = SettingsForm()
    if not form.validate():
        return _render_officer(call, status=400, settings=form)
    try:
        operations.set_reviewers_per_proposal(call, form.reviewers_per_proposal.data, current_user)
    except operations.ReviewError as error:
        return _refused(call, error)
    return _done(call, _("The number of reviewers per proposal was saved."))


@bp.post("/officer/calls/<int:call_id>/review/auto")
@login_required
def auto(call_id: int):
    call = _officer_call(call_id)
    if not FlaskForm().validate():
        abort(400)
    try:
        shortfall = operations.auto_assign(call, current_user)
    except operations.ReviewError as error:
        return _refused(call, error)
    db.session.commit()
    if shortfall:
        titles = "; ".join(
            _("%(title)s (%(missing)s missing)", title=proposal.title, missing=missing)
            for proposal, missing in shortfall
        )
        message = ngettext(
            "%(num)s proposal could not get %(k)s reviewers: %(titles)s",
            "%(num)s proposals could not get %(k)s reviewers: %(titles)s",
            len(shortfall),
            k=call.reviewers_per_proposal,
            titles=titles,
        )
        flash(message, "error")
    else:
        flash(_("Every eligible proposal has its reviewers."), "success")
    return redirect(url_for(".officer", call_id=call.id))


def _pair(call: Call):
    form = PairForm()
    if not form.validate():
        return None, None
    proposal = db.session.get(Proposal, form.proposal_id.data)
    reviewer = _user_or_none(form.reviewer_id.data)
    if proposal is None or proposal.call_id != call.id or reviewer is None:
        return None, None
    return proposal, reviewer


@bp.post("/officer/calls/<int:call_id>/review/assign")
@login_required
def assign(call_id: int):
    call = _officer_call(call_id)
    proposal, reviewer = _pair(call)
    if proposal is None:
        return _render_officer(call, status=400, problems=[_("Choose a proposal and a reviewer.")])
    try:
        operations.assign(proposal, reviewer, current_user)
    except operations.ReviewError as error:
        return _refused(call, error)
    return _done(
        call,
        _(
            "%(name)s was assigned to “%(title)s”.",
            name=reviewer.display_name,
            title=proposal.title,
        ),
    )


@bp.post("/officer/calls/<int:call_id>/review/unassign")
@login_required
def unassign(call_id: int):
    call = _officer_call(call_id)
    proposal, reviewer = _pair(call)
    if proposal is None:
        return _render_officer(call, status=400, problems=[_("Choose a proposal and a reviewer.")])
    try:
        operations.unassign(proposal, reviewer, current_user)
    except operations.ReviewError as error:
        return _refused(call, error)
    return _done(
        call,
        _(
            "%(name)s no longer reviews “%(title)s”.",
            name=reviewer.display_name,
            title=proposal.title,
        ),
    )


@bp.post("/officer/calls/<int:call_id>/review/conflicts/lift")
@login_required
def lift_conflict(call_id: int):
    call = _officer_call(call_id)
    proposal, reviewer = _pair(call)
    if proposal is None:
        return _render_officer(call, status=400, problems=[_("Choose a proposal and a reviewer.")])
    try:
        operations.lift_conflict(proposal, reviewer, current_user, request.form.get("note", ""))
    except operations.ReviewError as error:
        return _refused(call, error)
    return _done(
        call,
        _(
            "The conflict of interest of %(name)s with “%(title)s” is lifted.",
            name=reviewer.display_name,
            title=proposal.title,
        ),
    )


# --- reviewers ------------------------------------------------------------------------------


def _render_queue(*, status=200, problems=(), failed=None):
    authorize(current_user, Permission.VIEW_REVIEW_QUEUE)
    calls = db.session.scalars(
        sa.select(Call)
        .join(CommitteeMember, CommitteeMember.call_id == Call.id)
        .where(CommitteeMember.user_id == current_user.id)
        .order_by(Call.opens_at.desc(), Call.id)
    ).all()
    page = db.paginate(
        sa.select(ReviewAssignment)
        .options(
            joinedload(ReviewAssignment.proposal).joinedload(Proposal.call),
            joinedload(ReviewAssignment.proposal).joinedload(Proposal.group),
            selectinload(ReviewAssignment.review),
        )
        .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
        .join(Call, Call.id == Proposal.call_id)
        # The work still to do: calls whose review is open. Earlier reviews stay on each
        # call's committee page.
        .where(ReviewAssignment.reviewer_id == current_user.id, Call.review_closed_at.is_(None))
        .order_by(Call.closes_at.desc(), ReviewAssignment.id),
        per_page=current_app.config["PER_PAGE"],
    )
    return render_template(
        "review/queue.html",
        calls=calls,
        page=page,
        problems=problems,
        failed=failed,
        conflict_form=ConflictForm(formdata=None),
    ), status


@bp.get("/review/")
@login_required
def queue():
    return _render_queue()


def _render_committee_call(call: Call, *, status=200, problems=(), failed=None):
    authorize(current_user, Permission.VIEW_COMMITTEE_CALL, call)
    return render_template(
        "review/committee_call.html",
        call=call,
        in_review=call.phase is Phase.IN_REVIEW,
        rows=operations.committee_proposals(call, current_user),
        problems=problems,
        failed=failed,
        conflict_form=ConflictForm(formdata=None),
    ), status


@bp.get("/review/calls/<int:call_id>")
@login_required
def committee_call(call_id: int):
    return _render_committee_call(_call_or_404(call_id))


@bp.post("/review/proposals/<int:proposal_id>/conflict")
@login_required
def declare_conflict(proposal_id: int):
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None:
        abort(404)
    authorize(current_user, Permission.DECLARE_CONFLICT, proposal)
    # Declared from the queue (assigned proposals) or from the call's list (any proposal).
    from_call = request.form.get("origin") == "call"

    def refused(status, problems):
        if from_call:
            return _render_committee_call(
                proposal.call, status=status, problems=problems, failed=proposal.id
            )
        return _render_queue(status=status, problems=problems, failed=proposal.id)

    form = ConflictForm()
    if not form.validate():
        return refused(400, form.note.errors)
    try:
        operations.declare_conflict(proposal, current_user, form.note.data)
    except operations.ReviewError as error:
        db.session.rollback()
        return refused(409, error.problems)
    db.session.commit()
    flash(
        _("Your conflict of interest with “%(title)s” is recorded.", title=proposal.title),
        "success",
    )
    if from_call:
        return redirect(url_for(".committee_call", call_id=proposal.call_id))
    return redirect(url_for(".queue"))


# --- scoring --------------------------------------------------------------------------------


def _scoring(proposal_id: int):
    # The permission reads the group, the page the call: one query for the three.
    proposal = db.session.get(
        Proposal,
        proposal_id,
        options=[
            joinedload(Proposal.call, innerjoin=True),
            joinedload(Proposal.group, innerjoin=True),
        ],
    )
    if proposal is None:
        abort(404)
    authorize(current_user, Permission.SCORE_PROPOSAL, proposal)
    return proposal, operations.assignment_of(proposal, current_user)


def _render_score(proposal, assignment, form=None, *, status=200, problems=()):
    review = operations.review_of(assignment)
    if form is None:
        data = {}
        for row in review.scores if review else ():
            data[f"score-{row.criterion_id}"] = row.score
            data[f"comment-{row.criterion_id}"] = row.comment
        form = score_form(proposal.call.criteria, data=data)
    submitted = review is not None and review.submitted
    others = []
    if submitted and can(current_user, Permission.VIEW_SCORES, proposal):
        others = [
            other for other in operations.submitted_reviews(proposal) if other.id != review.id
        ]
    return render_template(
        "review/score.html",
        proposal=proposal,
        call=proposal.call,
        review=review,
        submitted=submitted,
        in_review=proposal.call.phase is Phase.IN_REVIEW,
        form=form,
        others=others,
        problems=problems,
    ), status


@bp.get("/review/proposals/<int:proposal_id>/score")
@login_required
def score(proposal_id: int):
    proposal, assignment = _scoring(proposal_id)
    return _render_score(proposal, assignment)


@bp.post("/review/proposals/<int:proposal_id>/score")
@login_required
def save_score(proposal_id: int):
    proposal, assignment = _scoring(proposal_id)
    criteria = proposal.call.criteria
    form = score_form(criteria, formdata=request.form)
    if not form.validate():
        return _render_score(proposal, assignment, form, status=400)
    submit = request.form.get("action") == "submit"
    scores = {
        criterion.id: (
            form[f"score-{criterion.id}"].data,
            (form[f"comment-{criterion.id}"].data or "").strip(),
        )
        for criterion in criteria
    }
    try:
        operations.save_review(assignment, current_user, scores, submit)
    except operations.ScoreError as error:
        db.session.rollback()
        for criterion_id, message in error.by_criterion.items():
            form[f"score-{criterion_id}"].errors = [message]
        return _render_score(proposal, assignment, form, status=400, problems=error.problems)
    except operations.ReviewError as error:
        db.session.rollback()
        status = 409
        return _render_score(proposal, assignment, form, status=status, problems=error.problems)
    db.session.commit()
    if submit:
        flash(_("Your review of “%(title)s” was submitted.", title=proposal.title), "success")
    else:
        flash(_("Your draft review of “%(title)s” was saved.", title=proposal.title), "success")
    return redirect(url_for(".score", proposal_id=proposal.id))


@bp.get("/officer/calls/<int:call_id>/review/results")
@login_required
def results(call_id: int):
    call = _officer_call(call_id)
    submitted, total = operations.review_progress(call)
    return render_template(
        "review/results.html",
        call=call,
        results=operations.call_results(call),
        progress_submitted=submitted,
        progress_total=total,
        threshold=int(scoring.DISAGREEMENT_SPREAD),
    )
