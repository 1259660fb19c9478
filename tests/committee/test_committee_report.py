"""The ranked committee report: ranking, running total, envelope, the page and the CSV."""

from __future__ import annotations

import csv
import io

import pytest

from proposals.committee import operations
from proposals.committee.views import report_csv_text
from proposals.database import utcnow
from proposals.extensions import db
from proposals.review import operations as review
from proposals.submissions.models import ProposalState


def test_the_report_ranks_by_score_with_a_running_total(setting, recommend):
    recommend(setting.a, votes_for=3)
    recommend(setting.c, recommended=False, votes_for=0, votes_against=2, rationale="Too vague.")
    rows = operations.committee_report(setting.call)

    assert [row.proposal for row in rows] == [setting.a, setting.b, setting.c, setting.d]
    assert [row.rank for row in rows] == [1, 2, 3, None]
    assert [round(row.result.mean, 1) for row in rows[:3]] == [90.0, 60.0, 40.0]
    assert rows[3].result is None
    assert [row.requested for row in rows] == [400_000, 500_000, 300_000, 250_000]
    assert [row.running_total for row in rows] == [400_000, 900_000, 1_200_000, 1_450_000]
    # The envelope is ¥1,000,000: passed at the third proposal.
    assert [row.within_envelope for row in rows] == [True, True, False, False]
    assert [row.crosses_envelope for row in rows] == [False, False, True, False]
    assert rows[0].recommendation.votes_for == 3
    assert rows[1].recommendation is None
    assert rows[2].recommendation.rationale == "Too vague."
    criteria = setting.call.criteria
    assert rows[0].result.criterion_means == {criteria[0].id: 4.5, criteria[1].id: 4.5}


def test_a_running_total_equal_to_the_envelope_is_within_it(
    make_call, make_proposal, officer, reviewers_and_scores
):
    call = make_call("closed", officer=officer, budget=1_000_000, max_per_proposal=600_000)
    first = make_proposal(
        call=call, state=ProposalState.ELIGIBLE, title="First", budget=(("x", 600_000),)
    )
    second = make_proposal(
        call=call, state=ProposalState.ELIGIBLE, title="Second", budget=(("x", 400_000),)
    )
    reviewers_and_scores(call, {first: (5, 5), second: (4, 4)})
    rows = operations.committee_report(call)
    assert [row.running_total for row in rows] == [600_000, 1_000_000]
    assert [row.within_envelope for row in rows] == [True, True]
    assert not any(row.crosses_envelope for row in rows)


def test_equal_scores_share_a_rank(make_call, make_proposal, officer, reviewers_and_scores):
    call = make_call("closed", officer=officer)
    first, second, third = (
        make_proposal(call=call, state=ProposalState.ELIGIBLE, title=title)
        for title in ("First", "Second", "Third")
    )
    reviewers_and_scores(call, {first: (4, 4), second: (4, 4), third: (2, 2)})
    rows = operations.committee_report(call)
    assert [row.rank for row in rows] == [1, 1, 3]
    assert rows[2].proposal == third


@pytest.fixture
def reviewers_and_scores(make_user, officer):
    """One reviewer scores each proposal; then review closes."""

    def reviewers_and_scores(call, scores):
        reviewer = make_user(roles=["reviewer"])
        review.appoint_reviewer(call, reviewer, officer)
        benefit, feasibility = call.criteria
        for proposal, (one, two) in scores.items():
            review.assign(proposal, reviewer, officer)
            review.save_review(
                review.assignment_of(proposal, reviewer),
                reviewer,
                {benefit.id: (one, ""), feasibility.id: (two, "")},
                submit=True,
            )
        call.review_closed_at = utcnow()
        db.session.commit()

    return reviewers_and_scores


# --- the page ---------------------------------------------------------------------------------


