"""The mayor's office publishes a call's decision; every proposal page shows its outcome."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from proposals.calls.models import Call
from proposals.extensions import db
from proposals.permissions import Permission, authorize
from proposals.publication import operations, queries
from proposals.submissions.workflow import WorkflowError

bp = Blueprint("publication", __name__)


@bp.app_template_global()
def published_outcome(proposal):
    """For templates/publication/_proposal_outcome.html: None until the decision is public."""
    return queries.proposal_outcome(proposal)


def _call_or_404(call_id: int) -> Call:
    # publish() itself locks the call row before it checks anything.
    call = db.session.get(Call, call_id)
    if call is None:
        abort(404)
    return call


def _render_confirm(call: Call, *, status: int = 200, problems=None):
    preview = operations.preview(call)
    return render_template(
        "publication/confirm.html",
        call=call,
        preview=preview,
        problems=preview.problems if problems is None else problems,
    ), status


@bp.route("/mayor/calls/<int:call_id>/publish", methods=["GET", "POST"])
@login_required
def publish(call_id: int):
    call = _call_or_404(call_id)
    authorize(current_user, Permission.PUBLISH_DECISION, call)
    if request.method != "POST":
        return _render_confirm(call)
    try:
        projects = operations.publish(call, current_user)
    except WorkflowError as error:
        db.session.rollback()
        return _render_confirm(call, status=409, problems=error.problems)
    db.session.commit()
    flash(
        _(
            "The decision on %(call)s was published: %(count)s projects selected. "
            "Every group was told its outcome.",
            call=call.title,
            count=len(projects),
        ),
        "success",
    )
    return redirect(url_for("calls.view", call_id=call.id, _anchor="decision"))
