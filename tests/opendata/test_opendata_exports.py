"""The public datasets: their content, only public and verified data, valid CSV and JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest

from proposals.extensions import db
from proposals.opendata.datasets import DATASETS

NAMES = list(DATASETS)


def _csv(client, name):
    response = client.get(f"/data/{name}.csv")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert not text.startswith("\ufeff")
    return response, list(csv.DictReader(io.StringIO(text, newline="")))


def _json(client, name, parse_float=float):
    response = client.get(f"/data/{name}.json")
    assert response.status_code == 200
    return response, json.loads(response.get_data(as_text=True), parse_float=parse_float)


def test_the_data_page_lists_every_dataset_with_its_columns(client, world):
    page = client.get("/data/").get_data(as_text=True)
    for dataset in DATASETS.values():
        assert f"/data/{dataset.name}.csv" in page
        assert f"/data/{dataset.name}.json" in page
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in page
    assert "Only verified values are published" in page


def test_every_page_links_to_the_open_data(client):
    assert 'href="/data/"' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("name", NAMES)
def test_each_dataset_is_the_same_in_csv_and_json(client, world, name, private_markers):
    csv_response, rows = _csv(client, name)
    # Decimals compared as written: the same text in both formats.
    json_response, records = _json(client, name, parse_float=str)
    assert csv_response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert json_response.headers["Content-Type"] == "application/json"
    for response, extension in ((csv_response, "csv"), (json_response, "json")):
        assert (
            response.headers["Content-Disposition"]
            == f'attachment; filename="kyodo-{name}.{extension}"'
        )
        assert response.headers["Cache-Control"] == "public, max-age=300"
        body = response.get_data(as_text=True)
        for marker in private_markers:
            assert marker not in body
    header = DATASETS[name].header
    assert list(rows[0]) == header
    assert len(rows) == len(records) > 0
    for row, record in zip(rows, records, strict=True):
        assert list(record) == header
        for column in header:
            value = record[column]
            if value is None:
                expected = ""
            elif isinstance(value, bool):
                expected = "true" if value else "false"
            else:
                expected = str(value)
            assert row[column] == expected, column


def test_an_unknown_dataset_or_format_is_not_found(client, world):
    assert client.get("/data/reviews.csv").status_code == 404
    assert client.get("/data/values.xml").status_code == 404


def test_values_are_only_those_of_verified_reports_in_a_tidy_layout(client, world):
    w = world
    text = client.get("/data/values.csv").get_data(as_text=True)
    alpha = f"{w.alpha.id},Childcare support,{w.call.id}"
    delta = f'{w.delta.id},"Community centre, Delta",{w.call.id}'
    assert text.split("\r\n") == [
        "project_id,project,call_id,indicator_id,indicator,category,unit,kind,fiscal_year,"
        "quarter,value,report_revision",
        f"{alpha},{w.requests.id},Service requests,,requests,count,2010,,2100,1",
        f"{alpha},{w.requests.id},Service requests,,requests,count,2011,,3483,2",
        f"{alpha},{w.hours.id},Activity hours,,hours,hours,2010,,4200.25,1",
        f"{alpha},{w.hours.id},Activity hours,,hours,hours,2011,,5508.50,2",
        f"{delta},{w.courses.id},Courses,Group members,courses,count,2011,,111,1",
        f"{delta},{w.courses.id},Courses,Professional teachers,courses,count,2011,,18,1",
        f"{delta},{w.courses.id},Courses,Other citizens,courses,count,2011,,33,1",
        f"{delta},{w.users.id},Users,,people,people,2011,,20308,1",
        f"{delta},{w.users.id},Users,,people,people,2012,1,5100,1",
        "",
    ]


def test_values_in_json_are_numbers_and_missing_cells_null(client, world):
    _response, records = _json(client, "values")
    hours = [r for r in records if r["indicator"] == "Activity hours"]
    assert [(r["fiscal_year"], r["quarter"], r["value"]) for r in hours] == [
        (2010, None, 4200.25),
        (2011, None, 5508.5),
    ]
    assert records[0]["category"] is None
    assert {r["category"] for r in records if r["indicator"] == "Courses"} == {
        "Group members",
        "Professional teachers",
        "Other citizens",
    }
    # Exact text of the numbers: the canonical format, as in the CSV.
    body = client.get("/data/values.json").get_data(as_text=True)
    assert '"value": 5508.50' in body and '"value": 3483,' in body


def test_proposals_are_the_public_ones_with_their_outcome(client, world):
    _response, rows = _csv(client, "proposals")
    by_title = {row["title"]: row for row in rows}
    assert set(by_title) == {
        "Alpha project",
        "Bravo project",
        "Charlie project",
        "Delta project",
        "India project",
    }
    assert by_title["Alpha project"]["status"] == "selected"
    assert by_title["Bravo project"]["status"] == "not_selected"
    assert by_title["Charlie project"]["status"] == "not_recommended"
    assert by_title["Delta project"]["status"] == "selected"
    # Before its call's decision is published a proposal is just eligible.
    assert by_title["India project"]["status"] == "eligible"
    assert by_title["Alpha project"]["requested_total"] == "500000"
    assert by_title["Alpha project"]["group"] == "Alpha group"
    for private in ("need", "created_by", "budget"):
        assert private not in rows[0]


def test_decisions_are_those_of_published_calls_only(client, world):
    _response, rows = _csv(client, "decisions")
    assert {row["call_id"] for row in rows} == {str(world.call.id)}
    by_title = {row["proposal"]: row for row in rows}
    assert set(by_title) == {"Alpha project", "Bravo project", "Charlie project", "Delta project"}
    alpha, bravo, delta = (
        by_title["Alpha project"],
        by_title["Bravo project"],
        by_title["Delta project"],
    )
    assert (alpha["recommended"], alpha["votes_for"], alpha["votes_against"]) == ("true", "4", "1")
    assert alpha["committee_rationale"] == "Strong reach"
    assert alpha["mayor_reason"] == "Fits the plan"
    assert alpha["awarded_amount"] == "500000"
    assert alpha["selected_without_recommendation"] == "false"
    assert alpha["amount_reason"] == "" and alpha["justification"] == ""
    assert alpha["project_id"] == str(world.alpha.id)
    assert (bravo["outcome"], bravo["awarded_amount"], bravo["mayor_reason"]) == (
        "not_selected",
        "",
        "Overlaps an existing service",
    )
    assert delta["selected_without_recommendation"] == "true"
    assert delta["justification"] == "The only proposal for the northern district"
    assert delta["amount_reason"] == "Materials are covered by the city"
    assert delta["awarded_amount"] == "400000"


def test_calls_projects_and_indicators(client, world):
    _response, calls = _csv(client, "calls")
    assert [(c["title"], c["phase"]) for c in calls] == [
        ("Citizen Partnership 2011", "decided"),
        ("Citizen Partnership 2027", "selecting"),
    ]
    assert calls[0]["decided_at"].endswith("Z") and calls[1]["decided_at"] == ""
    _response, projects = _csv(client, "projects")
    assert [(p["title"], p["awarded_amount"], p["status"]) for p in projects] == [
        ("Childcare support", "500000", "active"),
        ("Community centre, Delta", "400000", "active"),
    ]
    _response, indicators = _csv(client, "indicators")
    assert [(i["name"], i["category"], i["kind"], i["target"]) for i in indicators] == [
        ("Service requests", "", "count", "100"),
        ("Activity hours", "", "hours", "100"),
        ("Courses", "Group members", "count", "100"),
        ("Courses", "Professional teachers", "count", "100"),
        ("Courses", "Other citizens", "count", "100"),
        ("Users", "", "people", "100"),
    ]


def test_empty_datasets_are_valid_files(client):
    for name in NAMES:
        _response, rows = _csv(client, name)
        assert rows == []
        _response, records = _json(client, name)
        assert records == []


def test_japanese_text_is_written_as_utf8_text(client, world):
    world.alpha.title = "子育て支援「ひまわり」"
    db.session.commit()
    csv_body = client.get("/data/projects.csv").get_data()
    assert "子育て支援「ひまわり」".encode() in csv_body
    json_body = client.get("/data/projects.json").get_data()
    assert "子育て支援「ひまわり」".encode() in json_body
    assert json.loads(json_body)[0]["title"] == "子育て支援「ひまわり」"


def test_values_read_in_slices_of_projects_give_the_same_file(client, world, monkeypatch):
    from proposals.opendata import datasets

    whole = client.get("/data/values.csv").get_data()
    assert whole.count(b"\n") > 3
    monkeypatch.setattr(datasets, "SLICE_SIZE", 1)  # one project per slice
    assert client.get("/data/values.csv").get_data() == whole
