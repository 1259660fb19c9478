"""In-app notifications: the bell's unread count, the list, opening and marking read."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from proposals.extensions import db
from proposals.groups.models import Invitation
from proposals.notifications import operations
from proposals.notifications.models import Notification

BELL = re.compile(r'<a class="bell" href="/notifications" aria-label="([^"]*)">(.*?)</a>', re.S)


def bell(client, path="/"):
    """(aria-label, visible text) of the header's notifications link, or None."""
    found = BELL.search(client.get(path).get_data(as_text=True))
    if found is None:
        return None
    return found.group(1), re.sub(r"<[^>]+>", "", found.group(2)).split()


def add(user, message="Something happened.", link="/groups/", *, read=False):
    notification = operations.notify(user, "test", message, link)
    db.session.commit()
    if read:
        operations.mark_read(notification, user)
        db.session.commit()
    return notification


def unread_of(user):
    db.session.expire_all()
    return operations.unread_count(user)


@pytest.fixture
def people(make_user, make_group):
    representative = make_user("rep@example.org", name="Aiko Rep")
    invitee = make_user("invitee@example.org", name="Goro Invitee")
    group = make_group(representative, name="Sakura Childcare NPO")
    return representative, invitee, group


def test_inviting_an_existing_account_notifies_it_and_the_bell_counts_one(client, login, people):
    representative, invitee, group = people
    login(representative)
    response = client.post(
        f"/groups/{group.id}/invitations/new", data={"email": "Invitee@Example.org"}
    )
    assert response.status_code == 302

    [notification] = db.session.scalars(sa.select(Notification)).all()
    assert notification.user_id == invitee.id
    assert notification.kind == "group.invitation"
    assert "Aiko Rep" in notification.message and "Sakura Childcare NPO" in notification.message
    assert notification.link == "/groups/" and notification.read_at is None
    # The inviter hears nothing of their own action.
    assert bell(client) == ("Notifications, 0 unread", ["Notifications"])

    login(invitee)
    assert bell(client) == ("Notifications, 1 unread", ["Notifications", "1"])
    page = client.get("/notifications").get_data(as_text=True)
    assert "Aiko Rep invites you to join Sakura Childcare NPO." in page
    assert "notification-unread" in page


def test_inviting_an_address_without_account_notifies_nobody(client, login, people):
    representative, _invitee, group = people
    login(representative)
    client.post(f"/groups/{group.id}/invitations/new", data={"email": "stranger@example.org"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 0


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, login, people):
    _rep, invitee, _group = people
    notification = add(invitee, link="/groups/")
    login(invitee)
    response = client.post(f"/notifications/{notification.id}/open")
    assert response.status_code == 302
    assert response.headers["Location"] == "/groups/"
    assert unread_of(invitee) == 0
    first_read = db.session.get(Notification, notification.id).read_at
    assert first_read is not None
    assert bell(client) == ("Notifications, 0 unread", ["Notifications"])
    page = client.get("/notifications").get_data(as_text=True)
    assert "Something happened." in page and "notification-unread" not in page

    # Opening it again still works and keeps the time it was first read.
    assert client.post(f"/notifications/{notification.id}/open").status_code == 302
    db.session.expire_all()
    assert db.session.get(Notification, notification.id).read_at == first_read


def test_another_users_notification_is_404_and_stays_unread(client, login, people):
    representative, invitee, _group = people
    notification = add(invitee)
    login(representative)
    assert client.post(f"/notifications/{notification.id}/open").status_code == 404
    assert client.post("/notifications/999999/open").status_code == 404
    assert unread_of(invitee) == 1
    assert "Something happened." not in client.get("/notifications").get_data(as_text=True)


@pytest.mark.parametrize(
    "link", ["https://evil.example/phish", "//evil.example/x", "/\\evil.example", "javascript:x"]
)
def test_a_link_off_the_site_is_not_followed(client, login, people, link):
    _rep, invitee, _group = people
    notification = add(invitee, link=link)
    login(invitee)
    response = client.post(f"/notifications/{notification.id}/open")
    assert response.status_code == 302
    assert response.headers["Location"] == "/notifications"
    assert "link cannot be opened" in client.get("/notifications").get_data(as_text=True)


def test_mark_all_as_read_reads_only_the_users_own(client, login, people):
    representative, invitee, _group = people
    for number in range(3):
        add(invitee, f"Message {number}")
    add(representative, "For the representative")
    login(invitee)
    assert bell(client)[1] == ["Notifications", "3"]

    response = client.post("/notifications/read-all")
    assert response.status_code == 302 and response.headers["Location"] == "/notifications"
    assert unread_of(invitee) == 0
    assert unread_of(representative) == 1
    assert bell(client)[1] == ["Notifications"]


def test_the_list_is_newest_first_and_paginated(client, login, people, clock):
    _rep, invitee, _group = people
    for number in range(25):
        clock.advance(minutes=1)
        add(invitee, f"Message number {number:02d}")
    login(invitee)
    first = client.get("/notifications").get_data(as_text=True)
    numbers = re.findall(r"Message number (\d\d)", first)
    assert numbers == [f"{n:02d}" for n in range(24, 4, -1)]
    assert "Page 1 of 2" in first
    second = client.get("/notifications?page=2").get_data(as_text=True)
    assert re.findall(r"Message number (\d\d)", second) == ["04", "03", "02", "01", "00"]
    # Listing does not read them.
    assert unread_of(invitee) == 25


def test_anonymous_visitors_have_no_bell_and_no_list(client):
    assert bell(client) is None
    assert "Notifications" not in client.get("/").get_data(as_text=True)
    response = client.get("/notifications")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post("/notifications/read-all").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 0


def test_an_empty_list_says_so(client, login, people):
    login(people[1])
    page = client.get("/notifications").get_data(as_text=True)
    assert "You have no notifications." in page
    assert "Mark all as read" not in page


def test_the_bell_costs_one_query_per_page(app, client, login, people):
    _rep, invitee, _group = people
    add(invitee)
    add(invitee)
    login(invitee)
    statements = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        html = client.get("/").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    assert "Notifications, 2 unread" in html
    on_notifications = [s for s in statements if "notifications" in s]
    assert len(on_notifications) == 1
    assert "count(" in on_notifications[0].lower()
