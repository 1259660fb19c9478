"""The demo's projects: the Yamato figures of 2011, verified by four eyes, and work left."""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from proposals.demo import data
from proposals.extensions import db
from proposals.projects.indicators import Indicator, Report, ReportState
from proposals.projects.models import Project, ProjectStatus
from proposals.projects.reporting import awaiting_verification, reports_due
from proposals.submissions.models import Proposal


def load(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    db.session.rollback()
    return result


def project_titled(title: str) -> Project:
    return db.session.scalar(sa.select(Project).join(Proposal).where(Proposal.title == title))


def text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def report_of(project: Project, year: int) -> Report:
    return db.session.scalar(sa.select(Report).filter_by(project_id=project.id, fiscal_year=year))


CHILDCARE, CENTRE, ADVISORS = (spec.title for spec in data.YAMATO_RESULTS)


def test_the_yamato_projects_show_their_2011_figures_with_charts(runner, client):
    load(runner)

    childcare = project_titled(CHILDCARE)
    response = client.get(f"/projects/{childcare.id}")
    page = response.get_data(as_text=True)
    words = text(response)
    assert "Service requests handled" in words and "Activity hours" in words
    assert re.search(r"FY2011 3,483 ", words) and re.search(r"FY2011 5,508 ", words)
    charts = re.findall(r'<img src="([^"]+/chart[^"]*)"', page)
    assert len(charts) == 2
    chart = client.get(charts[0])
    assert chart.status_code == 200 and b"<svg" in chart.data
    assert "3483" in chart.get_data(as_text=True) or "3,483" in chart.get_data(as_text=True)

    centre = project_titled(CENTRE)
    words = text(client.get(f"/projects/{centre.id}"))
    assert re.search(r"FY2011 20,308 ", words)
    for category in data.COURSE_CATEGORIES:
        assert category in words
    # The verified report of fiscal 2011 is public, with each category's courses and people.
    report = report_of(centre, 2011)
    words = text(client.get(f"/reports/{report.id}"))
    for category, courses, people in zip(
        data.COURSE_CATEGORIES, ("111", "18", "33"), ("673", "309", "219"), strict=True
    ):
        assert re.search(rf"{re.escape(category)} {courses} ", words), category
        assert re.search(rf"{re.escape(category)} {people} ", words), category
    assert "Centre users 20,308" in words

    advisors = report_of(project_titled(ADVISORS), 2011)
    assert advisors.outcomes == data.ADVISORS_OUTCOMES_2011
    assert "No specific impact on families can be measured" in text(
        client.get(f"/reports/{advisors.id}")
    )
    assert report_of(childcare, 2011).outcomes == data.CHILDCARE_OUTCOMES_2011


def test_every_project_is_led_and_reported_by_four_eyes_with_work_left(runner, client, clock):
    # In November, the last fiscal year's report (due by 31 May) is overdue when missing.
    clock.set(dt.datetime(2026, 11, 20, 3, tzinfo=dt.UTC))
    load(runner)

    projects = db.session.scalars(sa.select(Project)).all()
    assert len(projects) == 20
    officers = {spec.email for spec in data.DEMO_ACCOUNTS if spec.email.startswith("officer")}
    for project in projects:
        assert project.lead_officer.email in officers
        assert db.session.scalar(
            sa.select(sa.func.count()).select_from(Indicator).filter_by(project_id=project.id)
        ) == len(project.proposal.indicators)
        reports = db.session.scalars(sa.select(Report).filter_by(project_id=project.id)).all()
        verified = [r for r in reports if r.state is ReportState.VERIFIED]
        assert verified, project.title
        for report in reports:
            assert report.prepared_by_id == report.submitted_by_id == project.lead_officer_id
            assert report.submitted_at.year == report.fiscal_year + 1
            if report.state is ReportState.VERIFIED:
                assert report.verified_by_id not in (None, report.submitted_by_id)
                assert report.verified_at > report.submitted_at
    yamato = [project_titled(title) for title in (CHILDCARE, CENTRE, ADVISORS)]
    for project in yamato:
        years = db.session.scalars(
            sa.select(Report.fiscal_year).filter_by(project_id=project.id)
        ).all()
        assert sorted(years) == list(range(project.call.fiscal_year, 2013))
        assert project.status is ProjectStatus.COMPLETED
    active = [p for p in projects if p.status is ProjectStatus.ACTIVE]
    assert len(active) == 2

    # Officers have work: one report awaits verification, one is overdue; nothing else.
    pending = awaiting_verification()
    assert len(pending) == 1
    assert pending[0].fiscal_year == 2025
    due = reports_due(dt.date(2026, 11, 20))
    assert sorted(row.status for row in due) == ["awaiting verification", "overdue"]

    # Its values are not public until another officer verifies it.
    report = pending[0]
    response = client.get(f"/reports/{report.id}")
    assert response.status_code in (403, 404)
    page = text(client.get(f"/projects/{report.project_id}"))
    assert f"FY{report.fiscal_year} " not in page
    assert f"FY{report.fiscal_year - 1} " in page
