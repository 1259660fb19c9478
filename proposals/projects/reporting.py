"""A project's reports: prepared by the group or the lead officer, submitted by the lead
officer, verified by another officer (four eyes), corrected only by a new revision.

Never commits and never reads the request: the views commit once. Every change writes an
audit row. Only verified reports are public; a superseded one is an older verified revision,
kept in the history and never counted.
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import contains_eager, selectinload

from proposals.audit.log import record
from proposals.calls.models import Call
from proposals.database import utcnow
from proposals.extensions import db
from proposals.notifications.operations import notify, path_for
from proposals.permissions import Permission, can
from proposals.projects.indicators import (
    Indicator,
    IndicatorKind,
    Report,
    ReportState,
    ReportValue,
    fiscal_year_of,
    period_label,
)
from proposals.projects.models import Project, ProjectStatus
from proposals.submissions.workflow import WorkflowError

RS = ReportState

# An annual report is due by 31 May after its fiscal year ends (fiscal 2011, which ends on
# 31 March 2012, is due by 31 May 2012): two months to gather the figures. After that day it
# is overdue.
DUE_MONTH, DUE_DAY = 5, 31

# Kinds whose values are whole numbers: counts, people and yen.
WHOLE_KINDS = frozenset({IndicatorKind.COUNT, IndicatorKind.PEOPLE, IndicatorKind.YEN})

# States in which a report is the current one of its period (a superseded one is history).
CURRENT_STATES = (RS.DRAFT, RS.SUBMITTED, RS.VERIFIED)
PUBLIC_STATES = (RS.VERIFIED, RS.SUPERSEDED)

# Values are stored as Numeric(18, 2).
MAX_VALUE = decimal.Decimal("1e16")

Key = tuple[int, int | None]  # (indicator id, category id or None)


class ExistingReport(WorkflowError):
    """A current report for the period exists already; ``report`` is it, to link to."""

    def __init__(self, problems: list[str], report: Report):
        super().__init__(problems)
        self.report = report


class ReportValueError(WorkflowError):
    """Some typed values are not acceptable; ``by_key`` holds each field's message.

    A mistake in what was typed (shown as 400 beside the fields), as opposed to a plain
    ``WorkflowError``: the report is not in a state to change (409)."""

    def __init__(self, by_key: dict[Key, str]):
        super().__init__(list(by_key.values()))
        self.by_key = by_key


def due_date(fiscal_year: int) -> dt.date:
    """The day by which the annual report of ``fiscal_year`` is due."""
    return dt.date(fiscal_year + 1, DUE_MONTH, DUE_DAY)


def current_fiscal_year(call: Call) -> int:
    """The fiscal year today is in, in the call's city."""
    return fiscal_year_of(utcnow().astimezone(ZoneInfo(call.timezone)).date())


# --- questions ------------------------------------------------------------------------------


def indicators_of(project: Project) -> list[Indicator]:
    return list(
        db.session.scalars(
            sa.select(Indicator)
            .where(Indicator.project_id == project.id)
            .order_by(Indicator.position, Indicator.id)
        )
    )


def value_keys(indicators: list[Indicator]) -> list[tuple[Key, Indicator, object]]:
    """Every field a report of these indicators has: one per indicator, or one per category
    of an indicator broken down by category (its total is their sum, never typed)."""
    keys = []
    for indicator in indicators:
        if indicator.categories:
            keys.extend(((indicator.id, c.id), indicator, c) for c in indicator.categories)
        else:
            keys.append(((indicator.id, None), indicator, None))
    return keys


def values_of(report: Report) -> dict[Key, decimal.Decimal]:
    return {(v.indicator_id, v.category_id): v.value for v in report.values}


@dataclass(frozen=True)
class TableRow:
    """One indicator of a report: its total and, when broken down, each category's value."""

    indicator: Indicator
    total: decimal.Decimal | None
    categories: list[tuple[object, decimal.Decimal | None]]


def report_table(report: Report) -> list[TableRow]:
    """The report's values per indicator; an indicator's total is the sum of its categories."""
    values = values_of(report)
    rows = []
    for indicator in indicators_of(report.project):
        if indicator.categories:
            parts = [(c, values.get((indicator.id, c.id))) for c in indicator.categories]
            present = [value for _category, value in parts if value is not None]
            total = sum(present, decimal.Decimal(0)) if present else None
            rows.append(TableRow(indicator, total, parts))
        else:
            rows.append(TableRow(indicator, values.get((indicator.id, None)), []))
    return rows


def revisions_of(report: Report) -> list[Report]:
    """Every revision of the report's period, the newest first."""
    return list(
        db.session.scalars(
            _period_query(report.project_id, report.fiscal_year, report.quarter).order_by(
                Report.revision.desc()
            )
        )
    )


