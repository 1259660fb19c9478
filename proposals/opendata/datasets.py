"""The public datasets: what each one holds, its columns, and the query behind it.

Every dataset is a ``select`` of plain columns run with a server-side cursor (Core, no ORM
entities), and a function turning each batch of database rows into tuples of cells in the
order of the columns, so that an export of a million rows never holds more than one batch
in memory and pays the Python overhead per batch rather than per row.
Only what the public pages already show is here: public proposals, published decisions,
and the values of verified reports (a superseded revision never, a draft or a report
awaiting verification never).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from proposals.calls.models import Call
from proposals.calls.queries import is_public_clause
from proposals.committee.models import Recommendation
from proposals.database import utcnow
from proposals.extensions import db
from proposals.groups.models import Group
from proposals.projects.indicators import (
    Indicator,
    IndicatorCategory,
    Report,
    ReportState,
    ReportValue,
)
from proposals.projects.models import Project
from proposals.selection.models import Selection
from proposals.submissions.models import Proposal, ProposalState

# Rows fetched from the database at a time: the most an export ever holds in memory.
BATCH_SIZE = 1000
# Projects per slice of a sliced dataset: some tens of thousands of rows, sorted at once.
SLICE_SIZE = 500

# A batch of database rows -> the cells of each, in the order of the dataset's columns.
BatchCells = Callable[[Sequence[sa.Row]], list[tuple]]


@dataclass(frozen=True)
class Column:
    name: str
    description: str


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    # () -> (select, batch of rows -> cells)
    build: Callable[[], tuple[sa.Select, BatchCells]]
    # Columns holding decimals as canonical text: numbers in JSON.
    numeric: frozenset[str] = frozenset()
    # Columns holding true/false (None when missing).
    flags: frozenset[str] = frozenset()
    # () -> the column the query is ordered by first. When set, the rows are read in slices
    # of ``SLICE_SIZE`` of its values, each sorted on its own: the database never sorts the
    # whole export (seconds for a million rows) before the first row can go out.
    slice_by: Callable[[], sa.ColumnElement] | None = None

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]

    def batches(self) -> Iterator[list[tuple]]:
        """The dataset's rows as lists of at most ``BATCH_SIZE`` tuples of cells."""
        query, to_cells = self.build()
        # Within the session's transaction (what a test rolls back), but through Core:
        # rows come back as light tuples, without ORM loading.
        connection = db.session.connection()
        if self.slice_by is None:
            result = connection.execute(
                query.execution_options(stream_results=True, max_row_buffer=BATCH_SIZE)
            )
            try:
                for rows in result.partitions(BATCH_SIZE):
                    yield to_cells(rows)
            finally:
                result.close()
            return
        for part in self._slices(connection, query):
            # A slice is small enough to hold: fetched whole, in one round trip per slice.
            yield from _in_batches(connection.execute(part).all(), to_cells)

    def _slices(self, connection, query: sa.Select) -> Iterator[sa.Select]:
        column = self.slice_by()
        keys = connection.execute(sa.select(column).distinct().order_by(column)).scalars().all()
        for start in range(0, len(keys), SLICE_SIZE):
            chunk = keys[start : start + SLICE_SIZE]
            yield query.where(column.between(chunk[0], chunk[-1]))

    def rows(self) -> Iterator[tuple]:
        """The dataset's rows as tuples of cells, fetched in batches."""
        for batch in self.batches():
            yield from batch


def _in_batches(rows: Sequence[sa.Row], to_cells: BatchCells) -> Iterator[list[tuple]]:
    for start in range(0, len(rows), BATCH_SIZE):
        yield to_cells(rows[start : start + BATCH_SIZE])


def _each_row(cells: Callable[[sa.Row], tuple]) -> BatchCells:
    return lambda rows: [cells(row) for row in rows]


def _raw(column):
    """``column`` as the driver returns it, without SQLAlchemy's conversion of each value
    (a Decimal built from every float on SQLite, an enum member from every string)."""
    return sa.type_coerce(column, sa.types.NullType()).label(column.key)


def format_decimal(value: decimal.Decimal | int | None) -> str | None:
    """The canonical text of a number: whole numbers without decimals ("3483"), others
    with exactly two ("12.50"), never a thousands separator or an exponent."""
    if value is None:
        return None
    text = f"{decimal.Decimal(value).quantize(decimal.Decimal('0.01')):f}"
    return text[:-3] if text.endswith(".00") else text


