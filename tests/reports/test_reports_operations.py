"""The report workflow in the domain: start, save, submit, verify, return, revise, due."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from proposals.extensions import db
from proposals.notifications.models import Notification
from proposals.projects import reporting
from proposals.projects.indicators import Report, ReportState
from proposals.projects.models import ProjectStatus
from proposals.submissions.workflow import WorkflowError
from tests.reports.conftest import full_values

D = decimal.Decimal
RS = ReportState


def verified_report(w, fiscal_year=2025, quarter=None, **values):
    report = reporting.start_report(w.project, w.member, fiscal_year, quarter)
    reporting.save_report(report, w.member, full_values(w, **values), "notes", "outcomes")
    reporting.submit_report(report, w.lead)
    reporting.verify_report(report, w.verifier)
    db.session.commit()
    return report


def test_the_whole_flow(world, audit_actions):
    w = world
    report = reporting.start_report(w.project, w.member, 2025)
    reporting.save_report(
        report, w.member, full_values(w), "Gathered from the sign-in sheets.", "Two mothers joined."
    )
    db.session.commit()
    assert report.state is RS.DRAFT and report.prepared_by_id == w.member.id
    reporting.submit_report(report, w.lead)
    assert report.state is RS.SUBMITTED and report.submitted_by_id == w.lead.id
    assert report.submitted_at is not None
    reporting.verify_report(report, w.verifier)
    db.session.commit()
    assert report.state is RS.VERIFIED and report.verified_by_id == w.verifier.id
    table = {row.indicator.name: row for row in reporting.report_table(report)}
    assert table["Service requests"].total == D(3483)
    assert table["Activity hours"].total == D("5508.5")
    assert table["Courses"].total == D(129)  # 111 + 18, computed
    assert audit_actions() == ["report.create", "report.save", "report.submit", "report.verify"]
    notified = db.session.scalars(
        sa.select(Notification).where(Notification.user_id == w.lead.id)
    ).all()
    assert [n.kind for n in notified] == ["report.verified"]


def test_one_current_report_per_period(world):
    w = world
    first = reporting.start_report(w.project, w.member, 2025)
    db.session.commit()
    with pytest.raises(reporting.ExistingReport) as refused:
        reporting.start_report(w.project, w.lead, 2025)
    assert refused.value.report.id == first.id
    assert "FY2025" in refused.value.problems[0] and "Draft" in refused.value.problems[0]


@pytest.mark.parametrize("year", [2023, 2027])
def test_the_fiscal_year_lies_between_the_calls_and_the_current_one(world, year):
    with pytest.raises(WorkflowError) as refused:
        reporting.start_report(world.project, world.member, year)
    assert "FY2024 to FY2026" in refused.value.problems[0]


def test_a_quarter_is_1_to_4(world):
    with pytest.raises(WorkflowError):
        reporting.start_report(world.project, world.member, 2025, 5)


def test_a_year_is_reported_yearly_or_quarterly_not_both(world):
    w = world
    reporting.start_report(w.project, w.member, 2025, 1)
    with pytest.raises(WorkflowError) as refused:
        reporting.start_report(w.project, w.member, 2025)
    assert "by quarter" in refused.value.problems[0]
    reporting.start_report(w.project, w.member, 2024)
    with pytest.raises(WorkflowError) as refused:
        reporting.start_report(w.project, w.member, 2024, 2)
    assert "whole year" in refused.value.problems[0]
    # Other quarters of 2025 are fine.
    assert reporting.start_report(w.project, w.member, 2025, 2).quarter == 2


def test_values_are_validated_per_field(world):
    w = world
    report = reporting.start_report(w.project, w.member, 2025)
    values = {
        (w.requests.id, None): D("12.5"),  # a count: whole numbers only
        (w.hours.id, None): D("1.234"),  # three decimals
        (w.courses.id, w.by_members.id): D(-1),
        (w.courses.id, w.by_teachers.id): D(3),
    }
    with pytest.raises(reporting.ReportValueError) as refused:
        reporting.save_report(report, w.member, values, "", "")
    by_key = refused.value.by_key
    assert "whole numbers" in by_key[(w.requests.id, None)]
    assert "two decimals" in by_key[(w.hours.id, None)]
    assert "0 or more" in by_key[(w.courses.id, w.by_members.id)]
    assert (w.courses.id, w.by_teachers.id) not in by_key


def test_an_indicator_with_categories_takes_no_total(world):
    w = world
    report = reporting.start_report(w.project, w.member, 2025)
    with pytest.raises(reporting.ReportValueError):
        reporting.save_report(report, w.member, {(w.courses.id, None): D(5)}, "", "")


def test_submitting_needs_every_value(world, audit_actions):
    w = world
    report = reporting.start_report(w.project, w.member, 2025)
    values = full_values(w)
    del values[(w.courses.id, w.by_teachers.id)]
    values[(w.hours.id, None)] = None
    reporting.save_report(report, w.member, values, "", "")
    db.session.commit()
    with pytest.raises(WorkflowError) as refused:
        reporting.submit_report(report, w.lead)
    assert refused.value.problems == [
        "No value for “Activity hours”.",
        "No value for “Courses”: “Professional teachers”.",
    ]


def test_only_the_lead_officer_submits(world):
    w = world
    report = reporting.start_report(w.project, w.member, 2025)
    reporting.save_report(report, w.member, full_values(w), "", "")
    for actor in (w.member, w.other_officer):
        with pytest.raises(WorkflowError):
            reporting.submit_report(report, actor)
    assert report.state is RS.DRAFT


def test_four_eyes_the_submitter_cannot_verify(world):
    w = world
    report = reporting.start_report(w.project, w.lead, 2025)
    reporting.save_report(report, w.lead, full_values(w), "", "")
    reporting.submit_report(report, w.lead)
    db.session.commit()
    with pytest.raises(WorkflowError):
        reporting.verify_report(report, w.lead)
    with pytest.raises(WorkflowError):
        reporting.verify_report(report, w.member)


def test_four_eyes_is_also_a_database_check(world):
    w = world
    report = reporting.start_report(w.project, w.lead, 2025)
    reporting.save_report(report, w.lead, full_values(w), "", "")
    reporting.submit_report(report, w.lead)
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(
            sa.update(Report)
            .where(Report.id == report.id)
            .values(state="verified", verified_by_id=w.lead.id, verified_at=report.submitted_at)
        )
        db.session.flush()
    db.session.rollback()
    assert db.session.get(Report, report.id).state is RS.SUBMITTED


def test_returning_sends_the_report_back_to_draft_and_tells_the_lead(world, audit_actions):
    w = world
    report = reporting.start_report(w.project, w.member, 2025)
    reporting.save_report(report, w.member, full_values(w), "", "")
    reporting.submit_report(report, w.lead)
    reporting.return_report(report, w.verifier, "The hours look doubled.")
    db.session.commit()
    assert report.state is RS.DRAFT and report.submitted_by_id is None
    assert audit_actions()[-1] == "report.return"
    message = db.session.scalars(
        sa.select(Notification.message).where(Notification.user_id == w.lead.id)
    ).one()
    assert "The hours look doubled." in message
    with pytest.raises(WorkflowError):
        reporting.return_report(report, w.verifier, "again")


def test_a_revision_keeps_history_and_supersedes_on_verification(world, audit_actions):
    w = world
    first = verified_report(w)
    with pytest.raises(WorkflowError):
        reporting.revise_report(first, w.lead, "  ")
    with pytest.raises(WorkflowError):
        reporting.revise_report(first, w.member, "A typo")
    second = reporting.revise_report(first, w.lead, "Requests were counted twice in March.")
    db.session.commit()
    assert (second.revision, second.state, second.revision_reason) == (
        2,
        RS.DRAFT,
        "Requests were counted twice in March.",
    )
    assert reporting.values_of(second) == reporting.values_of(first)
    assert second.notes == "notes" and second.outcomes == "outcomes"
    # The verified one stays current until the revision is verified.
    assert first.state is RS.VERIFIED
    with pytest.raises(reporting.ExistingReport):
        reporting.revise_report(first, w.lead, "Another")
    with pytest.raises(reporting.ExistingReport):
        reporting.start_report(w.project, w.member, 2025)

    reporting.save_report(second, w.lead, {(w.requests.id, None): D(3400)}, "fixed", "")
    reporting.submit_report(second, w.lead)
    reporting.verify_report(second, w.verifier)
    db.session.commit()
    assert first.state is RS.SUPERSEDED and second.state is RS.VERIFIED
    assert [r.revision for r in reporting.revisions_of(second)] == [2, 1]
    assert "report.revise" in audit_actions() and audit_actions()[-1] == "report.verify"
    # A third revision starts from the second.
    third = reporting.revise_report(second, w.lead, "Hours corrected")
    assert third.revision == 3
    assert reporting.values_of(third)[(w.requests.id, None)] == D(3400)


def test_only_drafts_are_saved(world):
    w = world
    report = verified_report(w)
    with pytest.raises(WorkflowError):
        reporting.save_report(report, w.lead, {}, "changed", "")


def test_reports_due_and_overdue(world, clock, make_user):
    w = world
    rows = reporting.reports_due(dt.date(2026, 5, 1))
    assert [(r.fiscal_year, r.due_date, r.status) for r in rows] == [
        (2024, dt.date(2025, 5, 31), "overdue"),
        (2025, dt.date(2026, 5, 31), "due"),
    ]
    rows = reporting.reports_due(dt.date(2026, 6, 1))
    assert [(r.fiscal_year, r.status) for r in rows] == [(2024, "overdue"), (2025, "overdue")]

    verified_report(w, 2024)
    report = reporting.start_report(w.project, w.member, 2025)
    reporting.save_report(report, w.member, full_values(w), "", "")
    reporting.submit_report(report, w.lead)
    db.session.commit()
    rows = reporting.reports_due(dt.date(2026, 6, 1))
    assert [(r.fiscal_year, r.status) for r in rows] == [(2025, "awaiting verification")]
    reporting.verify_report(report, w.verifier)
    db.session.commit()
    assert reporting.reports_due(dt.date(2026, 6, 1)) == []
    # Completed and discontinued projects are not chased.
    assert reporting.reports_due(dt.date(2027, 6, 1))[0].fiscal_year == 2026
    w.project.status = ProjectStatus.COMPLETED
    db.session.commit()
    assert reporting.reports_due(dt.date(2027, 6, 1)) == []


def test_four_verified_quarters_make_a_year(world):
    w = world
    verified_report(w, 2024)
    for quarter in (1, 2, 3):
        verified_report(w, 2025, quarter)
    rows = reporting.reports_due(dt.date(2026, 6, 1))
    assert [(r.fiscal_year, r.status) for r in rows] == [(2025, "overdue")]
    verified_report(w, 2025, 4)
    assert reporting.reports_due(dt.date(2026, 6, 1)) == []


def test_reports_due_uses_a_bounded_number_of_queries(world, make_group, make_proposal):
    from proposals.projects.models import Project

    w = world
    for number in range(5):
        group = make_group()
        proposal = make_proposal(call=w.call, group=group, state="selected", title=f"P{number}")
        db.session.add(
            Project(
                proposal=proposal,
                call=w.call,
                group=group,
                title=f"Project {number}",
                awarded_amount=100_000,
            )
        )
    db.session.commit()
    db.session.expire_all()
    statements = []

    def count(*args, **kwargs):
        statements.append(args)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        rows = reporting.reports_due(dt.date(2026, 6, 1))
        for row in rows:
            assert row.project.call.fiscal_year == 2024
            assert row.project.lead_officer in (None, w.lead)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert len(rows) == 12
    # The projects with their calls (and the calls' eagerly loaded criteria and themes), their
    # lead officers (and their roles), then the reports per project and year: as many for 1
    # project as for 6.
    assert len(statements) <= 6, [s[2][:80] for s in statements]


def test_the_database_keeps_one_yearly_report_per_period_and_revision(world):
    """A unique constraint treats NULL quarters as distinct: a partial index catches it."""
    for _ in range(2):
        db.session.add(
            Report(project_id=world.project.id, fiscal_year=2024, prepared_by_id=world.lead.id)
        )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 0
