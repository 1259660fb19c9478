"""Project pages: the public page and indicator history, the lead officer's management page,
and the officers' list of projects.

Views are thin: load (404), authorise (403), validate the form (400), call the domain
(``proposals.projects.operations``; a refusal is 409 and writes nothing), commit, redirect.
"""

from __future__ import annotations

import decimal

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from proposals.accounts.models import User
from proposals.extensions import db
from proposals.permissions import Permission, authorize
from proposals.projects import operations
from proposals.projects.forms import (
    CategoriesForm,
    DiscontinueForm,
    HandOverForm,
    IndicatorForm,
    ProjectDetailsForm,
)
from proposals.projects.indicators import (
    AGGREGATION_LABELS,
    DIRECTION_LABELS,
    KIND_LABELS,
    Indicator,
)
from proposals.projects.models import Project
from proposals.submissions.workflow import WorkflowError

bp = Blueprint("projects", __name__)


def _project_or_404(project_id: int, *, lock: bool = False) -> Project:
    # Changes lock the row so that two officers taking the lead at once take it once.
    project = db.session.get(Project, project_id, with_for_update=lock or None)
    if project is None:
        abort(404)
    return project


def _indicator_or_404(project: Project, indicator_id: int) -> Indicator:
    indicator = db.session.get(Indicator, indicator_id)
    if indicator is None or indicator.project_id != project.id:
        abort(404)
    return indicator


@bp.app_template_filter("indicator_number")
def indicator_number(value) -> str:
    """A baseline, target or value: "5,500" for whole numbers, "1,375.50" otherwise."""
    if value is None or value == "":
        return "–"
    number = decimal.Decimal(value)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,.2f}"


# --- public --------------------------------------------------------------------------------


@bp.get("/projects/<int:project_id>")
def view(project_id: int):
    # Projects exist only once a decision is published, and a published decision is public.
    project = _project_or_404(project_id)
    return render_template(
        "projects/view.html",
        project=project,
        call=project.call,
        indicators=operations.indicators_of(project),
    )


@bp.get("/projects/<int:project_id>/indicators/<int:indicator_id>/history")
def history(project_id: int, indicator_id: int):
    # Indicator definitions are public: who changed what, when and why.
    project = _project_or_404(project_id)
    indicator = _indicator_or_404(project, indicator_id)
    return render_template(
        "projects/history.html",
        project=project,
        indicator=indicator,
        revisions=list(reversed(operations.revisions(indicator))),
        kind_labels={kind.value: label for kind, label in KIND_LABELS.items()},
        aggregation_labels={key.value: label for key, label in AGGREGATION_LABELS.items()},
        direction_labels={key.value: label for key, label in DIRECTION_LABELS.items()},
    )


# --- the lead officer's page ---------------------------------------------------------------


def _render_manage(project: Project, *, status=200, problems=(), **forms):
    defaults = {
        "details": ProjectDetailsForm(
            formdata=None,
            department=project.department,
            starts_on=project.starts_on,
            ends_on=project.ends_on,
        ),
        "discontinue": DiscontinueForm(formdata=None),
        "hand_over": HandOverForm(
            [officer for officer in operations.officers() if officer.id != project.lead_officer_id],
            formdata=None,
        ),
        "add": IndicatorForm(project, formdata=None),
    }
    defaults.update(forms)
    return render_template(
        "projects/manage.html",
        project=project,
        indicators=operations.indicators_of(project),
        problems=problems,
        **defaults,
    ), status


def _act(project: Project, action, done: str, *, render, anchor=None):
    """Call the domain, commit and redirect; on a refusal roll back and re-render (409)."""
    try:
        action()
        db.session.commit()
    except WorkflowError as error:
        db.session.rollback()
        return render(error.problems)
    except IntegrityError:
        db.session.rollback()
        return render([_("Somebody changed this project at the same moment. Try again.")])
    flash(done, "success")
    return redirect(url_for(".manage", project_id=project.id, _anchor=anchor))


def _refused(project: Project, **forms):
    return lambda problems: _render_manage(project, status=409, problems=problems, **forms)


@bp.get("/projects/<int:project_id>/manage")
@login_required
def manage(project_id: int):
    project = _project_or_404(project_id)
    authorize(current_user, Permission.MANAGE_PROJECT, project)
    return _render_manage(project)


@bp.post("/projects/<int:project_id>/take-lead")
@login_required
def take_lead(project_id: int):
    project = _project_or_404(project_id, lock=True)
    authorize(current_user, Permission.TAKE_PROJECT_LEAD, project)
    try:
        operations.take_lead(project, current_user)
        db.session.commit()
    except WorkflowError as error:
        db.session.rollback()
        return render_template(
            "projects/view.html",
            project=project,
            call=project.call,
            indicators=operations.indicators_of(project),
            problems=error.problems,
        ), 409
    flash(_("You now lead this project."), "success")
    return redirect(url_for(".manage", project_id=project.id))


@bp.post("/projects/<int:project_id>/hand-over")
@login_required
def hand_over(project_id: int):
    project = _project_or_404(project_id, lock=True)
    authorize(current_user, Permission.MANAGE_PROJECT, project)
    candidates = [
        officer for officer in operations.officers() if officer.id != project.lead_officer_id
    ]
    form = HandOverForm(candidates)
    if not form.validate():
        return _render_manage(project, status=400, hand_over=form)
    new_lead = db.session.get(User, form.officer_id.data)
    return _act(
        project,
        lambda: operations.hand_over(project, current_user, new_lead),
        _("The project was handed over to %(name)s.", name=new_lead.display_name),
        render=_refused(project, hand_over=form),
    )


