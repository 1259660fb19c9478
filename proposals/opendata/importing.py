"""Officers import historical indicator values from a CSV in the values dataset's format.

The whole file is read and every row checked before anything is written: a file with
one bad row imports nothing and the officer gets every problem, row by row. A good file
becomes, in the caller's one transaction, one report per project and period, submitted
by the importing officer and awaiting verification by another officer (four eyes), as
any report does. Never commits and never reads the request.
"""

from __future__ import annotations

import csv
import decimal
import io
from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from proposals.audit.log import record
from proposals.database import utcnow
from proposals.extensions import db
from proposals.opendata.datasets import VALUE_COLUMNS
from proposals.projects.indicators import (
    Indicator,
    IndicatorKind,
    Report,
    ReportState,
    ReportValue,
)
from proposals.projects.models import Project

WHOLE_KINDS = (IndicatorKind.COUNT, IndicatorKind.PEOPLE, IndicatorKind.YEN)
EARLIEST_YEAR = 1950
LATEST_YEAR = 2100
# Numeric(18, 2): sixteen digits before the decimal point.
LARGEST_VALUE = decimal.Decimal("9999999999999999.99")


@dataclass(frozen=True)
class RowProblem:
    row: int  # as a spreadsheet numbers it: the header is row 1
    reason: str

    def __str__(self) -> str:
        return _("Row %(row)s: %(reason)s", row=self.row, reason=self.reason)


class ImportRejected(Exception):
    """The file had bad rows; nothing was written."""

    def __init__(self, problems: list[RowProblem]):
        super().__init__(problems)
        self.problems = problems


@dataclass(frozen=True)
class ImportSummary:
    rows: int
    reports: list[Report]


@dataclass(frozen=True)
class _Row:
    number: int
    project: Project
    indicator: Indicator
    category_id: int | None
    fiscal_year: int
    quarter: int | None
    value: decimal.Decimal
    revision: int


def _read(content: bytes) -> list[list[str]]:
    try:
        # The export writes no byte-order mark; a spreadsheet saving "CSV UTF-8" adds one.
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected(
            [RowProblem(1, _('The file is not UTF-8 text. Save it as "CSV UTF-8".'))]
        ) from None
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ImportRejected(
            [RowProblem(1, _("The file is not valid CSV: %(e)s", e=error))]
        ) from None


def _integer(text: str) -> int | None:
    text = text.strip()
    if not text or not (text.isascii() and text.lstrip("-").isdigit()):
        return None
    return int(text)


def _value(text: str, indicator: Indicator) -> tuple[decimal.Decimal | None, str | None]:
    """The number in ``text``, or a reason it is not an acceptable value."""
    text = text.strip()
    try:
        if not text or not text.isascii() or "e" in text.lower() or "," in text:
            raise decimal.InvalidOperation
        number = decimal.Decimal(text)
        if not number.is_finite():
            raise decimal.InvalidOperation
    except decimal.InvalidOperation:
        return None, _(
            "the value “%(value)s” is not a number (write digits with a full stop for "
            "decimals and no thousands separators, e.g. 3483 or 12.50)",
            value=text,
        )
    if number < 0:
        return None, _("the value %(value)s is negative", value=text)
    if number > LARGEST_VALUE:
        return None, _("the value %(value)s is too large", value=text)
    if number != number.quantize(decimal.Decimal("0.01")):
        return None, _("the value %(value)s has more than two decimals", value=text)
    if indicator.kind in WHOLE_KINDS and number != number.to_integral_value():
        return None, _(
            "the value %(value)s is not a whole number, as a %(kind)s must be",
            value=text,
            kind=indicator.kind.label.lower(),
        )
    return number, None


