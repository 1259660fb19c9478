"""The project page's results: a chart and a table per indicator, verified values only."""

from __future__ import annotations

import re

import pytest

from proposals.extensions import db
from proposals.projects.indicators import Aggregation, IndicatorKind, ReportState


def results_section(html: str) -> str:
    start = html.index('id="results"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def childcare(make_project, make_indicator, make_report):
    """Service requests (target 3,000) with verified FY2010 and FY2011, and every kind of
    report that must not count: a draft, a submitted one, a superseded revision."""
    project = make_project("Childcare support")
    requests = make_indicator(project, "Service requests", unit="requests", target=3000)
    hours = make_indicator(
        project, "Activity hours", unit="hours", kind=IndicatorKind.HOURS, target=6000
    )
    make_report(project, 2010, {requests: 2950, hours: 5100})
    make_report(project, 2011, {requests: 1111, hours: 1212}, state=ReportState.SUPERSEDED)
    make_report(project, 2011, {requests: 3483, hours: 5508}, revision=2)
    make_report(project, 2012, {requests: 7777, hours: 7878}, state=ReportState.SUBMITTED)
    make_report(project, 2013, {requests: 8888, hours: 8989}, state=ReportState.DRAFT)
    return project, requests, hours


def test_each_indicator_shows_a_chart_and_a_table_of_its_verified_years(client, childcare):
    project, requests, hours = childcare
    section = results_section(client.get(f"/projects/{project.id}").get_data(as_text=True))

    for indicator in (requests, hours):
        assert f'src="/projects/{project.id}/indicators/{indicator.id}/chart.svg"' in section
    assert "Chart of Service requests (requests) per fiscal year against the target" in section
    rows = re.findall(
        r'<th scope="row">(FY\d+)</th>\s*<td class="num">([\d,]+)</td>\s*'
        r'<td class="num">([\d,–]+)</td>',
        section,
    )
    assert rows == [
        ("FY2010", "2,950", "3,000"),
        ("FY2011", "3,483", "3,000"),
        ("FY2010", "5,100", "6,000"),
        ("FY2011", "5,508", "6,000"),
    ]
    for unverified in ("1,111", "1,212", "7,777", "7,878", "8,888", "8,989", "FY2012", "FY2013"):
        assert unverified not in section


def test_the_badges_say_on_or_off_track(client, childcare):
    project, _, _ = childcare
    section = results_section(client.get(f"/projects/{project.id}").get_data(as_text=True))
    # Requests met their target in FY2011, hours did not: the project is off track.
    heading = section[: section.index("</div>")]
    assert "badge-track-off_track" in heading
    assert re.search(r"Service requests <span class=\"badge badge-track-on_track\">", section)
    assert re.search(r"Activity hours <span class=\"badge badge-track-off_track\">", section)


def test_the_chart_is_an_svg_of_the_verified_numbers(client, childcare):
    project, requests, _ = childcare
    response = client.get(f"/projects/{project.id}/indicators/{requests.id}/chart.svg")

    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert svg.startswith("<svg")
    assert "<script" not in svg
    assert 'role="img"' in svg
    assert '<title id="chart-title">Service requests</title>' in svg
    for shown in ("2,950", "3,483", "FY2010", "FY2011", "Reported", "Target"):
        assert shown in svg
    for hidden in ("1,111", "7,777", "8,888", "FY2012"):
        assert hidden not in svg
    # Its own inline styles may apply (it is shown as an image); nothing else may load or run.
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp


def test_a_chart_belongs_to_its_project(client, childcare, make_project, make_indicator):
    project, requests, _ = childcare
    other = make_project("Another project")
    assert client.get(f"/projects/{other.id}/indicators/{requests.id}/chart.svg").status_code == 404
    assert client.get(f"/projects/{project.id}/indicators/99999/chart.svg").status_code == 404


def test_categories_add_up_to_the_indicator(client, make_project, make_indicator, make_report):
    project = make_project("Community centre")
    courses = make_indicator(
        project,
        "Courses held",
        unit="courses",
        target=150,
        categories=("Group members", "Professional teachers", "Other citizens"),
    )
    make_report(
        project,
        2011,
        {courses: {"Group members": 111, "Professional teachers": 18, "Other citizens": 33}},
    )
    section = results_section(client.get(f"/projects/{project.id}").get_data(as_text=True))
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))
    # The year's total against the target beside the chart...
    assert "FY2011 162 150 On track" in words
    # ...and each category's figure per year in a table of its own below.
    assert (
        "Courses held by category, in courses Fiscal year Group members Professional teachers "
        "Other citizens Total FY2011 111 18 33 162"
    ) in words
    assert "with a line per category" in section


def test_quarters_combine_into_their_year(client, make_project, make_indicator, make_report):
    project = make_project("Cafe")
    members = make_indicator(
        project,
        "Members",
        unit="people",
        kind=IndicatorKind.PEOPLE,
        aggregation=Aggregation.LATEST,
        target=40,
    )
    make_report(project, 2011, {members: 30}, quarter=1)
    make_report(project, 2011, {members: 45}, quarter=2)
    make_report(project, 2011, {members: 99}, quarter=3, state=ReportState.SUBMITTED)
    section = results_section(client.get(f"/projects/{project.id}").get_data(as_text=True))
    assert re.search(
        r"FY2011 <span class=\"muted\">\(2 quarters\)</span></th>\s*"
        r'<td class="num">45</td>\s*<td class="num">40</td>',
        section,
    )