def visible_reports(project: Project, user) -> list[Report]:
    """The project's reports ``user`` may see: all of them for the group and officers, the
    verified and superseded ones for everybody else. Newest period first."""
    query = sa.select(Report).where(Report.project_id == project.id)
    if not can(user, Permission.VIEW_PROJECT_REPORTS, project):
        query = query.where(Report.state.in_(PUBLIC_STATES))
    return list(
        db.session.scalars(
            query.order_by(
                Report.fiscal_year.desc(),
                Report.quarter.desc().nulls_last(),
                Report.revision.desc(),
            )
        )
    )


def is_public(report: Report) -> bool:
    return report.state in PUBLIC_STATES


def _period_query(project_id: int, fiscal_year: int, quarter: int | None):
    quarter_clause = Report.quarter.is_(None) if quarter is None else Report.quarter == quarter
    return sa.select(Report).where(
        Report.project_id == project_id, Report.fiscal_year == fiscal_year, quarter_clause
    )


def _label(report: Report) -> str:
    return period_label(report.fiscal_year, report.quarter)


def _check_state(report: Report, allowed: tuple[ReportState, ...], action: str) -> None:
    if report.state not in allowed:
        raise WorkflowError(
            [
                _(
                    "A report in state “%(state)s” cannot be %(action)s.",
                    state=report.state.label,
                    action=action,
                )
            ]
        )


# --- preparing ------------------------------------------------------------------------------


def start_report(project: Project, actor, fiscal_year: int, quarter: int | None = None) -> Report:
    """Open a draft report for one period (a fiscal year, or one of its quarters).

    One current report per period; a project reports a given year either yearly or by
    quarter, never both."""
    problems = []
    first, last = project.call.fiscal_year, current_fiscal_year(project.call)
    if not first <= fiscal_year <= last:
        problems.append(
            _(
                "Choose a fiscal year from %(first)s to %(last)s.",
                first=period_label(first, None),
                last=period_label(last, None),
            )
        )
    if quarter is not None and quarter not in (1, 2, 3, 4):
        problems.append(_("Choose a quarter from 1 to 4, or the whole year."))
    if problems:
        raise WorkflowError(problems)

    existing = db.session.scalar(
        _period_query(project.id, fiscal_year, quarter)
        .where(Report.state.in_(CURRENT_STATES))
        .order_by(Report.revision.desc())
    )
    if existing is not None:
        raise ExistingReport(
            [
                _(
                    "A report for %(period)s exists already (%(state)s).",
                    period=_label(existing),
                    state=existing.state.label,
                )
            ],
            existing,
        )
    other_kind = Report.quarter.is_not(None) if quarter is None else Report.quarter.is_(None)
    mixing = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Report)
        .where(Report.project_id == project.id, Report.fiscal_year == fiscal_year, other_kind)
    )
    if mixing:
        year = period_label(fiscal_year, None)
        if quarter is None:
            message = _("%(year)s is reported by quarter: choose a quarter.", year=year)
        else:
            message = _("%(year)s is reported for the whole year: no quarterly report.", year=year)
        raise WorkflowError([message])
    report = Report(
        project_id=project.id,
        fiscal_year=fiscal_year,
        quarter=quarter,
        revision=1,
        state=RS.DRAFT,
        prepared_by_id=actor.id,
    )
    db.session.add(report)
    db.session.flush()
    record(actor, "report.create", report, after={"period": _label(report)})
    return report


def _check_value(indicator: Indicator, value: decimal.Decimal) -> str | None:
    if not value.is_finite():
        return _("Enter a number.")
    if value < 0:
        return _("Enter a number of 0 or more.")
    if value >= MAX_VALUE:
        return _("Enter a smaller number.")
    if indicator.kind in WHOLE_KINDS and value != value.to_integral_value():
        return _(
            "“%(name)s” is counted in whole numbers (%(kind)s): enter no decimals.",
            name=indicator.name,
            kind=indicator.kind.label,
        )
    if value != value.quantize(decimal.Decimal("0.01")):
        return _("Enter at most two decimals.")
    return None


