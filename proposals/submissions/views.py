"""The proposal's pages: starting a draft, editing it, attachments, the proposal page,
submitting and withdrawing."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from proposals.calls.models import Call
from proposals.extensions import db
from proposals.groups.models import Group, Membership
from proposals.permissions import Permission, authorize, can
from proposals.submissions import attachments, workflow
from proposals.submissions.drafting import create_draft, update_draft
from proposals.submissions.forms import (
    AttachmentForm,
    EligibilityForm,
    NewProposalForm,
    ProposalForm,
    WithdrawForm,
)
from proposals.submissions.models import Attachment, Proposal, ProposalState
from proposals.submissions.workflow import WorkflowError

bp = Blueprint("submissions", __name__)
log = logging.getLogger(__name__)


# --- loading ---------------------------------------------------------------------------


def _proposal_or_404(proposal_id: int, *, lock: bool = False) -> Proposal:
    # Transitions lock the row so that two members pressing "Submit" at once submit once.
    if lock:
        proposal = db.session.get(Proposal, proposal_id, with_for_update=True)
    else:  # every page of a proposal names its call and its group: one query for the three
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
    return proposal


def _attachment_or_404(proposal: Proposal, attachment_id: int) -> Attachment:
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.proposal_id != proposal.id:
        abort(404)
    return attachment


def _authorize_draft_change(proposal: Proposal, permission: Permission) -> None:
    """Like ``authorize``, but a member changing a submitted proposal is told why (409)."""
    frozen = proposal.state is not ProposalState.DRAFT
    if frozen and can(current_user, Permission.VIEW_GROUP_DASHBOARD, proposal.group):
        abort(
            409,
            description=_(
                "This proposal has been submitted: it is frozen and can no longer change."
            ),
        )
    authorize(current_user, permission, proposal)


def _groups_of(user) -> list[Group]:
    return list(
        db.session.scalars(
            sa.select(Group)
            .join(Membership, Membership.group_id == Group.id)
            .where(Membership.user_id == user.id)
            .order_by(Group.name)
        )
    )


def _megabytes() -> float:
    return current_app.config["MAX_ATTACHMENT_BYTES"] / (1024 * 1024)


# --- starting a draft --------------------------------------------------------------------


@bp.route("/calls/<int:call_id>/proposals/new", methods=["GET", "POST"])
@login_required
def new(call_id: int):
    call = db.get_or_404(Call, call_id)
    groups = _groups_of(current_user)
    form = NewProposalForm(groups=groups, group_id=_requested_group(groups))
    if not call.is_open:
        problems = [_("This call is not open for submissions.")]
        return render_template("submissions/new.html", call=call, form=None, problems=problems), 409
    if not groups:
        return render_template("submissions/new.html", call=call, form=None, problems=[])
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("submissions/new.html", call=call, form=form, problems=[]), status

    group = next(group for group in groups if group.id == form.group_id.data)
    authorize(current_user, Permission.CREATE_PROPOSAL, group)
    try:
        proposal = create_draft(call, group, current_user, title=form.title.data)
    except WorkflowError as error:
        db.session.rollback()
        return render_template(
            "submissions/new.html", call=call, form=form, problems=error.problems
        ), 409
    db.session.commit()
    flash(_("Draft started. Fill in the sections in any order and save as you go."), "success")
    return redirect(url_for(".edit", proposal_id=proposal.id))


def _requested_group(groups: list[Group]) -> int | None:
    wanted = request.args.get("group_id", type=int)
    return wanted if any(group.id == wanted for group in groups) else None


# --- editing a draft ---------------------------------------------------------------------


def _render_edit(proposal, form=None, attachment_form=None, status=200, problems=()):
    return render_template(
        "submissions/edit.html",
        proposal=proposal,
        form=form or ProposalForm.for_proposal(proposal, blank_lines=_default_blank(proposal)),
        attachment_form=attachment_form or AttachmentForm(max_megabytes=_megabytes()),
        checklist=workflow.submission_problems(proposal),
        problems=problems,
    ), status


def _default_blank(proposal) -> int:
    # A new draft starts with a few empty lines; a budget under way, with one.
    return max(1, 3 - len(proposal.budget_lines))


@bp.route("/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit(proposal_id: int):
    proposal = _proposal_or_404(proposal_id)
    _authorize_draft_change(proposal, Permission.EDIT_PROPOSAL)
    form = ProposalForm()
    if not form.is_submitted():
        return _render_edit(proposal)
    if not form.validate():
        return _render_edit(proposal, form, status=400)
    adding_line, adding_indicator = form.add_line.data, form.add_indicator.data
    blank_lines = form.blank_rows(form.budget_lines) + (1 if adding_line else 0)
    blank_indicators = form.blank_rows(form.indicators) + (1 if adding_indicator else 0)
    try:
        update_draft(proposal, current_user, **form.draft_changes())
    except WorkflowError as error:
        db.session.rollback()
        return _render_edit(proposal, form, status=400, problems=error.problems)
    db.session.commit()
    flash(_("Draft saved."), "success")
    if adding_line or adding_indicator:
        # Saved, then shown again with one more empty row: no JavaScript needed.
        form = ProposalForm.for_proposal(
            proposal,
            blank_lines=max(1, blank_lines),
            blank_indicators=max(1, blank_indicators),
        )
        return _render_edit(proposal, form)
    return redirect(url_for(".edit", proposal_id=proposal.id))


# --- attachments -------------------------------------------------------------------------


@bp.post("/proposals/<int:proposal_id>/attachments")
@login_required
def upload_attachment(proposal_id: int):
    proposal = _proposal_or_404(proposal_id)
    _authorize_draft_change(proposal, Permission.EDIT_PROPOSAL)
    form = AttachmentForm(max_megabytes=_megabytes())
    if not form.validate_on_submit():
        return _render_edit(proposal, attachment_form=form, status=400)
    try:
        attachment = attachments.store(proposal, current_user, form.file.data)
    except attachments.AttachmentError as error:
        db.session.rollback()
        form.file.errors.append(str(error))
        return _render_edit(proposal, attachment_form=form, status=400)
    # Should the commit fail, the session deletes the stored file (attachments.py).
    db.session.commit()
    flash(_("Attached “%(name)s”.", name=attachment.filename), "success")
    return redirect(url_for(".edit", proposal_id=proposal.id, _anchor="attachments"))


@bp.post("/proposals/<int:proposal_id>/attachments/<int:attachment_id>/remove")
@login_required
def remove_attachment(proposal_id: int, attachment_id: int):
    proposal = _proposal_or_404(proposal_id)
    _authorize_draft_change(proposal, Permission.EDIT_PROPOSAL)
    attachment = _attachment_or_404(proposal, attachment_id)
    name = attachment.filename
    attachments.delete(attachment, current_user)
    db.session.commit()
    flash(_("Removed “%(name)s”.", name=name), "success")
    return redirect(url_for(".edit", proposal_id=proposal.id, _anchor="attachments"))


@bp.get("/proposals/<int:proposal_id>/attachments/<int:attachment_id>")
def download_attachment(proposal_id: int, attachment_id: int):
    proposal = _proposal_or_404(proposal_id)
    authorize(current_user, Permission.VIEW_ATTACHMENT, proposal)
    attachment = _attachment_or_404(proposal, attachment_id)
    path = attachments.path_of(attachment)
    if not path.is_file():
        log.error("attachment %s: file %s is missing", attachment.id, path)
        abort(404)
    response = send_file(
        path,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
        etag=attachment.sha256,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Should a browser render it anyway, it runs nothing and reaches nothing.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.cache_control.private = True
    return response


# --- the proposal page, submitting, withdrawing ---------------------------------------------


def _render_view(
    proposal,
    *,
    status=200,
    submit_problems=(),
    withdraw_form=None,
    eligibility_form=None,
    eligibility_problems=(),
):
    member_draft = can(current_user, Permission.SUBMIT_PROPOSAL, proposal)
    may_withdraw = can(current_user, Permission.WITHDRAW_PROPOSAL, proposal)
    if may_withdraw and withdraw_form is None:
        withdraw_form = WithdrawForm(formdata=None)
    may_check = can(current_user, Permission.CHECK_ELIGIBILITY, proposal)
    if may_check and eligibility_form is None:
        eligibility_form = EligibilityForm(formdata=None)
    return render_template(
        "submissions/view.html",
        proposal=proposal,
        call=proposal.call,
        member_draft=member_draft,
        checklist=workflow.submission_problems(proposal) if member_draft else [],
        submit_problems=submit_problems,
        withdraw_form=withdraw_form if may_withdraw else None,
        eligibility_form=eligibility_form if may_check else None,
        eligibility_open=may_check and workflow.can_check_eligibility(proposal),
        eligibility_problems=eligibility_problems,
    ), status


@bp.get("/proposals/<int:proposal_id>")
def view(proposal_id: int):
    proposal = _proposal_or_404(proposal_id)
    authorize(current_user, Permission.VIEW_PROPOSAL, proposal)
    return _render_view(proposal)


@bp.post("/proposals/<int:proposal_id>/submit")
@login_required
def submit(proposal_id: int):
    proposal = _proposal_or_404(proposal_id, lock=True)
    _authorize_draft_change(proposal, Permission.SUBMIT_PROPOSAL)
    try:
        workflow.submit(proposal, current_user)
    except WorkflowError as error:
        db.session.rollback()
        return _render_view(proposal, status=409, submit_problems=error.problems)
    db.session.commit()
    flash(
        _(
            "“%(title)s” was submitted to %(call)s. It can no longer be edited.",
            title=proposal.title,
            call=proposal.call.title,
        ),
        "success",
    )
    return redirect(url_for("groups.dashboard", group_id=proposal.group_id))


@bp.post("/proposals/<int:proposal_id>/withdraw")
@login_required
def withdraw(proposal_id: int):
    proposal = _proposal_or_404(proposal_id, lock=True)
    authorize(current_user, Permission.WITHDRAW_PROPOSAL, proposal)
    form = WithdrawForm()
    if not form.validate():
        return _render_view(proposal, status=400, withdraw_form=form)
    try:
        workflow.withdraw(proposal, current_user, form.reason.data)
    except WorkflowError as error:
        db.session.rollback()
        form.reason.errors = list(error.problems)
        return _render_view(proposal, status=409, withdraw_form=form)
    db.session.commit()
    flash(_("The proposal was withdrawn."), "success")
    return redirect(url_for(".view", proposal_id=proposal.id))


# --- the officers' eligibility check ------------------------------------------------------

ELIGIBILITY_DONE = {
    "eligible": _l("The proposal was marked eligible; the group was told."),
    "ineligible": _l("The proposal was marked ineligible; the group was told the reason."),
    "reopen": _l("The eligibility check was reopened; the group was told."),
}


@bp.post("/proposals/<int:proposal_id>/eligibility")
@login_required
def eligibility(proposal_id: int):
    proposal = _proposal_or_404(proposal_id, lock=True)
    authorize(current_user, Permission.CHECK_ELIGIBILITY, proposal)
    form = EligibilityForm()
    if not form.validate():
        return _render_view(proposal, status=400, eligibility_form=form)
    decision, reason = form.decision.data, form.reason.data
    try:
        if decision == "eligible":
            workflow.mark_eligible(proposal, current_user)
        elif decision == "ineligible":
            workflow.mark_ineligible(proposal, current_user, reason)
        else:
            workflow.reopen_eligibility(proposal, current_user, reason)
    except WorkflowError as error:
        db.session.rollback()
        return _render_view(
            proposal, status=409, eligibility_form=form, eligibility_problems=error.problems
        )
    db.session.commit()
    flash(str(ELIGIBILITY_DONE[decision]), "success")
    return redirect(url_for(".view", proposal_id=proposal.id))
