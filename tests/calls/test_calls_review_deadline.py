"""The optional review deadline of a call: entered in the call's timezone, after the window."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from proposals.audit.models import AuditEvent
from proposals.calls.models import Call
from proposals.calls.operations import CallError, update_call
from proposals.extensions import db


def _calls():
    return db.session.scalars(sa.select(Call)).all()


def test_the_form_offers_an_optional_review_deadline(client, login, officer):
    login(officer)
    html = client.get("/officer/calls/new").get_data(as_text=True)
    assert 'name="review_due_at"' in html
    assert 'type="datetime-local"' in html
    assert "Reviews due (optional)" in html


def test_a_call_without_a_review_deadline_is_saved(client, login, officer, call_form):
    login(officer)
    response = client.post("/officer/calls/new", data=call_form())
    assert response.status_code == 302
    [call] = _calls()
    assert call.review_due_at is None


def test_the_review_deadline_is_read_in_the_calls_timezone(client, login, officer, call_form):
    login(officer)
    response = client.post("/officer/calls/new", data=call_form(review_due_at="2026-09-30T17:00"))
    assert response.status_code == 302
    [call] = _calls()
    assert call.review_due_at == dt.datetime(2026, 9, 30, 8, 0, tzinfo=dt.UTC)  # 17:00 JST


@pytest.mark.parametrize(
    ("due", "message"),
    [
        ("2026-08-31T17:00", "Reviews must be due after submissions close."),
        ("2026-08-01T09:00", "Reviews must be due after submissions close."),
        ("next month", "Enter a date and time"),
    ],
)
def test_a_deadline_not_after_the_window_closes_is_a_field_error(
    client, login, officer, call_form, due, message
):
    login(officer)
    response = client.post("/officer/calls/new", data=call_form(review_due_at=due))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="review_due_at-errors"' in html
    assert message in html
    assert _calls() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0


def test_a_deadline_can_be_set_while_in_review_and_is_shown_on_the_edit_form(
    client, clock, login, officer, make_call, form_for, audit_actions
):
    call = make_call("closed", now=clock.now)
    due = clock.now + dt.timedelta(days=14)
    login(officer)
    local_due = due.astimezone(call.zone).strftime("%Y-%m-%dT%H:%M")

    data = form_for(call, criteria=None, review_due_at=local_due)

    response = client.post(f"/officer/calls/{call.id}/edit", data=data)

    assert response.status_code == 302
    db.session.expire_all()
    assert call.review_due_at == due.replace(second=0, microsecond=0)
    assert audit_actions() == ["call.update"]
    html = client.get(f"/officer/calls/{call.id}/edit").get_data(as_text=True)
    assert f'value="{local_due}"' in html


def test_a_deadline_before_the_closing_time_is_refused_on_edit(
    client, clock, login, officer, make_call, form_for
):
    call = make_call("closed", now=clock.now)
    login(officer)
    before_close = (call.closes_at - dt.timedelta(hours=1)).astimezone(call.zone)

    response = client.post(
        f"/officer/calls/{call.id}/edit",
        data=form_for(call, criteria=None, review_due_at=before_close.strftime("%Y-%m-%dT%H:%M")),
    )

    assert response.status_code == 400
    assert 'id="review_due_at-errors"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert call.review_due_at is None


def test_moving_the_window_past_the_deadline_is_refused(
    client, clock, login, officer, make_call, form_for, audit_actions
):
    call = make_call("open", now=clock.now)
    call.review_due_at = call.closes_at + dt.timedelta(days=7)
    db.session.commit()
    login(officer)
    local = call.review_due_at.astimezone(call.zone).strftime("%Y-%m-%dT%H:%M")
    later = (call.closes_at + dt.timedelta(days=30)).astimezone(call.zone)

    response = client.post(
        f"/officer/calls/{call.id}/edit",
        data=form_for(
            call, criteria=None, review_due_at=local, closes_at=later.strftime("%Y-%m-%dT%H:%M")
        ),
    )

    assert response.status_code == 400
    assert "Reviews must be due after submissions close." in response.get_data(as_text=True)
    assert audit_actions() == []


def test_the_database_refuses_a_deadline_before_the_window_closes(make_call):
    call = make_call("closed")
    call.review_due_at = call.closes_at
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_update_call_refuses_a_window_closing_after_the_deadline(clock, make_call, officer):
    call = make_call("open", now=clock.now)
    call.review_due_at = call.closes_at + dt.timedelta(days=7)
    db.session.commit()

    with pytest.raises(CallError) as refused:
        update_call(call, officer, closes_at=call.review_due_at + dt.timedelta(days=1))

    assert refused.value.problems == ["Reviews must be due after submissions close."]
    db.session.rollback()