def save_report(
    report: Report,
    actor,
    values: dict[Key, decimal.Decimal | None],
    notes: str,
    outcomes: str,
) -> Report:
    """Replace a draft's values, notes and qualitative outcomes. A value of None clears it."""
    _check_state(report, (RS.DRAFT,), _("changed"))
    fields = {
        key: indicator for key, indicator, _category in value_keys(indicators_of(report.project))
    }
    problems: dict[Key, str] = {}
    for key, value in values.items():
        indicator = fields.get(key)
        if indicator is None:
            problems[key] = _("This indicator or category is not part of the project.")
        elif value is not None:
            message = _check_value(indicator, value)
            if message:
                problems[key] = message
    if problems:
        raise ReportValueError(problems)

    before = _snapshot(report)
    existing = {(v.indicator_id, v.category_id): v for v in report.values}
    for key, value in values.items():
        row = existing.get(key)
        if value is None:
            if row is not None:
                report.values.remove(row)
        elif row is None:
            report.values.append(ReportValue(indicator_id=key[0], category_id=key[1], value=value))
        else:
            row.value = value
    report.notes = notes.strip()
    report.outcomes = outcomes.strip()
    report.updated_at = utcnow()
    db.session.flush()
    record(actor, "report.save", report, before=before, after=_snapshot(report))
    return report


def _snapshot(report: Report) -> dict:
    return {
        "values": {
            f"{indicator_id}:{category_id or ''}": str(value)
            for (indicator_id, category_id), value in sorted(
                values_of(report).items(), key=lambda item: (item[0][0], item[0][1] or 0)
            )
        },
        "notes": report.notes,
        "outcomes": report.outcomes,
    }


def missing_values(report: Report) -> list[str]:
    """What a report still lacks before it can be submitted, as messages."""
    values = values_of(report)
    missing = []
    for key, indicator, category in value_keys(indicators_of(report.project)):
        if values.get(key) is None:
            if category is None:
                missing.append(_("No value for “%(indicator)s”.", indicator=indicator.name))
            else:
                missing.append(
                    _(
                        "No value for “%(indicator)s”: “%(category)s”.",
                        indicator=indicator.name,
                        category=category.name,
                    )
                )
    return missing


# --- submission and verification ------------------------------------------------------------


def submit_report(report: Report, actor) -> Report:
    """The lead officer submits a complete draft for verification by another officer."""
    if not can(actor, Permission.SUBMIT_REPORT, report.project):
        raise WorkflowError([_("Only the project's lead officer submits its reports.")])
    _check_state(report, (RS.DRAFT,), _("submitted"))
    missing = missing_values(report)
    if missing:
        raise WorkflowError(missing)
    report.state = RS.SUBMITTED
    report.submitted_by_id = actor.id
    report.submitted_at = utcnow()
    db.session.flush()
    record(actor, "report.submit", report, before={"state": "draft"}, after={"state": "submitted"})
    return report


def verify_report(report: Report, actor) -> Report:
    """Another officer than the submitter verifies a submitted report; the values become
    public. A verified revision supersedes the previous verified one in the same transaction."""
    _check_state(report, (RS.SUBMITTED,), _("verified"))
    if not can(actor, Permission.VERIFY_REPORT, report):
        raise WorkflowError(
            [_("Another officer than the one who submitted the report must verify it.")]
        )
    previous = None
    if report.revision > 1:
        previous = db.session.scalar(
            _period_query(report.project_id, report.fiscal_year, report.quarter).where(
                Report.state == RS.VERIFIED, Report.id != report.id
            )
        )
        if previous is not None:
            previous.state = RS.SUPERSEDED
            record(
                actor,
                "report.supersede",
                previous,
                before={"state": "verified"},
                after={"state": "superseded"},
                note=_("Superseded by revision %(revision)s.", revision=report.revision),
            )
    report.state = RS.VERIFIED
    report.verified_by_id = actor.id
    report.verified_at = utcnow()
    db.session.flush()
    record(
        actor, "report.verify", report, before={"state": "submitted"}, after={"state": "verified"}
    )
    if report.submitted_by is not None:
        notify(
            report.submitted_by,
            "report.verified",
            _(
                "The report of %(project)s for %(period)s was verified.",
                project=report.project.title,
                period=_label(report),
            ),
            path_for("reports.view", report_id=report.id),
        )
    return report


def return_report(report: Report, actor, note: str) -> Report:
    """The verifier sends a submitted report back to draft, saying why."""
    _check_state(report, (RS.SUBMITTED,), _("returned"))
    if not can(actor, Permission.VERIFY_REPORT, report):
        raise WorkflowError(
            [_("Another officer than the one who submitted the report must review it.")]
        )
    note = note.strip()
    if not note:
        raise WorkflowError([_("Say what needs to change.")])
    submitter = report.submitted_by
    report.state = RS.DRAFT
    report.submitted_by_id = None
    report.submitted_at = None
    report.updated_at = utcnow()
    db.session.flush()
    record(
        actor,
        "report.return",
        report,
        before={"state": "submitted"},
        after={"state": "draft"},
        note=note,
    )
    lead = report.project.lead_officer or submitter
    if lead is not None:
        notify(
            lead,
            "report.returned",
            _(
                "The report of %(project)s for %(period)s was returned: %(note)s",
                project=report.project.title,
                period=_label(report),
                note=note,
            ),
            path_for("reports.view", report_id=report.id),
        )
    return report


