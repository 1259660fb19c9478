"""Loading the demo of ``proposals.demo.data`` through the domain functions.

Accounts, groups, calls and proposals are made by the same functions the views call, so the
demo carries the audit trail a real history would have. The calls of 2003-2006 are in the
past: while their proposals are drafted and submitted, the application's clock is set to a
moment inside the call's window, so that the submission rules are checked as they were then.

The four calls of 2003-2006 are then decided as they were: the officers check eligibility,
the committee scores, votes and gives its reasons, the mayor's office selects and publishes
(47 proposed, 23 recommended, 20 selected). A special call of the current fiscal year is
half-way through its review, so that every role has something to do; the call open now
holds drafts. Scores, votes and reasons come from ``proposals.demo.reviews``.

Each of the 20 projects then gets a lead officer and yearly reports, prepared and submitted
by the lead officer in May after the fiscal year and verified by the other officer (four
eyes): the three Yamato projects from their start to fiscal 2012 with the case's figures for
2011, the others one or two years before they completed. Two projects of 2006 still run and
report every year: the last report of one awaits verification, the other's is overdue.

Loading is idempotent: what already exists (by email, group name, call title and fiscal
year, or proposal title, group and call) is skipped, never changed; each step of a call's
decision is taken only if it has not been taken yet.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import sqlalchemy as sa

import proposals.database
from proposals.accounts.models import User
from proposals.accounts.operations import create_user, ensure_admin, find_user_by_email, grant_role
from proposals.calls.models import Call, Phase
from proposals.calls.operations import CriterionData, advance_phase, create_call
from proposals.committee.operations import (
    recommendation_of,
    record_recommendation,
    voting_members,
)
from proposals.database import utcnow
from proposals.demo import data, reviews
from proposals.extensions import db
from proposals.groups.models import Group
from proposals.groups.operations import accept_invitation, create_group, invite_member
from proposals.projects.indicators import Indicator, fiscal_year_of
from proposals.projects.indicators import Report as ProjectReport
from proposals.projects.models import Project, ProjectStatus
from proposals.projects.operations import complete, set_categories, take_lead, update_project
from proposals.projects.reporting import save_report, start_report, submit_report, verify_report
from proposals.publication.operations import publish
from proposals.questions import operations as questions
from proposals.questions.models import Question
from proposals.review.models import ReviewAssignment
from proposals.review.operations import (
    appoint_reviewer,
    auto_assign,
    declare_conflict,
    declared_conflict,
    is_appointed,
    review_of,
    save_review,
    set_reviewers_per_proposal,
)
from proposals.selection.operations import decline, select, selection_of
from proposals.submissions.drafting import BudgetLineData, IndicatorData, create_draft, update_draft
from proposals.submissions.models import Proposal, ProposalState
from proposals.submissions.workflow import mark_eligible, submit

ZONE = ZoneInfo(data.TIMEZONE)

# Fields saved with the first draft; the rest come with a later edit, as a group would write.
FIRST_DRAFT_FIELDS = ("title", "summary", "need", "department")
LATER_FIELDS = ("activities", "group_role", "city_role", "beneficiaries", "timeline")


@contextmanager
def clock_at(moment: dt.datetime) -> Iterator[None]:
    """Run the block with the application's clock stopped at ``moment`` (aware)."""
    previous = proposals.database.clock
    proposals.database.clock = lambda: moment
    try:
        yield
        # New rows (audit events included) take their timestamps when they are flushed.
        db.session.flush()
    finally:
        proposals.database.clock = previous


def local(moment: dt.datetime) -> dt.datetime:
    """A naive local time of the demo's city as an aware UTC datetime."""
    return moment.replace(tzinfo=ZONE).astimezone(dt.UTC)


@dataclass
class Tally:
    created: int = 0
    skipped: int = 0