@bp.post("/projects/<int:project_id>/details")
@login_required
def details(project_id: int):
    project = _project_or_404(project_id, lock=True)
    authorize(current_user, Permission.MANAGE_PROJECT, project)
    form = ProjectDetailsForm()
    if not form.validate():
        return _render_manage(project, status=400, details=form)
    return _act(
        project,
        lambda: operations.update_project(
            project,
            current_user,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            department=form.department.data or "",
        ),
        _("The project's details were saved."),
        render=_refused(project, details=form),
    )


@bp.post("/projects/<int:project_id>/complete")
@login_required
def complete(project_id: int):
    project = _project_or_404(project_id, lock=True)
    authorize(current_user, Permission.MANAGE_PROJECT, project)
    return _act(
        project,
        lambda: operations.complete(project, current_user),
        _("The project is marked completed."),
        render=_refused(project),
    )


@bp.post("/projects/<int:project_id>/discontinue")
@login_required
def discontinue(project_id: int):
    project = _project_or_404(project_id, lock=True)
    authorize(current_user, Permission.MANAGE_PROJECT, project)
    form = DiscontinueForm()
    if not form.validate():
        return _render_manage(project, status=400, discontinue=form)
    return _act(
        project,
        lambda: operations.discontinue(project, current_user, form.reason.data),
        _("The project is marked discontinued."),
        render=_refused(project, discontinue=form),
    )


@bp.post("/projects/<int:project_id>/indicators")
@login_required
def add_indicator(project_id: int):
    project = _project_or_404(project_id, lock=True)
    authorize(current_user, Permission.MANAGE_PROJECT, project)
    form = IndicatorForm(project)
    if not form.validate():
        return _render_manage(project, status=400, add=form)
    return _act(
        project,
        lambda: operations.add_indicator(project, current_user, **form.values()),
        _("The indicator was added."),
        render=_refused(project, add=form),
        anchor="indicators",
    )


# --- one indicator -------------------------------------------------------------------------


def _render_indicator(project, indicator, *, status=200, problems=(), edit=None, categories=None):
    return render_template(
        "projects/indicator.html",
        project=project,
        indicator=indicator,
        edit=edit or IndicatorForm(project, indicator=indicator, formdata=None),
        categories=categories or CategoriesForm(indicator, formdata=None),
        problems=problems,
    ), status


def _indicator_act(project, indicator, action, done: str, **forms):
    try:
        action()
        db.session.commit()
    except WorkflowError as error:
        db.session.rollback()
        return _render_indicator(project, indicator, status=409, problems=error.problems, **forms)
    except IntegrityError:
        db.session.rollback()
        problems = [_("Somebody changed this indicator at the same moment. Try again.")]
        return _render_indicator(project, indicator, status=409, problems=problems, **forms)
    flash(done, "success")
    return redirect(url_for(".manage", project_id=project.id, _anchor="indicators"))


@bp.get("/projects/<int:project_id>/indicators/<int:indicator_id>/edit")
@login_required
def indicator(project_id: int, indicator_id: int):
    project = _project_or_404(project_id)
    authorize(current_user, Permission.MANAGE_PROJECT, project)
    return _render_indicator(project, _indicator_or_404(project, indicator_id))


@bp.post("/projects/<int:project_id>/indicators/<int:indicator_id>/edit")
@login_required
def edit_indicator(project_id: int, indicator_id: int):
    project = _project_or_404(project_id, lock=True)
    authorize(current_user, Permission.MANAGE_PROJECT, project)
    indicator = _indicator_or_404(project, indicator_id)
    form = IndicatorForm(project, indicator=indicator)
    if not form.validate():
        return _render_indicator(project, indicator, status=400, edit=form)
    return _indicator_act(
        project,
        indicator,
        lambda: operations.update_indicator(indicator, current_user, **form.values()),
        _("The indicator was changed; its history shows the reason."),
        edit=form,
    )


@bp.post("/projects/<int:project_id>/indicators/<int:indicator_id>/categories")
@login_required
def indicator_categories(project_id: int, indicator_id: int):
    project = _project_or_404(project_id, lock=True)
    authorize(current_user, Permission.MANAGE_PROJECT, project)
    indicator = _indicator_or_404(project, indicator_id)
    form = CategoriesForm(indicator)
    if not form.validate():
        return _render_indicator(project, indicator, status=400, categories=form)
    return _indicator_act(
        project,
        indicator,
        lambda: operations.set_categories(
            indicator, current_user, form.categories(), form.reason.data
        ),
        _("The categories were saved."),
        categories=form,
    )


@bp.post("/projects/<int:project_id>/indicators/<int:indicator_id>/remove")
@login_required
def remove_indicator(project_id: int, indicator_id: int):
    project = _project_or_404(project_id, lock=True)
    authorize(current_user, Permission.MANAGE_PROJECT, project)
    indicator = _indicator_or_404(project, indicator_id)
    name = indicator.name
    return _indicator_act(
        project,
        indicator,
        lambda: operations.remove_indicator(indicator, current_user),
        _("The indicator “%(name)s” was removed.", name=name),
    )


# --- the officers' list --------------------------------------------------------------------

FILTERS = ("all", "mine", "without_lead")


@bp.get("/officer/projects")
@login_required
def officer_list():
    authorize(current_user, Permission.VIEW_OFFICER_PROJECTS)
    shown = request.args.get("show", "all")
    if shown not in FILTERS:
        shown = "all"
    query = sa.select(Project).options(
        joinedload(Project.group), joinedload(Project.call), joinedload(Project.lead_officer)
    )
    if shown == "mine":
        query = query.where(Project.lead_officer_id == current_user.id)
    elif shown == "without_lead":
        query = query.where(Project.lead_officer_id.is_(None))
    page = db.paginate(
        query.order_by(Project.created_at.desc(), Project.id.desc()),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    return render_template("projects/officer_list.html", page=page, shown=shown)
