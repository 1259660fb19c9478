"""Leaving a group, handing over the representative role, removing a member."""

from __future__ import annotations

import sqlalchemy as sa

from proposals.audit.models import AuditEvent
from proposals.extensions import db
from proposals.groups.models import Group


def reloaded(group):
    db.session.expire_all()
    return db.session.get(Group, group.id)


def member_ids(group):
    return {m.user_id for m in reloaded(group).memberships}


def last_event():
    return db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()


def test_a_member_leaves(client, login, world):
    login(world.member)
    response = client.post(f"/groups/{world.group.id}/leave")
    assert response.status_code == 302 and response.headers["Location"].endswith("/groups/")
    assert member_ids(world.group) == {world.representative.id}
    event = last_event()
    assert (event.action, event.actor_id) == ("group.leave", world.member.id)
    # The drafts are no longer theirs to see.
    assert client.get(f"/groups/{world.group.id}").status_code == 404


def test_the_representative_is_told_to_hand_over_before_leaving(client, login, world, snapshot):
    login(world.representative)
    before = snapshot()
    response = client.post(f"/groups/{world.group.id}/leave")
    assert response.status_code == 409
    assert "Hand over the representative role before leaving the group." in response.get_data(
        as_text=True
    )
    assert snapshot() == before


def test_the_representative_hands_over_to_a_member(client, login, world, mail_to):
    login(world.representative)
    page = client.get(f"/groups/{world.group.id}/members").get_data(as_text=True)
    assert "Ben Member (member@example.org)" in page
    response = client.post(
        f"/groups/{world.group.id}/hand-over", data={"new_representative": world.member.id}
    )
    assert response.status_code == 302
    group = reloaded(world.group)
    assert group.representative_id == world.member.id
    assert member_ids(group) == {world.representative.id, world.member.id}
    event = last_event()
    assert event.action == "group.hand_over"
    assert event.before == {"representative": world.representative.id}
    assert event.after == {"representative": world.member.id}
    [mail] = mail_to("member@example.org")
    assert "representative of Sakura Childcare NPO" in mail.subject

    # The former representative is now a member like any other, and may leave.
    assert client.get(f"/groups/{world.group.id}/edit").status_code == 403
    assert client.post(f"/groups/{world.group.id}/leave").status_code == 302
    assert member_ids(world.group) == {world.member.id}


def test_handing_over_to_someone_outside_the_group_is_refused(client, login, world, snapshot):
    login(world.representative)
    before = snapshot()
    for candidate in (world.citizen.id, world.representative.id, "", "abc"):
        response = client.post(
            f"/groups/{world.group.id}/hand-over", data={"new_representative": candidate}
        )
        assert response.status_code == 400, candidate
        assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert snapshot() == before


def test_a_group_of_one_is_told_to_invite_before_handing_over(client, login, make_group):
    group = make_group()
    login(group.representative)
    page = client.get(f"/groups/{group.id}/members").get_data(as_text=True)
    assert "Invite another member first" in page


def test_the_representative_removes_a_member(client, login, world, mail_to):
    login(world.representative)
    page = client.get(f"/groups/{world.group.id}/members").get_data(as_text=True)
    assert f"/groups/{world.group.id}/members/{world.member.id}/remove" in page
    # No button to remove the representative.
    assert f"/members/{world.representative.id}/remove" not in page
    response = client.post(f"/groups/{world.group.id}/members/{world.member.id}/remove")
    assert response.status_code == 302
    assert member_ids(world.group) == {world.representative.id}
    event = last_event()
    assert (event.action, event.before) == ("group.remove_member", {"user": world.member.id})
    [mail] = mail_to("member@example.org")
    assert "no longer a member of Sakura Childcare NPO" in mail.subject


def test_removing_the_representative_or_an_outsider_is_refused(client, login, world, snapshot):
    login(world.representative)
    before = snapshot()
    for user in (world.representative, world.citizen):
        response = client.post(f"/groups/{world.group.id}/members/{user.id}/remove")
        assert response.status_code == 409
    assert client.post(f"/groups/{world.group.id}/members/99999/remove").status_code == 404
    assert snapshot() == before
