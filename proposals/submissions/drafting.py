"""Creating and editing proposal drafts. Drafts save at any stage of completeness."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from proposals.audit.log import record
from proposals.calls.models import Call
from proposals.database import utcnow
from proposals.extensions import db
from proposals.groups.models import Group
from proposals.submissions.models import BudgetLine, PlannedIndicator, Proposal, ProposalState
from proposals.submissions.workflow import WorkflowError

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


def create_draft(call: Call, group: Group, actor, **fields) -> Proposal:
    """Start a draft for ``group`` in ``call``. Only a title is needed to start."""
    if not call.is_open:
        raise WorkflowError([_("This call is not open for submissions.")])
    proposal = Proposal(call=call, group=group, created_by=actor, state=ProposalState.DRAFT)
    db.session.add(proposal)
    _apply(proposal, fields, None, None)
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
    """Save changes to a draft. Returns the names of the fields that changed."""
    if proposal.state is not ProposalState.DRAFT:
        raise WorkflowError([_("A submitted proposal is frozen and cannot be edited.")])
    changed = _apply(proposal, fields, budget_lines, indicators, themes)
    if changed:
        proposal.updated_at = utcnow()
        db.session.flush()
        record(actor, "proposal.update", proposal, after={"changed": changed})
    return changed


def _apply(proposal, fields, budget_lines, indicators, themes=None) -> list[str]:
    changed = []
    for name in TEXT_FIELDS:
        if name in fields:
            value = (fields[name] or "").strip()
            if getattr(proposal, name) != value:
                setattr(proposal, name, value)
                changed.append(name)
    if themes is not None and set(themes) != set(proposal.themes):
        proposal.themes = themes
        changed.append("themes")
    if budget_lines is not None:
        current = [BudgetLineData(line.item, line.amount) for line in proposal.budget_lines]
        if current != list(budget_lines):
            proposal.budget_lines = [
                BudgetLine(position=index, item=line.item.strip(), amount=line.amount)
                for index, line in enumerate(budget_lines)
            ]
            changed.append("budget_lines")
        proposal.requested_total = sum(line.amount for line in budget_lines)
    if indicators is not None:
        current = [
            IndicatorData(i.name, i.unit, i.baseline, i.annual_target) for i in proposal.indicators
        ]
        if current != list(indicators):
            proposal.indicators = [
                PlannedIndicator(
                    position=index,
                    name=data.name.strip(),
                    unit=data.unit.strip(),
                    baseline=data.baseline,
                    annual_target=data.annual_target,
                )
                for index, data in enumerate(indicators)
            ]
            changed.append("indicators")
    return changed
