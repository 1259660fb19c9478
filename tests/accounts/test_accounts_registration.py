"""Registration by email link: the journey, and never telling whether an address has an account."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import url_for

from proposals.accounts.models import User
from proposals.audit.models import AuditEvent
from proposals.extensions import db
from proposals.mail.models import OutboxMessage

NEW_PASSWORD = "a long new passphrase"


def outbox(recipient=None):
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if recipient:
        query = query.where(OutboxMessage.recipient == recipient)
    return db.session.scalars(query).all()


def link_in(message, path_start):
    """The path of the first link in ``message`` that starts with ``path_start``."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_start) + r"\S*)", message.body)
    assert match, f"no {path_start} link in: {message.body}"
    return match.group(1)


def user_count():
    return db.session.scalar(sa.select(sa.func.count()).select_from(User))


def register_form(name="Hanako Sato", password=NEW_PASSWORD, confirm=None):
    return {"display_name": name, "password": password, "confirm": confirm or password}


def test_registration_journey_from_email_to_my_groups(client, audit_actions):
    page = client.get("/register")
    assert page.status_code == 200
    assert b'<label for="email">Email address' in page.data

    response = client.post("/register", data={"email": " Hanako@Example.org "})
    assert response.status_code == 302
    sent = client.get(response.headers["Location"])
    assert sent.status_code == 200
    assert b"We sent a message to hanako@example.org" in sent.data

    [message] = outbox()
    assert message.recipient == "hanako@example.org"
    assert message.subject == "Finish creating your Kyodo account"
    assert "48 hours" in message.body
    link = link_in(message, "/register/")

    form_page = client.get(link)
    assert form_page.status_code == 200
    assert b"hanako@example.org" in form_page.data
    assert b"At least 10 characters" in form_page.data

    response = client.post(link, data=register_form())
    assert response.status_code == 302
    assert response.headers["Location"] == url_for("groups.my_groups", _external=False)

    user = db.session.scalar(sa.select(User).where(User.email == "hanako@example.org"))
    assert user.display_name == "Hanako Sato"
    assert user.check_password(NEW_PASSWORD)
    assert audit_actions() == ["user.create"]
    # Logged in by the same request: the account page opens without logging in again.
    account = client.get("/account")
    assert account.status_code == 200
    assert b"hanako@example.org" in account.data


def test_existing_and_new_address_get_the_same_answer(client, make_user):
    make_user("known@example.org")

    known = client.post("/register", data={"email": "known@example.org"})
    known_page = client.get(known.headers["Location"])
    unknown = client.post("/register", data={"email": "unknown@example.org"})
    unknown_page = client.get(unknown.headers["Location"])

    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert known_page.status_code == unknown_page.status_code == 200
    assert known_page.data.replace(b"known@", b"X@") == unknown_page.data.replace(
        b"unknown@", b"X@"
    )

    [to_known] = outbox("known@example.org")
    [to_unknown] = outbox("unknown@example.org")
    assert to_known.subject == "You already have a Kyodo account"
    assert "/password/reset/" in to_known.body
    assert "/register/" not in to_known.body
    assert to_unknown.subject == "Finish creating your Kyodo account"


def test_the_existing_account_mail_link_resets_the_password(client, make_user):
    user = make_user("known@example.org")
    client.post("/register", data={"email": "known@example.org"})
    [message] = outbox()

    link = link_in(message, "/password/reset/")
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", b"Enter your email address."),
        ("not-an-address", b"Enter an email address like name@example.org."),
    ],
)
def test_bad_address_shows_a_field_message_and_sends_nothing(client, email, message):
    response = client.post("/register", data={"email": email})

    assert response.status_code == 400
    assert message in response.data
    assert b'aria-invalid="true"' in response.data
    assert outbox() == []


def test_expired_link_is_refused_with_a_clear_message(client, clock):
    client.post("/register", data={"email": "late@example.org"})
    link = link_in(outbox()[0], "/register/")

    clock.advance(hours=47, minutes=59)
    assert client.get(link).status_code == 200
    clock.advance(minutes=2)
    response = client.get(link)
    assert response.status_code == 400
    assert b"This link has expired" in response.data
    response = client.post(link, data=register_form())
    assert response.status_code == 400
    assert user_count() == 0


def test_tampered_link_is_refused(client):
    client.post("/register", data={"email": "someone@example.org"})
    link = link_in(outbox()[0], "/register/")
    tampered = link[:-3] + ("abc" if not link.endswith("abc") else "xyz")

    for target in (tampered, "/register/not-a-token"):
        response = client.post(target, data=register_form())
        assert response.status_code == 400
        assert b"This link is not valid" in response.data
    assert user_count() == 0


def test_a_reset_link_does_not_open_registration(client, make_user):
    # Each purpose signs with its own salt: a link for one cannot be used for the other.
    make_user("known@example.org")
    client.post("/password/forgot", data={"email": "known@example.org"})
    reset_path = link_in(outbox()[0], "/password/reset/")
    token = reset_path.rsplit("/", 1)[1]

    response = client.get(f"/register/{token}")
    assert response.status_code == 400
    assert b"This link is not valid" in response.data


def test_address_registered_meanwhile_gets_a_message(client, make_user):
    client.post("/register", data={"email": "twice@example.org"})
    link = link_in(outbox()[0], "/register/")
    make_user("twice@example.org")

    response = client.post(link, data=register_form())

    assert response.status_code == 400
    assert b"An account already exists for this email address" in response.data
    assert user_count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (register_form(name=""), "display_name", b"Enter your name."),
        (register_form(password="short", confirm="short"), "password", b"at least 10 characters"),
        (register_form(confirm="another long phrase"), "confirm", b"are not the same"),
        (register_form(name="x" * 101), "display_name", b"at most 100 characters"),
    ],
)
def test_bad_registration_form_shows_field_messages_and_writes_nothing(
    client, audit_actions, data, field, message
):
    client.post("/register", data={"email": "new@example.org"})
    link = link_in(outbox()[0], "/register/")

    response = client.post(link, data=data)

    assert response.status_code == 400
    assert message in response.data
    assert f'id="{field}-errors"'.encode() in response.data
    assert user_count() == 0
    assert audit_actions() == []


def test_registration_writes_a_single_user_create_audit_row(client):
    client.post("/register", data={"email": "audit@example.org"})
    client.post(link_in(outbox()[0], "/register/"), data=register_form())

    [event] = db.session.scalars(sa.select(AuditEvent)).all()
    user = db.session.scalar(sa.select(User))
    assert (event.action, event.actor_id, event.object_id) == ("user.create", user.id, user.id)
