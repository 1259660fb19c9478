"""``flask create-admin``: the first administrator."""

from __future__ import annotations

import sqlalchemy as sa

from proposals.accounts.models import Role, User
from proposals.audit.models import AuditEvent
from proposals.extensions import db
from tests.conftest import PASSWORD

ADMIN_PASSWORD = "a strong admin passphrase"


def users():
    db.session.expire_all()
    return db.session.scalars(sa.select(User)).all()


def create_admin(runner, *args, input=None, env=None):
    return runner.invoke(args=["create-admin", *args], input=input, env=env or {})


def test_creates_an_administrator(runner):
    result = create_admin(
        runner, "--email", "Admin@City.example.org", "--name", "Aiko", "--password", ADMIN_PASSWORD
    )

    assert result.exit_code == 0, result.output
    assert "Created the administrator account admin@city.example.org" in result.output
    [user] = users()
    assert (user.email, user.display_name) == ("admin@city.example.org", "Aiko")
    assert user.roles == {Role.ADMIN}
    assert user.check_password(ADMIN_PASSWORD)
    actions = db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["user.create", "user.grant_role"]


def test_running_it_twice_changes_nothing(runner):
    args = ["--email", "admin@example.org", "--name", "Aiko", "--password", ADMIN_PASSWORD]
    create_admin(runner, *args)

    result = create_admin(runner, *args)

    assert result.exit_code == 0
    assert "already an administrator; nothing changed" in result.output
    assert len(users()) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 2


def test_makes_an_existing_user_administrator_keeping_the_password(runner, make_user):
    make_user("hanako@example.org", name="Hanako")

    result = create_admin(runner, "--email", "hanako@example.org")

    assert result.exit_code == 0, result.output
    assert "now an administrator" in result.output
    [user] = users()
    assert user.roles == {Role.ADMIN}
    assert user.display_name == "Hanako"
    assert user.check_password(PASSWORD)


def test_password_is_asked_hidden_with_confirmation(runner):
    result = create_admin(
        runner,
        "--email",
        "admin@example.org",
        "--name",
        "Aiko",
        input=f"{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n",
    )

    assert result.exit_code == 0, result.output
    assert "Repeat for confirmation" in result.output
    assert ADMIN_PASSWORD not in result.output
    assert users()[0].check_password(ADMIN_PASSWORD)


def test_password_can_come_from_the_environment(runner):
    result = create_admin(
        runner,
        "--email",
        "admin@example.org",
        "--name",
        "Aiko",
        env={"KYODO_ADMIN_PASSWORD": ADMIN_PASSWORD},
    )

    assert result.exit_code == 0, result.output
    assert "Password" not in result.output
    assert users()[0].check_password(ADMIN_PASSWORD)


def test_short_password_is_refused_and_nothing_is_written(runner):
    result = create_admin(
        runner, "--email", "admin@example.org", "--name", "A", "--password", "short"
    )

    assert result.exit_code != 0
    assert "at least 10" in result.output
    assert users() == []


def test_bad_email_is_refused(runner):
    result = create_admin(
        runner, "--email", "not-an-email", "--name", "A", "--password", ADMIN_PASSWORD
    )

    assert result.exit_code != 0
    assert "Invalid value for '--email'" in result.output
    assert users() == []


def test_the_new_administrator_can_log_in_and_open_the_admin_pages(runner, client):
    create_admin(
        runner, "--email", "admin@example.org", "--name", "Aiko", "--password", ADMIN_PASSWORD
    )

    client.post("/login", data={"email": "admin@example.org", "password": ADMIN_PASSWORD})

    assert client.get("/admin/users").status_code == 200
