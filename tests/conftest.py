"""Shared fixtures: one migrated database per run, emptied after each test, and builders.

Set ``DATABASE_URL`` to a PostgreSQL URL to run the suite there: a fresh database
is created for the run and dropped afterwards, whatever the named database holds.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets

import pytest
import sqlalchemy as sa
from flask import g
from werkzeug.security import generate_password_hash

import proposals.database
from proposals import create_app
from proposals.accounts.models import Role, RoleGrant, User
from proposals.calls.models import Call, Criterion
from proposals.extensions import db
from proposals.groups.models import Group, GroupKind, Membership
from proposals.submissions.models import BudgetLine, PlannedIndicator, Proposal, ProposalState
from tests.databases import create_postgres_database, empty_all_tables

PASSWORD = "correct horse battery"
NOW = dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC)


# --- CI: a skipped test is a failure -------------------------------------------------


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which counts as a failure: {report.longrepr}"


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` prove what only PostgreSQL's concurrency can show. On SQLite
    they are deselected, not skipped (CI counts a skip as a failure and runs on both)."""
    if os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        return
    deselected = [item for item in items if item.get_closest_marker("postgres")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


# --- database -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("postgresql"):
        url, drop = create_postgres_database(base)
        yield url
        drop()
    else:
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "kyodo-test.sqlite3")


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": secrets.token_hex(16),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
            "SERVER_NAME": "kyodo.test",
            # Every test logs in from 127.0.0.1; the limits have tests of their own.
            "LOGIN_RATE_LIMIT": "10000 per minute",
            "MAIL_FORM_RATE_LIMIT": "10000 per minute",
        }
    )
    with app.app_context():
        # The models' schema; tests/test_migrations.py proves the migrations build the same.
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield
        db.session.rollback()
        empty_all_tables(db)
        db.session.remove()


@pytest.fixture
def snapshot():
    """Every row of every table, to show that a refused request wrote nothing."""

    def snapshot():
        db.session.expire_all()
        return {
            table.name: sorted(
                tuple(map(repr, row)) for row in db.session.execute(sa.select(table))
            )
            for table in db.metadata.sorted_tables
        }

    return snapshot


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def clock(monkeypatch):
    """Freeze the application's clock; ``clock.set(moment)`` or ``clock.advance(...)`` moves it."""

    class Clock:
        now = NOW

        def set(self, moment):
            self.now = moment

        def advance(self, **delta):
            self.now = self.now + dt.timedelta(**delta)

    frozen = Clock()
    monkeypatch.setattr(proposals.database, "clock", lambda: frozen.now)
    return frozen


# --- builders -----------------------------------------------------------------------


_password_hashes: dict[str, str] = {}


@pytest.fixture
def make_user():
    counter = iter(range(1, 10_000))

    def make_user(email=None, *, roles=(), name=None, password=PASSWORD):
        number = next(counter)
        user = User(
            email=(email or f"user{number}@example.org").lower(),
            display_name=name or f"User {number}",
        )
        # scrypt is slow by design; hash each test password once per run.
        if password not in _password_hashes:
            _password_hashes[password] = generate_password_hash(password)
        user.password_hash = _password_hashes[password]
        user.role_grants = [RoleGrant(role=Role(role)) for role in roles]
        db.session.add(user)
        db.session.commit()
        return user

    return make_user


@pytest.fixture
def make_group(make_user):
    counter = iter(range(1, 10_000))

    def make_group(representative=None, *, members=(), name=None, kind=GroupKind.NPO, themes=()):
        representative = representative or make_user()
        group = Group(
            name=name or f"Group {next(counter)}",
            kind=kind,
            representative=representative,
            contact_email=representative.email,
            description="A citizen group.",
        )
        group.themes = themes
        group.memberships = [Membership(user=representative)] + [
            Membership(user=member) for member in members
        ]
        db.session.add(group)
        db.session.commit()
        return group

    return make_group


