"""Project pages: the public page and indicator history, the lead officer's management
page, the officers' list, and who may do what on each."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role
from proposals.extensions import db
from proposals.projects import operations
from proposals.projects.indicators import Indicator, Report, ReportValue
from proposals.projects.models import ProjectStatus


def _text(response) -> str:
    """The page's text without tags, whitespace collapsed."""
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _indicator_data(**changes):
    data = {
        "indicator-name": "Courses held",
        "indicator-unit": "courses",
        "indicator-kind": "count",
        "indicator-aggregation": "sum",
        "indicator-direction": "higher",
        "indicator-baseline": "100",
        "indicator-target": "120.5",
        "indicator-reason": "",
    }
    return data | changes


# --- the public page ---------------------------------------------------------------------------


def test_the_public_page_shows_the_facts_and_the_indicators(client, project, officer):
    operations.take_lead(project, officer)
    db.session.commit()
    response = client.get(f"/projects/{project.id}")
    assert response.status_code == 200
    text = _text(response)
    assert "Childcare support" in text
    assert "Lead city officer Officer Ota" in text
    assert "Starts on not set" in text
    assert "Status Active" in text
    table = text.split("Indicators")[1]
    assert (
        "Service requests handled requests Count Sum of the periods Higher is better 2,900 3,400"
        in table
    )
    assert "Activity hours hours Hours Sum of the periods Higher is better 5,000 5,500" in table
    assert "Families supported people People" in table
    indicator = operations.indicators_of(project)[0]
    assert f'href="/projects/{project.id}/indicators/{indicator.id}/history"' in response.text
    # Nothing to manage for the public.
    assert "Manage the project" not in text and "Take the lead" not in text


def test_the_history_shows_who_changed_what_when_and_why(client, project, officer, mayor):
    operations.take_lead(project, officer)
    indicator = operations.indicators_of(project)[1]
    operations.update_indicator(
        indicator,
        officer,
        name="Activity hours",
        unit="hours",
        kind="hours",
        aggregation="sum",
        direction="higher",
        baseline=indicator.baseline,
        target=6000,
        reason="The group grew.",
    )
    db.session.commit()
    response = client.get(f"/projects/{project.id}/indicators/{indicator.id}/history")
    assert response.status_code == 200
    text = _text(response)
    rows = text.split("Definition after the change")[1]
    newest, oldest = rows.split("From the proposal")
    assert "Officer Ota The group grew." in newest and "6,000" in newest
    assert "Mayor&#39;s Office Mori" in newest.split("6,000")[1]
    assert "5,500" in oldest


def test_an_indicator_of_another_project_is_404(client, project, make_proposal):
    indicator = operations.indicators_of(project)[0]
    assert (
        client.get(f"/projects/{project.id + 1}/indicators/{indicator.id}/history").status_code
        == 404
    )
    assert client.get("/projects/999999").status_code == 404


def test_an_officer_sees_take_the_lead_and_takes_it(client, login, project, officer):
    login(officer)
    page = client.get(f"/projects/{project.id}")
    assert f'action="/projects/{project.id}/take-lead"' in page.text
    response = client.post(f"/projects/{project.id}/take-lead")
    assert response.status_code == 302
    assert response.location.endswith(f"/projects/{project.id}/manage")
    assert project.lead_officer_id == officer.id
    page = client.get(f"/projects/{project.id}")
    assert "Take the lead" not in page.text
    assert f'href="/projects/{project.id}/manage"' in page.text


def test_the_lead_taking_the_lead_again_is_409(client, login, led, officer, snapshot):
    login(officer)
    before = snapshot()
    response = client.post(f"/projects/{led.id}/take-lead")
    assert response.status_code == 409
    assert "You already lead this project." in _text(response)
    assert snapshot() == before


# --- the management page -----------------------------------------------------------------------


