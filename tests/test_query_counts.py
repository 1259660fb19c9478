"""Query discipline: every page issues a bounded number of SQL statements that does not
grow with the data or the page size.

The same programme is built at two sizes (every list on every page is five times longer at
the second), each GET route is requested by the person who uses it, once to warm up and
once counted, and each count must stay at or below ``LIMIT`` and must not grow with the
data. A new route makes ``test_every_get_route_is_counted`` fail until it is listed here.

The programme is built and measured once per run, by the first test that needs the
figures: the per-test emptying of the database (tests/conftest.py) leaves nothing behind.
Requests run in a thread of their own, so that each gets its own application context and
database session, as in production, instead of sharing the test's identity map.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import io
import os
import pathlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from proposals.accounts import tokens
from proposals.accounts.models import Role
from proposals.committee.models import Recommendation
from proposals.database import utcnow
from proposals.extensions import db
from proposals.groups import operations as groups
from proposals.groups.models import Membership
from proposals.mail.models import OutboxMessage
from proposals.notifications.operations import notify
from proposals.projects import evidence, reporting
from proposals.projects.indicators import Indicator
from proposals.publication.operations import publish
from proposals.questions import operations as questions
from proposals.review import operations as review
from proposals.selection.models import Selection, SelectionOutcome
from proposals.submissions import attachments
from proposals.submissions.models import BudgetLine, PlannedIndicator, Proposal, ProposalState
from proposals.themes import Theme
from tests.databases import empty_all_tables

S = ProposalState
LIMIT = 15
SIZES = (1, 5)

# --- who requests what ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Route:
    endpoint: str
    actor: str  # "anonymous", or an attribute of the world holding a user
    values: Callable[[SimpleNamespace], dict] = lambda w: {}
    query: dict | None = None
    label: str | None = None
    status: int = 200

    @property
    def id(self) -> str:
        return self.label or self.endpoint


def _first_proposal_id(call) -> int:
    return db.session.scalar(
        sa.select(Proposal.id).where(Proposal.call_id == call.id).order_by(Proposal.id).limit(1)
    )


def _route(endpoint, actor, values=lambda w: {}, *, query=None, label=None, status=200, xfail=None):
    route = Route(endpoint, actor, values, query, label, status)
    if xfail:
        return pytest.param(route, id=route.id, marks=pytest.mark.xfail(strict=True, reason=xfail))
    return pytest.param(route, id=route.id)


ROUTES = [
    # public pages
    _route("public.home", "anonymous"),
    _route("healthz", "anonymous"),
    _route("calls.view", "anonymous", lambda w: {"call_id": w.published.id}, label="calls.view"),
    _route(
        "calls.view",
        "member",
        lambda w: {"call_id": w.open.id},
        label="calls.view[open, member]",
    ),
    _route(
        "submissions.view",
        "anonymous",
        lambda w: {"proposal_id": w.published_proposal.id},
        label="submissions.view",
    ),
    _route(
        "submissions.view",
        "member",
        lambda w: {"proposal_id": w.reviewed_proposal.id},
        label="submissions.view[in review, member]",
    ),
    _route(
        "submissions.view",
        "officer",
        lambda w: {"proposal_id": w.reviewed_proposal.id},
        label="submissions.view[in review, officer]",
    ),
    _route("opendata.index", "anonymous"),
    *[
        _route(
            "opendata.download",
            "anonymous",
            lambda w, name=name, fmt=fmt: {"name": name, "fmt": fmt},
            label=f"opendata.download[{name}.{fmt}]",
        )
        for name in ("calls", "proposals", "decisions", "projects", "indicators", "values")
        for fmt in ("csv", "json")
    ],
    _route("search.search", "anonymous", query={"q": "Published"}),
    _route(
        "search.search",
        "anonymous",
        lambda w: {"call": w.published.id, "status": "selected"},
        label="search.search[filters]",
    ),
    _route("dashboards.programme", "anonymous"),
    _route("dashboards.projects", "anonymous"),
    _route("dashboards.call_results", "anonymous", lambda w: {"call_id": w.published.id}),
    _route("projects.view", "anonymous", lambda w: {"project_id": w.project.id}),
    _route(
        "dashboards.indicator_chart",
        "anonymous",
        lambda w: {"project_id": w.project.id, "indicator_id": w.indicator.id},
    ),
    # accounts
    _route("accounts.login", "anonymous"),
    _route("accounts.register", "anonymous"),
    _route("accounts.register_sent", "anonymous"),
    _route("accounts.register_complete", "anonymous", lambda w: {"token": w.signup_token}),
    _route("accounts.forgot_password", "anonymous"),
    _route("accounts.forgot_password_sent", "anonymous"),
    _route("accounts.reset_password", "anonymous", lambda w: {"token": w.reset_token}),
    _route("accounts.account", "member"),
    _route("notifications.index", "member"),
    # groups
    _route("groups.my_groups", "member"),
    _route("groups.create", "citizen"),
    _route("groups.dashboard", "member", lambda w: {"group_id": w.group.id}),
    _route("groups.edit", "member", lambda w: {"group_id": w.group.id}),
    _route("groups.members", "member", lambda w: {"group_id": w.group.id}),
    _route("groups.invite", "member", lambda w: {"group_id": w.group.id}),
    _route("groups.invitation", "invitee", lambda w: {"token": w.invitation_token}),
    # proposals
    _route("submissions.new", "member", lambda w: {"call_id": w.open.id}),
    _route("submissions.edit", "member", lambda w: {"proposal_id": w.draft.id}),
    _route(
        "submissions.download_attachment",
        "member",
        lambda w: {"proposal_id": w.draft.id, "attachment_id": w.attachment.id},
    ),
    _route("questions.thread", "member", lambda w: {"proposal_id": w.reviewed_proposal.id}),
    _route(
        "questions.thread",
        "officer",
        lambda w: {"proposal_id": w.reviewed_proposal.id},
        label="questions.thread[officer]",
    ),
    # officers
    _route("calls.manage", "officer"),
    _route("calls.create", "officer"),
    _route("calls.edit", "officer", lambda w: {"call_id": w.open.id}),
    _route("calls.submissions", "officer", lambda w: {"call_id": w.in_review.id}),
    _route(
        "calls.submissions",
        "officer",
        lambda w: {"call_id": w.in_review.id},
        query={"state": "eligible", "q": "review", "sort": "title"},
        label="calls.submissions[filtered]",
    ),
    _route("review.officer", "officer", lambda w: {"call_id": w.in_review.id}),
    _route("review.results", "officer", lambda w: {"call_id": w.in_review.id}),
    _route("committee.officer", "officer", lambda w: {"call_id": w.recommending.id}),
    _route("committee.report", "officer", lambda w: {"call_id": w.selecting.id}),
    _route("committee.report_csv", "officer", lambda w: {"call_id": w.selecting.id}),
    _route("opendata.import_page", "officer"),
    _route("projects.officer_list", "officer"),
    _route("reports.due", "officer"),
    _route("projects.manage", "officer", lambda w: {"project_id": w.project.id}),
    _route(
        "projects.indicator",
        "officer",
        lambda w: {"project_id": w.project.id, "indicator_id": w.indicator.id},
    ),
    _route(
        "projects.history",
        "officer",
        lambda w: {"project_id": w.project.id, "indicator_id": w.indicator.id},
    ),
    _route("reports.new", "officer", lambda w: {"project_id": w.project.id}),
    _route("reports.view", "officer", lambda w: {"report_id": w.verified_report.id}),
    _route("reports.edit", "officer", lambda w: {"report_id": w.draft_report.id}),
    _route(
        "reports.download_evidence",
        "officer",
        lambda w: {"report_id": w.draft_report.id, "attachment_id": w.evidence.id},
    ),
    # committee
    _route("review.queue", "reviewer"),
    _route("review.committee_call", "reviewer", lambda w: {"call_id": w.in_review.id}),
    _route("review.score", "reviewer", lambda w: {"proposal_id": w.reviewed_proposal.id}),
    # mayor's office
    _route("selection.index", "mayor"),
    _route("selection.call", "mayor", lambda w: {"call_id": w.selecting.id}),
    _route(
        "selection.decision",
        "mayor",
        lambda w: {"call_id": w.selecting.id, "proposal_id": _first_proposal_id(w.selecting)},
    ),
    _route("publication.publish", "mayor", lambda w: {"call_id": w.selecting.id}),
    # administrators
    _route("admin.index", "admin", status=302),
    _route("admin.users", "admin"),
    _route("admin.user", "admin", lambda w: {"user_id": w.member.id}),
    _route("admin.audit", "admin"),
    _route("admin.audit_csv", "admin"),
    _route("admin.outbox", "admin"),
    _route("admin.outbox_message", "admin", lambda w: {"message_id": w.message.id}),
]

EXCLUDED = {
    "static": "files from disk: no SQL",
}


def test_every_get_route_is_counted(app):
    get_endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    listed = {param.values[0].endpoint for param in ROUTES} | set(EXCLUDED)
    assert get_endpoints - listed == set(), "GET routes the query-count test does not request"
    assert listed - get_endpoints == set(), "listed routes the application no longer has"


# --- the programme, at a given size --------------------------------------------------


THEMES = [Theme.CHILDCARE, Theme.YOUTH]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def build_world(n, make_user, make_group, make_call, make_proposal, clock):
    """A programme with every kind of page; ``n`` multiplies the length of every list."""
    w = SimpleNamespace()
    w.officer = make_user(roles=[Role.CITY_OFFICER], name="Officer Ota")
    w.verifier = make_user(roles=[Role.CITY_OFFICER], name="Officer Kato")
    w.mayor = make_user(roles=[Role.MAYORS_OFFICE], name="Mayor's Office Mori")
    w.admin = make_user(roles=[Role.ADMIN], name="Admin Abe")
    w.citizen = make_user(name="Citizen Chiba")
    w.invitee = make_user(name="Invitee Inoue")
    w.reviewer = make_user(roles=[Role.REVIEWER], name="Reviewer Ueda")
    committee = [w.reviewer] + [
        make_user(roles=[Role.REVIEWER], name=f"Reviewer {i}") for i in range(2 * n - 1)
    ]
    more_members = [make_user(name=f"Member {i}") for i in range(2 * n)]
    w.member = make_user(name="Member Mori")
    w.group = make_group(
        w.member, members=more_members, name="Childcare Support Network", themes=THEMES
    )
    other_groups = [make_group(members=[make_user()], name=f"Group {i}") for i in range(3 * n - 1)]
    all_groups = [w.group, *other_groups]

    def fill(call, state, *, indicators=1):
        proposals = [
            make_proposal(call=call, group=group, state=state, title=f"{call.title} {i}")
            for i, group in enumerate(all_groups)
        ]
        call.themes = THEMES
        for proposal in proposals:
            proposal.themes = THEMES
            proposal.indicators = [
                PlannedIndicator(
                    position=i,
                    name=f"Indicator {i}",
                    unit="sessions",
                    baseline=0,
                    annual_target=40,
                )
                for i in range(indicators)
            ]
        db.session.commit()
        return proposals

    def reviews(call, proposals, *, submit=True):
        for reviewer in committee:
            review.appoint_reviewer(call, reviewer, w.officer)
        benefit, feasibility = call.criteria
        for i, proposal in enumerate(proposals):
            pair = {w.reviewer, committee[1 + i % (len(committee) - 1)]}
            for reviewer in pair:
                assignment = review.assign(proposal, reviewer, w.officer)
                review.save_review(
                    assignment,
                    reviewer,
                    {benefit.id: (4, "Good reach."), feasibility.id: (3, "Plausible.")},
                    submit=submit and i > 0,
                )
        db.session.commit()

    def recommend(call, proposals, recommended=True):
        for proposal in proposals:
            db.session.add(
                Recommendation(
                    proposal_id=proposal.id,
                    call_id=call.id,
                    recommended=recommended,
                    votes_for=2 if recommended else 0,
                    votes_against=0 if recommended else 2,
                    votes_abstain=0,
                    rationale="Strong reach.",
                    recorded_by_id=w.officer.id,
                )
            )

    def select(call, proposals):
        for proposal in proposals:
            db.session.add(
                Selection(
                    proposal_id=proposal.id,
                    call_id=call.id,
                    outcome=SelectionOutcome.SELECTED,
                    awarded_amount=proposal.requested_total,
                    reason="Fits the plan.",
                    decided_by_id=w.mayor.id,
                )
            )
            call.selected_total += proposal.requested_total

    # An open call with drafts; the group's draft has attachments, lines and indicators.
    w.open = make_call("open", officer=w.officer, title="Open call", budget=100_000_000)
    drafts = fill(w.open, S.DRAFT)
    w.draft = drafts[0]
    w.draft.budget_lines = [
        BudgetLine(position=i, item=f"Item {i}", amount=10_000) for i in range(3 * n)
    ]
    w.draft.requested_total = 30_000 * n
    db.session.commit()
    for i in range(n):
        upload = FileStorage(io.BytesIO(PDF), filename=f"plan-{i}.pdf")
        w.attachment = attachments.store(w.draft, w.member, upload)
    db.session.commit()

    # A call in review: the committee scores, officers and reviewers ask the group.
    w.in_review = make_call("closed", officer=w.officer, title="Call in review")
    in_review = fill(w.in_review, S.ELIGIBLE)
    w.reviewed_proposal = in_review[0]
    reviews(w.in_review, in_review)
    declarer = committee[-1]
    unassigned = [p for p in in_review if review.assignment_of(p, declarer) is None]
    for proposal in unassigned[:n]:
        review.declare_conflict(proposal, declarer, "My neighbour runs it.")
    for i in range(2 * n):
        asker = w.officer if i % 2 else w.reviewer
        question = questions.ask(w.reviewed_proposal, asker, f"Question {i}?")
        questions.answer(question, w.member, f"Answer {i}.")
    db.session.commit()

    # A call whose committee is recording its recommendations.
    w.recommending = make_call("closed", officer=w.officer, title="Call recommending")
    recommending = fill(w.recommending, S.ELIGIBLE)
    reviews(w.recommending, recommending)
    w.recommending.review_closed_at = utcnow()
    recommend(w.recommending, recommending[: len(recommending) // 2])
    db.session.commit()

    # A call with the mayor's office, half decided.
    w.selecting = make_call("closed", officer=w.officer, title="Call selecting", budget=100_000_000)
    selecting = fill(w.selecting, S.ELIGIBLE)
    reviews(w.selecting, selecting)
    w.selecting.review_closed_at = utcnow()
    recommend(w.selecting, selecting)
    w.selecting.recommendations_closed_at = utcnow()
    select(w.selecting, selecting[: len(selecting) // 2])
    db.session.commit()

    # A published call of fiscal 2024 whose selected proposals became projects.
    w.published = make_call(
        "closed",
        officer=w.officer,
        title="Published call",
        budget=100_000_000,
        now=clock.now - dt.timedelta(days=800),
    )
    w.published.fiscal_year = 2024
    published = fill(w.published, S.ELIGIBLE, indicators=n + 1)
    w.published_proposal = published[0]
    reviews(w.published, published)
    w.published.review_closed_at = utcnow()
    recommend(w.published, published[: n + 1])
    recommend(w.published, published[n + 1 :], recommended=False)
    w.published.recommendations_closed_at = utcnow()
    select(w.published, published[: n + 1])
    db.session.commit()
    projects = publish(w.published, w.mayor)
    db.session.commit()
    for project in projects:
        project.lead_officer_id = w.officer.id
    db.session.commit()
    w.project = projects[0]
    w.indicator = db.session.scalars(
        sa.select(Indicator).where(Indicator.project_id == w.project.id).order_by(Indicator.id)
    ).first()
    for project in projects:
        indicators = db.session.scalars(
            sa.select(Indicator).where(Indicator.project_id == project.id)
        ).all()
        for year, verified in ((2024, True), (2025, False)):
            report = reporting.start_report(project, w.officer, year)
            values = {(i.id, None): decimal.Decimal(100 + year - 2024) for i in indicators}
            reporting.save_report(report, w.officer, values, "Notes.", "Outcomes.")
            reporting.submit_report(report, w.officer)
            if verified:
                reporting.verify_report(report, w.verifier)
                if project is w.project:
                    w.verified_report = report
        db.session.commit()
    w.draft_report = reporting.start_report(w.project, w.officer, 2026)
    for i in range(n):
        upload = FileStorage(io.BytesIO(PDF), filename=f"evidence-{i}.pdf")
        w.evidence = evidence.attach(w.draft_report, w.officer, upload)
    db.session.commit()

    # More calls in every phase, and the member in more groups.
    for i in range(2 * n):
        extra = make_call(
            ("open", "closed", "upcoming")[i % 3], officer=w.officer, title=f"Extra call {i}"
        )
        extra.themes = THEMES
        if i % 3 == 1:
            extra.review_closed_at = extra.recommendations_closed_at = utcnow()
    for group in other_groups[:n]:
        group.memberships.append(Membership(user=w.member))
    db.session.commit()

    # The member's bell, the group's pending invitations, tokens in links.
    for i in range(3 * n):
        notify(w.member, "test", f"Notification {i}", "/")
    for i in range(n):
        invitation, token = groups.invite_member(w.group, w.member, f"invitee{i}@example.org")
    _invitation, w.invitation_token = groups.invite_member(w.group, w.member, w.invitee.email)
    db.session.commit()
    w.signup_token = tokens.make_signup_token("newcomer@example.org")
    w.reset_token = tokens.make_reset_token(w.citizen)
    w.message = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).first()
    assert w.message is not None
    return w


# --- counting ------------------------------------------------------------------------


_counting = threading.local()


def _count_statement(conn, cursor, statement, parameters, context, executemany):
    if getattr(_counting, "active", False):
        _counting.statements.append(statement)


def measure(app, world, routes) -> dict[str, tuple[int, list[str], int, int]]:
    """Each route's statement count (and the statements), counted on its second request."""
    clients = {}
    paths = {}
    with app.test_request_context():
        for route in routes:
            values = {**route.values(world), **(route.query or {})}
            paths[route.id] = app.url_for(route.endpoint, **values)
    users = {
        name: getattr(world, name)
        for name in {route.actor for route in routes}
        if name != "anonymous"
    }
    session_ids = {name: user.get_id() for name, user in users.items()}
    db.session.commit()
    db.session.remove()

    def run():
        results = {}
        for route in routes:
            client = clients.get(route.actor)
            if client is None:
                client = clients[route.actor] = app.test_client()
                if route.actor != "anonymous":
                    with client.session_transaction() as session:
                        session["_user_id"] = session_ids[route.actor]
                        session["_fresh"] = True
            _counting.statements = []
            try:
                response = client.get(paths[route.id])  # warms up, and fills the caches
                response.get_data()
                response.close()
                _counting.statements = []
                _counting.active = True
                response = client.get(paths[route.id])
                response.get_data()  # a streamed body runs its queries now
                response.close()
            except Exception as error:  # one broken page must not hide the others' figures
                results[route.id] = (0, [repr(error)], 500, 0)
                continue
            finally:
                _counting.active = False
            results[route.id] = (
                len(_counting.statements),
                _counting.statements,
                response.status_code,
                len(response.get_data()),
            )
        return results

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", _count_statement)
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(run).result()
    finally:
        sa.event.remove(engine, "before_cursor_execute", _count_statement)