def test_the_report_page_shows_the_ranking(client, login, setting, recommend):
    recommend(setting.a, votes_for=2, votes_abstain=1, rationale="Clear need, credible plan.")
    login(setting.officer)
    response = client.get(f"/calls/{setting.call.id}/committee-report")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    order = [page.index(title) for title in ("Play mornings", "River clean-up", "Repair café")]
    assert order == sorted(order)
    assert "90.0" in page and "no score" in page
    assert "¥1,200,000" in page  # the running total at the third proposal
    assert "from here on the running total is over the envelope" in page
    assert page.index("Budget envelope of ¥1,000,000") < page.index("Repair café")
    assert page.index("Budget envelope of ¥1,000,000") > page.index("River clean-up")
    assert "2 / 0 / 1" in page and "Clear need, credible plan." in page
    assert "Not recorded" in page
    assert f"/calls/{setting.call.id}/committee-report.csv" in page


def test_the_print_stylesheet_hides_navigation_and_buttons(client):
    with client.get("/static/css/kyodo.css") as response:
        css = response.get_data(as_text=True)
    section = css[css.index("/* --- committee") :]
    print_rules = section[section.index("@media print") :]
    assert ".no-print" in print_rules and ".button" in print_rules


@pytest.mark.parametrize("path", ["committee-report", "committee-report.csv"])
def test_no_report_before_review_closes(client, login, setting, snapshot, path):
    setting.call.review_closed_at = None
    db.session.commit()
    login(setting.officer)
    before = snapshot()
    response = client.get(f"/calls/{setting.call.id}/{path}")
    assert response.status_code == 409
    assert "once the officers have closed the review" in response.get_data(as_text=True)
    assert snapshot() == before


# --- the CSV ----------------------------------------------------------------------------------


def _csv(response):
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_the_csv_download(client, login, setting, recommend):
    recommend(setting.a, votes_for=2, votes_abstain=1, rationale="Clear need,\nstrong team.")
    recommend(setting.c, recommended=False, votes_for=0, votes_against=2, rationale="Too vague.")
    login(setting.officer)
    response = client.get(f"/calls/{setting.call.id}/committee-report.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.content_type == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="committee-report-call-{setting.call.id}.csv"'
    )
    header, *rows = _csv(response)
    assert header == [
        "Rank",
        "Proposal",
        "Group",
        "Weighted score (0-100)",
        "Mean: Public benefit",
        "Mean: Feasibility",
        "Requested (yen)",
        "Running total (yen)",
        "Within the budget envelope",
        "Recommendation",
        "Votes for",
        "Votes against",
        "Abstentions",
        "Rationale",
    ]
    assert len(rows) == 4
    assert rows[0] == [
        "1",
        "Play mornings",
        setting.a.group.name,
        "90.0",
        "4.50",
        "4.50",
        "400000",
        "400000",
        "yes",
        "Recommended",
        "2",
        "0",
        "1",
        "Clear need,\nstrong team.",
    ]
    assert rows[1][:3] == ["2", "River clean-up", "River Friends"]
    assert rows[1][9:] == ["Not recorded", "", "", "", ""]
    assert rows[2][6:10] == ["300000", "1200000", "no", "Not recommended"]
    assert rows[3][:4] == ["", "Night patrol", setting.d.group.name, "no score"]
    assert rows[3][6:9] == ["250000", "1450000", "no"]


def test_csv_cells_cannot_run_as_formulas(setting, recommend):
    setting.a.title = '=HYPERLINK("http://evil.example")'
    db.session.commit()
    recommend(setting.a, rationale="+1 from everyone")
    text = report_csv_text(setting.call, operations.committee_report(setting.call))
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[1] == '\'=HYPERLINK("http://evil.example")'
    assert row[-1] == "'+1 from everyone"


def test_the_csv_keeps_japanese_text(client, login, setting, recommend):
    setting.b.title = "川の清掃活動"
    db.session.commit()
    recommend(setting.b, rationale="地域の参加が多い。")
    login(setting.officer)
    rows = _csv(client.get(f"/calls/{setting.call.id}/committee-report.csv"))
    assert rows[2][1] == "川の清掃活動" and rows[2][-1] == "地域の参加が多い。"
