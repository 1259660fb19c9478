"""The report pages: choose a period, type the values, submit, verify, return, correct; and
the officers' list of reports due and overdue."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from proposals import uploads
from proposals.database import utcnow
from proposals.extensions import db
from proposals.permissions import Permission, authorize, can
from proposals.projects import evidence, reporting
from proposals.projects.indicators import Report, ReportAttachment, ReportState
from proposals.projects.models import Project
from proposals.projects.report_forms import (
    EvidenceForm,
    NewReportForm,
    ReturnForm,
    ReviseForm,
    field_name,
    report_values_form,
)
from proposals.submissions.workflow import WorkflowError

bp = Blueprint("reports", __name__)


@bp.app_template_global("project_reports")
def project_reports(project: Project) -> list[Report]:
    """The project's reports the visitor may see, for templates/projects/_reports.html."""
    return reporting.visible_reports(project, current_user)


def _project_or_404(project_id: int, *, lock: bool = False) -> Project:
    # Starting a report locks the project so that two people cannot open the same period twice.
    project = db.session.get(Project, project_id, with_for_update=lock or None)
    if project is None:
        abort(404)
    return project


def _report_or_404(report_id: int, *, lock: bool = False) -> Report:
    """The report, if ``current_user`` may know it exists: drafts and submitted reports are
    the group's and the officers'; verified and superseded ones are public."""
    report = db.session.get(Report, report_id, with_for_update=lock or None)
    if report is None:
        abort(404)
    if not reporting.is_public(report) and not can(
        current_user, Permission.VIEW_PROJECT_REPORTS, report.project
    ):
        abort(404)
    return report


# --- a new report ---------------------------------------------------------------------------


def _new_form(project: Project, formdata=None) -> NewReportForm:
    last = reporting.current_fiscal_year(project.call)
    return NewReportForm(project.call.fiscal_year, last, formdata=formdata)


@bp.route("/projects/<int:project_id>/reports/new", methods=["GET", "POST"])
@login_required
def new(project_id: int):
    project = _project_or_404(project_id, lock=request.method == "POST")
    authorize(current_user, Permission.PREPARE_REPORT, project)
    if request.method == "GET":
        return render_template("reports/new.html", project=project, form=_new_form(project))
    form = _new_form(project, request.form)
    if not form.validate():
        return render_template("reports/new.html", project=project, form=form), 400
    try:
        report = reporting.start_report(
            project, current_user, form.fiscal_year.data, form.quarter_value
        )
    except WorkflowError as error:
        db.session.rollback()
        existing = getattr(error, "report", None)
        return render_template(
            "reports/new.html",
            project=project,
            form=form,
            problems=error.problems,
            existing=existing,
        ), 409
    db.session.commit()
    flash(_("The draft report for %(period)s was opened.", period=report.period_label), "success")
    return redirect(url_for(".edit", report_id=report.id))


# --- the report -----------------------------------------------------------------------------


def _evidence_form(*, submitted: bool = False) -> EvidenceForm:
    """The upload form: empty, or read from the request (its file and CSRF token)."""
    if submitted:
        return EvidenceForm(max_megabytes=uploads.max_megabytes())
    return EvidenceForm(formdata=None, max_megabytes=uploads.max_megabytes())


def _render_view(
    report: Report,
    *,
    status=200,
    problems=(),
    return_form=None,
    revise_form=None,
    evidence_form=None,
):
    return render_template(
        "reports/view.html",
        report=report,
        project=report.project,
        call=report.project.call,
        rows=reporting.report_table(report),
        revisions=[
            revision
            for revision in reporting.revisions_of(report)
            if reporting.is_public(revision)
            or can(current_user, Permission.VIEW_PROJECT_REPORTS, report.project)
        ],
        missing=reporting.missing_values(report) if report.state.value == "draft" else [],
        problems=problems,
        return_form=return_form or ReturnForm(formdata=None),
        revise_form=revise_form or ReviseForm(formdata=None),
        evidence_form=evidence_form or _evidence_form(),
        max_evidence=evidence.MAX_ATTACHMENTS_PER_REPORT,
    ), status


