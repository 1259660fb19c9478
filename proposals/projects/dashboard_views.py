"""Public dashboards: every project with its track status, a call's and the programme's results,
and each indicator's chart. Everything here is public and counts only verified values."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from sqlalchemy.orm import joinedload
from wtforms.fields import SearchField, SelectChoice, SelectField
from wtforms.validators import Length, Optional
from wtforms.widgets import Select, html_params

from proposals.calls.models import Call
from proposals.calls.queries import contains
from proposals.extensions import db
from proposals.groups.models import Group
from proposals.projects import charts, dashboard_queries
from proposals.projects.indicators import Indicator
from proposals.projects.models import STATUS_LABELS, Project, ProjectStatus
from proposals.projects.results import TRACK_LABELS, TrackStatus
from proposals.submissions.models import ProposalTheme
from proposals.themes import THEME_CHOICES, Theme

bp = Blueprint("dashboards", __name__)

# An SVG shown as an image keeps the inline styles pygal writes and runs no script; served
# alone (opened in a tab) it may still load nothing and run nothing.
CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"


@bp.app_context_processor
def _chart_helpers():
    return {
        "project_results": dashboard_queries.results_of_project,
        "number": _number,
        "chart_height": charts.chart_height,
    }


def _number(value) -> str:
    return "–" if value is None else format_decimal(value)


# --- every project --------------------------------------------------------------------------


class _LongSelect(Select):
    """A <select> for a long list (every group with a project: thousands in a city), built
    as one string: WTForms' own widget builds each option's attributes one by one, which
    costs more than the rest of the page."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        options = "".join(
            f'<option value="{escape(choice.value)}"'
            f"{' selected' if choice.value == field.data else ''}>{escape(choice.label)}</option>"
            for choice in field.choices
        )
        attributes = html_params(name=field.name, **kwargs)  # escapes each value
        return Markup(f"<select {attributes}>{options}</select>")  # noqa: S704 (escaped above)