def parse(content: bytes) -> list[_Row]:
    """Every row of the file, checked; raise ``ImportRejected`` listing each bad row."""
    lines = _read(content)
    if not lines or [cell.strip() for cell in lines[0]] != list(VALUE_COLUMNS):
        raise ImportRejected(
            [
                RowProblem(
                    1,
                    _(
                        "the first row must name the columns %(columns)s",
                        columns=", ".join(VALUE_COLUMNS),
                    ),
                )
            ]
        )
    records = [
        (number, line)
        for number, line in enumerate(lines[1:], start=2)
        if any(cell.strip() for cell in line)
    ]
    if not records:
        raise ImportRejected([RowProblem(2, _("the file has no values"))])

    project_ids = {_integer(line[0]) for _number, line in records if line}
    projects = {
        project.id: project
        for project in db.session.scalars(
            # Locked: two imports (or an import and a report) of one period wait in turn.
            sa.select(Project)
            .where(Project.id.in_([i for i in project_ids if i is not None]))
            .with_for_update()
        )
    }
    indicators = {
        indicator.id: indicator
        for indicator in db.session.scalars(
            sa.select(Indicator).where(Indicator.project_id.in_(projects))
        )
    }

    problems: list[RowProblem] = []
    rows: list[_Row] = []
    seen: dict[tuple, int] = {}
    for number, line in records:
        reason = None
        row = None
        if len(line) != len(VALUE_COLUMNS):
            reason = _(
                "expected %(expected)s columns, found %(found)s",
                expected=len(VALUE_COLUMNS),
                found=len(line),
            )
        else:
            cells = dict(zip(VALUE_COLUMNS, (cell.strip() for cell in line), strict=True))
            row, reason = _check(number, cells, projects, indicators)
        if reason is None:
            key = (row.project.id, row.indicator.id, row.category_id, row.fiscal_year, row.quarter)
            if key in seen:
                reason = _("the same value is already given in row %(row)s", row=seen[key])
            else:
                seen[key] = number
                rows.append(row)
        if reason is not None:
            problems.append(RowProblem(number, reason))

    problems.extend(_period_problems(rows))
    if problems:
        raise ImportRejected(sorted(problems, key=lambda problem: problem.row))
    return rows


def _check(number, cells, projects, indicators) -> tuple[_Row | None, str | None]:
    project_id = _integer(cells["project_id"])
    project = projects.get(project_id)
    if project is None:
        return None, _("there is no project %(id)s", id=cells["project_id"] or "–")
    indicator_id = _integer(cells["indicator_id"])
    indicator = indicators.get(indicator_id)
    if indicator is None or indicator.project_id != project.id:
        return None, _(
            "project %(project)s has no indicator %(id)s",
            project=project.id,
            id=cells["indicator_id"] or "–",
        )
    if cells["indicator"] != indicator.name:
        return None, _(
            "indicator %(id)s is called “%(name)s”, not “%(given)s”",
            id=indicator.id,
            name=indicator.name,
            given=cells["indicator"],
        )
    category_id = None
    if indicator.categories:
        by_name = {category.name: category.id for category in indicator.categories}
        if cells["category"] not in by_name:
            return None, _(
                "indicator “%(name)s” has no category “%(category)s” (its categories: "
                "%(categories)s)",
                name=indicator.name,
                category=cells["category"],
                categories=", ".join(by_name),
            )
        category_id = by_name[cells["category"]]
    elif cells["category"]:
        return None, _(
            "indicator “%(name)s” has no categories, so the category must be empty",
            name=indicator.name,
        )
    if cells["unit"] != indicator.unit:
        return None, _(
            "the unit of “%(name)s” is “%(unit)s”, not “%(given)s”",
            name=indicator.name,
            unit=indicator.unit,
            given=cells["unit"],
        )
    if cells["kind"] and cells["kind"] != indicator.kind.value:
        return None, _(
            "“%(name)s” is of kind %(kind)s, not %(given)s",
            name=indicator.name,
            kind=indicator.kind.value,
            given=cells["kind"],
        )
    fiscal_year = _integer(cells["fiscal_year"])
    if fiscal_year is None or not EARLIEST_YEAR <= fiscal_year <= LATEST_YEAR:
        return None, _(
            "the fiscal year “%(year)s” is not a year between %(first)s and %(last)s",
            year=cells["fiscal_year"],
            first=EARLIEST_YEAR,
            last=LATEST_YEAR,
        )
    quarter = None
    if cells["quarter"]:
        quarter = _integer(cells["quarter"])
        if quarter is None or not 1 <= quarter <= 4:
            return None, _(
                "the quarter “%(quarter)s” must be 1 to 4, or empty for a whole year",
                quarter=cells["quarter"],
            )
    revision = 1
    if cells["report_revision"]:
        revision = _integer(cells["report_revision"])
        if revision is None or revision < 1:
            return None, _(
                "the report revision “%(revision)s” must be a whole number of at least 1",
                revision=cells["report_revision"],
            )
    value, reason = _value(cells["value"], indicator)
    if reason is not None:
        return None, reason
    return (
        _Row(number, project, indicator, category_id, fiscal_year, quarter, value, revision),
        None,
    )


