"""Scoring a proposal: drafts, submission, the no-anchoring rule, progress and results."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role
from proposals.audit.models import AuditEvent
from proposals.database import utcnow
from proposals.extensions import db
from proposals.groups.models import Membership
from proposals.review import operations
from proposals.review.models import Review, ReviewScore
from proposals.submissions.models import ProposalState


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def scoring(in_review, reviewers, appointed, officer):
    """A call in review: "Proposal 1" has three assigned reviewers, "Proposal 2" none.
    The call's criteria: Public benefit (weight 3, max 5), Feasibility (weight 2, max 5)."""
    call, proposals = in_review(2)
    team = appointed(call, reviewers(3, names={0: "Ann Aoki", 1: "Ben Baba", 2: "Cho Chiba"}))
    for reviewer in team:
        operations.assign(proposals[0], reviewer, officer)
    db.session.commit()
    benefit, feasibility = call.criteria
    return call, proposals, team, benefit, feasibility


def _assignment(proposal, reviewer):
    return operations.assignment_of(proposal, reviewer)


def _post(client, proposal, benefit, feasibility, scores, action="save", comments=("", "")):
    return client.post(
        f"/review/proposals/{proposal.id}/score",
        data={
            f"score-{benefit.id}": scores[0],
            f"comment-{benefit.id}": comments[0],
            f"score-{feasibility.id}": scores[1],
            f"comment-{feasibility.id}": comments[1],
            "action": action,
        },
    )


# --- the domain function ------------------------------------------------------------------------


def test_a_draft_may_be_partial_and_is_audited(scoring, audit_actions):
    call, (proposal, _), (ann, *_), benefit, feasibility = scoring
    review = operations.save_review(
        _assignment(proposal, ann), ann, {benefit.id: (4, "Good reach")}, submit=False
    )
    db.session.commit()
    assert review.submitted_at is None
    assert [(s.criterion_id, s.score, s.comment) for s in review.scores] == [
        (benefit.id, 4, "Good reach")
    ]
    assert audit_actions()[-1] == "review.save"
    # A second draft changes the score and adds the other criterion.
    operations.save_review(
        _assignment(proposal, ann),
        ann,
        {benefit.id: (3, ""), feasibility.id: (2, "Tight plan")},
        submit=False,
    )
    db.session.commit()
    assert sorted(db.session.execute(sa.select(ReviewScore.criterion_id, ReviewScore.score))) == [
        (benefit.id, 3),
        (feasibility.id, 2),
    ]
    assert _count(Review) == 1


def test_submitting_needs_every_criterion_and_names_each_missing_one(scoring, audit_actions):
    call, (proposal, _), (ann, *_), benefit, feasibility = scoring
    before = audit_actions()
    with pytest.raises(operations.ScoreError) as refused:
        operations.save_review(_assignment(proposal, ann), ann, {}, submit=True)
    db.session.rollback()
    assert set(refused.value.by_criterion) == {benefit.id, feasibility.id}
    text = " ".join(refused.value.problems)
    assert "Public benefit" in text and "Feasibility" in text
    assert _count(Review) == 0 and audit_actions() == before


def test_a_score_above_the_maximum_is_refused(scoring):
    call, (proposal, _), (ann, *_), benefit, feasibility = scoring
    with pytest.raises(operations.ScoreError, match="from 0 to 5"):
        operations.save_review(
            _assignment(proposal, ann), ann, {benefit.id: (6, ""), feasibility.id: (1, "")}, True
        )
    with pytest.raises(operations.ScoreError, match="from 0 to 5"):
        operations.save_review(_assignment(proposal, ann), ann, {benefit.id: (-1, "")}, False)
    db.session.rollback()
    assert _count(Review) == 0


def test_submitted_reviews_are_final_and_audited(scoring, audit_actions):
    call, (proposal, _), (ann, *_), benefit, feasibility = scoring
    operations.save_review(
        _assignment(proposal, ann), ann, {benefit.id: (5, ""), feasibility.id: (4, "")}, True
    )
    db.session.commit()
    assert audit_actions()[-1] == "review.submit"
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.actor_id == ann.id and event.object_type == "reviews"
    assert event.after["scores"] == {str(benefit.id): 5, str(feasibility.id): 4}
    with pytest.raises(operations.ReviewFinal):
        operations.save_review(_assignment(proposal, ann), ann, {benefit.id: (1, "")}, False)


def test_only_the_assigned_reviewer_while_in_review(scoring, officer):
    call, (proposal, _), (ann, ben, _cho), benefit, feasibility = scoring
    with pytest.raises(operations.ReviewError, match="assigned reviewer"):
        operations.save_review(_assignment(proposal, ann), ben, {benefit.id: (1, "")}, False)
    call.review_closed_at = utcnow() - dt.timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(operations.ReviewError, match="while the call is in review"):
        operations.save_review(_assignment(proposal, ann), ann, {benefit.id: (1, "")}, False)
    db.session.rollback()
    assert _count(Review) == 0


