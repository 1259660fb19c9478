"""A project's record and its indicators: the lead officer's changes, each audited.

Never commits and never reads the request: the views commit once. Refusals raise
``WorkflowError`` with every reason, before anything is changed. Every change to an
indicator's definition appends an ``IndicatorRevision`` (the definition after the change,
with the reason), so the public sees how the yardstick moved over the years.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Sequence

import sqlalchemy as sa
from flask_babel import gettext as _

from proposals.accounts.models import Role, User
from proposals.audit.log import record
from proposals.extensions import db
from proposals.notifications.operations import notify, path_for
from proposals.projects.indicators import (
    Aggregation,
    Direction,
    Indicator,
    IndicatorCategory,
    IndicatorKind,
    IndicatorRevision,
    ReportValue,
)
from proposals.projects.models import Project, ProjectStatus
from proposals.submissions.workflow import WorkflowError

NAME_MAX = 200
UNIT_MAX = 50
# Numeric(18, 2): sixteen digits before the point.
VALUE_MAX = decimal.Decimal("9999999999999999.99")
CENTS = decimal.Decimal("0.01")

# Words in a planned indicator's unit that say what kind of number it is. The first match
# wins; anything else is a count ("sessions", "courses", "requests").
_KIND_HINTS = (
    (IndicatorKind.HOURS, ("hour", "時間")),
    (IndicatorKind.PEOPLE, ("people", "person", "participant", "user", "member", "人")),
    (IndicatorKind.YEN, ("yen", "円", "¥")),
    (IndicatorKind.PERCENTAGE, ("percent", "%", "％")),
)


def guess_kind(unit: str) -> IndicatorKind:
    """The kind a planned indicator's unit suggests: "hours" -> hours, "people" -> people..."""
    text = unit.lower()
    for kind, words in _KIND_HINTS:
        if any(word in text for word in words):
            return kind
    return IndicatorKind.COUNT


def _is_officer(user) -> bool:
    return user is not None and user.has_role(Role.CITY_OFFICER)


def _number(value: decimal.Decimal | None) -> str | None:
    return None if value is None else str(decimal.Decimal(value).quantize(CENTS))


def definition(indicator: Indicator) -> dict:
    """The indicator's definition as JSON-able data, as stored in its revisions."""
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "kind": indicator.kind.value,
        "aggregation": indicator.aggregation.value,
        "direction": indicator.direction.value,
        "baseline": _number(indicator.baseline),
        "target": _number(indicator.target),
        "categories": [category.name for category in indicator.categories],
    }


def _project_facts(project: Project) -> dict:
    return {
        "status": project.status.value,
        "lead_officer_id": project.lead_officer_id,
        "starts_on": project.starts_on.isoformat() if project.starts_on else None,
        "ends_on": project.ends_on.isoformat() if project.ends_on else None,
        "department": project.department,
        "discontinued_reason": project.discontinued_reason,
    }


def _revise(indicator: Indicator, actor, reason: str) -> IndicatorRevision:
    db.session.flush()
    # The categories relationship may hold a stale list after a flush of new rows.
    db.session.refresh(indicator, ["categories"])
    revision = IndicatorRevision(
        indicator_id=indicator.id,
        definition=definition(indicator),
        reason=reason,
        changed_by_id=actor.id,
    )
    db.session.add(revision)
    db.session.flush()
    return revision


def revisions(indicator: Indicator) -> list[IndicatorRevision]:
    """The indicator's definitions over time, oldest first."""
    return list(
        db.session.scalars(
            sa.select(IndicatorRevision)
            .where(IndicatorRevision.indicator_id == indicator.id)
            .order_by(IndicatorRevision.changed_at, IndicatorRevision.id)
        )
    )


def indicators_of(project: Project) -> list[Indicator]:
    return list(
        db.session.scalars(
            sa.select(Indicator)
            .where(Indicator.project_id == project.id)
            .order_by(Indicator.position, Indicator.id)
        )
    )


# --- seeding at publication --------------------------------------------------------------------