@dataclass
class Report:
    echo: Callable[[str], None]
    tallies: dict[str, Tally] = field(
        default_factory=lambda: {
            kind: Tally()
            for kind in (
                "accounts",
                "groups",
                "memberships",
                "calls",
                "proposals",
                "reviews",
                "recommendations",
                "selections",
                "decisions",
                "projects",
                "reports",
            )
        }
    )

    def created(self, kind: str, what: str | None = None) -> None:
        self.tallies[kind].created += 1
        if what:
            self.echo(f"created {what}")

    def skipped(self, kind: str, what: str | None = None) -> None:
        self.tallies[kind].skipped += 1
        if what:
            self.echo(f"skipped {what} (already there)")

    def summary(self) -> str:
        return "; ".join(
            f"{kind}: {tally.created} created, {tally.skipped} skipped"
            for kind, tally in self.tallies.items()
        )


def load_demo(echo: Callable[[str], None] = lambda line: None) -> Report:
    """Load the whole demo, committing after the people and after each call.

    A failure rolls back the unfinished part; loading again completes it.
    """
    loader = _Loader(Report(echo))
    try:
        loader.run()
    except BaseException:
        db.session.rollback()
        raise
    return loader.report


class _Loader:
    def __init__(self, report: Report):
        self.report = report
        self.users: dict[str, User] = {}
        self.groups: dict[str, Group] = {}

    def run(self) -> None:
        now = utcnow()
        self._load_staff()
        db.session.commit()
        for spec in sorted(data.DEMO_GROUPS, key=lambda group: group.registered):
            self._load_group(spec)
        self._load_citizens_without_group()
        db.session.commit()
        for spec in data.PAST_CALLS:
            call = self._load_call(spec, local(spec.opens), local(spec.closes))
            self._load_proposals(call, spec, until=call.closes_at)
            self._decide(call, spec)
            db.session.commit()
        for spec in data.RESULTS:
            self._load_results(spec, now)
            db.session.commit()
        opens, closes = review_window(now)
        call = self._load_call(data.REVIEW_CALL, opens, closes)
        self._load_proposals(call, data.REVIEW_CALL, until=call.closes_at)
        self._review(call, data.REVIEW_CALL, now)
        db.session.commit()
        opens, closes = current_window(now)
        call = self._load_call(data.CURRENT_CALL, opens, closes)
        self._load_proposals(call, data.CURRENT_CALL, until=min(now, call.closes_at))
        db.session.commit()

    # --- people -----------------------------------------------------------------------

    def _account(self, email: str) -> data.DemoAccount:
        return next(account for account in data.DEMO_ACCOUNTS if account.email == email)

    def _user(self, email: str, at: dt.datetime | None = None) -> User:
        """The demo user ``email``, created (at ``at``, local time) if missing."""
        if email in self.users:
            return self.users[email]
        spec = self._account(email)
        user = find_user_by_email(email)
        if user is not None:
            self.report.skipped("accounts", f"account {email}")
        else:
            when = spec.created or at
            with clock_at(local(when) if when else utcnow()):
                if email == data.ADMIN_EMAIL:
                    ensure_admin(spec.email, spec.name, spec.password)
                    user = find_user_by_email(email)
                else:
                    user = create_user(spec.email, spec.name, spec.password)
                    admin = self._user(data.ADMIN_EMAIL)
                    for role in spec.roles:
                        grant_role(user, role, admin)
            roles = ", ".join(role.value for role in spec.roles) or "citizen"
            self.report.created("accounts", f"account {email} ({roles})")
        self.users[email] = user
        return user

    def _load_staff(self) -> None:
        self._user(data.ADMIN_EMAIL)
        for spec in data.DEMO_ACCOUNTS:
            if spec.roles:
                self._user(spec.email)

    def _load_citizens_without_group(self) -> None:
        for spec in data.DEMO_ACCOUNTS:
            if spec.email not in self.users:
                self._user(spec.email)

    def _load_group(self, spec: data.DemoGroup) -> None:
        representative = self._user(spec.representative, spec.registered)
        group = db.session.scalar(sa.select(Group).where(Group.name == spec.name))
        if group is not None:
            self.report.skipped("groups", f"group {spec.name}")
        else:
            with clock_at(local(spec.registered)):
                group = create_group(
                    representative,
                    name=spec.name,
                    kind=spec.kind,
                    contact_email=spec.contact_email,
                    themes=spec.themes,
                    registration_number=spec.registration_number,
                    description=spec.description,
                )
            self.report.created("groups", f"group {spec.name}")
        self.groups[spec.key] = group
        # Members join a week after the group registers, by invitation like everyone else.
        joined = spec.registered + dt.timedelta(days=7)
        for email in spec.members:
            member = self._user(email, joined)
            if group.is_member(member):
                self.report.skipped("memberships")
                continue
            with clock_at(local(joined)):
                invitation, _token = invite_member(group, representative, email)
                accept_invitation(invitation, member)
            self.report.created("memberships", f"membership of {email} in {spec.name}")

    # --- calls and proposals ----------------------------------------------------------

    def _load_call(self, spec: data.DemoCall, opens: dt.datetime, closes: dt.datetime) -> Call:
        call = db.session.scalar(
            sa.select(Call).where(Call.title == spec.title, Call.fiscal_year == spec.fiscal_year)
        )
        label = f"call {spec.title} (FY{spec.fiscal_year})"
        if call is not None:
            self.report.skipped("calls", label)
            return call
        # Officers publish a call about three weeks before it opens.
        with clock_at(min(opens - dt.timedelta(days=21), utcnow())):
            call = create_call(
                self._user(spec.officer),
                criteria=[
                    CriterionData(c.name, c.description, c.weight, c.max_score)
                    for c in spec.criteria
                ],
                themes=spec.themes,
                title=spec.title,
                fiscal_year=spec.fiscal_year,
                description=spec.description,
                opens_at=opens,
                closes_at=closes,
                timezone=data.TIMEZONE,
                budget_envelope=spec.budget_envelope,
                max_per_proposal=spec.max_per_proposal,
            )
        self.report.created("calls", label)
        return call

    def _load_proposals(self, call: Call, spec: data.DemoCall, until: dt.datetime) -> None:
        """Draft and submit the call's proposals at moments spread over its window."""
        specs = [p for p in data.ALL_PROPOSALS if p.call == spec.key]
        before = self.report.tallies["proposals"].created
        for index, proposal in enumerate(specs):
            moments = proposal_moments(call.opens_at, until, index, len(specs))
            self._load_proposal(call, proposal, moments)
        created = self.report.tallies["proposals"].created - before
        self.report.echo(
            f"proposals in {spec.title}: {created} created, {len(specs) - created} skipped"
        )

    def _load_proposal(self, call: Call, spec: data.DemoProposal, moments) -> None:
        group = self.groups[spec.group]
        exists = db.session.scalar(
            sa.select(Proposal.id).where(
                Proposal.title == spec.title,
                Proposal.group_id == group.id,
                Proposal.call_id == call.id,
            )
        )
        if exists is not None:
            self.report.skipped("proposals")
            return
        author = self._user(spec.author or _rep(spec))
        drafted, edited, submitted = moments
        with clock_at(drafted):
            proposal = create_draft(
                call,
                group,
                author,
                themes=spec.themes,
                **{name: getattr(spec, name) for name in FIRST_DRAFT_FIELDS},
            )
        later = {name: getattr(spec, name) for name in LATER_FIELDS if getattr(spec, name)}
        if later or spec.budget or spec.indicators:
            with clock_at(edited):
                update_draft(
                    proposal,
                    author,
                    budget_lines=[BudgetLineData(item, amount) for item, amount in spec.budget]
                    or None,
                    indicators=[IndicatorData(*indicator) for indicator in spec.indicators] or None,
                    **later,
                )
        if spec.submitted:
            with clock_at(submitted):
                submit(proposal, author)
        self.report.created("proposals")

    # --- review and decision ------------------------------------------------------------

    def _specs(self, call: Call, spec: data.DemoCall) -> dict[int, data.DemoProposal]:
        """The call's submitted proposals, by id, with their specs."""
        by_title = {(p.group, p.title): p for p in data.ALL_PROPOSALS if p.call == spec.key}
        keys = {group.id: key for key, group in self.groups.items()}
        rows = db.session.scalars(
            sa.select(Proposal)
            .where(Proposal.call_id == call.id, Proposal.submitted_at.is_not(None))
            .order_by(Proposal.id)
        )
        return {row.id: by_title[keys[row.group_id], row.title] for row in rows}

    def _prepare_review(self, call: Call, spec: data.DemoCall, closes: dt.datetime) -> None:
        """Committee, eligibility, conflicts and assignments, as the officers did them."""
        officer = self._user(spec.officer)
        with clock_at(at_day(closes, -14, 10)):
            for email in spec.committee:
                if not is_appointed(call, self._user(email)):
                    appoint_reviewer(call, self._user(email), officer)
        proposals = {
            p.id: p
            for p in db.session.scalars(
                sa.select(Proposal).where(Proposal.call_id == call.id).order_by(Proposal.id)
            )
        }
        specs = self._specs(call, spec)
        for index, (proposal_id, proposal_spec) in enumerate(specs.items()):
            proposal = proposals[proposal_id]
            if proposal.state is ProposalState.SUBMITTED and proposal_spec.checked:
                # About ten minutes a proposal, from the morning after the window closed.
                day, minute = divmod(index * 10, 6 * 60)
                with clock_at(at_day(closes, 1 + day, 9, 30 + minute)):
                    mark_eligible(proposal, officer)
        for email, group_key, note in spec.conflicts:
            reviewer = self._user(email)
            for proposal in proposals.values():
                if (
                    proposal.group_id == self.groups[group_key].id
                    and proposal.state is ProposalState.ELIGIBLE
                    and declared_conflict(proposal, reviewer) is None
                ):
                    with clock_at(at_day(closes, 2, 11)):
                        declare_conflict(proposal, reviewer, note)
        assigned = db.session.scalar(
            sa.select(sa.func.count(ReviewAssignment.id))
            .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
            .where(Proposal.call_id == call.id)
        )
        with clock_at(at_day(closes, 2, 15)):
            if not assigned and call.phase is Phase.IN_REVIEW:
                set_reviewers_per_proposal(call, spec.reviewers_per_proposal, officer)
                auto_assign(call, officer)

    def _assignments(self, call: Call) -> list[ReviewAssignment]:
        return list(
            db.session.scalars(
                sa.select(ReviewAssignment)
                .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
                .where(Proposal.call_id == call.id)
                .order_by(ReviewAssignment.proposal_id, ReviewAssignment.reviewer_id)
            )
        )

    def _score(
        self,
        assignment: ReviewAssignment,
        spec: data.DemoProposal,
        call_spec: data.DemoCall,
        moment: dt.datetime,
        *,
        submit: bool,
    ) -> None:
        reviewer = assignment.reviewer
        ids = {criterion.name: criterion.id for criterion in assignment.proposal.call.criteria}
        scores = reviews.review_scores(spec, reviewer.email, call_spec.criteria)
        if not submit:  # a draft: the first criteria scored, the rest still to think about
            scores = dict(list(scores.items())[:2])
        with clock_at(moment):
            save_review(
                assignment,
                reviewer,
                {ids[name]: value for name, value in scores.items()},
                submit=submit,
            )
        self.report.created("reviews")

    def _ask_questions(self, call: Call, spec: data.DemoCall, closes: dt.datetime) -> None:
        for question_spec in data.QUESTIONS:
            if question_spec.call != spec.key:
                continue
            proposal = db.session.scalar(
                sa.select(Proposal).where(
                    Proposal.call_id == call.id, Proposal.title == question_spec.title
                )
            )
            asker = self._user(question_spec.asker)
            exists = db.session.scalar(
                sa.select(Question.id).where(
                    Question.proposal_id == proposal.id, Question.author_id == asker.id
                )
            )
            if exists is not None:
                continue
            with clock_at(at_day(closes, question_spec.asked_days, 18, 40)):
                question = questions.ask(proposal, asker, question_spec.body)
            if question_spec.answer:
                group = proposal.group
                answerer = self._user(question_spec.answered_by or group.representative.email)
                with clock_at(at_day(closes, question_spec.answered_days, 20, 15)):
                    questions.answer(question, answerer, question_spec.answer)

    def _decide(self, call: Call, spec: data.DemoCall) -> None:
        """Take the call of 2003-2006 through review, recommendation, selection and
        publication, at the moments they happened: within a month of the window closing."""
        if call.decided_at is not None:
            self.report.skipped("decisions", f"decision on {spec.title}")
            return
        closes = call.closes_at
        officer, mayor = self._user(spec.officer), self._user(data.MAYORS_OFFICE)
        self._prepare_review(call, spec, closes)
        self._ask_questions(call, spec, closes)
        specs = self._specs(call, spec)
        assignments = self._assignments(call)
        for index, assignment in enumerate(assignments):
            if review_of(assignment) is None:
                # Reviewers score in the evenings of the following eleven days.
                moment = at_day(closes, 3 + index * 11 // len(assignments), 19, index * 7 % 60)
                self._score(assignment, specs[assignment.proposal_id], spec, moment, submit=True)
        with clock_at(at_day(closes, 14, 17)):
            if call.phase is Phase.IN_REVIEW:
                advance_phase(call, officer, "close_review")

        # The committee meets and votes; the officer records its decisions that evening.
        reviewers = {}
        for assignment in assignments:
            reviewers.setdefault(assignment.proposal_id, []).append(assignment.reviewer.email)
        eligible = db.session.scalars(
            sa.select(Proposal)
            .where(Proposal.call_id == call.id, Proposal.state == ProposalState.ELIGIBLE)
            .order_by(Proposal.id)
        ).all()
        for index, proposal in enumerate(eligible):
            if recommendation_of(proposal) is not None:
                continue
            proposal_spec = specs[proposal.id]
            means = reviews.criterion_means(
                proposal_spec, reviewers.get(proposal.id, ()), spec.criteria
            )
            votes_for, against, abstain = reviews.committee_vote(
                proposal_spec, voting_members(proposal)
            )
            with clock_at(at_day(closes, 18, 19, index)):
                record_recommendation(
                    proposal,
                    officer,
                    recommended=reviews.recommended(proposal_spec),
                    votes_for=votes_for,
                    votes_against=against,
                    votes_abstain=abstain,
                    rationale=reviews.rationale(proposal_spec, means),
                )
            self.report.created("recommendations")
        with clock_at(at_day(closes, 20, 10)):
            if call.phase is Phase.RECOMMENDING:
                advance_phase(call, officer, "close_recommendations")

        # The mayor's office decides on each recommended proposal, then publishes.
        for index, proposal in enumerate(eligible):
            proposal_spec = specs[proposal.id]
            if proposal_spec.decision is None or selection_of(proposal) is not None:
                continue
            reason = reviews.selection_reason(proposal_spec)
            with clock_at(at_day(closes, 24 + index % 3, 14, index)):
                if proposal_spec.decision == data.SELECTED:
                    select(
                        proposal,
                        mayor,
                        reason=reason,
                        awarded_amount=proposal_spec.awarded,
                        amount_reason=proposal_spec.amount_reason,
                    )
                else:
                    decline(proposal, mayor, reason=reason)
            self.report.created("selections")
        with clock_at(at_day(closes, 28, 11)):
            publish(call, mayor)
        self.report.created("decisions", f"decision on {spec.title}")

    def _review(self, call: Call, spec: data.DemoCall, now: dt.datetime) -> None:
        """The call in review: most proposals checked, the committee half-way through.

        Reviewers have submitted some reviews, saved one or two drafts, and left some
        untouched: the chair (reviewer1) most of all.
        """
        closes = call.closes_at
        self._prepare_review(call, spec, closes)
        self._ask_questions(call, spec, closes)
        specs = self._specs(call, spec)
        per_reviewer: dict[str, list[ReviewAssignment]] = {}
        for assignment in self._assignments(call):
            per_reviewer.setdefault(assignment.reviewer.email, []).append(assignment)
        latest = now - dt.timedelta(hours=1)
        for number, email in enumerate(sorted(per_reviewer)):
            queue = per_reviewer[email]
            done, drafts = REVIEW_PROGRESS.get(email, (len(queue), 0))
            done = min(done, len(queue)) if done >= 0 else len(queue) + done
            for index, assignment in enumerate(queue[: done + drafts]):
                if review_of(assignment) is not None:
                    continue
                moment = min(at_day(closes, 3 + index * 2 + number % 2, 20, number * 9), latest)
                self._score(
                    assignment, specs[assignment.proposal_id], spec, moment, submit=index < done
                )

    # --- projects and their yearly reports -----------------------------------------------

    def _load_results(self, spec: data.DemoResults, now: dt.datetime) -> None:
        """The project's lead officer, its indicators' categories and its yearly reports,
        each prepared and submitted by the lead officer and verified by the other officer;
        a finished project is then completed."""
        project = db.session.scalar(
            sa.select(Project)
            .join(Proposal, Proposal.id == Project.proposal_id)
            .where(Proposal.title == spec.title, Proposal.group_id == self.groups[spec.group].id)
        )
        lead, verifier = self._user(spec.lead), self._user(spec.verifier)
        call = project.call
        started = call.decided_at + dt.timedelta(days=3)
        latest = now - dt.timedelta(hours=1)
        indicators = {
            indicator.name: indicator
            for indicator in db.session.scalars(
                sa.select(Indicator).where(Indicator.project_id == project.id)
            )
        }
        if project.lead_officer_id is None:
            with clock_at(started):
                take_lead(project, lead)
                update_project(
                    project,
                    lead,
                    starts_on=dt.date(call.fiscal_year, 12, 1),
                    ends_on=None,
                    department=project.department,
                )
                for name, categories in spec.categories:
                    set_categories(
                        indicators[name],
                        lead,
                        [(None, category) for category in categories],
                        "The agreement counts courses and participants by who organises and "
                        "teaches the course.",
                    )
            self.report.created("projects", f"lead of {project.title}")
        else:
            self.report.skipped("projects")

        years = list(spec.years)
        last_year = None
        if spec.running_base is not None:
            # Every fiscal year up to the last one that ended before today.
            last_year = fiscal_year_of(now.astimezone(ZONE).date()) - 1
            years = [
                (year, data.running_figures(spec, call.fiscal_year, year))
                for year in range(call.fiscal_year, last_year + 1)
            ]
        done = set(
            db.session.scalars(
                sa.select(ProjectReport.fiscal_year).where(ProjectReport.project_id == project.id)
            )
        )
        for index, (year, figures) in enumerate(years):
            if year in done:
                self.report.skipped("reports")
                continue
            if year == last_year and spec.last_report == "missing":
                continue  # overdue: the officers have not written it yet
            pending = year == last_year and spec.last_report == "submitted"
            if pending:
                submitted = latest - dt.timedelta(days=6)
            else:
                submitted = min(local(dt.datetime(year + 1, 5, 10 + index % 12, 14)), latest)
            with clock_at(submitted):
                report = start_report(project, lead, year)
                save_report(
                    report,
                    lead,
                    self._values(indicators, figures),
                    notes=spec.note(year),
                    outcomes=spec.outcome(year),
                )
                submit_report(report, lead)
            if not pending:
                with clock_at(min(submitted + dt.timedelta(days=8, hours=-3), latest)):
                    verify_report(report, verifier)
            self.report.created("reports")

        if spec.completed and project.status is ProjectStatus.ACTIVE and years:
            final = years[-1][0]
            with clock_at(min(local(dt.datetime(final + 1, 6, 30, 11)), latest)):
                update_project(
                    project,
                    lead,
                    starts_on=project.starts_on,
                    ends_on=dt.date(final + 1, 3, 31),
                    department=project.department,
                )
                complete(project, lead)

    @staticmethod
    def _values(indicators: dict[str, Indicator], figures: data.Figures) -> dict:
        values = {}
        for name, figure in figures.items():
            indicator = indicators[name]
            if indicator.categories:
                for category, value in zip(indicator.categories, figure, strict=True):
                    values[indicator.id, category.id] = decimal.Decimal(value)
            else:
                values[indicator.id, None] = decimal.Decimal(figure)
        return values


# How far each member of the committee has got with the call in review: (reviews
# submitted, drafts saved); a negative number counts from the end of the queue.
REVIEW_PROGRESS = {
    "reviewer1@kyodo.example": (1, 1),
    "reviewer2@kyodo.example": (99, 0),
    "reviewer3@kyodo.example": (99, 0),
    "reviewer4@kyodo.example": (-1, 1),
    "reviewer5@kyodo.example": (2, 0),
}


def at_day(moment: dt.datetime, days: int, hour: int, minute: int = 0) -> dt.datetime:
    """``days`` after ``moment``'s date in the city, at ``hour``:``minute`` local time."""
    date = moment.astimezone(ZONE).date() + dt.timedelta(days=days)
    return local(dt.datetime.combine(date, dt.time(hour)) + dt.timedelta(minutes=minute))


def review_window(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The window of the call in review: it closed some days before ``now``."""
    today = now.astimezone(ZONE).date()
    opens = dt.datetime.combine(
        today - dt.timedelta(days=data.REVIEW_CALL_OPENED_DAYS_AGO), dt.time(9)
    )
    closes = dt.datetime.combine(
        today - dt.timedelta(days=data.REVIEW_CALL_CLOSED_DAYS_AGO), dt.time(17)
    )
    return local(opens), local(closes)


def _rep(spec: data.DemoProposal) -> str:
    return next(g.representative for g in data.DEMO_GROUPS if g.key == spec.group)


def current_window(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The current call's window: opened some weeks before ``now``, closing some weeks after."""
    today = now.astimezone(ZONE).date()
    opens = dt.datetime.combine(
        today - dt.timedelta(days=data.CURRENT_CALL_OPENED_DAYS_AGO), dt.time(9)
    )
    closes = dt.datetime.combine(
        today + dt.timedelta(days=data.CURRENT_CALL_CLOSES_IN_DAYS), dt.time(17)
    )
    return local(opens), local(closes)


def proposal_moments(
    opens: dt.datetime, until: dt.datetime, index: int, count: int
) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
    """When proposal ``index`` of ``count`` is first saved, completed and submitted.

    Spread over the window from ``opens`` to ``until`` (more of them near the end, as in
    real calls), in office hours of the city's timezone, in order and strictly inside the
    window.
    """
    # 7 shares no factor with the demo's counts, so this is a permutation of 0..count-1:
    # the order of the data module is not the order of drafting.
    rank = (index * 7) % count if count % 7 else index
    span = until - opens
    start = 0.05 + 0.5 * rank / count
    fractions = (start, start + 0.1, start + 0.2 + 0.2 * ((index * 3) % 5) / 4)
    seed = opens.year + index * 47
    moments: list[dt.datetime] = []
    for step, fraction in enumerate(fractions):
        raw = opens + span * fraction
        minutes = (seed + step * 101) % 480  # between 9:30 and 17:30
        snapped = local(
            dt.datetime.combine(raw.astimezone(ZONE).date(), dt.time(9, 30))
            + dt.timedelta(minutes=minutes)
        )
        low = moments[-1] if moments else opens
        # Office hours when they fit (always, in windows of weeks); else stay inside and in order.
        if low < snapped < until:
            moments.append(snapped)
        elif low < raw < until:
            moments.append(raw)
        else:
            moments.append(low + (until - low) / 2)
    return moments[0], moments[1], moments[2]