def test_without_verified_reports_the_page_says_so(
    client, make_project, make_indicator, make_report
):
    project = make_project()
    indicator = make_indicator(project, target=10)
    make_report(project, 2011, {indicator: 12}, state=ReportState.SUBMITTED)
    section = results_section(client.get(f"/projects/{project.id}").get_data(as_text=True))
    assert "No verified results yet." in section
    assert "chart.svg" not in section
    assert "badge-track-no_data" in section


def test_a_project_without_indicators_says_so(client, make_project):
    project = make_project()
    section = results_section(client.get(f"/projects/{project.id}").get_data(as_text=True))
    assert "This project has no indicators yet." in section


def test_the_page_reads_the_results_in_a_few_queries(
    client, make_project, make_indicator, make_report, count_queries
):
    def queries_for(indicators):
        project = make_project(f"Project with {indicators}")
        made = [
            make_indicator(project, f"Indicator {number}", target=5) for number in range(indicators)
        ]
        for fiscal_year in range(2008, 2014):
            make_report(project, fiscal_year, {indicator: fiscal_year for indicator in made})
        db.session.expire_all()
        with count_queries() as counter:
            assert client.get(f"/projects/{project.id}").status_code == 200
        return counter.count

    assert queries_for(1) == queries_for(5)


def test_hours_with_decimals_add_up_exactly(client, make_project, make_indicator, make_report):
    project = make_project("Patrols")
    hours = make_indicator(project, "Patrol hours", unit="hours", kind=IndicatorKind.HOURS)
    for number, value in enumerate(("12.35", "0.10", "7.05"), start=1):
        make_report(project, 2011, {hours: value}, quarter=number)
    section = results_section(client.get(f"/projects/{project.id}").get_data(as_text=True))
    assert re.search(r'<td class="num">19.5</td>\s*<td class="num">–</td>', section)
    assert "badge-track-no_target" in section


def test_the_chart_of_a_broken_down_indicator_has_a_line_per_category(
    client, make_project, make_indicator, make_report
):
    project = make_project("Community centre")
    courses = make_indicator(
        project,
        "Courses held",
        unit="courses",
        target=150,
        categories=("Group members", "Professional teachers", "Other citizens"),
    )
    make_report(
        project,
        2010,
        {courses: {"Group members": 100, "Professional teachers": 20, "Other citizens": 30}},
    )
    make_report(
        project,
        2011,
        {courses: {"Group members": 111, "Professional teachers": 18, "Other citizens": 33}},
    )
    # A draft's categories are never drawn.
    make_report(
        project,
        2012,
        {courses: {"Group members": 901, "Professional teachers": 902, "Other citizens": 903}},
        state=ReportState.DRAFT,
    )
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    height = re.search(rf'indicators/{courses.id}/chart.svg"[^>]*height="(\d+)"', page, re.S)
    svg = client.get(f"/projects/{project.id}/indicators/{courses.id}/chart.svg").text
    assert f'height="{height.group(1)}"' in svg or f"0 0 720 {height.group(1)}" in svg
    for shown in ("Total reported", "Target", "Group members", "Professional teachers"):
        assert shown in svg
    # Each category's figures and the totals (150 in 2010, 162 in 2011).
    for printed in ("100", "20", "30", "111", "18", "33", "150", "162"):
        assert f">{printed}<" in svg
    for hidden in (">901<", ">902<", ">903<", "FY2012"):
        assert hidden not in svg


def test_the_demo_community_centre_shows_its_course_categories(runner, client):
    """Issue 4: the community centre's page shows 20,308 users and the three course
    categories' 2011 figures (111 / 673, 18 / 309, 33 / 219), in the tables beside the charts."""
    import sqlalchemy as sa

    from proposals.demo import data
    from proposals.projects.models import Project
    from proposals.submissions.models import Proposal

    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    db.session.rollback()
    centre_title = data.YAMATO_RESULTS[1].title
    centre = db.session.scalar(
        sa.select(Project).join(Proposal).where(Proposal.title == centre_title)
    )
    section = results_section(client.get(f"/projects/{centre.id}").get_data(as_text=True))
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))
    for category in data.COURSE_CATEGORIES:
        assert category in words
    assert re.search(r"FY2011 20,308 ", words)
    # The categories' tables: one column per category, one row per year, then the total.
    categories = " ".join(data.COURSE_CATEGORIES)
    for name, figures in (
        ("Courses held", "111 18 33 162"),
        ("Course participants", "673 309 219 1,201"),
    ):
        assert re.search(
            rf"{name} by category, in \w+ Fiscal year {re.escape(categories)} Total "
            rf"(FY\d+ [\d, ]+ )*FY2011 {figures} ",
            words,
        ), name
    charts = re.findall(r'<img src="([^"]+/chart\.svg)"', section)
    courses = client.get(charts[1]).text
    assert all(category in courses for category in data.COURSE_CATEGORIES)
