"""The city-wide list of projects, a call's results and the programme's: public, verified only."""

from __future__ import annotations

import re

import pytest

from proposals.accounts.models import Role
from proposals.extensions import db
from proposals.projects.indicators import Aggregation, IndicatorKind, ReportState
from proposals.projects.models import ProjectStatus
from proposals.themes import Theme


def listed(response) -> list[str]:
    """The project titles in the list, in order."""
    html = response.get_data(as_text=True)
    return re.findall(r'<th scope="row"><a href="/projects/\d+">([^<]+)</a></th>', html)


@pytest.fixture
def city(decided_call, make_project, make_indicator, make_report, make_group):
    """Two decided calls. In 2011: childcare (on track), community centre (off track),
    the cafe (no verified report). In 2012: a discontinued walking club (no target)."""
    first = decided_call("Citizen Partnership 2011")
    second = decided_call("Citizen Partnership 2012")
    centre_group = make_group(name="Community Centre Association")
    childcare = make_project(
        "Childcare support", call=first, awarded=2_000_000, themes=[Theme.CHILDCARE]
    )
    centre = make_project(
        "Community centre",
        call=first,
        group=centre_group,
        awarded=3_000_000,
        themes=[Theme.COMMUNITY_CENTRES],
    )
    cafe = make_project("Dementia cafe", call=first, awarded=500_000, themes=[Theme.ELDERLY])
    walking = make_project(
        "Walking club", call=second, awarded=400_000, status=ProjectStatus.DISCONTINUED
    )

    hours = make_indicator(
        childcare, "Activity hours", unit="hours", kind=IndicatorKind.HOURS, target=5000
    )
    users = make_indicator(centre, "Users", unit="users", kind=IndicatorKind.PEOPLE, target=25000)
    centre_hours = make_indicator(
        centre, "Volunteer hours", unit="Hours", kind=IndicatorKind.HOURS, target=100
    )
    satisfaction = make_indicator(
        centre,
        "Satisfied users",
        unit="%",
        kind=IndicatorKind.PERCENTAGE,
        aggregation=Aggregation.AVERAGE,
    )
    make_indicator(cafe, "Visitors", unit="people", kind=IndicatorKind.PEOPLE, target=300)
    walkers = make_indicator(walking, "Walkers", unit="people", kind=IndicatorKind.PEOPLE)

    make_report(childcare, 2010, {hours: 4000})
    make_report(childcare, 2011, {hours: 5508})
    make_report(childcare, 2012, {hours: 90000}, state=ReportState.SUBMITTED)
    make_report(centre, 2010, {users: 18000, centre_hours: 50, satisfaction: 80})
    make_report(centre, 2011, {users: 20308, centre_hours: 150, satisfaction: 90}, revision=2)
    make_report(centre, 2011, {users: 1, centre_hours: 1}, state=ReportState.SUPERSEDED)
    make_report(cafe, 2011, {}, state=ReportState.DRAFT)
    make_report(walking, 2012, {walkers: 42})
    return locals()


# --- who may look -------------------------------------------------------------------------


@pytest.fixture
def person(make_user, make_group, login):
    def person(who):
        if who == "anonymous":
            return None
        roles = {
            "citizen": [],
            "member": [],
            "reviewer": [Role.REVIEWER],
            "officer": [Role.CITY_OFFICER],
            "mayor": [Role.MAYORS_OFFICE],
            "admin": [Role.ADMIN],
        }[who]
        user = make_user(roles=roles)
        if who == "member":
            make_group(user)
        return login(user)

    return person


@pytest.mark.parametrize(
    "who", ["anonymous", "citizen", "member", "reviewer", "officer", "mayor", "admin"]
)
def test_everyone_sees_the_dashboards(client, city, person, who):
    person(who)
    first, childcare = city["first"], city["childcare"]
    hours = city["hours"]
    for url in (
        "/projects/",
        f"/calls/{first.id}/results",
        "/results/",
        f"/projects/{childcare.id}/indicators/{hours.id}/chart.svg",
    ):
        assert client.get(url).status_code == 200, url