class ProjectFilterForm(FlaskForm):
    """The filters of the list of projects, sent by GET."""

    class Meta:
        csrf = False

    call = SelectField(_l("Call"), default="", validators=[Optional()], widget=_LongSelect())
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice("", _l("Any status"))]
        + [SelectChoice(status.value, STATUS_LABELS[status]) for status in ProjectStatus],
        default="",
        validators=[Optional()],
    )
    # A city has thousands of groups: a list of them all would weigh more than the page.
    group = SearchField(_l("Group name contains"), validators=[Optional(), Length(max=100)])
    theme = SelectField(
        _l("Theme"),
        choices=[SelectChoice("", _l("Any theme"))]
        + [SelectChoice(value, label) for value, label in THEME_CHOICES],
        default="",
        validators=[Optional()],
    )
    track = SelectField(
        _l("Results"),
        choices=[SelectChoice("", _l("Any"))]
        + [SelectChoice(track.value, TRACK_LABELS[track]) for track in TrackStatus],
        default="",
        validators=[Optional()],
    )

    def __init__(self, *args, calls=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.call.choices = [SelectChoice("", _l("Any call"))] + [
            SelectChoice(str(call_id), title) for call_id, title in calls
        ]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for field in self:
            field.errors = [str(error) for error in field.errors]
        return valid

    def _value(self, field):
        return field.data if field.data and not field.errors else None

    def filtered(self, query: sa.Select) -> sa.Select:
        """``query`` (of projects) narrowed by the valid filters; invalid ones are left out."""
        if call := self._value(self.call):
            query = query.where(Project.call_id == int(call))
        if status := self._value(self.status):
            query = query.where(Project.status == ProjectStatus(status))
        if group := (self._value(self.group) or "").strip():
            query = query.where(
                sa.exists().where(Group.id == Project.group_id, contains(Group.name, group))
            )
        if theme := self._value(self.theme):
            query = query.where(
                sa.exists().where(
                    ProposalTheme.proposal_id == Project.proposal_id,
                    ProposalTheme.theme == Theme(theme),
                )
            )
        return query

    @property
    def track_filter(self) -> TrackStatus | None:
        track = self._value(self.track)
        return TrackStatus(track) if track else None


def _paginate_list(items: list, per_page: int):
    """A page of an already computed list, for the ``pagination`` macro."""

    class ListPagination(Pagination):
        def _query_items(self):
            start = (self.page - 1) * self.per_page
            return items[start : start + self.per_page]

        def _query_count(self):
            return len(items)

    return ListPagination(per_page=per_page, error_out=False)


@bp.get("/projects/")
def projects():
    calls = db.session.execute(
        sa.select(Call.id, Call.title)
        .where(sa.exists().where(Project.call_id == Call.id))
        .order_by(Call.fiscal_year.desc(), Call.title)
    ).all()
    form = ProjectFilterForm(formdata=request.args, calls=calls)
    valid = form.validate()
    per_page = current_app.config["PER_PAGE"]
    ordered = form.filtered(sa.select(Project)).order_by(
        Project.created_at.desc(), Project.title, Project.id
    )
    # The list shows only the call's and group's names: their themes and criteria stay unloaded.
    loading = (
        joinedload(Project.call).lazyload("*"),
        joinedload(Project.group).lazyload("*"),
    )
    track = form.track_filter
    if track is None:
        page = db.paginate(ordered.options(*loading), per_page=per_page, error_out=False)
        found = dashboard_queries.project_results(
            [project.id for project in page.items], latest_year_only=True
        )
    else:
        # The status needs the figures, so every matching project's status is worked out
        # (three queries whatever their number) before one page of them is loaded.
        ids_query = ordered.with_only_columns(Project.id)
        found = dashboard_queries.project_results(
            form.filtered(sa.select(Project.id)), latest_year_only=True
        )
        ids = [
            project_id
            for project_id in db.session.scalars(ids_query)
            if _status(found, project_id) is track
        ]
        page = _paginate_list(ids, per_page)
        loaded = {
            project.id: project
            for project in db.session.scalars(
                sa.select(Project).where(Project.id.in_(page.items)).options(*loading)
            )
        }
        page.items = [loaded[project_id] for project_id in page.items]
    statuses = {project.id: _status(found, project.id) for project in page.items}
    return render_template("dashboards/projects.html", form=form, page=page, statuses=statuses), (
        200 if valid else 400
    )


def _status(found, project_id: int) -> TrackStatus:
    result = found.get(project_id)
    return result.status if result else TrackStatus.NO_DATA


# --- a call's results, the programme's ------------------------------------------------------


def _project_figures(where) -> list:
    """The id, call and award of the projects matching ``where``: plain rows, which is all
    the totals need (no project is loaded as an object)."""
    return db.session.execute(
        sa.select(Project.id, Project.call_id, Project.awarded_amount).where(where)
    ).all()


@bp.get("/calls/<int:call_id>/results")
def call_results(call_id: int):
    call = db.get_or_404(Call, call_id)
    if call.decided_at is None:
        # No projects before the decision is published, so no results to show.
        return render_template("dashboards/call_results.html", call=call, summary=None), 404
    ids = sa.select(Project.id).where(Project.call_id == call.id)
    summary = dashboard_queries.summary(_project_figures(Project.call_id == call.id), ids)
    # The projects themselves a page at a time, each with its latest figures.
    page = db.paginate(
        sa.select(Project)
        .where(Project.call_id == call.id)
        .options(joinedload(Project.group).lazyload("*"))
        .order_by(Project.title, Project.id),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    return render_template(
        "dashboards/call_results.html",
        call=call,
        summary=summary,
        page=page,
        projects=page.items,
    )


@bp.get("/results/")
def programme():
    rows = _project_figures(sa.true())
    summary = dashboard_queries.summary(rows, sa.select(Project.id))
    calls: dict[int, dict] = {}
    for project in rows:
        row = calls.setdefault(
            project.call_id,
            {"call": None, "projects": 0, "awarded": 0} | {status: 0 for status in TrackStatus},
        )
        row["projects"] += 1
        row["awarded"] += project.awarded_amount
        result = summary.results.get(project.id)
        row[result.status if result else TrackStatus.NO_DATA] += 1
    for call in db.session.scalars(sa.select(Call).where(Call.id.in_(list(calls)))):
        calls[call.id]["call"] = call
    by_call = sorted(calls.values(), key=lambda row: (-row["call"].fiscal_year, row["call"].title))
    return render_template("dashboards/programme.html", summary=summary, by_call=by_call)


# --- one indicator's chart ------------------------------------------------------------------


@bp.get("/projects/<int:project_id>/indicators/<int:indicator_id>/chart.svg")
def indicator_chart(project_id: int, indicator_id: int):
    indicator = db.session.scalar(
        sa.select(Indicator).where(Indicator.id == indicator_id, Indicator.project_id == project_id)
    )
    if indicator is None:
        abort(404)
    computed = dashboard_queries.indicator_series(indicator)
    categories = dashboard_queries.indicator_categories(indicator)
    svg = charts.indicator_chart(indicator.name, indicator.unit, computed.figures, categories)
    response = current_app.response_class(svg, mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = CHART_CSP
    return response