def test_the_lead_edits_dates_and_department(client, login, led, officer):
    login(officer)
    page = client.get(f"/projects/{led.id}/manage")
    assert page.status_code == 200
    assert 'value="Child and Family Division"' in page.text
    response = client.post(
        f"/projects/{led.id}/details",
        data={
            "department": "Childcare Division",
            "starts_on": "2027-04-01",
            "ends_on": "2028-03-31",
        },
    )
    assert response.status_code == 302
    text = _text(client.get(f"/projects/{led.id}"))
    assert "Partner city department Childcare Division" in text
    assert "Starts on 2027-04-01" in text and "Ends on 2028-03-31" in text


def test_dates_out_of_order_are_a_field_error(client, login, led, officer, snapshot):
    login(officer)
    before = snapshot()
    response = client.post(
        f"/projects/{led.id}/details",
        data={"department": "X", "starts_on": "2027-04-01", "ends_on": "2027-03-01"},
    )
    assert response.status_code == 400
    assert "The project cannot end before it starts." in _text(response)
    assert snapshot() == before


def test_the_lead_completes_the_project(client, login, led, officer):
    login(officer)
    response = client.post(f"/projects/{led.id}/complete")
    assert response.status_code == 302
    assert led.status is ProjectStatus.COMPLETED
    # Completing twice is refused and changes nothing.
    response = client.post(f"/projects/{led.id}/complete")
    assert response.status_code == 409
    assert "The project is already completed." in _text(response)


def test_discontinuing_needs_a_reason(client, login, led, officer, snapshot):
    login(officer)
    before = snapshot()
    response = client.post(f"/projects/{led.id}/discontinue", data={"reason": ""})
    assert response.status_code == 400
    assert "Give the reason for discontinuing the project." in _text(response)
    assert snapshot() == before
    response = client.post(f"/projects/{led.id}/discontinue", data={"reason": "No venue."})
    assert response.status_code == 302
    assert "Discontinued. Reason: No venue." in _text(client.get(f"/projects/{led.id}"))


def test_the_lead_hands_over_to_another_officer(client, login, led, officer, other_officer):
    login(officer)
    page = client.get(f"/projects/{led.id}/manage")
    assert "Officer Ono" in page.text
    response = client.post(f"/projects/{led.id}/hand-over", data={"officer_id": other_officer.id})
    assert response.status_code == 302
    assert led.lead_officer_id == other_officer.id
    # The old lead can no longer manage it.
    assert client.get(f"/projects/{led.id}/manage").status_code == 403


def test_handing_over_to_a_non_officer_is_a_field_error(
    client, login, led, officer, member, snapshot
):
    login(officer)
    before = snapshot()
    response = client.post(f"/projects/{led.id}/hand-over", data={"officer_id": member.id})
    assert response.status_code == 400
    assert snapshot() == before


def test_the_lead_adds_an_indicator(client, login, led, officer):
    login(officer)
    response = client.post(f"/projects/{led.id}/indicators", data=_indicator_data())
    assert response.status_code == 302
    added = operations.indicators_of(led)[-1]
    assert (added.name, added.target) == ("Courses held", 120.5)
    assert "Courses held courses Count" in _text(client.get(f"/projects/{led.id}"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"indicator-name": ""}, "Give the indicator a name."),
        (
            {"indicator-name": "ACTIVITY hours"},
            "This project already has an indicator with this name.",
        ),
        ({"indicator-unit": ""}, "Give the unit the indicator counts in."),
        ({"indicator-baseline": "-3"}, "Enter zero or more."),
        ({"indicator-target": "1.234"}, "Use at most two decimal places."),
        ({"indicator-kind": "furlongs"}, "Not a valid choice."),
    ],
)
def test_indicator_form_errors_are_400(client, login, led, officer, snapshot, changes, message):
    login(officer)
    before = snapshot()
    response = client.post(f"/projects/{led.id}/indicators", data=_indicator_data(**changes))
    assert response.status_code == 400
    assert message in _text(response)
    assert snapshot() == before