def test_review_progress_counts_in_sql(scoring):
    call, (proposal, _), (ann, ben, _cho), benefit, feasibility = scoring
    assert operations.review_progress(call) == (0, 3)
    full = {benefit.id: (5, ""), feasibility.id: (5, "")}
    operations.save_review(_assignment(proposal, ann), ann, full, True)
    operations.save_review(_assignment(proposal, ben), ben, {benefit.id: (1, "")}, False)
    db.session.commit()
    assert operations.review_progress(call) == (1, 3)


# --- the reviewer's page ------------------------------------------------------------------------


def test_queue_links_to_the_score_page(client, login, scoring):
    call, (proposal, _), (ann, *_), benefit, feasibility = scoring
    login(ann)
    html = client.get("/review/").get_data(as_text=True)
    assert f"/review/proposals/{proposal.id}/score" in html
    html = client.get(f"/review/proposals/{proposal.id}/score").get_data(as_text=True)
    assert f'<label for="score-{benefit.id}">' in html
    assert f'<label for="comment-{feasibility.id}">' in html
    assert "Weight 3 · maximum 5" in html and "Weight 2 · maximum 5" in html
    assert "Save draft" in html and "Submit review" in html


def test_saving_a_partial_draft_through_the_page(client, login, scoring, audit_actions):
    call, (proposal, _), (ann, *_), benefit, feasibility = scoring
    login(ann)
    response = _post(client, proposal, benefit, feasibility, ("4", ""), comments=("Wide", ""))
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Review.submitted_at)) is None
    assert db.session.execute(sa.select(ReviewScore.score, ReviewScore.comment)).all() == [
        (4, "Wide")
    ]
    assert audit_actions()[-1] == "review.save"
    html = client.get(f"/review/proposals/{proposal.id}/score").get_data(as_text=True)
    assert 'value="4"' in html and "Wide" in html
    assert "Draft" in client.get("/review/").get_data(as_text=True)


def test_submitting_incomplete_through_the_page(client, login, scoring):
    call, (proposal, _), (ann, *_), benefit, feasibility = scoring
    login(ann)
    response = _post(client, proposal, benefit, feasibility, ("4", ""), action="submit")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Score “Feasibility” before submitting." in html
    assert "Public benefit” before submitting" not in html
    assert _count(Review) == 0
    response = _post(client, proposal, benefit, feasibility, ("", ""), action="submit")
    html = response.get_data(as_text=True)
    assert "Score “Public benefit” before submitting." in html
    assert "Score “Feasibility” before submitting." in html


@pytest.mark.parametrize("bad", ["6", "-1", "abc", "4.5"])
def test_bad_scores_through_the_page(client, login, scoring, bad):
    call, (proposal, _), (ann, *_), benefit, feasibility = scoring
    login(ann)
    response = _post(client, proposal, benefit, feasibility, (bad, "3"), action="submit")
    assert response.status_code == 400
    assert 'class="errors"' in response.get_data(as_text=True)
    assert _count(Review) == 0 and _count(ReviewScore) == 0


def test_over_the_maximum_message(client, login, scoring):
    call, (proposal, _), (ann, *_), benefit, feasibility = scoring
    login(ann)
    response = _post(client, proposal, benefit, feasibility, ("9", "3"))
    assert response.status_code == 400
    assert "Score “Public benefit” from 0 to 5." in response.get_data(as_text=True)


def test_submitted_review_cannot_change(client, login, scoring):
    call, (proposal, _), (ann, *_), benefit, feasibility = scoring
    login(ann)
    assert _post(client, proposal, benefit, feasibility, ("5", "4"), "submit").status_code == 302
    response = _post(client, proposal, benefit, feasibility, ("1", "1"), "save")
    assert response.status_code == 409
    assert "submitted and is final" in response.get_data(as_text=True)
    assert sorted(db.session.scalars(sa.select(ReviewScore.score))) == [4, 5]
    html = client.get(f"/review/proposals/{proposal.id}/score").get_data(as_text=True)
    assert "Your submitted review" in html and "Submit review" not in html
    assert "Submitted" in client.get("/review/").get_data(as_text=True)