def revise_report(report: Report, actor, reason: str) -> Report:
    """The lead officer corrects a verified report: a new draft revision copying its values,
    with the reason. The verified one stays current (and public) until the revision is verified."""
    _check_state(report, (RS.VERIFIED,), _("revised"))
    if not can(actor, Permission.SUBMIT_REPORT, report.project):
        raise WorkflowError([_("Only the project's lead officer corrects its reports.")])
    reason = reason.strip()
    if not reason:
        raise WorkflowError([_("Give the reason for the correction.")])
    latest = revisions_of(report)[0]
    if latest.id != report.id:
        raise ExistingReport(
            [
                _(
                    "Revision %(revision)s of this report exists already (%(state)s).",
                    revision=latest.revision,
                    state=latest.state.label,
                )
            ],
            latest,
        )
    revision = Report(
        project_id=report.project_id,
        fiscal_year=report.fiscal_year,
        quarter=report.quarter,
        revision=report.revision + 1,
        revision_reason=reason,
        state=RS.DRAFT,
        notes=report.notes,
        outcomes=report.outcomes,
        prepared_by_id=actor.id,
        values=[
            ReportValue(indicator_id=v.indicator_id, category_id=v.category_id, value=v.value)
            for v in report.values
        ],
    )
    db.session.add(revision)
    db.session.flush()
    record(
        actor,
        "report.revise",
        revision,
        after={"revision": revision.revision, "of": report.id},
        note=reason,
    )
    return revision


# --- due and overdue ------------------------------------------------------------------------


@dataclass(frozen=True)
class DueRow:
    project: Project
    fiscal_year: int
    due_date: dt.date
    status: str  # "due", "overdue" or "awaiting verification"

    @property
    def period_label(self) -> str:
        return period_label(self.fiscal_year, None)


def reports_due(today: dt.date) -> list[DueRow]:
    """For every active project, each fiscal year from its call's up to the last ended one
    that has no verified report (a verified annual report, or four verified quarters).

    Two queries whatever the number of projects: the projects, then the reports per
    project and year. Sorted with the oldest due date first."""
    last_ended = fiscal_year_of(today) - 1
    projects = list(
        db.session.scalars(
            sa.select(Project)
            .join(Call, Call.id == Project.call_id)
            .options(contains_eager(Project.call), selectinload(Project.lead_officer))
            .where(Project.status == ProjectStatus.ACTIVE, Call.fiscal_year <= last_ended)
            .order_by(Project.id)
        )
    )
    if not projects:
        return []
    verified = sa.case((Report.state == RS.VERIFIED, 1), else_=0)
    summary = db.session.execute(
        sa.select(
            Report.project_id,
            Report.fiscal_year,
            sa.func.max(sa.case((Report.quarter.is_(None), verified), else_=0)),
            sa.func.count(
                sa.distinct(
                    sa.case(
                        (
                            sa.and_(Report.quarter.is_not(None), Report.state == RS.VERIFIED),
                            Report.quarter,
                        ),
                    )
                )
            ),
            sa.func.max(sa.case((Report.state == RS.SUBMITTED, 1), else_=0)),
        )
        .join(Project, Project.id == Report.project_id)
        .where(Project.status == ProjectStatus.ACTIVE, Report.fiscal_year <= last_ended)
        .group_by(Report.project_id, Report.fiscal_year)
    ).all()
    done, awaiting = set(), set()
    for project_id, fiscal_year, yearly, quarters, submitted in summary:
        if yearly or quarters == 4:
            done.add((project_id, fiscal_year))
        elif submitted:
            awaiting.add((project_id, fiscal_year))
    rows = []
    for project in projects:
        for fiscal_year in range(project.call.fiscal_year, last_ended + 1):
            key = (project.id, fiscal_year)
            if key in done:
                continue
            due = due_date(fiscal_year)
            if key in awaiting:
                status = "awaiting verification"
            else:
                status = "overdue" if today > due else "due"
            rows.append(DueRow(project, fiscal_year, due, status))
    rows.sort(key=lambda row: (row.due_date, row.project.title, row.project.id))
    return rows


def awaiting_verification() -> list[Report]:
    """Every submitted report, the oldest submission first (with projects and submitters)."""
    return list(
        db.session.scalars(
            sa.select(Report)
            .options(selectinload(Report.project), selectinload(Report.submitted_by))
            .where(Report.state == RS.SUBMITTED)
            .order_by(Report.submitted_at, Report.id)
        )
    )
