"""Creating and editing proposal drafts. Drafts save at any stage of completeness.

Only a title is needed to save; what else a proposal needs before it can be submitted is
``workflow.submission_problems``'s to say. The checks here are the ones the database would
otherwise enforce with an error page (lengths, negative amounts), in words for the group.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from proposals.audit.log import record
from proposals.calls.models import Call
from proposals.database import utcnow
from proposals.extensions import db
from proposals.groups.models import Group
from proposals.submissions.models import BudgetLine, PlannedIndicator, Proposal, ProposalState
from proposals.submissions.workflow import SUMMARY_MAX_LENGTH, WorkflowError

TEXT_FIELDS = (
    "title",
    "summary",
    "need",
    "activities",
    "department",
    "group_role",
    "city_role",
    "beneficiaries",
    "timeline",
)

# Column lengths of the short text fields (the long ones are Text), with the message shown.
MAX_LENGTHS = {
    "title": (200, _l("The title is too long (at most %(max)s characters).")),
    "summary": (SUMMARY_MAX_LENGTH, _l("The summary is too long (at most %(max)s characters).")),
    "department": (200, _l("The department's name is too long (at most %(max)s characters).")),
}
MAX_ITEM_LENGTH = 200
MAX_UNIT_LENGTH = 50
# Far above any real budget, far below the 64-bit column limit.
MAX_AMOUNT = 999_999_999_999


@dataclass(frozen=True)
class BudgetLineData:
    item: str
    amount: int


@dataclass(frozen=True)
class IndicatorData:
    name: str
    unit: str
    baseline: int
    annual_target: int


def create_draft(
    call: Call,
    group: Group,
    actor,
    *,
    budget_lines: list[BudgetLineData] | None = None,
    indicators: list[IndicatorData] | None = None,
    themes=None,
    **fields,
) -> Proposal:
    """Start a draft for ``group`` in ``call`` while the call is open. Only a title is needed."""
    if not call.is_open:
        raise WorkflowError([_("This call is not open for submissions.")])
    fields.setdefault("title", "")
    proposal = Proposal(call=call, group=group, created_by=actor, state=ProposalState.DRAFT)
    _apply(proposal, fields, budget_lines, indicators, themes)
    db.session.add(proposal)
    db.session.flush()
    record(actor, "proposal.create", proposal, after={"state": "draft", "title": proposal.title})
    return proposal


def update_draft(
    proposal: Proposal,
    actor,
    *,
    budget_lines: list[BudgetLineData] | None = None,
    indicators: list[IndicatorData] | None = None,
    themes=None,
    **fields,
) -> list[str]:
    """Save changes to a draft. Returns the names of the fields that changed.

    Arguments left out (or ``None``) stay as they are; an empty list clears the budget
    lines or the indicators.
    """
    if proposal.state is not ProposalState.DRAFT:
        raise WorkflowError([_("A submitted proposal is frozen and cannot be edited.")])
    changed = _apply(proposal, fields, budget_lines, indicators, themes)
    if changed:
        proposal.updated_at = utcnow()
        db.session.flush()
        record(actor, "proposal.update", proposal, after={"changed": changed})
    return changed


def _clean_text(fields: dict) -> dict[str, str]:
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown proposal fields: {', '.join(sorted(unknown))}")
    return {name: (value or "").strip() for name, value in fields.items()}


def _clean_lines(lines) -> list[BudgetLineData]:
    return [BudgetLineData(line.item.strip(), int(line.amount)) for line in lines]


def _clean_indicators(indicators) -> list[IndicatorData]:
    return [
        IndicatorData(i.name.strip(), i.unit.strip(), int(i.baseline), int(i.annual_target))
        for i in indicators
    ]


def _problems(text: dict[str, str], lines, indicators) -> list[str]:
    problems = []
    if "title" in text and not text["title"]:
        problems.append(_("Give the proposal a title."))
    for name, (limit, message) in MAX_LENGTHS.items():
        if len(text.get(name, "")) > limit:
            problems.append(str(message) % {"max": limit})
    for number, line in enumerate(lines or (), start=1):
        if not line.item or len(line.item) > MAX_ITEM_LENGTH:
            problems.append(_("Budget line %(number)s needs an item name.", number=number))
        if not 0 <= line.amount <= MAX_AMOUNT:
            problems.append(_("Budget line %(number)s has an impossible amount.", number=number))
    for number, data in enumerate(indicators or (), start=1):
        if not data.name or len(data.name) > MAX_ITEM_LENGTH:
            problems.append(_("Indicator %(number)s needs a name.", number=number))
        if not data.unit or len(data.unit) > MAX_UNIT_LENGTH:
            problems.append(_("Indicator %(number)s needs a unit.", number=number))
        if not (0 <= data.baseline <= MAX_AMOUNT and 0 <= data.annual_target <= MAX_AMOUNT):
            problems.append(_("Indicator %(number)s has an impossible number.", number=number))
    return problems


def _apply(proposal, fields, budget_lines, indicators, themes) -> list[str]:
    text = _clean_text(fields)
    lines = None if budget_lines is None else _clean_lines(budget_lines)
    planned = None if indicators is None else _clean_indicators(indicators)
    problems = _problems(text, lines, planned)
    if problems:
        raise WorkflowError(problems)

    changed = []
    for name, value in text.items():
        if getattr(proposal, name) != value:
            setattr(proposal, name, value)
            changed.append(name)
    if themes is not None and set(themes) != set(proposal.themes):
        proposal.themes = themes
        changed.append("themes")
    if lines is not None:
        current = [BudgetLineData(line.item, line.amount) for line in proposal.budget_lines]
        if current != lines:
            proposal.budget_lines = [
                BudgetLine(position=index, item=line.item, amount=line.amount)
                for index, line in enumerate(lines)
            ]
            changed.append("budget_lines")
        # The total is derived here and nowhere else: the only writer of budget lines.
        proposal.requested_total = sum(line.amount for line in lines)
    if planned is not None:
        current = [
            IndicatorData(i.name, i.unit, i.baseline, i.annual_target) for i in proposal.indicators
        ]
        if current != planned:
            proposal.indicators = [
                PlannedIndicator(
                    position=index,
                    name=data.name,
                    unit=data.unit,
                    baseline=data.baseline,
                    annual_target=data.annual_target,
                )
                for index, data in enumerate(planned)
            ]
            changed.append("indicators")
    return changed