def test_no_anchoring_others_scores_appear_only_after_submitting(client, login, scoring):
    call, (proposal, _), (ann, ben, _cho), benefit, feasibility = scoring
    operations.save_review(
        _assignment(proposal, ann),
        ann,
        {benefit.id: (2, "Ann thinks it is narrow"), feasibility.id: (3, "")},
        True,
    )
    db.session.commit()
    login(ben)
    html = client.get(f"/review/proposals/{proposal.id}/score").get_data(as_text=True)
    assert "Ann Aoki" not in html and "Ann thinks it is narrow" not in html
    assert _post(client, proposal, benefit, feasibility, ("5", "5"), "submit").status_code == 302
    html = client.get(f"/review/proposals/{proposal.id}/score").get_data(as_text=True)
    assert "Ann Aoki" in html and "Ann thinks it is narrow" in html
    assert "5 of 5" in html  # Ben's own scores, read-only


# --- permissions --------------------------------------------------------------------------------


def test_an_unassigned_reviewer_cannot_score(client, login, scoring, reviewers, appointed):
    call, (proposal, other), (ann, *_), benefit, feasibility = scoring
    login(ann)
    # Ann sits on the committee but is not assigned to Proposal 2.
    assert client.get(f"/review/proposals/{other.id}/score").status_code in (403, 404)
    assert _post(client, other, benefit, feasibility, ("5", "5"), "submit").status_code in (
        403,
        404,
    )
    [outsider] = reviewers(1)  # a reviewer on no committee
    login(outsider)
    assert client.get(f"/review/proposals/{proposal.id}/score").status_code == 404
    assert _post(client, proposal, benefit, feasibility, ("5", "5")).status_code == 404
    assert _count(Review) == 0


def test_a_conflicted_reviewer_can_neither_score_nor_see_the_scores(client, login, scoring):
    call, (proposal, _), (ann, ben, _cho), benefit, feasibility = scoring
    full = {benefit.id: (5, "Ann's secret"), feasibility.id: (5, "")}
    operations.save_review(_assignment(proposal, ann), ann, full, True)
    operations.save_review(_assignment(proposal, ben), ben, full, True)
    # Ben joins the proposing group afterwards: he is now conflicted.
    db.session.add(Membership(group_id=proposal.group_id, user_id=ben.id))
    db.session.commit()
    login(ben)
    response = client.get(f"/review/proposals/{proposal.id}/score")
    assert response.status_code in (403, 404)
    assert "Ann's secret" not in response.get_data(as_text=True)
    assert _post(client, proposal, benefit, feasibility, ("1", "1")).status_code in (403, 404)
    assert client.get(f"/officer/calls/{call.id}/review/results").status_code == 403
    with pytest.raises(operations.ReviewError, match="conflict of interest"):
        operations.save_review(_assignment(proposal, ben), ben, {benefit.id: (1, "")}, False)


def test_declaring_a_conflict_ends_scoring(client, login, scoring):
    call, (proposal, _), (ann, *_), benefit, feasibility = scoring
    operations.declare_conflict(proposal, ann, "My neighbour leads the group.")
    db.session.commit()
    login(ann)
    assert client.get(f"/review/proposals/{proposal.id}/score").status_code in (403, 404)
    assert _post(client, proposal, benefit, feasibility, ("5", "5")).status_code in (403, 404)
    assert _count(Review) == 0


def test_view_scores_permission_matrix(scoring, make_user, officer):
    from proposals.permissions import Permission, can

    call, (proposal, _), (ann, ben, _cho), benefit, feasibility = scoring
    full = {benefit.id: (5, ""), feasibility.id: (5, "")}
    operations.save_review(_assignment(proposal, ann), ann, full, True)
    db.session.commit()
    member = proposal.group.representative
    assert can(officer, Permission.VIEW_SCORES, proposal)
    assert can(ann, Permission.VIEW_SCORES, proposal)
    assert not can(ben, Permission.VIEW_SCORES, proposal)  # not submitted yet
    assert not can(member, Permission.VIEW_SCORES, proposal)
    assert not can(make_user(), Permission.VIEW_SCORES, proposal)
    assert not can(make_user(roles=[Role.ADMIN]), Permission.VIEW_SCORES, proposal)
    assert not can(None, Permission.VIEW_SCORES, proposal)


# --- officers -----------------------------------------------------------------------------------


def _three_reviews(scoring):
    call, (proposal, other), (ann, ben, cho), benefit, feasibility = scoring
    # Ann 5/5 -> 100; Ben 1/2 -> (3*0.2 + 2*0.4)/5*100 = 28; Cho drafts only.
    operations.save_review(
        _assignment(proposal, ann), ann, {benefit.id: (5, ""), feasibility.id: (5, "")}, True
    )
    operations.save_review(
        _assignment(proposal, ben), ben, {benefit.id: (1, ""), feasibility.id: (2, "")}, True
    )
    operations.save_review(_assignment(proposal, cho), cho, {benefit.id: (0, "")}, False)
    db.session.commit()