@bp.get("/reports/<int:report_id>")
def view(report_id: int):
    return _render_view(_report_or_404(report_id))


def _render_edit(report: Report, form, *, status=200, problems=()):
    return render_template(
        "reports/edit.html",
        report=report,
        project=report.project,
        form=form,
        keys=reporting.value_keys(reporting.indicators_of(report.project)),
        field_name=field_name,
        problems=problems,
    ), status


@bp.route("/reports/<int:report_id>/edit", methods=["GET", "POST"])
@login_required
def edit(report_id: int):
    report = _report_or_404(report_id, lock=request.method == "POST")
    authorize(current_user, Permission.PREPARE_REPORT, report.project)
    keys = reporting.value_keys(reporting.indicators_of(report.project))
    if request.method == "GET":
        form = report_values_form(
            keys,
            formdata=None,
            values=reporting.values_of(report),
            notes=report.notes,
            outcomes=report.outcomes,
        )
        if report.state.value != "draft":
            problems = [_("Only a draft report can be changed.")]
            return _render_edit(report, form, status=409, problems=problems)
        return _render_edit(report, form)
    form = report_values_form(keys, formdata=request.form)
    if not form.validate():
        return _render_edit(report, form, status=400)
    values = {key: form[field_name(key)].data for key in form.value_keys}
    try:
        reporting.save_report(
            report, current_user, values, form.notes.data or "", form.outcomes.data or ""
        )
    except reporting.ReportValueError as error:
        db.session.rollback()
        for key, message in error.by_key.items():
            field = form._fields.get(field_name(key))
            if field is not None:
                field.errors = [*field.errors, message]
        return _render_edit(report, form, status=400)
    except WorkflowError as error:
        db.session.rollback()
        return _render_edit(report, form, status=409, problems=error.problems)
    db.session.commit()
    flash(_("The report was saved."), "success")
    return redirect(url_for(".view", report_id=report.id))


# --- transitions ----------------------------------------------------------------------------


@bp.post("/reports/<int:report_id>/submit")
@login_required
def submit(report_id: int):
    report = _report_or_404(report_id, lock=True)
    authorize(current_user, Permission.SUBMIT_REPORT, report.project)
    try:
        reporting.submit_report(report, current_user)
    except WorkflowError as error:
        db.session.rollback()
        return _render_view(report, status=409, problems=error.problems)
    db.session.commit()
    flash(_("The report was submitted for verification by another officer."), "success")
    return redirect(url_for(".view", report_id=report.id))


@bp.post("/reports/<int:report_id>/verify")
@login_required
def verify(report_id: int):
    report = _report_or_404(report_id, lock=True)
    authorize(current_user, Permission.VERIFY_REPORT, report)
    try:
        reporting.verify_report(report, current_user)
    except WorkflowError as error:
        db.session.rollback()
        return _render_view(report, status=409, problems=error.problems)
    db.session.commit()
    flash(_("The report was verified; its values are now public."), "success")
    return redirect(url_for(".view", report_id=report.id))


@bp.post("/reports/<int:report_id>/return")
@login_required
def return_(report_id: int):
    report = _report_or_404(report_id, lock=True)
    authorize(current_user, Permission.VERIFY_REPORT, report)
    form = ReturnForm(formdata=request.form)
    if not form.validate():
        return _render_view(report, status=400, return_form=form)
    try:
        reporting.return_report(report, current_user, form.note.data)
    except WorkflowError as error:
        db.session.rollback()
        return _render_view(report, status=409, problems=error.problems, return_form=form)
    db.session.commit()
    flash(_("The report was returned to the lead officer."), "success")
    return redirect(url_for(".view", report_id=report.id))