_figures: dict[int, dict[str, tuple[int, list[str], int, int]]] = {}


@pytest.fixture
def figures(app, make_user, make_group, make_call, make_proposal, clock):
    """{size: {route id: (statements counted, the statements, status, body bytes)}}.

    Built and measured once per run, by the first test asking for it; the database is
    emptied after each size (and after the test, by tests/conftest.py)."""
    if not _figures:
        routes = [param.values[0] for param in ROUTES]
        measured = {}
        for size in SIZES:
            world = build_world(size, make_user, make_group, make_call, make_proposal, clock)
            measured[size] = measure(app, world, routes)
            db.session.rollback()
            empty_all_tables(db)
            db.session.remove()
        _figures.update(measured)
    return _figures


def _table(figures) -> str:
    small, large = SIZES
    lines = [f"{'route':<48} {'size ' + str(small):>7} {'size ' + str(large):>7}  {'bytes':>15}"]
    for route_id in figures[small]:
        a, b = figures[small][route_id][0], figures[large][route_id][0]
        sizes = f"{figures[small][route_id][3]:>7} {figures[large][route_id][3]:>7}"
        flag = "  <-- grows" if b > a else ("  <-- over limit" if max(a, b) > LIMIT else "")
        if figures[large][route_id][2] >= 400:
            flag += f"  <-- status {figures[large][route_id][2]}"
        lines.append(f"{route_id:<48} {a:>7} {b:>7}  {sizes}{flag}")
    return "\n".join(lines)


