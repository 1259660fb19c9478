"""Invitations: by email, a single-use expiring link, accepted by the invited address only."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import sqlalchemy as sa

from proposals.audit.models import AuditEvent
from proposals.extensions import db
from proposals.groups.models import Group, Invitation, Membership
from proposals.groups.operations import hash_token
from proposals.mail.models import OutboxMessage


def members_of(group):
    db.session.expire_all()
    return {m.user.email for m in db.session.get(Group, group.id).memberships}


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_the_invitation_journey_through_the_mailed_link(
    client, login, world, make_user, mail_to, invite, audit_actions, clock
):
    token = invite(world.group, "Newcomer@Example.org")

    [mail] = mail_to("newcomer@example.org")
    assert "Sakura Childcare NPO" in mail.subject
    assert f"http://kyodo.test/invitations/{token}" in mail.body
    assert "Aiko Rep" in mail.body
    # Only the hash is stored: the database does not hold a working link.
    invitation = db.session.scalars(sa.select(Invitation)).one()
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash
    assert invitation.email == "newcomer@example.org"
    assert invitation.expires_at == clock.now + dt.timedelta(days=14)

    # Not logged in: the page names the group and the inviter, and offers log in / register.
    page = client.get(f"/invitations/{token}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Sakura Childcare NPO" in text and "Aiko Rep" in text
    for path in ("/login", "/register"):
        [href] = re.findall(rf'href="({path}\?[^"]+)"', text)
        assert parse_qs(urlsplit(unescape(href)).query)["next"] == [f"/invitations/{token}"]
    assert "Join Sakura Childcare NPO" not in text

    newcomer = login(make_user("newcomer@example.org", name="Goro Newcomer"))
    text = client.get(f"/invitations/{token}").get_data(as_text=True)
    assert "Join Sakura Childcare NPO" in text
    response = client.post(f"/invitations/{token}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/groups/{world.group.id}")
    assert "newcomer@example.org" in members_of(world.group)
    assert client.get(f"/groups/{world.group.id}").status_code == 200

    invitation = db.session.scalars(sa.select(Invitation)).one()
    assert invitation.accepted_by_id == newcomer.id and invitation.accepted_at == clock.now
    assert audit_actions() == ["group.invite", "group.join"]


def test_the_link_works_once(client, login, world, make_user, invite, snapshot):
    token = invite(world.group, "newcomer@example.org")
    login(make_user("newcomer@example.org"))
    assert client.post(f"/invitations/{token}").status_code == 302
    before = snapshot()
    response = client.post(f"/invitations/{token}")
    assert response.status_code == 410
    assert "This invitation has already been used." in response.get_data(as_text=True)
    assert snapshot() == before
    assert client.get(f"/invitations/{token}").status_code == 410


def test_an_expired_link_is_refused(client, login, world, make_user, invite, clock, snapshot):
    token = invite(world.group, "newcomer@example.org")
    login(make_user("newcomer@example.org"))
    clock.advance(days=14, seconds=1)
    before = snapshot()
    page = client.get(f"/invitations/{token}")
    assert page.status_code == 410
    assert "This invitation has expired" in page.get_data(as_text=True)
    assert client.post(f"/invitations/{token}").status_code == 410
    assert snapshot() == before
    assert "newcomer@example.org" not in members_of(world.group)


def test_the_link_still_works_just_before_it_expires(
    client, login, world, make_user, invite, clock
):
    token = invite(world.group, "newcomer@example.org")
    login(make_user("newcomer@example.org"))
    clock.advance(days=13, hours=23)
    assert client.post(f"/invitations/{token}").status_code == 302


def test_the_validity_comes_from_the_configuration(client, login, world, invite, app, clock):
    app.config["INVITATION_VALID_DAYS"] = 3
    try:
        invite(world.group, "newcomer@example.org")
    finally:
        app.config["INVITATION_VALID_DAYS"] = 14
    invitation = db.session.scalars(sa.select(Invitation)).one()
    assert invitation.expires_at == clock.now + dt.timedelta(days=3)


def test_another_account_cannot_use_the_link(client, login, world, invite, snapshot):
    token = invite(world.group, "newcomer@example.org")
    login(world.citizen)
    page = client.get(f"/invitations/{token}")
    assert "sent to another email address" in page.get_data(as_text=True)
    assert "Join Sakura Childcare NPO" not in page.get_data(as_text=True)
    before = snapshot()
    response = client.post(f"/invitations/{token}")
    assert response.status_code == 400
    assert "sent to another email address" in response.get_data(as_text=True)
    assert snapshot() == before


def test_anonymous_accept_is_sent_to_log_in(client, world, invite, snapshot):
    token = invite(world.group, "newcomer@example.org")
    before = snapshot()
    response = client.post(f"/invitations/{token}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert snapshot() == before


def test_an_unknown_link_is_not_found(client, login, world):
    assert client.get("/invitations/not-a-real-token").status_code == 404
    login(world.citizen)
    assert client.post("/invitations/not-a-real-token").status_code == 404


def test_the_representative_revokes_a_pending_invitation(
    client, login, world, make_user, invite, snapshot
):
    token = invite(world.group, "newcomer@example.org")
    invitation = db.session.scalars(sa.select(Invitation)).one()
    login(world.representative)
    response = client.post(f"/groups/{world.group.id}/invitations/{invitation.id}/revoke")
    assert response.status_code == 302
    page = client.get(f"/groups/{world.group.id}").get_data(as_text=True)
    assert "The invitation to newcomer@example.org was withdrawn." in page
    assert "No invitations waiting." in page
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "group.revoke_invitation" and event.actor_id == world.representative.id
    assert event.before["email"] == "newcomer@example.org"

    # Revoking twice is refused with a reason.
    before = snapshot()
    again = client.post(f"/groups/{world.group.id}/invitations/{invitation.id}/revoke")
    assert again.status_code == 409
    assert "already withdrawn" in again.get_data(as_text=True)
    assert snapshot() == before

    login(make_user("newcomer@example.org"))
    response = client.post(f"/invitations/{token}")
    assert response.status_code == 410
    assert "withdrawn by the group" in response.get_data(as_text=True)
    assert "newcomer@example.org" not in members_of(world.group)


def test_an_invitation_of_another_group_cannot_be_revoked_through_this_one(
    client, login, world, invite, snapshot
):
    invite(world.other_group, "newcomer@example.org")
    invitation = db.session.scalars(sa.select(Invitation)).one()
    login(world.representative)
    before = snapshot()
    url = f"/groups/{world.group.id}/invitations/{invitation.id}/revoke"
    assert client.post(url).status_code == 404
    assert snapshot() == before


def test_inviting_again_replaces_the_earlier_link(client, login, world, make_user, invite):
    first = invite(world.group, "newcomer@example.org")
    second = invite(world.group, "newcomer@example.org")
    login(make_user("newcomer@example.org"))
    assert client.post(f"/invitations/{first}").status_code == 410
    assert client.post(f"/invitations/{second}").status_code == 302


def test_inviting_a_member_is_refused_and_nothing_is_sent(client, login, world, snapshot):
    login(world.representative)
    before = snapshot()
    response = client.post(
        f"/groups/{world.group.id}/invitations/new", data={"email": "MEMBER@example.org"}
    )
    assert response.status_code == 409
    assert "member@example.org is already a member of this group." in response.get_data(
        as_text=True
    )
    assert snapshot() == before


def test_a_bad_address_is_a_field_error(client, login, world, snapshot):
    login(world.representative)
    before = snapshot()
    for email in ("", "not an email", "x" * 250 + "@example.org"):
        response = client.post(f"/groups/{world.group.id}/invitations/new", data={"email": email})
        assert response.status_code == 400, email
        assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert snapshot() == before
    assert count(OutboxMessage) == 0


def test_my_groups_lists_invitations_for_my_address_and_accepts_them(
    client, login, world, make_user, invite, audit_actions
):
    invite(world.group, "newcomer@example.org")
    invite(world.other_group, "someone.else@example.org")
    newcomer = login(make_user("newcomer@example.org"))
    page = client.get("/groups/").get_data(as_text=True)
    assert "Aiko Rep invited you to join Sakura Childcare NPO." in page
    assert "Minato Volunteers" not in page
    invitation = db.session.scalars(
        sa.select(Invitation).where(Invitation.email == "newcomer@example.org")
    ).one()
    response = client.post(f"/invitations/{invitation.id}/accept")
    assert response.status_code == 302
    assert "newcomer@example.org" in members_of(world.group)
    assert audit_actions()[-1] == "group.join"
    page = client.get("/groups/").get_data(as_text=True)
    assert "invited you" not in page
    assert db.session.get(Invitation, invitation.id).accepted_by_id == newcomer.id


def test_another_account_cannot_accept_from_my_groups(client, login, world, invite, snapshot):
    invite(world.group, "newcomer@example.org")
    invitation = db.session.scalars(sa.select(Invitation)).one()
    login(world.citizen)
    assert "invited you" not in client.get("/groups/").get_data(as_text=True)
    before = snapshot()
    assert client.post(f"/invitations/{invitation.id}/accept").status_code == 404
    assert snapshot() == before
    assert count(Membership) == 3