@bp.post("/reports/<int:report_id>/revise")
@login_required
def revise(report_id: int):
    report = _report_or_404(report_id, lock=True)
    authorize(current_user, Permission.SUBMIT_REPORT, report.project)
    form = ReviseForm(formdata=request.form)
    if not form.validate():
        return _render_view(report, status=400, revise_form=form)
    try:
        revision = reporting.revise_report(report, current_user, form.reason.data)
    except WorkflowError as error:
        db.session.rollback()
        return _render_view(report, status=409, problems=error.problems, revise_form=form)
    db.session.commit()
    flash(
        _(
            "Revision %(revision)s was opened as a draft; the verified report stays public "
            "until the revision is verified.",
            revision=revision.revision,
        ),
        "success",
    )
    return redirect(url_for(".edit", report_id=revision.id))


# --- evidence -----------------------------------------------------------------------------


def _evidence_or_404(report: Report, attachment_id: int) -> ReportAttachment:
    attachment = db.session.get(ReportAttachment, attachment_id)
    if attachment is None or attachment.report_id != report.id:
        abort(404)
    return attachment


@bp.post("/reports/<int:report_id>/evidence")
@login_required
def upload_evidence(report_id: int):
    report = _report_or_404(report_id, lock=True)
    authorize(current_user, Permission.EDIT_REPORT_EVIDENCE, report)
    form = _evidence_form(submitted=True)
    if not form.validate_on_submit():
        return _render_view(report, status=400, evidence_form=form)
    try:
        attachment = evidence.attach(report, current_user, form.file.data)
    except evidence.EvidenceError as error:
        db.session.rollback()
        if report.state is not ReportState.DRAFT:
            # No upload form on a report past its draft: the message goes on top.
            return _render_view(report, status=409, problems=[str(error)])
        form.file.errors.append(str(error))
        return _render_view(report, status=400, evidence_form=form)
    # Should the commit fail, the session deletes the stored file (proposals/uploads.py).
    db.session.commit()
    flash(_("Attached “%(name)s”.", name=attachment.filename), "success")
    return redirect(url_for(".view", report_id=report.id, _anchor="evidence"))


@bp.post("/reports/<int:report_id>/evidence/<int:attachment_id>/remove")
@login_required
def remove_evidence(report_id: int, attachment_id: int):
    report = _report_or_404(report_id, lock=True)
    authorize(current_user, Permission.EDIT_REPORT_EVIDENCE, report)
    attachment = _evidence_or_404(report, attachment_id)
    name = attachment.filename
    try:
        evidence.detach(attachment, current_user)
    except evidence.EvidenceError as error:
        db.session.rollback()
        return _render_view(report, status=409, problems=[str(error)])
    db.session.commit()
    flash(_("Removed “%(name)s”.", name=name), "success")
    return redirect(url_for(".view", report_id=report.id, _anchor="evidence"))


@bp.get("/reports/<int:report_id>/evidence/<int:attachment_id>")
def download_evidence(report_id: int, attachment_id: int):
    report = _report_or_404(report_id)
    authorize(current_user, Permission.VIEW_REPORT_EVIDENCE, report)
    return evidence.download(_evidence_or_404(report, attachment_id))


# --- due and overdue ------------------------------------------------------------------------


@bp.get("/officer/reports/due")
@login_required
def due():
    authorize(current_user, Permission.VIEW_REPORTS_DUE)
    # The city's today: the due dates are the city's days.
    zone = ZoneInfo(current_app.config["DEFAULT_TIMEZONE"])
    today = utcnow().astimezone(zone).date()
    return render_template(
        "reports/due.html",
        rows=reporting.reports_due(today),
        awaiting=reporting.awaiting_verification(),
        today=today,
        due_day=format_skeleton(
            "MMMMd",
            dt.date(2001, reporting.DUE_MONTH, reporting.DUE_DAY),
            locale=str(get_locale() or "en"),
        ),
    )