@pytest.mark.parametrize("route", ROUTES)
def test_queries_are_bounded(route, figures):
    small, large = SIZES
    count_small, _, status_small, _ = figures[small][route.id]
    count_large, statements, status_large, _ = figures[large][route.id]
    if (status_small, status_large) != (route.status, route.status):
        pytest.fail(
            f"{route.id} answered {status_small} and {status_large}, not {route.status}:"
            f" not the page meant to be counted\n{statements[:1]}",
            pytrace=False,
        )
    if count_large > count_small or max(count_small, count_large) > LIMIT:
        detail = "\n".join(f"  {s[:200]}" for s in statements)
        pytest.fail(
            f"{route.id}: {count_small} statements at size {small}, {count_large} at size {large}"
            f" (limit {LIMIT})\n\n{_table(figures)}\n\nstatements at size {large}:\n{detail}",
            pytrace=False,
        )


def test_print_the_table(figures, capsys):
    """``pytest -s`` shows every route's counts."""
    with capsys.disabled():
        print("\n" + _table(figures))
    folder = os.environ.get("QUERY_COUNT_DUMP")
    if folder:  # every statement of every route, to find where the queries come from
        for size, routes in figures.items():
            for route_id, (_count, statements, _status, _bytes) in routes.items():
                path = pathlib.Path(folder) / f"{route_id}.{size}.sql"
                path.write_text(";\n".join(statements) + "\n")
