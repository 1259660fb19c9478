"""Forgotten password: the same answer for every address, single-use expiring links."""

from __future__ import annotations

import re

import sqlalchemy as sa

from proposals.extensions import db
from proposals.mail.models import OutboxMessage
from tests.conftest import PASSWORD

NEW_PASSWORD = "a brand new passphrase"


def messages():
    return db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def reset_path(message):
    match = re.search(r"https?://[^/\s]+(/password/reset/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def ask_for_reset(client, email):
    response = client.post("/password/forgot", data={"email": email})
    assert response.status_code == 302
    return client.get(response.headers["Location"])


def new_password(password=NEW_PASSWORD, confirm=None):
    return {"password": password, "confirm": confirm or password}


def test_forgot_password_page_has_a_labelled_field(client):
    response = client.get("/password/forgot")

    assert response.status_code == 200
    assert b'<label for="email">Email address' in response.data


def test_known_and_unknown_addresses_get_the_same_page(client, make_user):
    make_user("known@example.org")

    known = ask_for_reset(client, "known@example.org")
    unknown = ask_for_reset(client, "nobody@example.org")

    assert known.status_code == unknown.status_code == 200
    assert known.data.replace(b"known@", b"X@") == unknown.data.replace(b"nobody@", b"X@")
    [message] = messages()
    assert message.recipient == "known@example.org"
    assert message.subject == "Choose a new Kyodo password"


def test_disabled_account_gets_no_mail(client, make_user):
    user = make_user("gone@example.org")
    user.is_disabled = True
    db.session.commit()

    page = ask_for_reset(client, "gone@example.org")

    assert page.status_code == 200
    assert messages() == []


def test_bad_address_shows_a_field_message(client):
    response = client.post("/password/forgot", data={"email": "nope"})

    assert response.status_code == 400
    assert b"Enter an email address like name@example.org." in response.data
    assert messages() == []


def test_reset_journey_sets_the_password_and_logs_out_everywhere(app, client, make_user):
    user = make_user("hanako@example.org")
    elsewhere = app.test_client()
    elsewhere.post("/login", data={"email": user.email, "password": PASSWORD})
    assert elsewhere.get("/account").status_code == 200

    ask_for_reset(client, "hanako@example.org")
    path = reset_path(messages()[0])
    form = client.get(path)
    assert form.status_code == 200
    assert b"hanako@example.org" in form.data

    response = client.post(path, data=new_password())

    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    db.session.refresh(user)
    assert user.check_password(NEW_PASSWORD)
    assert elsewhere.get("/account").status_code == 302
    login = client.post("/login", data={"email": user.email, "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_reset_writes_the_reset_audit_action(client, make_user, audit_actions):
    make_user("hanako@example.org")
    ask_for_reset(client, "hanako@example.org")

    client.post(reset_path(messages()[0]), data=new_password())

    assert audit_actions() == ["user.reset_password"]


def test_reset_link_works_once(client, make_user):
    user = make_user("hanako@example.org")
    ask_for_reset(client, "hanako@example.org")
    path = reset_path(messages()[0])
    client.post(path, data=new_password())

    again = client.post(path, data=new_password("yet another passphrase"))

    assert again.status_code == 400
    assert b"already been used" in again.data
    db.session.refresh(user)
    assert user.check_password(NEW_PASSWORD)


def test_reset_link_dies_when_the_password_changes_otherwise(client, login, make_user):
    user = make_user("hanako@example.org")
    ask_for_reset(client, "hanako@example.org")
    path = reset_path(messages()[0])
    user.set_password("changed on the account page")
    db.session.commit()

    assert client.get(path).status_code == 400


def test_reset_link_expires(client, make_user, clock):
    make_user("hanako@example.org")
    ask_for_reset(client, "hanako@example.org")
    path = reset_path(messages()[0])

    clock.advance(hours=2, minutes=1)
    response = client.post(path, data=new_password())

    assert response.status_code == 400
    assert b"This link has expired" in response.data


def test_tampered_reset_link_is_refused(client, make_user):
    make_user("hanako@example.org")
    ask_for_reset(client, "hanako@example.org")
    path = reset_path(messages()[0])

    response = client.get(path[:-4] + "AAAA")

    assert response.status_code == 400
    assert b"This link is not valid" in response.data


def test_bad_new_password_is_refused_and_writes_nothing(client, make_user, audit_actions):
    user = make_user("hanako@example.org")
    ask_for_reset(client, "hanako@example.org")
    path = reset_path(messages()[0])

    short = client.post(path, data=new_password("short"))
    mismatch = client.post(path, data=new_password(confirm="not the same at all"))

    assert short.status_code == mismatch.status_code == 400
    assert b"at least 10 characters" in short.data
    assert b"are not the same" in mismatch.data
    db.session.refresh(user)
    assert user.check_password(PASSWORD)
    assert audit_actions() == []