def seed_indicators(project: Project, actor) -> list[Indicator]:
    """Create ``project``'s indicators from its proposal's planned indicators.

    Each becomes a yearly indicator summed over the periods, higher being better, with the
    planned baseline and annual target; its kind is guessed from the unit (``guess_kind``)
    and the lead officer adjusts it later. Called by publication, once per project.
    """
    created = []
    for planned in sorted(project.proposal.indicators, key=lambda row: row.position):
        indicator = Indicator(
            project_id=project.id,
            position=len(created),
            name=planned.name,
            unit=planned.unit,
            kind=guess_kind(planned.unit),
            aggregation=Aggregation.SUM,
            direction=Direction.HIGHER_IS_BETTER,
            baseline=decimal.Decimal(planned.baseline),
            target=decimal.Decimal(planned.annual_target),
        )
        db.session.add(indicator)
        db.session.flush()
        revision = _revise(indicator, actor, _("From the proposal"))
        # Nobody chose this definition: the proposal did. The audit row is the system's,
        # the revision names who published; the publication's own row lists the projects.
        record(None, "indicator.seed", indicator, after=revision.definition, note=revision.reason)
        created.append(indicator)
    return created


# --- the lead officer ----------------------------------------------------------------------


def take_lead(project: Project, officer) -> None:
    """``officer`` becomes the lead of a project nobody leads yet."""
    if not _is_officer(officer):
        raise WorkflowError([_("Only a city officer can lead a project.")])
    if project.lead_officer_id == officer.id:
        raise WorkflowError([_("You already lead this project.")])
    if project.lead_officer_id is not None:
        raise WorkflowError(
            [_("This project already has a lead officer; they can hand it over to you.")]
        )
    project.lead_officer_id = officer.id
    db.session.flush()
    record(
        officer,
        "project.take_lead",
        project,
        before={"lead_officer_id": None},
        after={"lead_officer_id": officer.id},
    )


def hand_over(project: Project, actor, new_lead) -> None:
    """The lead officer hands ``project`` over to another officer, who is told in the app."""
    if new_lead is None or not _is_officer(new_lead):
        raise WorkflowError([_("A project can be handed over only to a city officer.")])
    if new_lead.id == project.lead_officer_id:
        raise WorkflowError([_("%(name)s already leads this project.", name=new_lead.display_name)])
    before = project.lead_officer_id
    project.lead_officer_id = new_lead.id
    db.session.flush()
    record(
        actor,
        "project.hand_over",
        project,
        before={"lead_officer_id": before},
        after={"lead_officer_id": new_lead.id},
    )
    if new_lead.id != getattr(actor, "id", None):
        notify(
            new_lead,
            "project.lead",
            _("You now lead the project “%(title)s”.", title=project.title),
            path_for("projects.manage", project_id=project.id),
        )


# --- the project's record ------------------------------------------------------------------


def update_project(
    project: Project,
    actor,
    *,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    department: str,
) -> None:
    """Change the project's dates and its partner department."""
    department = (department or "").strip()
    problems = []
    if starts_on and ends_on and ends_on < starts_on:
        problems.append(_("The project cannot end before it starts."))
    if len(department) > 200:
        problems.append(_("The department's name is too long (200 characters at most)."))
    if problems:
        raise WorkflowError(problems)
    before = _project_facts(project)
    project.starts_on, project.ends_on, project.department = starts_on, ends_on, department
    db.session.flush()
    after = _project_facts(project)
    if after != before:
        record(actor, "project.update", project, before=before, after=after)


def _tell_members(project: Project, message: str) -> None:
    link = path_for("projects.view", project_id=project.id)
    for membership in project.group.memberships:
        notify(membership.user, "project.status", message, link)


def _check_active(project: Project) -> None:
    if project.status is not ProjectStatus.ACTIVE:
        raise WorkflowError(
            [_("The project is already %(status)s.", status=project.status.label.lower())]
        )


def complete(project: Project, actor) -> None:
    """Mark an active project completed; the group's members are told."""
    _check_active(project)
    project.status = ProjectStatus.COMPLETED
    db.session.flush()
    record(
        actor,
        "project.complete",
        project,
        before={"status": ProjectStatus.ACTIVE.value},
        after={"status": project.status.value},
    )
    _tell_members(project, _("The project “%(title)s” was completed.", title=project.title))


