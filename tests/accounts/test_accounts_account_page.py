"""The account page: what it shows, changing the name, changing the password."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role
from proposals.audit.models import AuditEvent
from proposals.extensions import db
from tests.conftest import PASSWORD

NEW_PASSWORD = "another long passphrase"


def login_with_form(client, user, *, remember=False):
    data = {"email": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302


def password_data(current=PASSWORD, new=NEW_PASSWORD, confirm=None):
    return {"current_password": current, "password": new, "confirm": confirm or new}


def test_account_page_needs_login(client):
    response = client.get("/account")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_account_page_shows_email_name_roles_and_groups(client, login, make_user, make_group):
    user = make_user("hanako@example.org", name="Hanako Sato", roles=[Role.REVIEWER])
    make_group(user, name="Yamato Childcare Support")
    login(user)

    response = client.get("/account")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for text in ("hanako@example.org", "Hanako Sato", "Committee reviewer", "Citizen"):
        assert text in page
    assert "Yamato Childcare Support" in page
    assert 'for="display_name"' in page
    assert 'for="current_password"' in page


def test_change_name(client, login, make_user, audit_actions):
    user = make_user(name="Old Name")
    login(user)

    response = client.post("/account/name", data={"display_name": "  Hanako Sato "})

    assert response.status_code == 302
    db.session.refresh(user)
    assert user.display_name == "Hanako Sato"
    assert audit_actions() == ["user.change_name"]
    assert "Hanako Sato" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_empty_name_is_refused(client, login, make_user, audit_actions):
    user = make_user(name="Old Name")
    login(user)

    response = client.post("/account/name", data={"display_name": "   "})

    assert response.status_code == 400
    assert b"Enter your name." in response.data
    db.session.refresh(user)
    assert user.display_name == "Old Name"
    assert audit_actions() == []


def test_change_password_keeps_this_session_and_ends_the_others(app, client, make_user):
    user = make_user("hanako@example.org")
    login_with_form(client, user)
    elsewhere = app.test_client()
    login_with_form(elsewhere, user)
    copied = client.get_cookie("session", domain="kyodo.test").value

    response = client.post("/account/password", data=password_data())

    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password(NEW_PASSWORD)
    assert client.get("/account").status_code == 200
    assert elsewhere.get("/account").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied, domain="kyodo.test")
    assert thief.get("/account").status_code == 302


def test_change_password_writes_an_audit_row(client, login, make_user):
    user = make_user()
    login(user)

    client.post("/account/password", data=password_data())

    [event] = db.session.scalars(sa.select(AuditEvent)).all()
    assert (event.action, event.actor_id, event.object_id) == (
        "user.change_password",
        user.id,
        user.id,
    )


def test_change_password_renews_the_remember_cookie(app, client, make_user):
    user = make_user("hanako@example.org")
    login_with_form(client, user, remember=True)
    old_remember = client.get_cookie("remember_token", domain="kyodo.test").value

    client.post("/account/password", data=password_data())
    new_remember = client.get_cookie("remember_token", domain="kyodo.test").value

    assert new_remember != old_remember
    for value, status in ((old_remember, 302), (new_remember, 200)):
        other = app.test_client()
        other.set_cookie("remember_token", value, domain="kyodo.test")
        assert other.get("/account").status_code == status


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (password_data(current="wrong password"), "current_password", "not your current password"),
        (password_data(current=""), "current_password", "Enter your current password."),
        (password_data(new="too short", confirm="too short"), "password", "at least 10 characters"),
        (password_data(confirm="something else"), "confirm", "are not the same"),
    ],
)
def test_bad_password_change_is_refused_and_writes_nothing(
    client, login, make_user, audit_actions, data, field, message
):
    user = make_user()
    token = user.session_token
    login(user)

    response = client.post("/account/password", data=data)

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert f'id="{field}-errors"' in page
    db.session.refresh(user)
    assert user.check_password(PASSWORD)
    assert user.session_token == token
    assert audit_actions() == []


def test_account_forms_are_post_only(client, login, make_user):
    login(make_user())

    assert client.get("/account/name").status_code == 405
    assert client.get("/account/password").status_code == 405