def test_officer_sees_progress_and_results(client, login, scoring, officer, make_proposal):
    call, (proposal, other), _team, benefit, feasibility = scoring
    _three_reviews(scoring)
    login(officer)
    html = client.get(f"/officer/calls/{call.id}/review").get_data(as_text=True)
    assert "2 of 3 reviews in" in html
    assert f"/officer/calls/{call.id}/review/results" in html
    response = client.get(f"/officer/calls/{call.id}/review/results")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "2 of 3 reviews in" in html
    assert "64.0" in html  # (100 + 28) / 2
    assert "3.00" in html and "3.50" in html  # per-criterion means
    assert "72.0" in html  # spread
    assert "36.0" in html  # population standard deviation
    assert "badge-disagreement" in html
    assert html.index("Proposal 1") < html.index("Proposal 2")  # scored first
    assert "No submitted review yet." in html


def test_results_are_sorted_by_score_without_n_plus_one(scoring, officer, make_proposal):
    call, (first, second), (ann, ben, _cho), benefit, feasibility = scoring
    operations.assign(second, ann, officer)
    db.session.commit()
    operations.save_review(
        _assignment(first, ann), ann, {benefit.id: (2, ""), feasibility.id: (2, "")}, True
    )
    operations.save_review(
        _assignment(second, ann), ann, {benefit.id: (4, ""), feasibility.id: (4, "")}, True
    )
    db.session.commit()
    results = operations.call_results(call)
    assert [p.title for p, _ in results] == ["Proposal 2", "Proposal 1"]
    assert results[0][1].mean == pytest.approx(80.0)
    assert results[1][1].disagreement is False
    queries_for_two = _queries(lambda: operations.call_results(call))
    third = make_proposal(call=call, state=ProposalState.ELIGIBLE, title="Proposal 3")
    operations.assign(third, ben, officer)
    operations.save_review(
        _assignment(third, ben), ben, {benefit.id: (1, ""), feasibility.id: (1, "")}, True
    )
    db.session.commit()
    assert _queries(lambda: operations.call_results(call)) == queries_for_two  # no N+1
    assert [p.title for p, _ in operations.call_results(call)][-1] == "Proposal 3"


def _queries(action) -> int:
    statements = []

    def count(*args, **kwargs):
        statements.append(args[2])

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        db.session.expire_all()
        action()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


@pytest.mark.parametrize("who", ["anonymous", "citizen", "member", "reviewer", "admin", "mayor"])
def test_only_officers_see_the_results(client, login, scoring, make_user, who):
    call, (proposal, _), (ann, *_), benefit, feasibility = scoring
    _three_reviews(scoring)
    users = {
        "citizen": make_user(),
        "member": proposal.group.representative,
        "reviewer": ann,
        "admin": make_user(roles=[Role.ADMIN]),
        "mayor": make_user(roles=[Role.MAYORS_OFFICE]),
    }
    if who != "anonymous":
        login(users[who])
    response = client.get(f"/officer/calls/{call.id}/review/results")
    assert response.status_code == (302 if who == "anonymous" else 403)
    assert "64.0" not in response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["anonymous", "member", "citizen"])
def test_groups_and_the_public_never_see_scores(client, login, scoring, make_user, who):
    call, (proposal, _), (ann, *_), benefit, feasibility = scoring
    operations.save_review(
        _assignment(proposal, ann),
        ann,
        {benefit.id: (5, "A remark only for the committee"), feasibility.id: (5, "")},
        True,
    )
    db.session.commit()
    if who == "member":
        login(proposal.group.representative)
    elif who == "citizen":
        login(make_user())
    response = client.get(f"/review/proposals/{proposal.id}/score")
    assert response.status_code in (302, 403, 404)
    for page in (f"/proposals/{proposal.id}", f"/calls/{call.id}"):
        assert "A remark only for the committee" not in client.get(page).get_data(as_text=True)
    assert _post(client, proposal, benefit, feasibility, ("1", "1")).status_code in (
        302,
        403,
        404,
    )
    assert sorted(db.session.scalars(sa.select(ReviewScore.score))) == [5, 5]


def test_a_review_by_someone_who_later_joined_the_group_no_longer_counts(scoring):
    call, (proposal, _), (ann, ben, _cho), benefit, feasibility = scoring
    operations.save_review(
        _assignment(proposal, ann), ann, {benefit.id: (5, ""), feasibility.id: (5, "")}, True
    )
    operations.save_review(
        _assignment(proposal, ben), ben, {benefit.id: (1, ""), feasibility.id: (1, "")}, True
    )
    db.session.commit()
    assert dict(operations.call_results(call))[proposal].mean == pytest.approx(60.0)

    proposal.group.memberships.append(Membership(user=ann))
    db.session.commit()

    assert dict(operations.call_results(call))[proposal].mean == pytest.approx(20.0)