@pytest.fixture
def make_call(make_user):
    """A call relative to the real clock: ``phase="open"`` is open now, "closed" has closed."""

    def make_call(
        phase="open",
        *,
        budget=10_000_000,
        max_per_proposal=2_000_000,
        officer=None,
        title="Citizen Partnership 2027",
        now=None,
    ):
        now = now or proposals.database.utcnow()
        windows = {
            "upcoming": (now + dt.timedelta(days=10), now + dt.timedelta(days=40)),
            "open": (now - dt.timedelta(days=10), now + dt.timedelta(days=20)),
            "closed": (now - dt.timedelta(days=40), now - dt.timedelta(days=10)),
        }
        opens_at, closes_at = windows[phase]
        call = Call(
            title=title,
            fiscal_year=2027,
            description="Proposals for **co-produced** services.",
            opens_at=opens_at,
            closes_at=closes_at,
            timezone="Asia/Tokyo",
            budget_envelope=budget,
            max_per_proposal=max_per_proposal,
            created_by=officer or make_user(roles=[Role.CITY_OFFICER]),
            criteria=[
                Criterion(position=0, name="Public benefit", weight=3, max_score=5),
                Criterion(position=1, name="Feasibility", weight=2, max_score=5),
            ],
        )
        db.session.add(call)
        db.session.commit()
        return call

    return make_call


@pytest.fixture
def make_proposal(make_group, make_call, make_user):
    def make_proposal(
        *,
        call=None,
        group=None,
        state=ProposalState.DRAFT,
        title="Play mornings",
        budget=((("Venue hire", 300_000)), ("Materials", 200_000)),
    ):
        group = group or make_group()
        call = call or make_call()
        lines = [
            BudgetLine(position=i, item=item, amount=amount)
            for i, (item, amount) in enumerate(budget)
        ]
        proposal = Proposal(
            call=call,
            group=group,
            created_by=group.representative,
            state=ProposalState.DRAFT,
            title=title,
            summary="Morning play sessions for toddlers and their parents.",
            need="Young parents are isolated.",
            activities="Weekly sessions in the community centre.",
            department="Child and Family Division",
            group_role="Runs the sessions and recruits volunteers.",
            city_role="Provides the room and refers families.",
            beneficiaries="Families with children under three.",
            timeline="April to March.",
            budget_lines=lines,
            requested_total=sum(line.amount for line in lines),
            indicators=[
                PlannedIndicator(
                    position=0, name="Sessions held", unit="sessions", baseline=0, annual_target=40
                )
            ],
        )
        state = ProposalState(state)
        if state is not ProposalState.DRAFT:
            proposal.state = state
            proposal.submitted_at = call.opens_at + dt.timedelta(days=1)
        if state is ProposalState.WITHDRAWN:
            proposal.withdrawn_at = proposal.submitted_at + dt.timedelta(hours=1)
            proposal.withdrawal_reason = "Changed plans."
        if state in (
            ProposalState.ELIGIBLE,
            ProposalState.INELIGIBLE,
            ProposalState.SELECTED,
            ProposalState.NOT_SELECTED,
        ):
            proposal.eligibility_decided_at = call.closes_at + dt.timedelta(days=1)
        if state is ProposalState.INELIGIBLE:
            proposal.ineligibility_reason = "The activities take place outside the city."
        db.session.add(proposal)
        db.session.commit()
        return proposal

    return make_proposal


@pytest.fixture
def login(client):
    """Log ``user`` in on the test client, as the login form would."""

    def login(user, test_client=None):
        with (test_client or client).session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        # Requests share the test's app context, so Flask-Login's cached user on ``g``
        # would outlive a change of user within one test.
        g.pop("_login_user", None)
        return user

    return login


@pytest.fixture
def act_as(client, login):
    """Switch the test client to ``user`` (None: logged out), for permission matrices."""

    def act_as(user):
        with client.session_transaction() as session:
            session.clear()
        g.pop("_login_user", None)  # requests share the test's app context
        if user is not None:
            login(user)

    return act_as


@pytest.fixture
def audit_actions():
    from proposals.audit.models import AuditEvent

    def audit_actions():
        return [e.action for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))]

    return audit_actions


@pytest.fixture(autouse=True)
def _fresh_login_user_per_request(app):
    """Each request loads its user from its own cookies, as in production.

    Requests in a test reuse the test's app context, so Flask-Login's user cached on ``g``
    would pass from one request, or one test client, to the next: a second browser would
    see the first one's account, and a logout or password change would seem to work
    when it does not.
    """
    from flask import request_started

    def forget_user(sender, **extra):
        g.pop("_login_user", None)

    with request_started.connected_to(forget_user, app):
        yield