_CENT = decimal.Decimal("0.01")


def decimal_text(value) -> str | None:
    """``format_decimal`` of a ``Numeric(18, 2)`` value as the driver returns it, without
    building a Decimal where the driver did not: SQLite gives a float (exact to the cent at
    this precision, as SQLAlchemy's own conversion assumes) or an int for a whole number,
    PostgreSQL a Decimal."""
    kind = type(value)
    if kind is float:
        text = "%.2f" % value  # noqa: UP031 (the cheapest exact formatting)
    elif kind is int:
        return str(value)
    elif value is None:
        return None
    else:
        text = f"{decimal.Decimal(value).quantize(_CENT):f}"
    return text[:-3] if text.endswith(".00") else text


def _timestamp(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


# --- calls --------------------------------------------------------------------------------


def _call_phase(row, now: dt.datetime) -> str:
    if row.decided_at is not None:
        return "decided"
    if row.recommendations_closed_at is not None:
        return "selecting"
    if row.review_closed_at is not None:
        return "recommending"
    if now < row.opens_at:
        return "upcoming"
    if now < row.closes_at:
        return "open"
    return "in_review"


def _calls():
    now = utcnow()
    query = sa.select(
        Call.id,
        Call.title,
        Call.fiscal_year,
        Call.opens_at,
        Call.closes_at,
        Call.timezone,
        Call.budget_envelope,
        Call.max_per_proposal,
        Call.review_closed_at,
        Call.recommendations_closed_at,
        Call.decided_at,
    ).order_by(Call.id)

    def cells(row):
        return (
            row.id,
            row.title,
            row.fiscal_year,
            _timestamp(row.opens_at),
            _timestamp(row.closes_at),
            row.timezone,
            row.budget_envelope,
            row.max_per_proposal,
            _call_phase(row, now),
            _timestamp(row.decided_at),
        )

    return query, _each_row(cells)


CALLS = Dataset(
    name="calls",
    title=_l("Calls for proposals"),
    description=_l("Every call the city has announced, with its window and budget."),
    columns=(
        Column("id", _l("Number of the call.")),
        Column("title", _l("Title of the call.")),
        Column("fiscal_year", _l("Fiscal year (April to March) the projects are funded in.")),
        Column("opens_at", _l("When submissions open (UTC, ISO 8601).")),
        Column("closes_at", _l("When submissions close (UTC, ISO 8601).")),
        Column("timezone", _l("Time zone the call's dates are shown in.")),
        Column("budget_envelope", _l("Total budget of the call, in yen.")),
        Column("max_per_proposal", _l("Most a proposal may request, in yen.")),
        Column(
            "phase",
            _l("upcoming, open, in_review, recommending, selecting or decided."),
        ),
        Column("decided_at", _l("When the decision was published (UTC), empty before.")),
    ),
    build=_calls,
)


# --- proposals ----------------------------------------------------------------------------


def _proposal_status(row) -> str:
    """The public status; the outcome once the call's decision is published."""
    state = ProposalState(row.state)
    if state is ProposalState.SELECTED:
        return "selected"
    if state is ProposalState.NOT_SELECTED:
        # Final states exist only after publication, so the recommendation is public then.
        return "not_selected" if row.recommended else "not_recommended"
    if state is ProposalState.WITHDRAWN:
        return "withdrawn"
    if state is ProposalState.INELIGIBLE:
        return "ineligible"
    if row.decided_at is not None:
        return "not_checked"
    return "eligible" if state is ProposalState.ELIGIBLE else "submitted"


def _proposals():
    query = (
        sa.select(
            Proposal.id,
            Proposal.call_id,
            Group.name.label("group"),
            Proposal.title,
            Proposal.summary,
            Proposal.department,
            Proposal.requested_total,
            Proposal.submitted_at,
            Proposal.state,
            Proposal.ineligibility_reason,
            Proposal.withdrawal_reason,
            Call.decided_at,
            Recommendation.recommended,
        )
        .join(Call, Call.id == Proposal.call_id)
        .join(Group, Group.id == Proposal.group_id)
        .outerjoin(Recommendation, Recommendation.proposal_id == Proposal.id)
        .where(is_public_clause())
        .order_by(Proposal.id)
    )

    def cells(row):
        status = _proposal_status(row)
        return (
            row.id,
            row.call_id,
            row.group,
            row.title,
            row.summary,
            row.department,
            row.requested_total,
            _timestamp(row.submitted_at),
            status,
            row.ineligibility_reason if status == "ineligible" else None,
            row.withdrawal_reason if status == "withdrawn" else None,
        )

    return query, _each_row(cells)


PROPOSALS = Dataset(
    name="proposals",
    title=_l("Proposals"),
    description=_l(
        "Proposals made public when their call's submission window closed: never drafts, "
        "nor proposals withdrawn while the call was open."
    ),
    columns=(
        Column("id", _l("Number of the proposal.")),
        Column("call_id", _l("The call it answers (calls dataset).")),
        Column("group", _l("The citizen group that proposed it.")),
        Column("title", _l("Title of the proposal.")),
        Column("summary", _l("Short summary.")),
        Column("department", _l("The city department it would work with.")),
        Column("requested_total", _l("Amount requested, in yen.")),
        Column("submitted_at", _l("When it was submitted (UTC, ISO 8601).")),
        Column(
            "status",
            _l(
                "submitted, eligible, ineligible or withdrawn; once the decision is "
                "published: selected, not_selected, not_recommended, ineligible, withdrawn "
                "or not_checked."
            ),
        ),
        Column("ineligibility_reason", _l("Why it was found ineligible, if it was.")),
        Column("withdrawal_reason", _l("Why the group withdrew it, if it did.")),
    ),
    build=_proposals,
)


# --- decisions ----------------------------------------------------------------------------


def _decisions():
    query = (
        sa.select(
            Proposal.call_id,
            Proposal.id,
            Proposal.title,
            Proposal.state,
            Proposal.requested_total,
            Recommendation.recommended,
            Recommendation.votes_for,
            Recommendation.votes_against,
            Recommendation.votes_abstain,
            Recommendation.rationale,
            Selection.outcome,
            Selection.awarded_amount,
            Selection.reason,
            Selection.amount_reason,
            Selection.justification,
            Project.id.label("project_id"),
            Call.decided_at,
        )
        .join(Call, Call.id == Proposal.call_id)
        .outerjoin(Recommendation, Recommendation.proposal_id == Proposal.id)
        .outerjoin(Selection, Selection.proposal_id == Proposal.id)
        .outerjoin(Project, Project.proposal_id == Proposal.id)
        # A decision is public once published; before that none of it is.
        .where(Call.decided_at.is_not(None), is_public_clause())
        .order_by(Proposal.call_id, Proposal.id)
    )

    def cells(row):
        status = _proposal_status(row)
        # Only the proposals the committee and the mayor's office decided on show their
        # work: one withdrawn along the way shows none (as on the call's page).
        reached = ProposalState(row.state) in (ProposalState.SELECTED, ProposalState.NOT_SELECTED)
        recommended = row.recommended if reached and row.rationale is not None else None
        selected = status == "selected"
        without_recommendation = selected and not recommended
        awarded = row.awarded_amount if reached and selected else None
        amount_differs = awarded is not None and awarded != row.requested_total
        return (
            row.call_id,
            row.id,
            row.title,
            status,
            recommended,
            row.votes_for if reached else None,
            row.votes_against if reached else None,
            row.votes_abstain if reached else None,
            row.rationale if reached else None,
            row.reason if reached else None,
            row.requested_total,
            awarded,
            row.amount_reason if amount_differs else None,
            without_recommendation,
            row.justification if reached and without_recommendation else None,
            row.project_id,
        )

    return query, _each_row(cells)


DECISIONS = Dataset(
    name="decisions",
    title=_l("Decisions"),
    description=_l(
        "For each call whose decision is published, every public proposal's outcome with "
        "the committee's recommendation and vote and the mayor's office's reasons."
    ),
    columns=(
        Column("call_id", _l("The call (calls dataset).")),
        Column("proposal_id", _l("The proposal (proposals dataset).")),
        Column("proposal", _l("Title of the proposal.")),
        Column("outcome", _l("Same values as the proposals dataset's status.")),
        Column("recommended", _l("Whether the committee recommended it (true/false).")),
        Column("votes_for", _l("Committee votes for.")),
        Column("votes_against", _l("Committee votes against.")),
        Column("votes_abstain", _l("Committee abstentions.")),
        Column("committee_rationale", _l("The committee's reasons.")),
        Column("mayor_reason", _l("The mayor's office's reasons.")),
        Column("requested_amount", _l("Amount requested, in yen.")),
        Column("awarded_amount", _l("Amount awarded, in yen; empty unless selected.")),
        Column("amount_reason", _l("Why the award differs from the request, if it does.")),
        Column(
            "selected_without_recommendation",
            _l("true when selected although the committee did not recommend it."),
        ),
        Column("justification", _l("The mayor's office's justification in that case.")),
        Column("project_id", _l("The project it became (projects dataset), if selected.")),
    ),
    build=_decisions,
    flags=frozenset({"recommended", "selected_without_recommendation"}),
)


# --- projects -----------------------------------------------------------------------------


def _projects():
    query = (
        sa.select(
            Project.id,
            Project.call_id,
            Project.proposal_id,
            Project.title,
            Group.name.label("group"),
            Project.department,
            Project.awarded_amount,
            Project.status,
            Project.discontinued_reason,
            Project.starts_on,
            Project.ends_on,
        )
        .join(Group, Group.id == Project.group_id)
        .order_by(Project.id)
    )

    def cells(row):
        return (
            row.id,
            row.call_id,
            row.proposal_id,
            row.title,
            row.group,
            row.department,
            row.awarded_amount,
            str(row.status),
            row.discontinued_reason,
            _date(row.starts_on),
            _date(row.ends_on),
        )

    return query, _each_row(cells)


PROJECTS = Dataset(
    name="projects",
    title=_l("Projects"),
    description=_l("The selected proposals carried out by their groups with the city."),
    columns=(
        Column("id", _l("Number of the project.")),
        Column("call_id", _l("The call it was selected in.")),
        Column("proposal_id", _l("The proposal it comes from.")),
        Column("title", _l("Title of the project.")),
        Column("group", _l("The citizen group carrying it out.")),
        Column("department", _l("The partner city department.")),
        Column("awarded_amount", _l("Amount awarded, in yen.")),
        Column("status", _l("active, completed or discontinued.")),
        Column("discontinued_reason", _l("Why it was discontinued, if it was.")),
        Column("starts_on", _l("First day (ISO 8601), if set.")),
        Column("ends_on", _l("Last day (ISO 8601), if set.")),
    ),
    build=_projects,
)


# --- indicators ---------------------------------------------------------------------------


def _indicators():
    query = (
        sa.select(
            Indicator.id,
            Indicator.project_id,
            Indicator.position,
            Indicator.name,
            Indicator.unit,
            Indicator.kind,
            Indicator.aggregation,
            Indicator.direction,
            Indicator.baseline,
            Indicator.target,
            IndicatorCategory.name.label("category"),
        )
        .outerjoin(IndicatorCategory, IndicatorCategory.indicator_id == Indicator.id)
        .order_by(
            Indicator.project_id, Indicator.position, Indicator.id, IndicatorCategory.position
        )
    )

    def cells(row):
        return (
            row.id,
            row.project_id,
            row.position,
            row.name,
            row.category,
            row.unit,
            str(row.kind),
            str(row.aggregation),
            str(row.direction),
            format_decimal(row.baseline),
            format_decimal(row.target),
        )

    return query, _each_row(cells)


INDICATORS = Dataset(
    name="indicators",
    title=_l("Indicators"),
    description=_l(
        "What each project measures, one row per indicator and category (an indicator "
        "without categories has one row with an empty category)."
    ),
    columns=(
        Column("id", _l("Number of the indicator.")),
        Column("project_id", _l("The project (projects dataset).")),
        Column("position", _l("Its order among the project's indicators.")),
        Column("name", _l("Name of the indicator.")),
        Column(
            "category",
            _l("A category of the breakdown; the indicator's value is their sum."),
        ),
        Column("unit", _l("Unit of its values.")),
        Column("kind", _l("count, hours, people, yen or percentage.")),
        Column("aggregation", _l("How periods combine: sum, latest or average.")),
        Column("direction", _l("higher or lower: which is better.")),
        Column("baseline", _l("Value before the project, if known.")),
        Column("target", _l("Target per reporting period, if set.")),
    ),
    build=_indicators,
    numeric=frozenset({"baseline", "target"}),
)


# --- values -------------------------------------------------------------------------------

VALUE_COLUMNS = (
    "project_id",
    "project",
    "call_id",
    "indicator_id",
    "indicator",
    "category",
    "unit",
    "kind",
    "fiscal_year",
    "quarter",
    "value",
    "report_revision",
)


def verified_values_query() -> sa.Select:
    """Every value of a verified report, one row per project, indicator, category, period.

    The order depends only on what the export writes (and the indicators' positions),
    so a database rebuilt from an export writes the same file again."""
    return (
        sa.select(
            Project.id.label("project_id"),
            Project.title.label("project"),
            Project.call_id,
            Indicator.id.label("indicator_id"),
            Indicator.name.label("indicator"),
            IndicatorCategory.name.label("category"),
            Indicator.unit,
            Indicator.kind,
            Report.fiscal_year,
            Report.quarter,
            ReportValue.value,
            Report.revision,
        )
        .select_from(ReportValue)
        .join(Report, Report.id == ReportValue.report_id)
        .join(Indicator, Indicator.id == ReportValue.indicator_id)
        .join(Project, Project.id == Report.project_id)
        .outerjoin(IndicatorCategory, IndicatorCategory.id == ReportValue.category_id)
        # Only verified reports are public; a superseded revision never counts.
        .where(Report.state == ReportState.VERIFIED)
        .order_by(
            Project.id,
            Indicator.position,
            Indicator.id,
            sa.func.coalesce(IndicatorCategory.position, -1),
            sa.func.coalesce(IndicatorCategory.id, 0),
            Report.fiscal_year,
            sa.func.coalesce(Report.quarter, 0),
        )
    )


def _values():
    query = verified_values_query()
    # Every column raw; the kind is stored as its value, the same text str(kind) gives.
    columns = [_raw(column) for column in query.selected_columns]
    if db.session.get_bind().dialect.name == "postgresql":
        # numeric(18, 2) as text always has its two decimals: canonical once a ".00" is cut,
        # and far cheaper than a Decimal per value.
        columns[VALUE_COLUMNS.index("value")] = sa.cast(ReportValue.value, sa.Text).label("value")
    query = query.with_only_columns(*columns)

    def cells(rows):
        return [
            (
                project_id,
                project,
                call_id,
                indicator_id,
                indicator,
                category,
                unit,
                kind,
                fiscal_year,
                quarter,
                # decimal_text, inline: a call per value costs as much as the rest of the row.
                text[:-3]
                if (
                    text := "%.2f" % value  # noqa: UP031 (the cheapest exact formatting)
                    if type(value) is float
                    else value
                    if type(value) is str
                    else decimal_text(value)
                ).endswith(".00")
                else text,
                revision,
            )
            for (
                project_id,
                project,
                call_id,
                indicator_id,
                indicator,
                category,
                unit,
                kind,
                fiscal_year,
                quarter,
                value,
                revision,
            ) in rows
        ]

    return query, cells


VALUES = Dataset(
    name="values",
    title=_l("Indicator values"),
    description=_l(
        "The verified results of every project in a tidy long format: one row per project, "
        "indicator, category and period. Only values of verified reports appear; a report "
        "awaiting verification or corrected by a later revision never does. Officers can "
        "import historical values in this same format."
    ),
    columns=(
        Column("project_id", _l("The project (projects dataset).")),
        Column("project", _l("Title of the project.")),
        Column("call_id", _l("The call the project was selected in.")),
        Column("indicator_id", _l("The indicator (indicators dataset).")),
        Column("indicator", _l("Name of the indicator.")),
        Column("category", _l("Category of the breakdown; empty when the indicator has none.")),
        Column("unit", _l("Unit of the value.")),
        Column("kind", _l("count, hours, people, yen or percentage.")),
        Column("fiscal_year", _l("Fiscal year, April to March (2011 = April 2011 to March 2012).")),
        Column(
            "quarter",
            _l("1 (April-June) to 4 (January-March); empty for a whole year."),
        ),
        Column(
            "value",
            _l(
                "The value: a plain decimal number with a full stop, no thousands "
                "separators; whole numbers without decimals (3483), others with two (12.50)."
            ),
        ),
        Column("report_revision", _l("Revision of the verified report the value comes from.")),
    ),
    build=_values,
    numeric=frozenset({"value"}),
    slice_by=lambda: Report.project_id,
)

DATASETS: dict[str, Dataset] = {
    dataset.name: dataset for dataset in (CALLS, PROPOSALS, DECISIONS, PROJECTS, INDICATORS, VALUES)
}
assert VALUES.header == list(VALUE_COLUMNS)
