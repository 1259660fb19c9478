"""The scale data set (``flask scale generate``): the tiny size on the test database.

The rows go in by bulk inserts, so these tests check what the application's own rules
would have checked: states that fit each call's phase, reviews by the committee, votes that
follow the recommendation, awards within the envelope, a project per selected proposal,
four eyes on every report, and pages that render for the generated objects.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict

import pytest
import sqlalchemy as sa

from proposals.accounts.models import Role, User
from proposals.calls.models import Call, Criterion, Phase
from proposals.committee.models import Recommendation
from proposals.extensions import db
from proposals.groups.models import Group, Membership
from proposals.projects.indicators import (
    Indicator,
    IndicatorCategory,
    Report,
    ReportState,
    ReportValue,
)
from proposals.projects.models import Project
from proposals.review.models import CommitteeMember, Review, ReviewAssignment
from proposals.scale.generator import PASSWORD, SIZES, generate
from proposals.selection.models import Selection, SelectionOutcome
from proposals.submissions.models import Proposal, ProposalState

S = ProposalState
STATES_BY_PHASE = {
    Phase.UPCOMING: {S.DRAFT},
    Phase.OPEN: {S.DRAFT, S.SUBMITTED, S.WITHDRAWN},
    Phase.IN_REVIEW: {S.DRAFT, S.SUBMITTED, S.ELIGIBLE, S.INELIGIBLE, S.WITHDRAWN},
    Phase.RECOMMENDING: {S.DRAFT, S.ELIGIBLE, S.INELIGIBLE, S.WITHDRAWN},
    Phase.SELECTING: {S.DRAFT, S.ELIGIBLE, S.INELIGIBLE, S.WITHDRAWN},
    Phase.DECIDED: {S.DRAFT, S.INELIGIBLE, S.WITHDRAWN, S.SELECTED, S.NOT_SELECTED},
}
FIXED = {
    "scale-officer@kyodo.example": Role.CITY_OFFICER,
    "scale-officer2@kyodo.example": Role.CITY_OFFICER,
    "scale-reviewer@kyodo.example": Role.REVIEWER,
    "scale-mayor@kyodo.example": Role.MAYORS_OFFICE,
    "scale-admin@kyodo.example": Role.ADMIN,
    "scale-citizen@kyodo.example": None,
}


@pytest.fixture
def tiny(app):
    lines = []
    result = generate(db.engine, "tiny", seed=1, echo=lines.append)
    result.lines = lines
    return result


def _all(model, *where):
    return list(db.session.scalars(sa.select(model).where(*where)))


def test_tiny_fills_every_part_of_the_programme(tiny):
    counts = tiny.counts
    assert counts["users"] == SIZES["tiny"].users
    assert counts["groups"] == SIZES["tiny"].groups
    assert counts["calls"] == SIZES["tiny"].calls
    assert counts["proposals"] == SIZES["tiny"].proposals
    assert counts["projects"] == SIZES["tiny"].projects
    # Ten verified reports of five values each per project.
    assert counts["reports"] == 10 * counts["projects"]
    assert counts["report_values"] == 50 * counts["projects"]
    assert 200 <= counts["reviews"] <= 400
    assert counts["recommendations"] and counts["selections"] and counts["review_scores"]
    assert counts["audit_events"] == 0
    # Progress per table with its rate, then the total time.
    assert any("report_values" in line and "rows/s" in line for line in tiny.lines)
    assert tiny.lines[-1].startswith("Done in")


def test_every_proposal_state_fits_its_calls_phase(tiny):
    phases = Counter()
    for call in _all(Call):
        phases[call.phase] += 1
        states = {p.state for p in _all(Proposal, Proposal.call_id == call.id)}
        assert states <= STATES_BY_PHASE[call.phase], (call.id, call.phase, states)
    assert set(phases) == set(Phase)
    for proposal in _all(Proposal):
        assert proposal.requested_total == sum(line.amount for line in proposal.budget_lines)
        assert 0 < proposal.requested_total <= proposal.call.max_per_proposal
        if proposal.state is not S.DRAFT:
            assert proposal.call.opens_at <= proposal.submitted_at < proposal.call.closes_at
            assert proposal.title and proposal.summary and proposal.city_role
            assert proposal.indicators
        assert set(proposal.themes) <= set(proposal.call.themes)


def test_the_special_calls_of_the_manifest(tiny):
    manifest = tiny.manifest
    assert db.session.get(Call, manifest["largest_call_id"]).phase is Phase.DECIDED
    selecting = db.session.get(Call, manifest["selecting_call_id"])
    assert selecting.phase is Phase.SELECTING
    recommended = _all(
        Recommendation, Recommendation.call_id == selecting.id, Recommendation.recommended
    )
    assert len(recommended) == SIZES["tiny"].recommended
    assert db.session.get(Call, manifest["review_call_id"]).phase is Phase.IN_REVIEW
    proposal = db.session.get(Proposal, manifest["proposal_id"])
    assert proposal.is_public and proposal.call_id == manifest["largest_call_id"]
    citizen = db.session.scalar(sa.select(User).filter_by(email="scale-citizen@kyodo.example"))
    group = db.session.get(Group, manifest["group_id"])
    assert group.is_member(citizen)
    assert _all(Proposal, Proposal.group_id == group.id)
    largest = _all(Proposal, Proposal.call_id == manifest["largest_call_id"])
    assert len(largest) == max(Counter(p.call_id for p in _all(Proposal)).values()), (
        "the largest call is the largest"
    )
    filters = manifest["largest_call_filters"]
    assert filters == {"theme": manifest["theme"], "status": manifest["status"]}
    assert any(p.state == filters["status"] and filters["theme"] in p.themes for p in largest)
    words = manifest["search_terms"]["ja"] + manifest["search_terms"]["en"]
    titles = " ".join(f"{p.title} {p.summary}" for p in _all(Proposal)).lower()
    found = [word for word in words if word.lower() in titles]
    assert len(found) >= len(words) // 2


def test_reviews_only_by_the_committee_on_assigned_eligible_proposals(tiny):
    members = {(m.call_id, m.user_id) for m in _all(CommitteeMember)}
    for assignment in _all(ReviewAssignment):
        proposal = assignment.proposal
        assert (proposal.call_id, assignment.reviewer_id) in members
        assert assignment.reviewer.has_role(Role.REVIEWER)
        assert proposal.state in (S.ELIGIBLE, S.SELECTED, S.NOT_SELECTED)
        assert not any(m.user_id == assignment.reviewer_id for m in proposal.group.memberships)
    criteria = {c.id: c for c in _all(Criterion)}
    for review in _all(Review):
        call_id = review.assignment.proposal.call_id
        for score in review.scores:
            criterion = criteria[score.criterion_id]
            assert criterion.call_id == call_id
            assert 0 <= score.score <= criterion.max_score
        if review.submitted:
            assert len(review.scores) == len(review.assignment.proposal.call.criteria)
    queue = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(ReviewAssignment)
        .join(User, User.id == ReviewAssignment.reviewer_id)
        .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
        .where(
            User.email == "scale-reviewer@kyodo.example",
            Proposal.call_id == tiny.manifest["review_call_id"],
        )
    )
    assert queue > 0


def test_votes_follow_the_majority_and_awards_stay_within_the_envelope(tiny):
    committee = Counter(m.call_id for m in _all(CommitteeMember))
    for recommendation in _all(Recommendation):
        cast = recommendation.votes_cast
        assert 1 <= cast <= committee[recommendation.call_id]
        majority = recommendation.votes_for > recommendation.votes_against
        assert recommendation.recommended == majority
        assert recommendation.proposal.call_id == recommendation.call_id
    awards = defaultdict(int)
    for selection in _all(Selection):
        recommendation = db.session.scalar(
            sa.select(Recommendation).filter_by(proposal_id=selection.proposal_id)
        )
        assert recommendation.recommended or selection.justification
        if selection.outcome is SelectionOutcome.SELECTED:
            awards[selection.call_id] += selection.awarded_amount
            assert selection.awarded_amount <= selection.proposal.call.max_per_proposal
            if selection.awarded_amount != selection.proposal.requested_total:
                assert selection.amount_reason
    for call in _all(Call):
        assert call.selected_total == awards[call.id] <= call.budget_envelope


def test_a_project_for_each_selected_proposal_of_decided_calls(tiny):
    projects = {project.proposal_id: project for project in _all(Project)}
    selected = _all(Proposal, Proposal.state == S.SELECTED)
    assert {p.id for p in selected} == set(projects)
    for proposal in selected:
        project = projects[proposal.id]
        assert proposal.call.phase is Phase.DECIDED
        selection = db.session.scalar(sa.select(Selection).filter_by(proposal_id=proposal.id))
        assert project.awarded_amount == selection.awarded_amount
        assert project.group_id == proposal.group_id and project.title == proposal.title
        assert project.lead_officer.has_role(Role.CITY_OFFICER)
        assert len(_all(Indicator, Indicator.project_id == project.id)) == 3


def test_reports_verified_by_another_officer_and_values_only_in_verified_reports(tiny):
    reports = _all(Report)
    assert reports and {r.state for r in reports} == {ReportState.VERIFIED}
    for report in reports:
        assert report.verified_by_id != report.submitted_by_id
        assert report.submitted_by_id == report.project.lead_officer_id
        assert report.verified_by.has_role(Role.CITY_OFFICER)
        assert report.submitted_at < report.verified_at
        assert report.project.call.fiscal_year <= report.fiscal_year
    categories = {c.id: c for c in _all(IndicatorCategory)}
    indicators = {i.id: i for i in _all(Indicator)}
    for value in _all(ReportValue):
        assert value.report.state is ReportState.VERIFIED
        indicator = indicators[value.indicator_id]
        assert indicator.project_id == value.report.project_id
        # A broken-down indicator has values per category only, never a typed total.
        if indicator.categories:
            assert categories[value.category_id].indicator_id == indicator.id
        else:
            assert value.category_id is None
    # A fiscal year is reported either for the whole year or by quarter, never both.
    kinds = defaultdict(set)
    for report in reports:
        kinds[report.project_id, report.fiscal_year].add(report.quarter is None)
    assert all(len(kind) == 1 for kind in kinds.values())


@pytest.mark.parametrize("email", FIXED)
def test_the_fixed_accounts_log_in_with_the_scale_password(tiny, client, login, email):
    user = db.session.scalar(sa.select(User).filter_by(email=email))
    if FIXED[email] is not None:
        assert user.has_role(FIXED[email])
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.post("/login", data={"email": email, "password": "wrong"}).status_code == 400
    login(user)
    pages = {
        Role.CITY_OFFICER: f"/officer/calls/{tiny.manifest['largest_call_id']}/submissions",
        Role.REVIEWER: f"/review/calls/{tiny.manifest['review_call_id']}",
        Role.MAYORS_OFFICE: f"/mayor/calls/{tiny.manifest['selecting_call_id']}/selection",
        Role.ADMIN: "/admin/users",
        None: "/groups/",
    }
    assert client.get(pages[FIXED[email]]).status_code == 200


def test_public_pages_render_for_the_generated_objects(tiny, client):
    manifest = tiny.manifest
    for path in (
        "/",
        f"/calls/{manifest['largest_call_id']}",
        f"/calls/{manifest['selecting_call_id']}",
        f"/proposals/{manifest['proposal_id']}",
        f"/projects/{manifest['project_id']}",
        f"/calls/{manifest['largest_call_id']}/results",
        "/results/",
        "/projects/",
    ):
        assert client.get(path).status_code == 200, path


def test_the_command_writes_the_manifest(runner, tmp_path):
    path = tmp_path / "manifest.json"
    result = runner.invoke(args=["scale", "generate", "--size", "tiny", "--manifest", str(path)])
    assert result.exit_code == 0, result.output
    assert "rows/s" in result.output
    manifest = json.loads(path.read_text(encoding="utf-8"))
    assert manifest["size"] == "tiny"
    assert manifest["counts"]["proposals"] == SIZES["tiny"].proposals
    for key in ("largest_call_id", "selecting_call_id", "review_call_id", "proposal_id"):
        assert isinstance(manifest[key], int)
    assert manifest["elapsed_seconds"] >= 0


def test_a_database_with_users_is_refused_and_left_as_it_was(runner, make_user, snapshot):
    make_user()
    before = snapshot()
    result = runner.invoke(args=["scale", "generate", "--size", "tiny"])
    assert result.exit_code != 0
    assert "not empty" in result.output
    assert snapshot() == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)) == 0


def test_the_application_adds_rows_after_the_load(tiny, make_user, make_group):
    # Explicit ids must leave PostgreSQL's sequences past them.
    group = make_group(make_user())
    assert group.id > SIZES["tiny"].groups
    assert group.representative.id > SIZES["tiny"].users


def test_the_search_index_holds_every_proposal(tiny):
    # The index steps aside during the load and is built once at the end.
    indexed = db.session.scalar(sa.text("SELECT count(*) FROM proposal_search"))
    assert indexed == tiny.counts["proposals"]
