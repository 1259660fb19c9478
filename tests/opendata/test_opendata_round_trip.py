"""Export the verified values, import the file into a fresh database with the same projects,
have another officer verify the reports, export again: the same file, byte for byte."""

from __future__ import annotations

import io
from types import SimpleNamespace

import sqlalchemy as sa

from proposals.accounts.models import Role
from proposals.extensions import db
from proposals.projects.indicators import IndicatorCategory, Report, ReportState
from proposals.projects.reporting import verify_report
from tests.databases import empty_all_tables
from tests.opendata.conftest import add_reports


def _structure_ids(world):
    categories = db.session.scalars(sa.select(IndicatorCategory.id).order_by(IndicatorCategory.id))
    return (
        world.call.id,
        world.alpha.id,
        world.delta.id,
        world.requests.id,
        world.hours.id,
        world.courses.id,
        world.users.id,
        list(categories),
    )


def test_export_import_verify_export_gives_the_same_file(
    client, build_structure, officers, make_user, login
):
    world = build_structure()
    add_reports(world, officers)
    exported = client.get("/data/values.csv").get_data()
    assert exported.count(b"\r\n") == 10  # the header and nine verified values
    ids = _structure_ids(world)

    # A fresh database: nothing left, then the same projects and indicators (same ids).
    db.session.rollback()
    empty_all_tables(db)
    db.session.expunge_all()
    people = SimpleNamespace(
        first=make_user(roles=[Role.CITY_OFFICER]),
        second=make_user(roles=[Role.CITY_OFFICER]),
        mayor=make_user(roles=[Role.MAYORS_OFFICE]),
    )
    fresh = build_structure(people)
    assert _structure_ids(fresh) == ids
    assert client.get("/data/values.csv").get_data().count(b"\r\n") == 1

    login(people.first)
    response = client.post(
        "/officer/import",
        data={"file": (io.BytesIO(exported), "kyodo-values.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    reports = db.session.scalars(sa.select(Report).order_by(Report.id)).all()
    assert len(reports) == 4
    assert {report.state for report in reports} == {ReportState.SUBMITTED}
    # Submitted, not yet verified: still nothing public.
    assert client.get("/data/values.csv").get_data().count(b"\r\n") == 1

    # Another officer verifies them through the reports' normal verification.
    for report in reports:
        verify_report(report, people.second)
    db.session.commit()

    assert client.get("/data/values.csv").get_data() == exported
