"""Calls for proposals: creating, editing and the officers' closing actions. Never commits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _

from proposals.audit.log import record
from proposals.calls.models import Call, Criterion, Phase
from proposals.database import utcnow
from proposals.extensions import db


class CallError(Exception):
    pass


@dataclass(frozen=True)
class CriterionData:
    name: str
    description: str
    weight: int
    max_score: int


CALL_FIELDS = (
    "title",
    "fiscal_year",
    "description",
    "opens_at",
    "closes_at",
    "timezone",
    "budget_envelope",
    "max_per_proposal",
)


def _check_rules(call: Call) -> None:
    problems = []
    if call.closes_at <= call.opens_at:
        problems.append(_("The submission window must close after it opens."))
    if call.budget_envelope <= 0:
        problems.append(_("The budget envelope must be more than ¥0."))
    if not 0 < call.max_per_proposal <= call.budget_envelope:
        problems.append(_("The maximum per proposal must be more than ¥0 and within the envelope."))
    if not call.criteria:
        problems.append(_("Add at least one scoring criterion."))
    if problems:
        raise CallError("; ".join(problems))


def _criteria(criteria: list[CriterionData]) -> list[Criterion]:
    return [
        Criterion(
            position=index,
            name=c.name.strip(),
            description=(c.description or "").strip(),
            weight=c.weight,
            max_score=c.max_score,
        )
        for index, c in enumerate(criteria)
    ]


def create_call(actor, *, criteria: list[CriterionData], themes=(), **fields) -> Call:
    call = Call(created_by=actor, **{name: fields[name] for name in CALL_FIELDS if name in fields})
    call.criteria = _criteria(criteria)
    call.themes = themes
    _check_rules(call)
    db.session.add(call)
    db.session.flush()
    record(actor, "call.create", call, after={"title": call.title})
    return call


def update_call(
    call: Call, actor, *, criteria: list[CriterionData] | None = None, themes=None, **fields
) -> list[str]:
    """Edit a call. Once submissions have opened, the scoring criteria are fixed."""
    changed = []
    for name in CALL_FIELDS:
        if name in fields and getattr(call, name) != fields[name]:
            setattr(call, name, fields[name])
            changed.append(name)
    if criteria is not None:
        current = [
            CriterionData(c.name, c.description, c.weight, c.max_score) for c in call.criteria
        ]
        if current != list(criteria):
            if call.phase is not Phase.UPCOMING:
                raise CallError(_("Scoring criteria cannot change once submissions have opened."))
            call.criteria = _criteria(criteria)
            changed.append("criteria")
    if themes is not None and set(themes) != set(call.themes):
        call.themes = themes
        changed.append("themes")
    if changed:
        _check_rules(call)
        call.updated_at = utcnow()
        db.session.flush()
        record(actor, "call.update", call, after={"changed": changed})
    return changed


# action -> (phase it must be in, column it sets)
PHASE_ACTIONS = {
    "close_review": (Phase.IN_REVIEW, "review_closed_at"),
    "close_recommendations": (Phase.RECOMMENDING, "recommendations_closed_at"),
}


def advance_phase(call: Call, actor, action: str) -> Phase:
    """An officer's explicit closing action: ends review, or hands over to the mayor's office."""
    required, column = PHASE_ACTIONS[action]
    before = call.phase
    if before is not required:
        raise CallError(_("This call is not in the “%(phase)s” phase.", phase=required.label))
    setattr(call, column, utcnow())
    db.session.flush()
    record(
        actor,
        f"call.{action}",
        call,
        before={"phase": before.value},
        after={"phase": call.phase.value},
    )
    return call.phase


def window(opens_local: dt.datetime, closes_local: dt.datetime, timezone: str):
    """Convert a window entered in the call's local time to aware UTC datetimes."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(timezone)
    return (
        opens_local.replace(tzinfo=zone).astimezone(dt.UTC),
        closes_local.replace(tzinfo=zone).astimezone(dt.UTC),
    )