def _period_problems(rows: list[_Row]) -> list[RowProblem]:
    """A period already reported on cannot be imported; one period has one revision."""
    problems = []
    periods: dict[tuple, list[_Row]] = defaultdict(list)
    for row in rows:
        periods[(row.project.id, row.fiscal_year, row.quarter)].append(row)
    if not periods:
        return problems
    existing = {
        (report.project_id, report.fiscal_year, report.quarter): report
        for report in db.session.scalars(
            sa.select(Report)
            .where(Report.project_id.in_({key[0] for key in periods}))
            .order_by(Report.revision)
        )
    }
    for (project_id, fiscal_year, quarter), period_rows in periods.items():
        report = existing.get((project_id, fiscal_year, quarter))
        first = period_rows[0]
        if report is not None:
            for row in period_rows:
                problems.append(
                    RowProblem(
                        row.number,
                        _(
                            "project %(project)s already has a report for %(period)s (%(state)s)",
                            project=project_id,
                            period=report.period_label,
                            state=report.state.label.lower(),
                        ),
                    )
                )
            continue
        for row in period_rows[1:]:
            if row.revision != first.revision:
                problems.append(
                    RowProblem(
                        row.number,
                        _(
                            "the report revision %(revision)s differs from row %(row)s's "
                            "%(first)s for the same project and period",
                            revision=row.revision,
                            row=first.number,
                            first=first.revision,
                        ),
                    )
                )
    return problems


def import_values(content: bytes, filename: str, actor) -> ImportSummary:
    """Check the whole file, then create one submitted report per project and period.

    Raise ``ImportRejected`` with every bad row, having written nothing."""
    rows = parse(content)
    now = utcnow()
    note = _("Imported from %(filename)s", filename=filename)
    periods: dict[tuple, list[_Row]] = defaultdict(list)
    for row in rows:
        periods[(row.project.id, row.fiscal_year, row.quarter)].append(row)
    reports = []
    for (_project_id, fiscal_year, quarter), period_rows in periods.items():
        revision = period_rows[0].revision
        report = Report(
            project=period_rows[0].project,
            fiscal_year=fiscal_year,
            quarter=quarter,
            # Kept from the source so that a re-exported file is the same file.
            revision=revision,
            revision_reason=note if revision > 1 else None,
            state=ReportState.SUBMITTED,
            notes=note,
            prepared_by_id=actor.id,
            submitted_by_id=actor.id,
            submitted_at=now,
            values=[
                ReportValue(
                    indicator_id=row.indicator.id, category_id=row.category_id, value=row.value
                )
                for row in period_rows
            ],
        )
        db.session.add(report)
        db.session.flush()
        record(
            actor,
            "report.import",
            report,
            after={
                "project_id": report.project_id,
                "fiscal_year": fiscal_year,
                "quarter": quarter,
                "revision": revision,
                "values": len(period_rows),
            },
            note=note,
        )
        reports.append(report)
    # The summary row hangs from the officer: the file touched several projects.
    record(
        actor,
        "values.import",
        actor,
        after={"rows": len(rows), "reports": [report.id for report in reports]},
        note=note,
    )
    return ImportSummary(rows=len(rows), reports=reports)
