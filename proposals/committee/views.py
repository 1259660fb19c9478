"""The committee pages: the secretary's recording page and the ranked committee report."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from proposals.calls.models import Call, Phase
from proposals.committee import operations
from proposals.committee.forms import RecommendationForm
from proposals.extensions import db
from proposals.permissions import Permission, authorize
from proposals.submissions.models import Proposal
from proposals.submissions.workflow import WorkflowError

bp = Blueprint("committee", __name__)

# The phases in which the committee report exists: from the end of review on.
REPORT_PHASES = (Phase.RECOMMENDING, Phase.SELECTING, Phase.DECIDED)


def _call_or_404(call_id: int, *, lock: bool = False) -> Call:
    # Recording locks the call so that "Send to the mayor's office" (which locks it too)
    # cannot pass between the phase check and the commit.
    call = db.session.get(Call, call_id, with_for_update=lock or None)
    if call is None:
        abort(404)
    return call


# --- the secretary's page -------------------------------------------------------------------


def _render_officer(call: Call, *, status=200, problems=(), failed=None, failed_form=None):
    recommendations = operations.call_recommendations(call)
    voters = operations.call_voters(call)
    recording = call.phase is Phase.RECOMMENDING
    items = []
    for row in operations.committee_report(call):
        proposal = row.proposal
        if failed_form is not None and proposal.id == failed:
            form = failed_form
        else:
            form = RecommendationForm.for_proposal(proposal.id, recommendations.get(proposal.id))
        items.append({"row": row, "voters": voters[proposal.id], "form": form})
    return render_template(
        "committee/officer.html",
        call=call,
        items=items,
        recording=recording,
        recorded=len(recommendations.keys() & {item["row"].proposal.id for item in items}),
        report_available=call.phase in REPORT_PHASES,
        problems=problems,
        failed=failed,
    ), status


@bp.get("/officer/calls/<int:call_id>/committee")
@login_required
def officer(call_id: int):
    call = _call_or_404(call_id)
    authorize(current_user, Permission.RECORD_RECOMMENDATION, call)
    return _render_officer(call)


@bp.post("/officer/calls/<int:call_id>/committee/<int:proposal_id>")
@login_required
def record(call_id: int, proposal_id: int):
    call = _call_or_404(call_id, lock=True)
    authorize(current_user, Permission.RECORD_RECOMMENDATION, call)
    proposal = db.session.get(Proposal, proposal_id, with_for_update=True)
    if proposal is None or proposal.call_id != call.id:
        abort(404)
    form = RecommendationForm.for_proposal(proposal.id, formdata=request.form)
    if not form.validate():
        return _render_officer(call, status=400, failed=proposal.id, failed_form=form)
    try:
        operations.record_recommendation(
            proposal,
            current_user,
            recommended=form.recommended.data == "yes",
            votes_for=form.votes_for.data,
            votes_against=form.votes_against.data,
            votes_abstain=form.votes_abstain.data,
            rationale=form.rationale.data,
        )
    except operations.VoteError as error:
        db.session.rollback()
        for name, message in error.by_field.items():
            form[name].errors = [*form[name].errors, message]
        return _render_officer(call, status=400, failed=proposal.id, failed_form=form)
    except WorkflowError as error:
        db.session.rollback()
        return _render_officer(
            call, status=409, problems=error.problems, failed=proposal.id, failed_form=form
        )
    db.session.commit()
    flash(
        _("The committee's recommendation on “%(title)s” was recorded.", title=proposal.title),
        "success",
    )
    return redirect(url_for(".officer", call_id=call.id, _anchor=f"proposal-{proposal.id}"))


# --- the committee report -------------------------------------------------------------------


def _report_call(call_id: int) -> tuple[Call, list[str]]:
    call = _call_or_404(call_id)
    authorize(current_user, Permission.VIEW_COMMITTEE_REPORT, call)
    if call.phase not in REPORT_PHASES:
        return call, [_("The committee report exists once the officers have closed the review.")]
    return call, []


@bp.get("/calls/<int:call_id>/committee-report")
@login_required
def report(call_id: int):
    call, problems = _report_call(call_id)
    rows = [] if problems else operations.committee_report(call)
    return render_template(
        "committee/report.html",
        call=call,
        rows=rows,
        problems=problems,
        recorded=sum(1 for row in rows if row.recommendation is not None),
        recommended_total=sum(
            row.requested for row in rows if row.recommendation and row.recommendation.recommended
        ),
        # Hundreds of rows: build the link once and translate the repeated texts once.
        proposal_base=url_for("submissions.view", proposal_id=0)[:-1],
        labels={
            "no_score": _("no score"),
            "over": _("over the envelope"),
            "recommended": _("Recommended"),
            "not_recommended": _("Not recommended"),
            "not_recorded": _("Not recorded"),
        },
        criteria=list(call.criteria),
    ), (409 if problems else 200)


# A cell starting with one of these runs as a formula when the file is opened in a spreadsheet.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def report_csv_text(call: Call, rows: list[operations.ReportRow]) -> str:
    """The report as CSV text (without the byte-order mark): a header row, then one row
    per proposal in ranking order. Amounts are whole yen, scores have one or two decimals."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            _("Rank"),
            _("Proposal"),
            _("Group"),
            _("Weighted score (0-100)"),
            *[_("Mean: %(criterion)s", criterion=criterion.name) for criterion in call.criteria],
            _("Requested (yen)"),
            _("Running total (yen)"),
            _("Within the budget envelope"),
            _("Recommendation"),
            _("Votes for"),
            _("Votes against"),
            _("Abstentions"),
            _("Rationale"),
        ]
    )
    for row in rows:
        result, recommendation = row.result, row.recommendation
        if recommendation is None:
            outcome, votes = _("Not recorded"), ["", "", ""]
        else:
            outcome = _("Recommended") if recommendation.recommended else _("Not recommended")
            votes = [
                recommendation.votes_for,
                recommendation.votes_against,
                recommendation.votes_abstain,
            ]
        writer.writerow(
            _cell(value)
            for value in [
                row.rank if row.rank is not None else "",
                row.proposal.title,
                row.proposal.group.name,
                f"{result.mean:.1f}" if result else _("no score"),
                *[
                    f"{result.criterion_means[criterion.id]:.2f}" if result else ""
                    for criterion in call.criteria
                ],
                int(row.requested),
                int(row.running_total),
                _("yes") if row.within_envelope else _("no"),
                outcome,
                *votes,
                recommendation.rationale if recommendation else "",
            ]
        )
    return buffer.getvalue()


@bp.get("/calls/<int:call_id>/committee-report.csv")
@login_required
def report_csv(call_id: int):
    call, problems = _report_call(call_id)
    if problems:
        return render_template("committee/report.html", call=call, rows=[], problems=problems), 409
    # A byte-order mark, so that Excel in Japan reads the file as UTF-8, not Shift_JIS.
    body = "\ufeff" + report_csv_text(call, operations.committee_report(call))
    filename = f"committee-report-call-{call.id}.csv"
    return Response(
        body.encode("utf-8"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )
