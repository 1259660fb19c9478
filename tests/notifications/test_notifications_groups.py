"""The groups' events notify the people they concern."""

from __future__ import annotations

import sqlalchemy as sa

from proposals.extensions import db
from proposals.groups import operations as groups
from proposals.notifications.models import Notification


def notifications_of(user):
    db.session.expire_all()
    return db.session.scalars(
        sa.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    ).all()


def test_joining_notifies_the_representative(client, login, make_user, make_group):
    representative = make_user(name="Aiko Rep")
    group = make_group(representative, name="Sakura Childcare NPO")
    newcomer = make_user("newcomer@example.org", name="Goro Newcomer")
    invitation, _token = groups.invite_member(group, representative, "newcomer@example.org")
    db.session.commit()

    login(newcomer)
    response = client.post(f"/invitations/{invitation.id}/accept")
    assert response.status_code == 302

    [joined] = notifications_of(representative)
    assert joined.kind == "group.join"
    assert joined.message == "Goro Newcomer joined Sakura Childcare NPO."
    assert joined.link == f"/groups/{group.id}/members"
    # The newcomer has the invitation notification only.
    assert [n.kind for n in notifications_of(newcomer)] == ["group.invitation"]


def test_a_refused_join_notifies_nobody(client, login, make_user, make_group):
    representative = make_user()
    group = make_group(representative)
    invitation, _token = groups.invite_member(group, representative, "someone@example.org")
    db.session.commit()
    login(make_user("wrong@example.org"))
    assert client.post(f"/invitations/{invitation.id}/accept").status_code == 404
    assert notifications_of(representative) == []


def test_hand_over_notifies_the_new_representative(client, login, make_user, make_group):
    representative = make_user(name="Aiko Rep")
    member = make_user(name="Ben Member")
    group = make_group(representative, members=[member], name="Sakura Childcare NPO")
    login(representative)
    response = client.post(f"/groups/{group.id}/hand-over", data={"new_representative": member.id})
    assert response.status_code == 302

    [handed] = notifications_of(member)
    assert handed.kind == "group.hand_over"
    assert handed.message == "Aiko Rep made you the representative of Sakura Childcare NPO."
    assert handed.link == f"/groups/{group.id}"
    assert notifications_of(representative) == []

    login(member)
    response = client.post(f"/notifications/{handed.id}/open")
    assert response.headers["Location"] == f"/groups/{group.id}"
    assert client.get(f"/groups/{group.id}").status_code == 200


def test_removing_a_member_notifies_them(client, login, make_user, make_group):
    representative = make_user(name="Aiko Rep")
    member = make_user(name="Ben Member")
    group = make_group(representative, members=[member], name="Sakura Childcare NPO")
    login(representative)
    response = client.post(f"/groups/{group.id}/members/{member.id}/remove")
    assert response.status_code == 302

    [removed] = notifications_of(member)
    assert removed.kind == "group.removed"
    assert removed.message == "Aiko Rep removed you from Sakura Childcare NPO."
    assert removed.link == "/groups/"


def test_a_refused_removal_notifies_nobody(client, login, make_user, make_group):
    representative = make_user()
    group = make_group(representative)
    login(representative)
    # The representative cannot remove themselves.
    response = client.post(f"/groups/{group.id}/members/{representative.id}/remove")
    assert response.status_code == 409
    assert notifications_of(representative) == []
