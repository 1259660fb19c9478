"""A project's record and indicators: seeding at publication, the lead officer's changes,
their rules, audit rows and the indicators' revision history."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role
from proposals.audit.models import AuditEvent
from proposals.extensions import db
from proposals.notifications.models import Notification
from proposals.projects import operations
from proposals.projects.indicators import (
    Aggregation,
    Direction,
    Indicator,
    IndicatorKind,
    IndicatorRevision,
    Report,
    ReportValue,
)
from proposals.projects.models import ProjectStatus
from proposals.submissions.workflow import WorkflowError

D = decimal.Decimal


def _events(action):
    return db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    ).all()


def _notifications(user):
    return db.session.scalars(sa.select(Notification).where(Notification.user_id == user.id)).all()


def _definition(**changes):
    values = {
        "name": "Courses held",
        "unit": "courses",
        "kind": IndicatorKind.COUNT,
        "aggregation": Aggregation.SUM,
        "direction": Direction.HIGHER_IS_BETTER,
        "baseline": D("100"),
        "target": D("120"),
    }
    return values | changes


def _value(project, indicator, author, category=None, value=D("10")):
    report = Report(project_id=project.id, fiscal_year=2027, prepared_by_id=author.id)
    db.session.add(report)
    db.session.flush()
    db.session.add(
        ReportValue(
            report_id=report.id,
            indicator_id=indicator.id,
            category_id=category.id if category else None,
            value=value,
        )
    )
    db.session.commit()


# --- seeding at publication --------------------------------------------------------------------


def test_publication_seeds_the_indicators_from_the_proposal(published, mayor):
    indicators = operations.indicators_of(published.project)
    assert [
        (i.name, i.unit, i.kind, i.aggregation, i.direction, i.baseline, i.target)
        for i in indicators
    ] == [
        ("Service requests handled", "requests", IndicatorKind.COUNT, Aggregation.SUM,
         Direction.HIGHER_IS_BETTER, D("2900"), D("3400")),
        ("Activity hours", "hours", IndicatorKind.HOURS, Aggregation.SUM,
         Direction.HIGHER_IS_BETTER, D("5000"), D("5500")),
        ("Families supported", "people", IndicatorKind.PEOPLE, Aggregation.SUM,
         Direction.HIGHER_IS_BETTER, D("0"), D("300")),
    ]  # fmt: skip
    for indicator in indicators:
        (revision,) = operations.revisions(indicator)
        assert revision.reason == "From the proposal"
        assert revision.changed_by_id == mayor.id
        assert revision.definition == operations.definition(indicator)
    seeded = _events("indicator.seed")
    assert [event.object_id for event in seeded] == [i.id for i in indicators]
    assert seeded[0].after["target"] == "3400.00"


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("hours", IndicatorKind.HOURS),
        ("活動時間", IndicatorKind.HOURS),
        ("participants", IndicatorKind.PEOPLE),
        ("users", IndicatorKind.PEOPLE),
        ("人", IndicatorKind.PEOPLE),
        ("yen", IndicatorKind.YEN),
        ("%", IndicatorKind.PERCENTAGE),
        ("courses", IndicatorKind.COUNT),
        ("sessions", IndicatorKind.COUNT),
    ],
)
def test_the_kind_is_guessed_from_the_unit(unit, kind):
    assert operations.guess_kind(unit) is kind


# --- the lead officer ----------------------------------------------------------------------


def test_an_officer_takes_the_lead_of_a_project_without_one(project, officer):
    operations.take_lead(project, officer)
    db.session.commit()
    assert project.lead_officer_id == officer.id
    (event,) = _events("project.take_lead")
    assert (event.actor_id, event.before, event.after) == (
        officer.id,
        {"lead_officer_id": None},
        {"lead_officer_id": officer.id},
    )


def test_taking_the_lead_is_refused_when_somebody_leads(led, other_officer, snapshot):
    before = snapshot()
    with pytest.raises(WorkflowError) as error:
        operations.take_lead(led, other_officer)
    assert "already has a lead officer" in error.value.problems[0]
    db.session.rollback()
    assert snapshot() == before


def test_only_an_officer_can_lead(project, member, make_user, snapshot):
    before = snapshot()
    with pytest.raises(WorkflowError):
        operations.take_lead(project, member)
    with pytest.raises(WorkflowError):
        operations.hand_over(project, member, make_user(roles=[Role.MAYORS_OFFICE]))
    db.session.rollback()
    assert snapshot()["projects"] == before["projects"]


def test_the_lead_hands_over_and_the_new_lead_is_told(led, officer, other_officer):
    operations.hand_over(led, officer, other_officer)
    db.session.commit()
    assert led.lead_officer_id == other_officer.id
    (event,) = _events("project.hand_over")
    assert (event.before, event.after) == (
        {"lead_officer_id": officer.id},
        {"lead_officer_id": other_officer.id},
    )
    (note,) = _notifications(other_officer)
    assert note.message == "You now lead the project “Childcare support”."
    assert note.link == f"/projects/{led.id}/manage"


def test_handing_over_to_the_lead_themself_is_refused(led, officer):
    with pytest.raises(WorkflowError):
        operations.hand_over(led, officer, officer)


# --- the project's record ------------------------------------------------------------------


def test_dates_and_department_are_updated_with_before_and_after(led, officer):
    operations.update_project(
        led,
        officer,
        starts_on=dt.date(2027, 4, 1),
        ends_on=dt.date(2028, 3, 31),
        department=" Childcare Division ",
    )
    db.session.commit()
    assert (led.starts_on, led.ends_on, led.department) == (
        dt.date(2027, 4, 1),
        dt.date(2028, 3, 31),
        "Childcare Division",
    )
    (event,) = _events("project.update")
    assert event.before["starts_on"] is None
    assert event.before["department"] == "Child and Family Division"
    assert event.after["starts_on"] == "2027-04-01"
    assert event.after["ends_on"] == "2028-03-31"
    assert event.after["department"] == "Childcare Division"


def test_a_project_cannot_end_before_it_starts(led, officer, snapshot):
    before = snapshot()
    with pytest.raises(WorkflowError) as error:
        operations.update_project(
            led, officer, starts_on=dt.date(2027, 4, 1), ends_on=dt.date(2027, 3, 31),
            department="",
        )  # fmt: skip
    assert error.value.problems == ["The project cannot end before it starts."]
    db.session.rollback()
    assert snapshot() == before


def test_completing_tells_the_members(published, led, officer, member):
    operations.complete(led, officer)
    db.session.commit()
    assert led.status is ProjectStatus.COMPLETED
    (event,) = _events("project.complete")
    assert (event.before, event.after) == ({"status": "active"}, {"status": "completed"})
    messages = [n.message for n in _notifications(member) if n.kind == "project.status"]
    assert messages == ["The project “Childcare support” was completed."]
    representative = published.group.representative
    assert any(n.kind == "project.status" for n in _notifications(representative))


def test_discontinuing_needs_a_reason_and_tells_the_members(led, officer, member, snapshot):
    before = snapshot()
    with pytest.raises(WorkflowError) as error:
        operations.discontinue(led, officer, "  ")
    assert error.value.problems == ["Give the reason for discontinuing the project."]
    db.session.rollback()
    assert snapshot() == before

    operations.discontinue(led, officer, "The venue closed.")
    db.session.commit()
    assert led.status is ProjectStatus.DISCONTINUED
    assert led.discontinued_reason == "The venue closed."
    (event,) = _events("project.discontinue")
    assert event.after == {"status": "discontinued", "reason": "The venue closed."}
    assert [n.message for n in _notifications(member) if n.kind == "project.status"] == [
        "The project “Childcare support” was discontinued. Reason: The venue closed."
    ]


@pytest.mark.parametrize("first", ["complete", "discontinue"])
def test_a_closed_project_cannot_be_closed_again(led, officer, first, snapshot):
    if first == "complete":
        operations.complete(led, officer)
    else:
        operations.discontinue(led, officer, "No volunteers left.")
    db.session.commit()
    before = snapshot()
    with pytest.raises(WorkflowError):
        operations.complete(led, officer)
    with pytest.raises(WorkflowError):
        operations.discontinue(led, officer, "Again.")
    db.session.rollback()
    assert snapshot() == before


# --- indicators ----------------------------------------------------------------------------


def test_adding_an_indicator_keeps_a_revision_and_an_audit_row(led, officer):
    indicator = operations.add_indicator(
        led, officer, reason="The group runs courses.", **_definition()
    )
    db.session.commit()
    assert indicator.position == 3
    (revision,) = operations.revisions(indicator)
    assert revision.reason == "The group runs courses."
    assert revision.definition == {
        "name": "Courses held",
        "unit": "courses",
        "kind": "count",
        "aggregation": "sum",
        "direction": "higher",
        "baseline": "100.00",
        "target": "120.00",
        "categories": [],
    }
    (event,) = _events("indicator.add")
    assert (event.object_id, event.actor_id) == (indicator.id, officer.id)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": " "}, "Give the indicator a name."),
        (
            {"name": "activity HOURS"},
            "This project already has an indicator named “activity HOURS”.",
        ),
        ({"unit": ""}, "Give the unit the indicator counts in."),
        ({"baseline": D("-1")}, "The baseline cannot be negative."),
        ({"target": D("1.555")}, "The target has at most two decimal places."),
        ({"target": D("1e20")}, "The target is too large."),
    ],
)
def test_an_indicator_definition_is_validated(led, officer, changes, message, snapshot):
    before = snapshot()
    with pytest.raises(WorkflowError) as error:
        operations.add_indicator(led, officer, **_definition(**changes))
    assert error.value.problems == [message]
    db.session.rollback()
    assert snapshot() == before


def test_changing_an_indicator_needs_a_reason_and_appends_a_revision(project, led, officer):
    indicator = operations.indicators_of(project)[1]
    with pytest.raises(WorkflowError) as error:
        operations.update_indicator(indicator, officer, reason="", **_definition(name="Hours"))
    assert error.value.problems == ["Say why the indicator changes: the reason is published."]
    db.session.rollback()

    operations.update_indicator(
        indicator,
        officer,
        reason="Quarterly reporting from now on.",
        **_definition(
            name="Activity hours",
            unit="hours",
            kind=IndicatorKind.HOURS,
            aggregation=Aggregation.AVERAGE,
            baseline=D("5000"),
            target=D("1375.50"),
        ),
    )
    db.session.commit()
    first, second = operations.revisions(indicator)
    assert first.reason == "From the proposal"
    assert second.reason == "Quarterly reporting from now on."
    assert second.definition["aggregation"] == "average"
    assert second.definition["target"] == "1375.50"
    assert first.definition["target"] == "5500.00"
    (event,) = _events("indicator.update")
    assert event.before["target"] == "5500.00"
    assert event.after["target"] == "1375.50"
    assert event.note == "Quarterly reporting from now on."


def test_an_unchanged_definition_writes_nothing(project, led, officer, snapshot):
    indicator = operations.indicators_of(project)[0]
    before = snapshot()
    same = operations.definition(indicator) | {
        "baseline": indicator.baseline,
        "target": indicator.target,
    }
    del same["categories"]
    assert operations.update_indicator(indicator, officer, reason="Nothing.", **same) is None
    db.session.commit()
    assert snapshot() == before


def test_an_indicator_without_values_is_removed(project, led, officer):
    indicator = operations.indicators_of(project)[2]
    indicator_id = indicator.id
    operations.remove_indicator(indicator, officer)
    db.session.commit()
    assert db.session.get(Indicator, indicator_id) is None
    (event,) = _events("indicator.remove")
    assert event.object_type == "projects"
    assert event.before["name"] == "Families supported"
    assert event.before["indicator_id"] == indicator_id


def test_an_indicator_with_report_values_is_not_removed(project, led, officer, snapshot):
    indicator = operations.indicators_of(project)[0]
    _value(project, indicator, officer)
    before = snapshot()
    with pytest.raises(WorkflowError) as error:
        operations.remove_indicator(indicator, officer)
    assert "has values in reports" in error.value.problems[0]
    db.session.rollback()
    assert snapshot() == before


def test_categories_are_added_renamed_and_removed_with_revisions(project, led, officer):
    indicator = operations.indicators_of(project)[0]
    operations.set_categories(
        indicator,
        officer,
        [(None, "Group members"), (None, "Teachers"), (None, "Others")],
        "Break down by organiser.",
    )
    db.session.commit()
    members, teachers, others = indicator.categories
    assert [c.name for c in indicator.categories] == ["Group members", "Teachers", "Others"]

    # Rename one, swap the order of two, remove one.
    operations.set_categories(
        indicator,
        officer,
        [(others.id, "Other citizens"), (members.id, "Group members")],
        "Teachers are counted as other citizens.",
    )
    db.session.commit()
    db.session.expire_all()
    assert [(c.id, c.name) for c in indicator.categories] == [
        (others.id, "Other citizens"),
        (members.id, "Group members"),
    ]
    revisions = operations.revisions(indicator)
    assert [r.definition["categories"] for r in revisions] == [
        [],
        ["Group members", "Teachers", "Others"],
        ["Other citizens", "Group members"],
    ]
    assert revisions[-1].reason == "Teachers are counted as other citizens."
    assert len(_events("indicator.categories")) == 2


def test_a_category_with_values_is_not_removed(project, led, officer, snapshot):
    indicator = operations.indicators_of(project)[0]
    operations.set_categories(indicator, officer, [(None, "A"), (None, "B")], "Split.")
    db.session.commit()
    first, second = indicator.categories
    _value(project, indicator, officer, category=first)
    before = snapshot()
    with pytest.raises(WorkflowError) as error:
        operations.set_categories(indicator, officer, [(second.id, "B")], "Merge.")
    assert error.value.problems == [
        "The category “A” has values in reports, so it cannot be removed."
    ]
    db.session.rollback()
    assert snapshot() == before
    # Renaming it is fine.
    operations.set_categories(indicator, officer, [(first.id, "AA"), (second.id, "B")], "Rename.")
    db.session.commit()
    assert [c.name for c in indicator.categories] == ["AA", "B"]


@pytest.mark.parametrize(
    ("categories", "reason", "message"),
    [
        ([(None, "A"), (None, "a")], "Split.", "Two categories are named “a”."),
        ([(None, "A")], " ", "Say why the categories change: the reason is published."),
    ],
)
def test_categories_are_validated(project, led, officer, categories, reason, message, snapshot):
    indicator = operations.indicators_of(project)[0]
    before = snapshot()
    with pytest.raises(WorkflowError) as error:
        operations.set_categories(indicator, officer, categories, reason)
    assert error.value.problems == [message]
    db.session.rollback()
    assert snapshot() == before


def test_a_category_of_another_indicator_is_refused(project, led, officer):
    first, second, _third = operations.indicators_of(project)
    operations.set_categories(second, officer, [(None, "X")], "Split.")
    db.session.commit()
    (foreign,) = second.categories
    with pytest.raises(WorkflowError):
        operations.set_categories(first, officer, [(foreign.id, "Y")], "Steal.")
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(IndicatorRevision)) == 4
