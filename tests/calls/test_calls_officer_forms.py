"""Officers create and edit calls: local times, yen, criteria rows, field messages, the lock."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from proposals.audit.models import AuditEvent
from proposals.calls.models import Call, Criterion
from proposals.extensions import db
from proposals.themes import Theme


def _calls():
    return db.session.scalars(sa.select(Call)).all()


def _audit():
    return db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()


# --- creating ------------------------------------------------------------------------------


def test_new_call_form_starts_with_blank_criteria_and_the_default_timezone(client, login, officer):
    login(officer)
    html = client.get("/officer/calls/new").get_data(as_text=True)
    assert 'name="criteria-2-name"' in html and 'name="criteria-3-name"' not in html
    assert '<option selected value="Asia/Tokyo">' in html
    assert 'type="datetime-local"' in html
    assert '<label for="budget_envelope">' in html


def test_officer_creates_a_call(client, login, officer, call_form, audit_actions):
    login(officer)

    response = client.post("/officer/calls/new", data=call_form())

    [call] = _calls()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/calls/{call.id}")
    assert call.title == "Citizen Partnership 2027"
    assert call.fiscal_year == 2027
    # Entered as Tokyo wall-clock times, stored in UTC.
    assert call.opens_at == dt.datetime(2026, 7, 1, 0, 0, tzinfo=dt.UTC)
    assert call.closes_at == dt.datetime(2026, 8, 31, 8, 0, tzinfo=dt.UTC)
    assert call.timezone == "Asia/Tokyo"
    assert call.budget_envelope == 10_000_000
    assert call.max_per_proposal == 2_000_000
    assert set(call.themes) == {Theme.CHILDCARE, Theme.ELDERLY}
    # The blank middle row is ignored; the others keep their order.
    assert [(c.position, c.name, c.weight, c.max_score) for c in call.criteria] == [
        (0, "Public benefit", 3, 5),
        (1, "Feasibility", 2, 10),
    ]
    assert call.created_by == officer
    assert audit_actions() == ["call.create"]
    assert _audit()[0].actor_id == officer.id


def test_times_are_read_in_the_chosen_timezone(client, login, officer, call_form):
    login(officer)
    client.post(
        "/officer/calls/new",
        data=call_form(timezone="Europe/London", opens_at="2026-07-01T09:00"),
    )
    [call] = _calls()
    assert call.opens_at == dt.datetime(2026, 7, 1, 8, 0, tzinfo=dt.UTC)  # British Summer Time


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"max_per_proposal": "20000000"},
            "max_per_proposal",
            "cannot be more than the budget envelope (¥10,000,000)",
        ),
        (
            {"opens_at": "2026-09-01T09:00", "closes_at": "2026-08-31T17:00"},
            "closes_at",
            "Submissions must close after they open.",
        ),
        (
            {"closes_at": "2026-07-01T09:00"},
            "closes_at",
            "Submissions must close after they open.",
        ),
        ({"budget_envelope": "1.5"}, "budget_envelope", "Enter a whole number of yen"),
        ({"budget_envelope": "ten million"}, "budget_envelope", "Enter a whole number of yen"),
        ({"max_per_proposal": "0"}, "max_per_proposal", "Enter an amount of at least ¥1."),
        ({"max_per_proposal": "-5"}, "max_per_proposal", "Enter an amount of at least ¥1."),
        ({"budget_envelope": ""}, "budget_envelope", "Enter an amount in yen."),
        ({"title": "  "}, "title", "Give the call a title."),
        ({"fiscal_year": "twenty"}, "fiscal_year", "Enter a year, for example 2027."),
        ({"opens_at": "tomorrow"}, "opens_at", "Enter a date and time"),
        ({"opens_at": None}, "opens_at", "Enter when submissions open."),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "Not a valid choice"),
        (
            {"criteria": [("", "", "", ""), ("", "", "", "")]},
            "criteria",
            "Add at least one scoring criterion.",
        ),
        (
            {"criteria": [("Benefit", "", "11", "5")]},
            "criteria-0-weight",
            "Enter a weight from 1 to 10.",
        ),
        (
            {"criteria": [("Benefit", "", "3", "")]},
            "criteria-0-max_score",
            "Enter a maximum score from 1 to 100.",
        ),
        (
            {"criteria": [("", "Only a description", "", "")]},
            "criteria-0-name",
            "Name the criterion.",
        ),
    ],
)
def test_invalid_call_is_refused_with_a_field_message(
    client, login, officer, call_form, overrides, field, message
):
    login(officer)
    criteria = overrides.pop("criteria", None)

    response = client.post("/officer/calls/new", data=call_form(criteria=criteria, **overrides))

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-errors"' in html
    assert message in html
    assert _calls() == []
    assert _audit() == []


def test_add_another_criterion_shows_one_more_row_and_saves_nothing(
    client, login, officer, call_form
):
    login(officer)
    data = call_form(save=None, add_criterion="Add another criterion")

    response = client.post("/officer/calls/new", data=data)

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'name="criteria-3-name"' in html and 'name="criteria-4-name"' not in html
    assert 'value="Public benefit"' in html  # what was typed is kept
    assert "There is a problem" not in html
    assert _calls() == []


# --- editing -------------------------------------------------------------------------------


def test_edit_form_shows_the_window_in_the_calls_timezone(client, clock, login, officer, make_call):
    call = make_call("upcoming", now=clock.now)
    call.opens_at = dt.datetime(2026, 6, 30, 15, 0, tzinfo=dt.UTC)
    db.session.commit()
    login(officer)

    html = client.get(f"/officer/calls/{call.id}/edit").get_data(as_text=True)

    assert 'value="2026-07-01T00:00"' in html
    assert 'value="Public benefit"' in html
    assert 'name="criteria-2-name"' in html  # one blank row to add a criterion


def test_officer_edits_an_upcoming_call_and_its_criteria(
    client, clock, login, officer, make_call, call_form, audit_actions
):
    call = make_call("upcoming", now=clock.now)
    login(officer)

    response = client.post(
        f"/officer/calls/{call.id}/edit",
        data=call_form(
            title="Citizen Partnership 2027 (revised)",
            criteria=[("Public benefit", "", "4", "5"), ("Co-production", "", "2", "5")],
        ),
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert call.title == "Citizen Partnership 2027 (revised)"
    assert [(c.name, c.weight) for c in call.criteria] == [
        ("Public benefit", 4),
        ("Co-production", 2),
    ]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Criterion)) == 2
    assert audit_actions() == ["call.update"]
    assert "criteria" in _audit()[0].after["changed"]


def test_criteria_can_shrink_and_grow_before_opening(
    client, clock, login, officer, make_call, call_form
):
    call = make_call("upcoming", now=clock.now)
    login(officer)
    client.post(
        f"/officer/calls/{call.id}/edit", data=call_form(criteria=[("Only one", "", "1", "3")])
    )
    db.session.expire_all()
    assert [c.name for c in call.criteria] == ["Only one"]

    three = [("A", "", "1", "3"), ("B", "", "1", "3"), ("C", "", "1", "3")]
    client.post(f"/officer/calls/{call.id}/edit", data=call_form(criteria=three))
    db.session.expire_all()
    assert [(c.position, c.name) for c in call.criteria] == [(0, "A"), (1, "B"), (2, "C")]


def test_criteria_are_shown_locked_once_the_call_has_opened(
    client, clock, login, officer, make_call
):
    call = make_call("open", now=clock.now)
    login(officer)
    html = client.get(f"/officer/calls/{call.id}/edit").get_data(as_text=True)
    assert "can no longer change" in html
    assert 'name="criteria-0-name"' not in html
    assert "Add another criterion" not in html


def test_open_call_can_be_edited_and_its_deadline_extended(
    client, clock, login, officer, make_call, form_for, audit_actions
):
    call = make_call("open", now=clock.now)
    login(officer)
    later = call.closes_at + dt.timedelta(days=7)
    data = form_for(
        call,
        criteria=None,
        title="Extended call",
        closes_at=later.astimezone(call.zone).strftime("%Y-%m-%dT%H:%M"),
    )

    response = client.post(f"/officer/calls/{call.id}/edit", data=data)

    assert response.status_code == 302
    db.session.expire_all()
    assert call.title == "Extended call"
    assert call.closes_at == later
    assert [c.name for c in call.criteria] == ["Public benefit", "Feasibility"]
    assert audit_actions() == ["call.update"]
    assert _audit()[0].after["changed"] == ["title", "closes_at"]


def _local(moment, call):
    return moment.astimezone(call.zone).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize(
    ("phase", "change", "message"),
    [
        # A page opened before the window opened still has the criteria rows.
        (
            "open",
            {"criteria": [("Public benefit", "", 3, 5), ("Feasibility", "", 9, 5)]},
            "Scoring criteria cannot change once submissions have opened.",
        ),
        (
            "closed",
            {"criteria": [("Public benefit", "", 3, 5)]},
            "Scoring criteria cannot change once submissions have opened.",
        ),
        (
            "open",
            {"opens_at": lambda call: call.opens_at + dt.timedelta(days=1)},
            "The opening time cannot change once submissions have opened.",
        ),
        (
            "closed",
            {"closes_at": lambda call: call.closes_at + dt.timedelta(days=30)},
            "The closing time cannot change once submissions have closed.",
        ),
        (
            # Moving the window into the future must not unlock the criteria.
            "open",
            {
                "opens_at": lambda call: call.opens_at + dt.timedelta(days=60),
                "closes_at": lambda call: call.closes_at + dt.timedelta(days=60),
                "criteria": [("Something else", "", 1, 5)],
            },
            "Scoring criteria cannot change once submissions have opened.",
        ),
    ],
)
def test_locked_parts_of_a_call_are_refused_with_409(
    client, clock, login, officer, make_call, form_for, audit_actions, phase, change, message
):
    call = make_call(phase, now=clock.now)
    window = (call.opens_at, call.closes_at)
    login(officer)
    overrides = {
        name: _local(value(call), call) if callable(value) else value
        for name, value in change.items()
    }

    response = client.post(
        f"/officer/calls/{call.id}/edit", data=form_for(call, title="Changed title", **overrides)
    )

    assert response.status_code == 409
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert call.title == "Citizen Partnership 2027"
    assert (call.opens_at, call.closes_at) == window
    assert [(c.name, c.weight) for c in call.criteria] == [
        ("Public benefit", 3),
        ("Feasibility", 2),
    ]
    assert audit_actions() == []


def test_window_is_read_only_once_closed(client, clock, login, officer, make_call):
    call = make_call("closed", now=clock.now)
    login(officer)
    html = client.get(f"/officer/calls/{call.id}/edit").get_data(as_text=True)
    assert "the window can no longer change" in html
    assert html.count("readonly") == 2


def test_invalid_edit_changes_nothing(client, clock, login, officer, make_call, call_form):
    call = make_call("upcoming", now=clock.now)
    login(officer)
    response = client.post(
        f"/officer/calls/{call.id}/edit",
        data=call_form(title="New title", budget_envelope="1000", max_per_proposal="5000"),
    )
    assert response.status_code == 400
    assert 'id="max_per_proposal-errors"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert call.title == "Citizen Partnership 2027"
    assert _audit() == []


@pytest.mark.parametrize("phase", ["upcoming", "open", "closed"])
def test_saving_an_unchanged_call_writes_no_audit_row(
    client, clock, login, officer, make_call, form_for, audit_actions, phase
):
    call = make_call(phase, now=clock.now)
    # Stored with seconds; the form sends minutes back: still unchanged.
    call.closes_at = call.closes_at.replace(second=42)
    db.session.commit()
    login(officer)
    criteria = "same" if phase == "upcoming" else None
    response = client.post(f"/officer/calls/{call.id}/edit", data=form_for(call, criteria=criteria))
    assert response.status_code == 302
    assert audit_actions() == []
    db.session.expire_all()
    assert call.closes_at.second == 42


def test_call_in_a_zone_outside_the_menu_can_still_be_edited(
    client, clock, login, officer, make_call, form_for
):
    call = make_call("upcoming", now=clock.now)
    call.timezone = "America/Sao_Paulo"
    db.session.commit()
    login(officer)
    assert '<option selected value="America/Sao_Paulo">' in client.get(
        f"/officer/calls/{call.id}/edit"
    ).get_data(as_text=True)
    response = client.post(f"/officer/calls/{call.id}/edit", data=form_for(call, title="Brazil"))
    assert response.status_code == 302
    db.session.expire_all()
    assert call.title == "Brazil" and call.timezone == "America/Sao_Paulo"


def test_error_summary_lists_every_problem_with_a_link_to_its_field(
    client, login, officer, call_form
):
    login(officer)
    response = client.post(
        "/officer/calls/new", data=call_form(fiscal_year="", opens_at=None, max_per_proposal="0")
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    summary = html[
        html.index("There is a problem") : html.index("</ul>", html.index("There is a problem"))
    ]
    assert '<a href="#fiscal_year">Fiscal year</a>: Enter the fiscal year.' in summary
    assert '<a href="#opens_at">Submissions open</a>: Enter when submissions open.' in summary
    assert "Enter an amount of at least ¥1." in summary