def test_the_lead_edits_an_indicator_with_a_reason(client, login, led, officer, snapshot):
    indicator = operations.indicators_of(led)[0]
    login(officer)
    manage = client.get(f"/projects/{led.id}/manage")
    assert f'href="/projects/{led.id}/indicators/{indicator.id}/edit"' in manage.text
    assert f'action="/projects/{led.id}/indicators/{indicator.id}/remove"' in manage.text
    page = client.get(f"/projects/{led.id}/indicators/{indicator.id}/edit")
    assert page.status_code == 200
    assert 'value="Service requests handled"' in page.text
    before = snapshot()
    data = _indicator_data(**{"indicator-name": "Requests handled", "indicator-unit": "requests"})
    response = client.post(f"/projects/{led.id}/indicators/{indicator.id}/edit", data=data)
    assert response.status_code == 400
    assert "Say why the indicator changes: the reason is published." in _text(response)
    assert snapshot() == before
    data["indicator-reason"] = "Shorter name."
    response = client.post(f"/projects/{led.id}/indicators/{indicator.id}/edit", data=data)
    assert response.status_code == 302
    assert [r.reason for r in operations.revisions(indicator)] == [
        "From the proposal",
        "Shorter name.",
    ]


def test_the_lead_sets_categories(client, login, led, officer):
    indicator = operations.indicators_of(led)[0]
    login(officer)
    response = client.post(
        f"/projects/{led.id}/indicators/{indicator.id}/categories",
        data={
            "categories-new-0": "Group members",
            "categories-new-1": "Teachers",
            "categories-reason": "By organiser.",
        },
    )
    assert response.status_code == 302
    members, teachers = indicator.categories
    response = client.post(
        f"/projects/{led.id}/indicators/{indicator.id}/categories",
        data={
            f"categories-category-{members.id}": "Members",
            f"categories-category-{teachers.id}": "",
            "categories-reason": "Teachers left.",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert [c.name for c in indicator.categories] == ["Members"]
    assert "Members" in _text(client.get(f"/projects/{led.id}"))


def test_categories_need_a_reason(client, login, led, officer, snapshot):
    indicator = operations.indicators_of(led)[0]
    login(officer)
    before = snapshot()
    response = client.post(
        f"/projects/{led.id}/indicators/{indicator.id}/categories",
        data={"categories-new-0": "A", "categories-reason": ""},
    )
    assert response.status_code == 400
    assert snapshot() == before


def _report_value(project, indicator, author):
    report = Report(project_id=project.id, fiscal_year=2027, prepared_by_id=author.id)
    db.session.add(report)
    db.session.flush()
    db.session.add(ReportValue(report_id=report.id, indicator_id=indicator.id, value=5))
    db.session.commit()


def test_removing_an_indicator(client, login, led, officer, snapshot):
    first, _second, third = operations.indicators_of(led)
    login(officer)
    response = client.post(f"/projects/{led.id}/indicators/{third.id}/remove")
    assert response.status_code == 302
    assert db.session.get(Indicator, third.id) is None
    _report_value(led, first, officer)
    before = snapshot()
    response = client.post(f"/projects/{led.id}/indicators/{first.id}/remove")
    assert response.status_code == 409
    assert "has values in reports, so it cannot be removed" in _text(response)
    assert snapshot() == before


# --- the officers' list ------------------------------------------------------------------------


def test_the_officers_list_filters_mine_and_without_a_lead(
    client, login, project, officer, other_officer
):
    login(officer)
    home = client.get("/")
    assert 'href="/officer/projects"' in home.text
    assert "Childcare support" in _text(client.get("/officer/projects"))
    assert "Childcare support" in _text(client.get("/officer/projects?show=without_lead"))
    assert "Childcare support" not in _text(client.get("/officer/projects?show=mine"))
    operations.take_lead(project, officer)
    db.session.commit()
    assert "Childcare support" in _text(client.get("/officer/projects?show=mine"))
    assert "Childcare support" not in _text(client.get("/officer/projects?show=without_lead"))
    login(other_officer)
    assert "Childcare support" not in _text(client.get("/officer/projects?show=mine"))


# --- who may do what ---------------------------------------------------------------------------

ROLES = ("anonymous", "citizen", "member", "lead", "officer", "mayor", "admin")


@pytest.fixture
def people(make_user, member, officer, other_officer, mayor):
    return {
        "anonymous": None,
        "citizen": make_user(name="Citizen Chie"),
        "member": member,
        "lead": officer,
        "officer": other_officer,
        "mayor": mayor,
        "admin": make_user(roles=[Role.ADMIN]),
    }


MATRIX = {
    # route: (anonymous, citizen, member, lead, another officer, mayor, admin)
    "view": (200, 200, 200, 200, 200, 200, 200),
    "history": (200, 200, 200, 200, 200, 200, 200),
    "manage": (302, 403, 403, 200, 403, 403, 403),
    "take_lead": (302, 403, 403, 409, 403, 403, 403),
    "hand_over": (302, 403, 403, 302, 403, 403, 403),
    "details": (302, 403, 403, 302, 403, 403, 403),
    "complete": (302, 403, 403, 302, 403, 403, 403),
    "discontinue": (302, 403, 403, 302, 403, 403, 403),
    "add_indicator": (302, 403, 403, 302, 403, 403, 403),
    "indicator": (302, 403, 403, 200, 403, 403, 403),
    "edit_indicator": (302, 403, 403, 302, 403, 403, 403),
    "categories": (302, 403, 403, 302, 403, 403, 403),
    "remove_indicator": (302, 403, 403, 302, 403, 403, 403),
    "officer_list": (302, 403, 403, 200, 200, 403, 403),
}


@pytest.mark.parametrize("route", MATRIX)
def test_permission_matrix(client, act_as, people, led, snapshot, route, make_user):
    third_officer = make_user(roles=[Role.CITY_OFFICER], name="Officer Oda")
    indicator = operations.indicators_of(led)[0]
    base = f"/projects/{led.id}"
    one = f"{base}/indicators/{indicator.id}"
    method, url, data = {
        "view": ("get", base, None),
        "history": ("get", f"{one}/history", None),
        "manage": ("get", f"{base}/manage", None),
        "take_lead": ("post", f"{base}/take-lead", None),
        "hand_over": ("post", f"{base}/hand-over", {"officer_id": third_officer.id}),
        "details": ("post", f"{base}/details", {"department": "Parks", "starts_on": "2027-04-01"}),
        "complete": ("post", f"{base}/complete", None),
        "discontinue": ("post", f"{base}/discontinue", {"reason": "Stopped."}),
        "add_indicator": ("post", f"{base}/indicators", _indicator_data()),
        "indicator": ("get", f"{one}/edit", None),
        "edit_indicator": (
            "post",
            f"{one}/edit",
            _indicator_data(**{"indicator-reason": "Renamed."}),
        ),
        "categories": (
            "post",
            f"{one}/categories",
            {"categories-new-0": "A", "categories-reason": "Split."},
        ),
        "remove_indicator": ("post", f"{one}/remove", None),
        "officer_list": ("get", "/officer/projects", None),
    }[route]
    statuses = []
    for role in ROLES:
        act_as(people[role])
        before = snapshot() if method == "post" and role != "lead" else None
        response = getattr(client, method)(url, data=data)
        statuses.append(response.status_code)
        if before is not None:
            assert snapshot() == before, role
        if response.status_code == 302 and role == "anonymous":
            assert "/login" in response.location
    assert tuple(statuses) == MATRIX[route]


def test_an_officer_who_is_not_on_the_project_cannot_edit_it(
    client, login, led, other_officer, snapshot
):
    login(other_officer)
    before = snapshot()
    assert client.get(f"/projects/{led.id}/manage").status_code == 403
    response = client.post(f"/projects/{led.id}/details", data={"department": "Mine now"})
    assert response.status_code == 403
    assert client.post(f"/projects/{led.id}/take-lead").status_code == 403
    assert snapshot() == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Indicator)) == 3
