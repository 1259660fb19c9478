"""The content version changes with every public-facing write, in the writer's transaction."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from proposals.caching.models import CacheVersion
from proposals.caching.versions import read_state
from proposals.calls.models import Call
from proposals.extensions import db
from proposals.notifications.models import Notification


def _version() -> int:
    db.session.expire_all()
    return read_state(db.session).version


def test_an_emptied_table_reads_as_version_zero_and_the_next_write_recreates_the_row(
    make_call,
):
    make_call()
    with db.engine.begin() as connection:
        connection.execute(sa.delete(CacheVersion.__table__))
    assert _version() == 0
    make_call()
    assert _version() != 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CacheVersion)) == 1


def test_a_change_to_a_call_changes_the_version_and_its_date(make_call, clock):
    call = make_call()
    before = read_state(db.session)
    clock.advance(minutes=5)
    call.title = "Renamed"
    db.session.commit()
    after = read_state(db.session)
    assert after.version != before.version
    assert after.changed_at == clock.now


def test_a_rolled_back_change_keeps_the_version(make_call):
    call = make_call()
    before = _version()
    call.title = "Renamed"
    db.session.flush()
    db.session.rollback()
    assert _version() == before


def test_loading_without_changing_keeps_the_version(make_call):
    call = make_call()
    before = _version()
    call.title = call.title  # same value: nothing to write
    db.session.commit()
    assert _version() == before


def test_notifications_and_logouts_keep_the_version(make_user, make_call):
    user = make_user()
    make_call()
    before = _version()
    db.session.add(Notification(user_id=user.id, kind="test", message="Hello", link="/"))
    db.session.commit()
    user.session_token = "0" * 32  # what logging out does
    db.session.commit()
    assert _version() == before
    user.display_name = "A new name"
    db.session.commit()
    assert _version() != before


@pytest.mark.parametrize(
    "statement",
    [
        sa.update(Call).values(title="Bulk"),
        sa.text("UPDATE calls SET title = 'Raw'"),
    ],
    ids=["orm-statement", "raw-sql"],
)
def test_statements_that_write_change_the_version(make_call, statement):
    make_call()
    before = _version()
    db.session.execute(statement)
    db.session.commit()
    assert _version() != before


def test_a_savepoint_rolled_back_does_not_lose_the_outer_change(make_call):
    call = make_call()
    before = _version()
    call.title = "Outer change"
    db.session.flush()
    savepoint = db.session.begin_nested()
    call.description = "Inner change"
    db.session.flush()
    savepoint.rollback()
    db.session.commit()
    assert _version() != before


def test_the_state_knows_the_latest_call_boundary_passed(make_call, clock):
    call = make_call("open", now=clock.now)
    assert read_state(db.session, clock.now).boundary == call.opens_at
    later = call.closes_at + dt.timedelta(days=1)
    assert read_state(db.session, later).boundary == call.closes_at
    assert read_state(db.session, call.opens_at - dt.timedelta(seconds=1)).boundary is None