def discontinue(project: Project, actor, reason: str) -> None:
    """Discontinue an active project, with the reason shown on its public page."""
    reason = (reason or "").strip()
    problems = []
    if project.status is not ProjectStatus.ACTIVE:
        problems.append(
            _("The project is already %(status)s.", status=project.status.label.lower())
        )
    if not reason:
        problems.append(_("Give the reason for discontinuing the project."))
    if problems:
        raise WorkflowError(problems)
    project.status = ProjectStatus.DISCONTINUED
    project.discontinued_reason = reason
    db.session.flush()
    record(
        actor,
        "project.discontinue",
        project,
        before={"status": ProjectStatus.ACTIVE.value},
        after={"status": project.status.value, "reason": reason},
    )
    _tell_members(
        project,
        _(
            "The project “%(title)s” was discontinued. Reason: %(reason)s",
            title=project.title,
            reason=reason,
        ),
    )


# --- indicators ----------------------------------------------------------------------------


def _decimal(value) -> decimal.Decimal | None:
    return None if value is None else decimal.Decimal(value)


def _value_problem(label: str, value: decimal.Decimal | None) -> str | None:
    if value is None:
        return None
    if not value.is_finite() or value < 0:
        return _("%(field)s cannot be negative.", field=label)
    if value != value.quantize(CENTS, rounding=decimal.ROUND_DOWN):
        return _("%(field)s has at most two decimal places.", field=label)
    if value > VALUE_MAX:
        return _("%(field)s is too large.", field=label)
    return None


def _definition_problems(
    project: Project, name: str, unit: str, baseline, target, *, indicator=None
) -> list[str]:
    problems = []
    if not name:
        problems.append(_("Give the indicator a name."))
    elif len(name) > NAME_MAX:
        problems.append(_("The name is too long (200 characters at most)."))
    else:
        clash = sa.select(Indicator.id).where(
            Indicator.project_id == project.id, sa.func.lower(Indicator.name) == name.lower()
        )
        if indicator is not None:
            clash = clash.where(Indicator.id != indicator.id)
        if db.session.scalar(clash) is not None:
            problems.append(_("This project already has an indicator named “%(name)s”.", name=name))
    if not unit:
        problems.append(_("Give the unit the indicator counts in."))
    elif len(unit) > UNIT_MAX:
        problems.append(_("The unit is too long (50 characters at most)."))
    for label, value in ((_("The baseline"), baseline), (_("The target"), target)):
        problem = _value_problem(label, value)
        if problem:
            problems.append(problem)
    return problems


def add_indicator(
    project: Project,
    actor,
    *,
    name: str,
    unit: str,
    kind: IndicatorKind,
    aggregation: Aggregation,
    direction: Direction,
    baseline: decimal.Decimal | None,
    target: decimal.Decimal | None,
    reason: str = "",
) -> Indicator:
    """Add an indicator at the end of ``project``'s list."""
    name, unit, reason = (name or "").strip(), (unit or "").strip(), (reason or "").strip()
    baseline, target = _decimal(baseline), _decimal(target)
    problems = _definition_problems(project, name, unit, baseline, target)
    if problems:
        raise WorkflowError(problems)
    position = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.max(Indicator.position) + 1, 0)).where(
            Indicator.project_id == project.id
        )
    )
    indicator = Indicator(
        project_id=project.id,
        position=position,
        name=name,
        unit=unit,
        kind=IndicatorKind(kind),
        aggregation=Aggregation(aggregation),
        direction=Direction(direction),
        baseline=baseline,
        target=target,
    )
    db.session.add(indicator)
    db.session.flush()
    revision = _revise(indicator, actor, reason or _("New indicator"))
    record(actor, "indicator.add", indicator, after=revision.definition, note=reason or None)
    return indicator


def update_indicator(
    indicator: Indicator,
    actor,
    *,
    name: str,
    unit: str,
    kind: IndicatorKind,
    aggregation: Aggregation,
    direction: Direction,
    baseline: decimal.Decimal | None,
    target: decimal.Decimal | None,
    reason: str,
) -> IndicatorRevision | None:
    """Change an indicator's definition, with the reason; ``None`` when nothing changed."""
    name, unit, reason = (name or "").strip(), (unit or "").strip(), (reason or "").strip()
    baseline, target = _decimal(baseline), _decimal(target)
    problems = _definition_problems(
        indicator.project, name, unit, baseline, target, indicator=indicator
    )
    if not reason:
        problems.append(_("Say why the indicator changes: the reason is published."))
    if problems:
        raise WorkflowError(problems)
    before = definition(indicator)
    indicator.name, indicator.unit = name, unit
    indicator.kind = IndicatorKind(kind)
    indicator.aggregation = Aggregation(aggregation)
    indicator.direction = Direction(direction)
    indicator.baseline, indicator.target = baseline, target
    if definition(indicator) == before:
        return None
    revision = _revise(indicator, actor, reason)
    record(
        actor, "indicator.update", indicator, before=before, after=revision.definition, note=reason
    )
    return revision


