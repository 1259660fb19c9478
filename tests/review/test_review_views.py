"""The officers' review page and the reviewer's queue: permissions, forms, flashes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role
from proposals.extensions import db
from proposals.review import operations
from proposals.review.models import CommitteeMember, ConflictOfInterest, ReviewAssignment


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


OFFICER_POSTS = ["appoint", "remove", "settings", "auto", "assign", "unassign"]


def test_anonymous_is_sent_to_login(client, in_review):
    call, _ = in_review(1)
    response = client.get(f"/officer/calls/{call.id}/review")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert client.get("/review/").status_code == 302
    for action in OFFICER_POSTS:
        response = client.post(f"/officer/calls/{call.id}/review/{action}")
        assert response.status_code == 302


@pytest.mark.parametrize("roles", [(), (Role.REVIEWER,), (Role.MAYORS_OFFICE,), (Role.ADMIN,)])
def test_only_officers_manage_the_review(client, login, make_user, in_review, roles):
    call, _ = in_review(1)
    login(make_user(roles=roles))
    assert client.get(f"/officer/calls/{call.id}/review").status_code == 403
    for action in OFFICER_POSTS:
        assert client.post(f"/officer/calls/{call.id}/review/{action}").status_code == 403
    assert _count(CommitteeMember) == 0


def test_officer_sees_the_page_and_the_link(
    client, login, officer, in_review, reviewers, appointed
):
    call, proposals = in_review(2)
    [busy] = appointed(call, reviewers(1, names={0: "Busy Bee"}))
    reviewers(1, names={0: "Free Fox"})
    operations.assign(proposals[0], busy, officer)
    db.session.commit()
    login(officer)
    html = client.get(f"/officer/calls/{call.id}/review").get_data(as_text=True)
    assert "Busy Bee" in html and "Free Fox" in html
    assert "Proposal 1" in html and "Proposal 2" in html
    assert '<td class="num">1</td>' in html  # Busy Bee's load
    call_page = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert f"/officer/calls/{call.id}/review" in call_page
    assert client.get("/officer/calls/999/review").status_code == 404


def test_appointing_through_the_form(
    client, login, officer, in_review, reviewers, make_user, audit_actions
):
    call, _ = in_review(1)
    [reviewer] = reviewers(1)
    citizen = make_user()
    login(officer)
    response = client.post(f"/officer/calls/{call.id}/review/appoint", data={"user_id": citizen.id})
    assert response.status_code == 400
    assert _count(CommitteeMember) == 0
    response = client.post(f"/officer/calls/{call.id}/review/appoint", data={"user_id": "x"})
    assert response.status_code == 400
    response = client.post(
        f"/officer/calls/{call.id}/review/appoint", data={"user_id": reviewer.id}
    )
    assert response.status_code == 302
    assert operations.is_appointed(call, reviewer)
    assert audit_actions() == ["review.appoint"]


@pytest.mark.parametrize("value", ["0", "-1", "abc", "", "99"])
def test_bad_reviewers_per_proposal_is_refused(client, login, officer, in_review, value):
    call, _ = in_review(0)
    login(officer)
    response = client.post(
        f"/officer/calls/{call.id}/review/settings", data={"reviewers_per_proposal": value}
    )
    assert response.status_code == 400
    assert 'class="errors"' in response.get_data(as_text=True)
    db.session.refresh(call)
    assert call.reviewers_per_proposal == 2


def test_settings_are_saved(client, login, officer, in_review, audit_actions):
    call, _ = in_review(0)
    login(officer)
    response = client.post(
        f"/officer/calls/{call.id}/review/settings", data={"reviewers_per_proposal": "3"}
    )
    assert response.status_code == 302
    db.session.refresh(call)
    assert call.reviewers_per_proposal == 3
    assert audit_actions() == ["review.reviewers_per_proposal"]


def test_auto_assign_flashes_the_shortfall(client, login, officer, in_review, reviewers, appointed):
    call, proposals = in_review(2)
    appointed(call, reviewers(1))
    login(officer)
    response = client.post(f"/officer/calls/{call.id}/review/auto", follow_redirects=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "2 proposals could not get 2 reviewers" in html
    assert "Proposal 1 (1 missing)" in html
    assert _count(ReviewAssignment) == 2


def test_auto_assign_says_when_all_is_well(client, login, officer, in_review, reviewers, appointed):
    call, _ = in_review(2)
    appointed(call, reviewers(2))
    login(officer)
    response = client.post(f"/officer/calls/{call.id}/review/auto", follow_redirects=True)
    assert "Every eligible proposal has its reviewers." in response.get_data(as_text=True)
    assert _count(ReviewAssignment) == 4


def test_auto_assign_outside_review_is_refused(client, login, officer, make_call, reviewers):
    call = make_call("open", officer=officer)
    login(officer)
    response = client.post(f"/officer/calls/{call.id}/review/auto")
    assert response.status_code == 409
    assert "only be assigned while the call is in review" in response.get_data(as_text=True)


def test_manual_assign_and_unassign(
    client, login, officer, in_review, reviewers, appointed, audit_actions
):
    call, [proposal] = in_review(1)
    [reviewer] = appointed(call, reviewers(1))
    login(officer)
    data = {"proposal_id": proposal.id, "reviewer_id": reviewer.id}
    assert client.post(f"/officer/calls/{call.id}/review/assign", data=data).status_code == 302
    assert _count(ReviewAssignment) == 1
    again = client.post(f"/officer/calls/{call.id}/review/assign", data=data)
    assert again.status_code == 409
    assert "already assigned" in again.get_data(as_text=True)
    assert client.post(f"/officer/calls/{call.id}/review/unassign", data=data).status_code == 302
    assert _count(ReviewAssignment) == 0
    assert audit_actions()[-2:] == ["review.assign", "review.unassign"]


def test_manual_assign_of_a_conflicted_reviewer_is_refused(
    client, login, officer, in_review, reviewers, appointed, make_group, make_proposal
):
    call, _ = in_review(0)
    [insider] = appointed(call, reviewers(1))
    proposal = make_proposal(call=call, group=make_group(members=[insider]), state="eligible")
    login(officer)
    response = client.post(
        f"/officer/calls/{call.id}/review/assign",
        data={"proposal_id": proposal.id, "reviewer_id": insider.id},
    )
    assert response.status_code == 409
    assert "conflict of interest" in response.get_data(as_text=True)
    assert _count(ReviewAssignment) == 0


@pytest.mark.parametrize(
    "data",
    [{}, {"proposal_id": "x", "reviewer_id": "1"}, {"proposal_id": "999", "reviewer_id": "1"}],
)
def test_manual_assign_bad_input(client, login, officer, in_review, data):
    call, _ = in_review(1)
    login(officer)
    response = client.post(f"/officer/calls/{call.id}/review/assign", data=data)
    assert response.status_code == 400
    assert _count(ReviewAssignment) == 0


def test_a_proposal_of_another_call_cannot_be_assigned_here(
    client, login, officer, in_review, reviewers, appointed
):
    call, _ = in_review(1)
    other_call, [elsewhere] = in_review(1)
    [reviewer] = appointed(call, reviewers(1))
    login(officer)
    response = client.post(
        f"/officer/calls/{call.id}/review/assign",
        data={"proposal_id": elsewhere.id, "reviewer_id": reviewer.id},
    )
    assert response.status_code == 400
    assert _count(ReviewAssignment) == 0


def test_remove_a_reviewer(client, login, officer, in_review, reviewers, appointed):
    call, _ = in_review(1)
    [reviewer] = appointed(call, reviewers(1))
    login(officer)
    assert client.post(f"/officer/calls/{call.id}/review/remove", data={}).status_code == 400
    response = client.post(f"/officer/calls/{call.id}/review/remove", data={"user_id": reviewer.id})
    assert response.status_code == 302
    assert _count(CommitteeMember) == 0


# --- the reviewer's queue -------------------------------------------------------------------


def test_queue_is_for_reviewers(client, login, make_user, officer):
    login(make_user())
    assert client.get("/review/").status_code == 403
    login(officer)
    assert client.get("/review/").status_code == 403
    reviewer = make_user(roles=[Role.REVIEWER])
    login(reviewer)
    response = client.get("/review/")
    assert response.status_code == 200
    assert 'href="/review/"' in response.get_data(as_text=True)  # the nav link


def test_queue_lists_calls_and_assigned_proposals(
    client, login, officer, in_review, reviewers, appointed
):
    call, [mine, theirs] = in_review(2)
    [me, other] = appointed(call, reviewers(2))
    operations.assign(mine, me, officer)
    operations.assign(theirs, other, officer)
    db.session.commit()
    login(me)
    html = client.get("/review/").get_data(as_text=True)
    assert call.title in html
    assert f"/proposals/{mine.id}" in html
    assert "Proposal 2" not in html
    # The reviewer can open the proposal.
    assert client.get(f"/proposals/{mine.id}").status_code == 200


def test_declaring_a_conflict_through_the_queue(
    client, login, officer, in_review, reviewers, appointed, audit_actions
):
    call, [proposal] = in_review(1)
    [reviewer] = appointed(call, reviewers(1))
    operations.assign(proposal, reviewer, officer)
    db.session.commit()
    login(reviewer)
    url = f"/review/proposals/{proposal.id}/conflict"
    response = client.post(url, data={"note": "  "})
    assert response.status_code == 400
    assert "Say briefly what the conflict of interest is." in response.get_data(as_text=True)
    assert _count(ConflictOfInterest) == 0 and _count(ReviewAssignment) == 1

    response = client.post(url, data={"note": "I chair this group's board."}, follow_redirects=True)
    assert response.status_code == 200
    assert "is recorded" in response.get_data(as_text=True)
    assert _count(ConflictOfInterest) == 1 and _count(ReviewAssignment) == 0
    assert audit_actions()[-1] == "review.declare_conflict"

    again = client.post(url, data={"note": "Still."})
    assert again.status_code == 409
    assert _count(ConflictOfInterest) == 1


def test_only_appointed_reviewers_declare_conflicts(client, login, make_user, in_review, officer):
    call, [proposal] = in_review(1)
    url = f"/review/proposals/{proposal.id}/conflict"
    for user in (make_user(), make_user(roles=[Role.REVIEWER]), officer):
        login(user)
        assert client.post(url, data={"note": "x"}).status_code == 403
    assert client.post("/review/proposals/999/conflict", data={"note": "x"}).status_code == 404
    assert _count(ConflictOfInterest) == 0


def test_the_assign_select_offers_only_free_reviewers(
    client, login, officer, in_review, reviewers, appointed, make_group, make_proposal
):
    call, _ = in_review(0)
    [insider, outsider] = appointed(call, reviewers(2, names={0: "Ina Insider", 1: "Otto Out"}))
    proposal = make_proposal(call=call, group=make_group(members=[insider]), state="eligible")
    login(officer)
    html = client.get(f"/officer/calls/{call.id}/review").get_data(as_text=True)
    select = html[html.index(f'id="reviewer-{proposal.id}"') :]
    select = select[: select.index("</select>")]
    assert "Otto Out" in select
    assert "Ina Insider" not in select
    assert "group member" in html  # shown among the conflicts
