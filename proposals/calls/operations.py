"""Calls for proposals: creating, editing and the officers' closing actions. Never commits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from proposals.audit.log import record
from proposals.calls.models import Call, Criterion, Phase
from proposals.database import utcnow
from proposals.extensions import db


class CallError(Exception):
    """A change to a call was refused. ``problems`` lists every reason, for the officer."""

    def __init__(self, problems: list[str] | str):
        problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(problems))
        self.problems = problems


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
    "review_due_at",
)


def _check_rules(call: Call) -> None:
    problems = []
    if call.closes_at <= call.opens_at:
        problems.append(_("The submission window must close after it opens."))
    if call.review_due_at is not None and call.review_due_at <= call.closes_at:
        problems.append(_("Reviews must be due after submissions close."))
    if call.budget_envelope <= 0:
        problems.append(_("The budget envelope must be more than ¥0."))
    if not 0 < call.max_per_proposal <= call.budget_envelope:
        problems.append(_("The maximum per proposal must be more than ¥0 and within the envelope."))
    if not call.criteria:
        problems.append(_("Add at least one scoring criterion."))
    if problems:
        raise CallError(problems)


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
    """Create a call with its scoring criteria and themes; ``fields`` are ``CALL_FIELDS``."""
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
    """Edit a call; returns the names of what changed (nothing changed: no audit row).

    What is locked depends on the phase the call was in before the edit, so that moving
    the window cannot unlock anything:

    - once submissions have opened, the scoring criteria are fixed (groups wrote their
      proposals against them, reviewers score with them) and so is the opening time;
    - once they have closed, the closing time is fixed too: the proposals are public
      and in review, and reopening would unpublish them.
    """
    phase = call.phase
    # Criteria and themes load on first use: load them before the edit, so that loading
    # them later does not flush a half-checked change (the database would refuse it first).
    call.criteria, call.theme_tags  # noqa: B018
    changed, before, after = [], {}, {}
    for name in CALL_FIELDS:
        if name not in fields or _same(getattr(call, name), fields[name]):
            continue
        before[name] = _jsonable(getattr(call, name))
        after[name] = _jsonable(fields[name])
        setattr(call, name, fields[name])
        changed.append(name)
    problems = []
    if "opens_at" in changed and phase is not Phase.UPCOMING:
        problems.append(_("The opening time cannot change once submissions have opened."))
    if "closes_at" in changed and phase not in (Phase.UPCOMING, Phase.OPEN):
        problems.append(_("The closing time cannot change once submissions have closed."))
    if criteria is not None:
        current = _criteria_data(call)
        wanted = [_normalised(c) for c in criteria]
        if current != wanted:
            if phase is not Phase.UPCOMING:
                problems.append(_("Scoring criteria cannot change once submissions have opened."))
            else:
                _replace_criteria(call, wanted)
                before["criteria"] = [c.name for c in current]
                after["criteria"] = [c.name for c in wanted]
                changed.append("criteria")
    if problems:
        raise CallError(problems)
    if themes is not None and set(themes) != set(call.themes):
        before["themes"] = sorted(call.themes)
        call.themes = themes
        after["themes"] = sorted(call.themes)
        changed.append("themes")
    if changed:
        _check_rules(call)
        call.updated_at = utcnow()
        db.session.flush()
        record(actor, "call.update", call, before=before, after={"changed": changed, **after})
    return changed


def _same(old, new) -> bool:
    # Times are entered to the minute: a stored time with seconds is "unchanged" when
    # the form sends it back without them.
    if isinstance(old, dt.datetime) and isinstance(new, dt.datetime):
        return old.replace(second=0, microsecond=0) == new.replace(second=0, microsecond=0)
    return old == new


def _normalised(c: CriterionData) -> CriterionData:
    return CriterionData(c.name.strip(), (c.description or "").strip(), c.weight, c.max_score)


def _criteria_data(call: Call) -> list[CriterionData]:
    return [CriterionData(c.name, c.description, c.weight, c.max_score) for c in call.criteria]


def _replace_criteria(call: Call, wanted: list[CriterionData]) -> None:
    # Rows are rewritten in place, position by position: deleting and re-inserting in
    # one flush would collide on (call_id, position), as inserts are flushed first.
    rows = list(call.criteria)
    for index, data in enumerate(wanted):
        if index < len(rows):
            row = rows[index]
            row.name, row.description = data.name, data.description
            row.weight, row.max_score = data.weight, data.max_score
        else:
            rows.append(
                Criterion(
                    position=index,
                    name=data.name,
                    description=data.description,
                    weight=data.weight,
                    max_score=data.max_score,
                )
            )
    call.criteria = rows[: len(wanted)]


def _jsonable(value):
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


# action -> (phase it must be in, column it sets)
PHASE_ACTIONS = {
    "close_review": (Phase.IN_REVIEW, "review_closed_at"),
    "close_recommendations": (Phase.RECOMMENDING, "recommendations_closed_at"),
}


def advance_phase(call: Call, actor, action: str) -> Phase:
    """An officer's explicit closing action: ends review, or hands over to the mayor's office."""
    if action not in PHASE_ACTIONS:
        raise CallError(_("Unknown action."))
    required, column = PHASE_ACTIONS[action]
    before = call.phase
    if before is not required:
        raise CallError(_("This call is not in the “%(phase)s” phase.", phase=required.label))
    if action == "close_recommendations":
        # Imported here: the committee area builds on calls, not the other way round.
        from proposals.committee import operations as committee
        from proposals.submissions.workflow import WorkflowError

        try:
            committee.check_complete(call)
        except WorkflowError as error:
            raise CallError(error.problems) from error
    setattr(call, column, utcnow())
    db.session.flush()
    record(
        actor,
        f"call.{action}",
        call,
        before={"phase": before.value},
        after={"phase": call.phase.value},
    )
    if action == "close_recommendations":
        committee.notify_report_ready(call)
    return call.phase


def window(opens_local: dt.datetime, closes_local: dt.datetime, timezone: str):
    """Convert a window entered in the call's local time to aware UTC datetimes.

    ``opens_local`` and ``closes_local`` are naive wall-clock times in ``timezone``
    (what a datetime-local input sends), e.g. 2027-04-30 17:00 in Asia/Tokyo.
    """
    return local_to_utc(opens_local, timezone), local_to_utc(closes_local, timezone)


def local_to_utc(local: dt.datetime | None, timezone: str) -> dt.datetime | None:
    """A naive wall-clock time in ``timezone`` as an aware UTC datetime (None stays None)."""
    if local is None:
        return None
    return local.replace(tzinfo=ZoneInfo(timezone)).astimezone(dt.UTC)