def test_a_call_has_results_only_once_decided(client, make_call):
    undecided = make_call("closed")
    response = client.get(f"/calls/{undecided.id}/results")
    assert response.status_code == 404
    assert "its decision is published" in response.get_data(as_text=True)
    assert client.get("/calls/99999/results").status_code == 404


def test_the_call_page_links_to_its_results_once_decided(client, city, make_call):
    first = city["first"]
    assert f"/calls/{first.id}/results" in client.get(f"/calls/{first.id}").get_data(as_text=True)
    undecided = make_call("closed")
    page = client.get(f"/calls/{undecided.id}").get_data(as_text=True)
    assert f"/calls/{undecided.id}/results" not in page


def test_the_site_navigation_links_to_the_projects(client):
    assert 'href="/projects/">Projects</a>' in client.get("/").get_data(as_text=True)


# --- the list of projects -----------------------------------------------------------------


def test_the_list_shows_every_project_with_its_award_and_track_status(client, city):
    response = client.get("/projects/")
    html = response.get_data(as_text=True)
    assert sorted(listed(response)) == [
        "Childcare support",
        "Community centre",
        "Dementia cafe",
        "Walking club",
    ]
    rows = {
        title: row for title, row in re.findall(r'">([^<]+)</a></th>(.*?)</tr>', html, flags=re.S)
    }
    assert "¥2,000,000" in rows["Childcare support"]
    assert "badge-track-on_track" in rows["Childcare support"]
    assert "badge-track-off_track" in rows["Community centre"]
    assert "badge-track-no_data" in rows["Dementia cafe"]
    assert "badge-track-no_target" in rows["Walking club"]
    assert "Discontinued" in rows["Walking club"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("track=off_track", ["Community centre"]),
        ("track=on_track", ["Childcare support"]),
        ("track=no_data", ["Dementia cafe"]),
        ("status=discontinued", ["Walking club"]),
        ("theme=childcare", ["Childcare support"]),
        ("call={second}", ["Walking club"]),
        ("group=centre+ASSOCIATION", ["Community centre"]),
        ("group=100%25", []),
        ("call={first}&track=on_track", ["Childcare support"]),
        ("call={second}&track=on_track", []),
    ],
)
def test_the_filters_narrow_the_list(client, city, query, expected):
    url = "/projects/?" + query.format(first=city["first"].id, second=city["second"].id)
    response = client.get(url)
    assert response.status_code == 200
    assert listed(response) == expected
    if not expected:
        assert "No project matches these filters." in response.get_data(as_text=True)


def test_an_unknown_filter_value_is_refused_and_ignored(client, city):
    response = client.get("/projects/?track=sideways&call=99999")
    assert response.status_code == 400
    assert len(listed(response)) == 4


@pytest.mark.parametrize("track", [None, "off_track"])
def test_the_list_pages(client, app, city, monkeypatch, track):
    monkeypatch.setitem(app.config, "PER_PAGE", 1)
    query = f"&track={track}" if track else ""
    seen = []
    for page in (1, 2, 3, 4):
        seen += listed(client.get(f"/projects/?page={page}{query}"))
    assert len(seen) == len(set(seen)) == (1 if track else 4)
    if not track:
        html = client.get("/projects/?page=2").get_data(as_text=True)
        assert "Page 2 of 4" in html


@pytest.mark.parametrize("track", ["", "off_track"])
def test_the_list_runs_the_same_queries_for_few_or_many_projects(
    client, make_project, make_indicator, make_report, decided_call, count_queries, track
):
    call = decided_call()

    def add_projects(number):
        for index in range(number):
            project = make_project(f"Project {index}", call=call)
            made = [make_indicator(project, f"Indicator {n}", target=10 * n) for n in range(3)]
            for fiscal_year in (2010, 2011):
                make_report(project, fiscal_year, {indicator: 15 for indicator in made})

    def queries():
        db.session.expire_all()
        with count_queries() as counter:
            response = client.get(f"/projects/?track={track}")
        assert response.status_code == 200
        return counter.count, len(listed(response))

    add_projects(2)
    few, shown_few = queries()
    add_projects(15)
    many, shown_many = queries()
    # Every project misses its third indicator's target: all of them are off track.
    assert (shown_few, shown_many) == (2, 17)
    assert few == many
    assert many <= 7


