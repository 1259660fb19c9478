"""Officers import historical indicator values: all rows or none, with a per-row report."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role
from proposals.extensions import db
from proposals.opendata.datasets import VALUE_COLUMNS
from proposals.projects.indicators import Report, ReportState
from tests.opendata.conftest import PRIVATE_MARKERS

HEADER = ",".join(VALUE_COLUMNS)


def _upload(client, content: bytes | str, filename="history.csv"):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return client.post(
        "/officer/import",
        data={"file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def _line(world, indicator, fiscal_year, value, *, quarter="", category="", unit=None, name=None):
    project = world.alpha if indicator.project_id == world.alpha.id else world.delta
    return ",".join(
        [
            str(project.id),
            f'"{project.title}"',
            str(project.call_id),
            str(indicator.id),
            name if name is not None else indicator.name,
            category,
            unit if unit is not None else indicator.unit,
            indicator.kind.value,
            str(fiscal_year),
            str(quarter),
            str(value),
            "1",
        ]
    )


def _history(world, years=range(1990, 2010)):
    """Ten rows a year: requests and hours of alpha, courses by category and users of delta."""
    w = world
    lines = [HEADER]
    for year in years:
        lines += [
            _line(w, w.requests, year, 1000 + year),
            _line(w, w.hours, year, "12.50"),
            _line(w, w.courses, year, 10, category="Group members"),
            _line(w, w.courses, year, 2, category="Professional teachers"),
            _line(w, w.courses, year, 3, category="Other citizens"),
            _line(w, w.users, year, 2000),
            _line(w, w.users, year, 400, quarter=1),
            _line(w, w.users, year, 500, quarter=2),
            _line(w, w.users, year, 600, quarter=3),
            _line(w, w.users, year, 500, quarter=4),
        ]
    return lines


@pytest.fixture
def officer(officers, login):
    return login(officers.first)


def test_a_good_file_imports_every_row_as_submitted_reports(client, world, officer, audit_actions):
    lines = _history(world)
    assert len(lines) == 201
    before = audit_actions()
    response = _upload(client, "\r\n".join(lines) + "\r\n")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    # Per year: alpha's year, delta's year and delta's four quarters.
    assert "200 rows imported into 120 reports awaiting verification by another officer." in page
    imported = db.session.scalars(
        sa.select(Report).where(Report.fiscal_year < 2010).order_by(Report.id)
    ).all()
    assert len(imported) == 120
    assert sum(len(report.values) for report in imported) == 200
    for report in imported:
        assert report.state is ReportState.SUBMITTED
        assert report.prepared_by_id == report.submitted_by_id == officer.id
        assert report.submitted_at is not None and report.verified_by_id is None
        assert report.notes == "Imported from history.csv"
        assert report.revision == 1
    assert audit_actions()[len(before) :] == ["report.import"] * 120 + ["values.import"]
    # Awaiting verification: nothing of it is public yet.
    export = client.get("/data/values.csv").get_data(as_text=True)
    assert ",1999," not in export and ",12.50," not in export


def test_a_file_with_one_bad_row_among_two_hundred_imports_nothing(
    client, world, officer, snapshot
):
    lines = _history(world)
    lines[136] = _line(world, world.requests, 2003, "12a")
    before = snapshot()
    response = _upload(client, "\n".join(lines))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Nothing was imported from history.csv: 1 row has a problem" in page
    # Row 137 as a spreadsheet numbers it: the header is row 1.
    assert "Row 137: the value “12a” is not a number" in page
    assert page.count("Row ") == 1
    assert snapshot() == before


BAD_ROWS = {
    "unknown project": (
        lambda w: "999,X,1,1,Service requests,,requests,count,2005,,10,1",
        "there is no project 999",
    ),
    "indicator of another project": (
        lambda w: f"{w.alpha.id},X,1,{w.users.id},Users,,people,people,2005,,10,1",
        "project {alpha} has no indicator",
    ),
    "indicator name differs": (
        lambda w: _line(w, w.requests, 2005, 10, name="Requests"),
        "is called “Service requests”, not “Requests”",
    ),
    "unknown category": (
        lambda w: _line(w, w.courses, 2005, 10, category="Teachers"),
        "indicator “Courses” has no category “Teachers”",
    ),
    "missing category": (
        lambda w: _line(w, w.courses, 2005, 10),
        "indicator “Courses” has no category “”",
    ),
    "category of an indicator without": (
        lambda w: _line(w, w.users, 2005, 10, category="Adults"),
        "indicator “Users” has no categories, so the category must be empty",
    ),
    "unit differs": (
        lambda w: _line(w, w.hours, 2005, 10, unit="minutes"),
        "the unit of “Activity hours” is “hours”, not “minutes”",
    ),
    "year out of range": (
        lambda w: _line(w, w.hours, 211, 10),
        "the fiscal year “211” is not a year between 1950 and 2100",
    ),
    "quarter out of range": (
        lambda w: _line(w, w.hours, 2005, 10, quarter=5),
        "the quarter “5” must be 1 to 4, or empty for a whole year",
    ),
    "negative value": (
        lambda w: _line(w, w.hours, 2005, -3),
        "the value -3 is negative",
    ),
    "thousands separator": (
        lambda w: _line(w, w.hours, 2005, '"3,483"'),
        "the value “3,483” is not a number",
    ),
    "fraction of a count": (
        lambda w: _line(w, w.requests, 2005, "10.5"),
        "the value 10.5 is not a whole number, as a count must be",
    ),
    "three decimals": (
        lambda w: _line(w, w.hours, 2005, "1.125"),
        "the value 1.125 has more than two decimals",
    ),
    "empty value": (
        lambda w: _line(w, w.hours, 2005, ""),
        "the value “” is not a number",
    ),
    "missing column": (
        lambda w: _line(w, w.hours, 2005, 10).rsplit(",", 1)[0],
        "expected 12 columns, found 11",
    ),
    "already reported period": (
        lambda w: _line(w, w.requests, 2012, 10),
        "already has a report for FY2012 (submitted for verification)",
    ),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_each_bad_row_is_named_with_its_reason(client, world, officer, snapshot, case):
    make, reason = BAD_ROWS[case]
    reason = reason.replace("{alpha}", str(world.alpha.id))
    lines = [HEADER, _line(world, world.hours, 2005, 10), make(world)]
    before = snapshot()
    response = _upload(client, "\n".join(lines))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Row 3: " in page
    assert reason in page
    assert "Row 2:" not in page
    assert snapshot() == before


def test_every_bad_row_is_listed_and_duplicates_name_the_first(client, world, officer, snapshot):
    w = world
    lines = [
        HEADER,
        _line(w, w.hours, 2005, 10),
        _line(w, w.hours, 2005, 11),
        _line(w, w.users, 2005, "x"),
        "",
        _line(w, w.users, 2006, 5, quarter=0),
    ]
    before = snapshot()
    page = _upload(client, "\n".join(lines)).get_data(as_text=True)
    assert "3 rows have problems" in page
    assert "Row 3: the same value is already given in row 2" in page
    assert "Row 4: the value “x” is not a number" in page
    assert "Row 6: the quarter “0” must be 1 to 4" in page
    assert snapshot() == before


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"name,value\nx,1\n", "Row 1: the first row must name the columns project_id, project"),
        (HEADER.encode() + b"\n", "Row 2: the file has no values"),
        (b"\xff\xfe" + HEADER.encode("utf-16-le"), "The file is not UTF-8 text"),
    ],
    ids=["wrong header", "no rows", "not UTF-8"],
)
def test_a_file_not_in_the_format_is_refused(client, world, officer, snapshot, content, reason):
    before = snapshot()
    response = _upload(client, content)
    assert response.status_code == 400
    assert reason in response.get_data(as_text=True)
    assert snapshot() == before


def test_a_byte_order_mark_from_a_spreadsheet_is_accepted(client, world, officer):
    content = "\ufeff" + HEADER + "\n" + _line(world, world.hours, 2005, 10) + "\n"
    response = _upload(client, content)
    assert response.status_code == 302
    assert (
        db.session.scalar(sa.select(sa.func.count(Report.id)).where(Report.fiscal_year == 2005))
        == 1
    )


def test_no_file_is_a_form_error(client, world, officer, snapshot):
    before = snapshot()
    response = client.post("/officer/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a CSV file to import." in response.get_data(as_text=True)
    assert snapshot() == before


def test_the_import_page_is_linked_for_officers_only(client, world, officers, login):
    assert "/officer/import" not in client.get("/data/").get_data(as_text=True)
    login(officers.first)
    page = client.get("/data/").get_data(as_text=True)
    assert "/officer/import" in page
    page = client.get("/officer/import").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    for marker in PRIVATE_MARKERS:
        assert marker not in page


ROLES = {
    "anonymous": (None, 302),
    "citizen": ((), 403),
    "member": ("member", 403),
    "reviewer": ((Role.REVIEWER,), 403),
    "officer": ((Role.CITY_OFFICER,), 200),
    "mayor's office": ((Role.MAYORS_OFFICE,), 403),
    "admin": ((Role.ADMIN,), 403),
}


def _as(role, world, make_user, login):
    roles, _status = ROLES[role]
    if roles is None:
        return None
    if roles == "member":
        return login(world.alpha.group.representative)
    return login(make_user(roles=roles))


@pytest.mark.parametrize("role", list(ROLES))
def test_who_may_open_the_import_page(client, world, make_user, login, role):
    _as(role, world, make_user, login)
    response = client.get("/officer/import")
    assert response.status_code == ROLES[role][1]
    if role == "anonymous":
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", list(ROLES))
def test_who_may_import(client, world, make_user, login, snapshot, role):
    _as(role, world, make_user, login)
    before = snapshot()
    response = _upload(client, HEADER + "\n" + _line(world, world.hours, 2005, 10) + "\n")
    if role == "officer":
        assert response.status_code == 302
        assert snapshot() != before
    else:
        assert response.status_code == ROLES[role][1]
        assert snapshot() == before


def test_a_file_the_database_refuses_midway_imports_nothing(
    client, world, officer, snapshot, monkeypatch
):
    """One transaction: when a report of the same period is saved at the same moment (here
    the check is skipped to let the duplicate reach the database), no row of the file stays."""
    from proposals.opendata import importing

    monkeypatch.setattr(importing, "_period_problems", lambda rows: [])
    lines = [
        HEADER,
        _line(world, world.hours, 2005, 10),
        _line(world, world.requests, 2006, 10),
        _line(world, world.users, 2012, 99, quarter=1),  # delta already has FY2012 Q1
    ]
    before = snapshot()
    response = _upload(client, "\n".join(lines))
    assert response.status_code == 409
    assert "Nothing was imported" in response.get_data(as_text=True)
    assert snapshot() == before