def _has_values(**where) -> bool:
    query = sa.select(ReportValue.id)
    for column, value in where.items():
        query = query.where(getattr(ReportValue, column) == value)
    return db.session.scalar(query.limit(1)) is not None


def remove_indicator(indicator: Indicator, actor, reason: str = "") -> None:
    """Remove an indicator no report has a value for; its history goes with it, the audit
    log keeps its last definition."""
    if _has_values(indicator_id=indicator.id):
        raise WorkflowError(
            [
                _(
                    "“%(name)s” has values in reports, so it cannot be removed; change its "
                    "definition instead.",
                    name=indicator.name,
                )
            ]
        )
    project = indicator.project
    before = definition(indicator) | {"indicator_id": indicator.id}
    db.session.delete(indicator)
    db.session.flush()
    record(actor, "indicator.remove", project, before=before, note=(reason or "").strip() or None)


def set_categories(
    indicator: Indicator,
    actor,
    categories: Sequence[tuple[int | None, str]],
    reason: str,
) -> IndicatorRevision | None:
    """Replace the indicator's breakdown with ``categories``, in order.

    Each entry is ``(id, name)`` for an existing category (renamed when the name differs)
    or ``(None, name)`` for a new one; an existing category left out is removed, which is
    refused when a report has a value for it. ``None`` when nothing changed.
    """
    reason = (reason or "").strip()
    existing = {category.id: category for category in indicator.categories}
    problems = []
    wanted = [(category_id, (name or "").strip()) for category_id, name in categories]
    wanted = [(category_id, name) for category_id, name in wanted if name]
    for category_id, _name in wanted:
        if category_id is not None and category_id not in existing:
            problems.append(_("A category of another indicator cannot be changed here."))
            break
    seen = set()
    for _category_id, name in wanted:
        if len(name) > NAME_MAX:
            problems.append(_("A category's name is too long (200 characters at most)."))
        if name.lower() in seen:
            problems.append(_("Two categories are named “%(name)s”.", name=name))
        seen.add(name.lower())
    kept = {category_id for category_id, _name in wanted if category_id is not None}
    removed = [category for category_id, category in existing.items() if category_id not in kept]
    for category in removed:
        if _has_values(category_id=category.id):
            problems.append(
                _(
                    "The category “%(name)s” has values in reports, so it cannot be removed.",
                    name=category.name,
                )
            )
    if not reason:
        problems.append(_("Say why the categories change: the reason is published."))
    if problems:
        raise WorkflowError(problems)

    before = definition(indicator)
    if [name for _category_id, name in wanted] == before["categories"] and not removed:
        return None
    for category in removed:
        indicator.categories.remove(category)
    # Two passes so that swapping two names never meets the unique constraint midway.
    for category in indicator.categories:
        category.name = f"\u2063renaming {category.id}"
        category.position = -category.id
    db.session.flush()
    for position, (category_id, name) in enumerate(wanted):
        if category_id is None:
            indicator.categories.append(IndicatorCategory(position=position, name=name))
        else:
            existing[category_id].name = name
            existing[category_id].position = position
    revision = _revise(indicator, actor, reason)
    record(
        actor,
        "indicator.categories",
        indicator,
        before=before,
        after=revision.definition,
        note=reason,
    )
    return revision


def officers() -> list[User]:
    """Every city officer, by name: the people a project can be handed over to."""
    from proposals.accounts.models import RoleGrant

    return list(
        db.session.scalars(
            sa.select(User)
            .join(RoleGrant, RoleGrant.user_id == User.id)
            .where(RoleGrant.role == Role.CITY_OFFICER)
            .order_by(User.display_name, User.id)
        )
    )