# --- totals -------------------------------------------------------------------------------


def totals_table(html: str) -> dict[str, list[str]]:
    body = html[html.index('class="row-headed totals"') :]
    body = body[: body.index("</table>")]
    rows = re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', body, flags=re.S)
    return {unit: re.findall(r"<td[^>]*>([^<]*)</td>", cells) for unit, cells in rows}


def test_a_calls_results_add_up_verified_values_by_unit(client, city):
    first = city["first"]
    response = client.get(f"/calls/{first.id}/results")
    html = response.get_data(as_text=True)
    # Unit, kind, latest year (FY2011), all years, projects reporting it, awarded to them,
    # yen per unit. Hours of two projects add up ("hours" and "Hours" are one unit); the
    # percentage is not added; the submitted FY2012 and the superseded values never count.
    assert totals_table(html) == {
        "hours": ["Hours", "5,658", "9,708", "2", "¥5,000,000", "¥515"],
        "users": ["People", "20,308", "38,308", "1", "¥3,000,000", "¥78"],
    }
    assert '<th scope="col" class="num">FY2011</th>' in html
    facts = dict(re.findall(r"<div><dt>([^<]+)</dt><dd>([^<]+)</dd></div>", html))
    assert facts["Projects"] == "3"
    assert facts["Awarded"] == "¥5,500,000"
    assert facts["On track"] == "1 project"
    assert facts["Off track"] == "1 project"
    assert facts["No verified results yet"] == "1 project"
    assert "Users: 20,308 users (FY2011)" in html
    assert "90,000" not in html


def test_the_programme_adds_up_every_call(client, city):
    html = client.get("/results/").get_data(as_text=True)
    table = totals_table(html)
    assert table["people"] == ["People", "42", "42", "1", "¥400,000", "¥9,524"]
    # The latest year reported anywhere is FY2012, when no hours were verified yet.
    assert table["hours"] == ["Hours", "0", "9,708", "2", "¥5,000,000", "¥515"]
    assert '<th scope="col" class="num">FY2012</th>' in html
    facts = dict(re.findall(r"<div><dt>([^<]+)</dt><dd>([^<]+)</dd></div>", html))
    assert facts["Projects"] == "4"
    assert facts["Awarded"] == "¥5,900,000"
    assert facts["No target"] == "1 project"
    by_call = re.findall(
        r'<a href="/calls/(\d+)/results">[^<]+</a></th>\s*((?:<td class="num">[^<]*</td>\s*)+)',
        html,
    )
    cells = {int(call): re.findall(r">([^<]*)<", row)[::2] for call, row in by_call}
    assert cells[city["first"].id][:2] == ["3", "¥5,500,000"]
    assert cells[city["second"].id][:2] == ["1", "¥400,000"]


def test_no_results_yet(client, decided_call):
    call = decided_call()
    html = client.get(f"/calls/{call.id}/results").get_data(as_text=True)
    assert "No verified results yet." in html
    assert "No proposal was selected in this call." in html
    assert "No project has started yet." in client.get("/results/").get_data(as_text=True)


def test_a_calls_projects_come_a_page_at_a_time_under_the_same_totals(
    client, app, city, monkeypatch
):
    first = city["first"]
    everything = client.get(f"/calls/{first.id}/results").get_data(as_text=True)
    monkeypatch.setitem(app.config, "PER_PAGE", 2)
    pages = [
        client.get(f"/calls/{first.id}/results?page={number}").get_data(as_text=True)
        for number in (1, 2)
    ]

    def listed(html):
        section = html[html.index('id="projects-heading"') :]
        return re.findall(r'<th scope="row"><a href="/projects/\d+">([^<]+)</a>', section)

    assert len(listed(pages[0])) == 2 and len(listed(pages[1])) == 1
    assert listed(pages[0]) + listed(pages[1]) == listed(everything)
    assert "Page 1 of 2 (3 in all)" in pages[0]
    # The totals are the call's, whatever the page.
    assert totals_table(pages[0]) == totals_table(pages[1]) == totals_table(everything)
