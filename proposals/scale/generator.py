"""The scale data set: a synthetic city programme inserted in bulk into an empty database.

Rows go in through SQLAlchemy Core ``insert()`` executemany in batches, with explicit ids,
never one ORM object per row; yet every row is one the application itself could have
written: states fit their call's phase, reviews come from appointed committee members on
assigned eligible proposals with scores in each criterion's range, the committee's votes
follow its recommendations, the mayor's awards stay within the envelope and sum to
``calls.selected_total``, each selected proposal of a decided call has its project, and only
verified reports, checked by another officer than the one who submitted them, hold values.

The plan (who, which call, which state) is made first, in memory and from one seeded random
generator; the rows are then streamed table by table. Noise that several tables must agree
on (a review's scores, a report's values) comes from ``_noise``, a pure function of ids.
"""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import math
import random
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from proposals import models as m
from proposals.accounts.models import Role
from proposals.calls.models import Phase
from proposals.database import utcnow
from proposals.extensions import db
from proposals.groups.models import GroupKind
from proposals.projects.indicators import Aggregation, Direction, fiscal_year_of, period_bounds
from proposals.scale import text
from proposals.themes import Theme

PASSWORD = "kyodo-scale"  # noqa: S105 (the documented password of synthetic accounts)
EMAIL_DOMAIN = "kyodo.example"
BATCH = 5_000
PROGRESS_EVERY = 250_000
REPORTS_PER_PROJECT = 10
# Per report: two plain indicators and three categories of the third.
VALUES_PER_REPORT = 2 + len(text.CATEGORIES)

FIXED_ACCOUNTS = {
    "admin": ("scale-admin@kyodo.example", "Scale Admin", Role.ADMIN),
    "officer": ("scale-officer@kyodo.example", "Scale Officer", Role.CITY_OFFICER),
    "officer2": ("scale-officer2@kyodo.example", "Scale Officer Two", Role.CITY_OFFICER),
    "mayor": ("scale-mayor@kyodo.example", "Scale Mayor", Role.MAYORS_OFFICE),
    "reviewer": ("scale-reviewer@kyodo.example", "Scale Reviewer", Role.REVIEWER),
    "citizen": ("scale-citizen@kyodo.example", "Scale Citizen", None),
}


@dataclass(frozen=True)
class Size:
    calls: int
    users: int
    groups: int
    proposals: int
    projects: int
    reviews: int
    reviewers: int
    officers: int
    mayors: int
    largest: int  # proposals of the largest call (decided)
    selecting: int  # proposals of the call in the mayor's selection
    recommended: int  # of which the committee recommended
    in_review: int
    recommending: int
    open: int  # each of two open calls
    upcoming: int
    committee: tuple[int, int]  # committee size range


SIZES = {
    "default": Size(
        calls=200,
        users=50_000,
        groups=10_000,
        proposals=100_000,
        projects=20_000,
        reviews=300_000,
        reviewers=400,
        officers=40,
        mayors=3,
        largest=5_000,
        selecting=1_300,
        recommended=500,
        in_review=2_000,
        recommending=1_000,
        open=1_000,
        upcoming=200,
        committee=(12, 30),
    ),
    "small": Size(
        calls=20,
        users=500,
        groups=100,
        proposals=1_000,
        projects=200,
        reviews=3_000,
        reviewers=30,
        officers=6,
        mayors=2,
        largest=150,
        selecting=130,
        recommended=50,
        in_review=40,
        recommending=20,
        open=20,
        upcoming=5,
        committee=(8, 15),
    ),
    "tiny": Size(
        calls=10,
        users=100,
        groups=20,
        proposals=100,
        projects=20,
        reviews=300,
        reviewers=8,
        officers=3,
        mayors=1,
        largest=20,
        selecting=14,
        recommended=5,
        in_review=12,
        recommending=6,
        open=5,
        upcoming=2,
        committee=(5, 6),
    ),
}


class NotEmpty(Exception):
    """The database already holds data: the generator only fills an empty one."""


# --- the plan -------------------------------------------------------------------------------


@dataclass
class CallPlan:
    id: int
    phase: Phase
    fiscal_year: int
    opens_at: dt.datetime
    closes_at: dt.datetime
    review_closed_at: dt.datetime | None = None
    recommendations_closed_at: dt.datetime | None = None
    decided_at: dt.datetime | None = None
    review_due_at: dt.datetime | None = None
    officer_id: int = 0
    themes: list[Theme] = field(default_factory=list)
    max_per_proposal: int = 0
    budget_envelope: int = 0
    selected_total: int = 0
    reviewers_per_proposal: int = 2
    committee: list[int] = field(default_factory=list)
    first_proposal: int = 0  # ids of its proposals: first_proposal .. first_proposal + count - 1
    count: int = 0
    eligible: list[int] = field(default_factory=list)  # proposal ids, best first
    recommended: int = 0  # the first ``recommended`` of ``eligible``
    recorded: int = 0  # how many of ``eligible`` have a recommendation
    selected: list[int] = field(default_factory=list)
    declined: list[int] = field(default_factory=list)


@dataclass
class ProposalPlan:
    call: int  # index in Plan.calls
    group_id: int
    state: str
    quality: float
    requested: int
    topic: int
    area: int
    japanese: bool
    themes: tuple[Theme, ...]


@dataclass
class Plan:
    size: Size
    seed: int
    now: dt.datetime
    users: dict[str, int]  # fixed accounts by key
    officers: list[int]
    mayors: list[int]
    reviewers: list[int]
    citizens_first: int  # user ids from here to the end are citizens
    group_members: list[list[int]]  # per group (index = id - 1), the representative first
    calls: list[CallPlan]
    proposals: list[ProposalPlan]  # index = id - 1
    awards: dict[int, int]  # proposal id -> awarded amount (selected)
    largest: int = 0
    selecting: int = 0
    in_review: int = 0


def _rng(seed: int) -> random.Random:
    # Synthetic data, not secrets: a seeded generator makes the data set reproducible.
    return random.Random(seed)  # noqa: S311


def _noise(a: int, b: int = 0) -> float:
    """A reproducible number in [0, 1) from two ids, for values several tables agree on."""
    x = (a * 2654435761 + b * 40503 + 12345) & 0xFFFFFFFF
    x ^= x >> 15
    x = (x * 2246822519) & 0xFFFFFFFF
    x ^= x >> 13
    return x / 4294967296


def _spread(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` into integers that add up exactly."""
    whole = sum(weights)
    result, cumulative, given = [], 0.0, 0
    for weight in weights:
        cumulative += weight
        upto = round(total * cumulative / whole)
        result.append(upto - given)
        given = upto
    return result


def _day(moment: dt.datetime, days: float) -> dt.datetime:
    return moment + dt.timedelta(days=days)


def make_plan(size: Size, seed: int, now: dt.datetime) -> Plan:
    rng = _rng(seed)
    current_fy = fiscal_year_of(now.date())
    last_reported = current_fy - 1

    # Users: the fixed accounts first, then staff, then citizens.
    users = {key: number for number, key in enumerate(FIXED_ACCOUNTS, start=1)}
    next_id = len(FIXED_ACCOUNTS) + 1
    officers = [users["officer"], users["officer2"]]
    officers += list(range(next_id, next_id + size.officers - 2))
    next_id += size.officers - 2
    mayors = [users["mayor"]] + list(range(next_id, next_id + size.mayors - 1))
    next_id += size.mayors - 1
    reviewers = [users["reviewer"]] + list(range(next_id, next_id + size.reviewers - 1))
    next_id += size.reviewers - 1
    citizens_first = next_id
    citizens = [users["citizen"]] + list(range(citizens_first, size.users + 1))

    # Groups: distinct representatives, a few more members each (reviewers never are).
    if len(citizens) < size.groups:
        raise ValueError("not enough citizens for the groups")
    group_members = []
    for number in range(size.groups):
        members = [citizens[number]]
        for _ in range(rng.randint(0, 6)):
            member = rng.choice(citizens)
            if member not in members:
                members.append(member)
        group_members.append(members)

    # Calls, oldest first: decided calls over twenty years, then the ones in progress.
    specials = [
        (Phase.RECOMMENDING, size.recommending),
        (Phase.SELECTING, size.selecting),
        (Phase.IN_REVIEW, size.in_review),
        (Phase.OPEN, size.open),
        (Phase.OPEN, size.open),
        (Phase.UPCOMING, size.upcoming),
    ]
    decided = size.calls - len(specials)
    largest_index = max(0, decided - 3)
    rest = size.proposals - size.largest - sum(count for _phase, count in specials)
    weights = [rng.uniform(0.5, 1.5) for _ in range(decided - 1)]
    counts = _spread(rest, weights)
    counts.insert(largest_index, size.largest)
    counts += [count for _phase, count in specials]

    calls: list[CallPlan] = []
    all_themes = list(Theme)
    for index in range(size.calls):
        call_id = index + 1
        if index < decided:
            fiscal_year = last_reported - 21 + (index * 20) // decided
            opens_at = dt.datetime(fiscal_year - 1, 9, 1, 0, 0, tzinfo=dt.UTC)
            opens_at = _day(opens_at, (index % 10) * 3)
            closes_at = _day(opens_at, 45)
            call = CallPlan(
                call_id,
                Phase.DECIDED,
                fiscal_year,
                opens_at,
                closes_at,
                review_closed_at=_day(closes_at, 60),
                recommendations_closed_at=_day(closes_at, 80),
                decided_at=_day(closes_at, 100),
            )
        else:
            phase, _count = specials[index - decided]
            offsets = {
                Phase.RECOMMENDING: (-120, -80),
                Phase.SELECTING: (-150, -110),
                Phase.IN_REVIEW: (-60, -20),
                Phase.OPEN: (-15, 30) if index - decided == 3 else (-5, 60),
                Phase.UPCOMING: (20, 60),
            }[phase]
            opens_at, closes_at = _day(now, offsets[0]), _day(now, offsets[1])
            call = CallPlan(call_id, phase, current_fy + 1, opens_at, closes_at)
            if phase is Phase.RECOMMENDING:
                call.review_closed_at = _day(now, -10)
            elif phase is Phase.SELECTING:
                call.review_closed_at = _day(now, -40)
                call.recommendations_closed_at = _day(now, -7)
            elif phase is Phase.IN_REVIEW:
                call.review_due_at = _day(now, 20)
        call.officer_id = officers[index % len(officers)]
        call.themes = sorted(rng.sample(all_themes, rng.randint(3, 6)))
        call.max_per_proposal = rng.choice((1_000_000, 2_000_000, 3_000_000, 5_000_000))
        low, high = size.committee
        call.committee = rng.sample(reviewers, min(len(reviewers), rng.randint(low, high)))
        calls.append(call)

    plan = Plan(
        size=size,
        seed=seed,
        now=now,
        users=users,
        officers=officers,
        mayors=mayors,
        reviewers=reviewers,
        citizens_first=citizens_first,
        group_members=group_members,
        calls=calls,
        proposals=[],
        awards={},
        largest=calls[largest_index].id,
        selecting=calls[decided + 1].id,
        in_review=calls[decided + 2].id,
    )
    # The scale officer runs the largest call and the one in review; the scale reviewer
    # sits on the committee of the call in review.
    calls[largest_index].officer_id = users["officer"]
    review_call = calls[decided + 2]
    review_call.officer_id = users["officer"]
    if users["reviewer"] not in review_call.committee:
        review_call.committee[0] = users["reviewer"]

    _plan_proposals(plan, rng, counts)
    _plan_decisions(plan, rng)
    return plan


# Proposal states by phase, with their weights.
_STATES = {
    Phase.DECIDED: (("draft", 2), ("withdrawn", 3), ("ineligible", 7), ("eligible", 88)),
    Phase.SELECTING: (("draft", 2), ("withdrawn", 3), ("ineligible", 7), ("eligible", 88)),
    Phase.RECOMMENDING: (("draft", 2), ("withdrawn", 3), ("ineligible", 7), ("eligible", 88)),
    Phase.IN_REVIEW: (
        ("draft", 2),
        ("withdrawn", 3),
        ("submitted", 15),
        ("ineligible", 5),
        ("eligible", 75),
    ),
    Phase.OPEN: (("draft", 50), ("submitted", 45), ("withdrawn", 5)),
    Phase.UPCOMING: (("draft", 1),),
}


def _plan_proposals(plan: Plan, rng: random.Random, counts: list[int]) -> None:
    topics_by_theme = {topic.theme: n for n, topic in enumerate(text.TOPICS)}
    next_id = 1
    for call, count in zip(plan.calls, counts, strict=True):
        call.first_proposal, call.count = next_id, count
        states, weights = zip(*_STATES[call.phase], strict=True)
        topics = [topics_by_theme[theme] for theme in call.themes if theme in topics_by_theme]
        for position in range(count):
            state = rng.choices(states, weights)[0]
            # The scale citizen's group proposes to every tenth call, the largest and the
            # one open now: a draft it can still edit, public proposals and a project.
            if position == 0 and (
                call.id % 10 == 0
                or call.id in (plan.largest, plan.in_review)
                or call.phase is Phase.OPEN
            ):
                group_id = 1
                if call.phase is Phase.OPEN:
                    state = "draft"
                elif call.id == plan.largest:
                    state = "eligible"
            else:
                group_id = rng.randint(1, plan.size.groups)
            topic = rng.choice(topics)
            themes = {text.TOPICS[topic].theme}
            if rng.random() < 0.5:
                themes.add(rng.choice(call.themes))
            requested = rng.randint(20, call.max_per_proposal // 10_000) * 10_000
            plan.proposals.append(
                ProposalPlan(
                    call=call.id - 1,
                    group_id=group_id,
                    state=state,
                    quality=rng.random(),
                    requested=requested,
                    topic=topic,
                    area=rng.randrange(len(text.AREAS_JA)),
                    japanese=rng.random() < 0.6,
                    themes=tuple(sorted(themes)),
                )
            )
            if state == "eligible":
                call.eligible.append(next_id)
            next_id += 1
        call.eligible.sort(key=lambda pid: -plan.proposals[pid - 1].quality)


def _plan_decisions(plan: Plan, rng: random.Random) -> None:
    size = plan.size
    decided = [call for call in plan.calls if call.phase is Phase.DECIDED]
    # Projects spread over the decided calls in proportion to their eligible proposals.
    selected_counts = _spread(size.projects, [len(call.eligible) for call in decided])
    for call, selected in zip(decided, selected_counts, strict=True):
        selected = min(selected, len(call.eligible))
        recommended = min(
            len(call.eligible), max(math.ceil(selected * 1.15), round(0.28 * len(call.eligible)))
        )
        call.recommended = recommended
        call.recorded = len(call.eligible)
        call.selected = call.eligible[:selected]
        call.declined = call.eligible[selected:recommended]
        total = 0
        for pid in call.selected:
            amount = plan.proposals[pid - 1].requested
            if _noise(pid, 7) < 0.1:  # a tenth awarded less than requested, with a reason
                amount = max(10_000, amount * 9 // 10 // 10_000 * 10_000)
            plan.awards[pid] = amount
            total += amount
        call.selected_total = total
        call.budget_envelope = max(
            call.max_per_proposal,
            (total // 1_000_000 + 1 + rng.randint(0, 3)) * 1_000_000,
        )

    selecting = plan.calls[plan.selecting - 1]
    selecting.recommended = min(size.recommended, len(selecting.eligible))
    selecting.recorded = len(selecting.eligible)
    recommended = selecting.eligible[: selecting.recommended]
    asked = sum(plan.proposals[pid - 1].requested for pid in recommended)
    envelope = asked * 35 // 100 // 1_000_000 * 1_000_000
    selecting.budget_envelope = max(selecting.max_per_proposal, envelope)
    # The mayor's office has started: the best fifth selected (within 60% of the envelope),
    # the last few recommended declined.
    total = 0
    for pid in selecting.eligible[: selecting.recommended // 5]:
        amount = plan.proposals[pid - 1].requested
        if total + amount > selecting.budget_envelope * 6 // 10:
            break
        selecting.selected.append(pid)
        plan.awards[pid] = amount
        total += amount
    selecting.selected_total = total
    selecting.declined = selecting.eligible[
        selecting.recommended - max(1, selecting.recommended // 20) : selecting.recommended
    ]

    recommending = next(call for call in plan.calls if call.phase is Phase.RECOMMENDING)
    recommending.recorded = len(recommending.eligible) // 2
    recommending.recommended = recommending.recorded // 3

    for call in plan.calls:
        if call.budget_envelope == 0:
            call.budget_envelope = call.max_per_proposal * max(10, call.count // 4)

    # Reviewers per proposal, call by call, so that the total comes near the target.
    reviewed = [call for call in plan.calls if call.phase is not Phase.IN_REVIEW and call.eligible]
    in_review = plan.calls[plan.in_review - 1]
    in_review.reviewers_per_proposal = min(3, len(in_review.committee))
    target = size.reviews - len(in_review.eligible) * in_review.reviewers_per_proposal * 7 // 10
    eligible_total = sum(len(call.eligible) for call in reviewed) or 1
    done, seen = 0, 0
    for call in reviewed:
        seen += len(call.eligible)
        wanted = round(target * seen / eligible_total) - done
        k = max(1, min(len(call.committee), round(wanted / len(call.eligible))))
        call.reviewers_per_proposal = k
        done += k * len(call.eligible)


# --- rows -------------------------------------------------------------------------------------


class Loader:
    """Inserts rows table by table in batches and reports progress.

    SQLite: Core ``insert()`` executemany, 5,000 rows a batch (sqlite3 loops in C).
    PostgreSQL: one ``COPY ... FROM STDIN`` per table on the same connection and transaction,
    each value converted by its column type's own bind processor, exactly as Core would;
    every CHECK, foreign key and unique constraint still applies to every row, but the
    server skips the per-statement work of an INSERT per row, which made the default size
    take close to ten minutes on a busy two-core machine.
    """

    def __init__(self, connection: sa.Connection, echo: Callable[[str], None]):
        self.connection = connection
        self.echo = echo
        self.counts: dict[str, int] = {}
        self.copy = connection.dialect.name == "postgresql"

    def insert(self, table: sa.Table, rows: Iterable[dict]) -> None:
        started = time.perf_counter()
        load = self._copy if self.copy else self._executemany
        count = load(table, rows, started)
        elapsed = time.perf_counter() - started
        self.counts[table.name] = self.counts.get(table.name, 0) + count
        rate = count / elapsed if elapsed > 0 else 0.0
        self.echo(f"  {table.name:<24} {count:>10,} rows {elapsed:>7.1f} s {rate:>10,.0f} rows/s")

    def _progress(self, table: sa.Table, count: int, started: float) -> None:
        rate = count / (time.perf_counter() - started)
        self.echo(f"  {table.name:<24} {count:>10,} rows ... {rate:>10,.0f} rows/s")

    def _executemany(self, table: sa.Table, rows: Iterable[dict], started: float) -> int:
        statement = table.insert()
        batch: list[dict] = []
        count = 0
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                self.connection.execute(statement, batch)
                count += len(batch)
                batch = []
                if count % PROGRESS_EVERY == 0:
                    self._progress(table, count, started)
        if batch:
            self.connection.execute(statement, batch)
            count += len(batch)
        return count

    def _copy(self, table: sa.Table, rows: Iterable[dict], started: float) -> int:
        iterator = iter(rows)
        first = next(iterator, None)
        if first is None:
            return 0
        names = list(first)
        dialect = self.connection.dialect
        processors = [
            (position, processor)
            for position, name in enumerate(names)
            if (processor := table.c[name].type.bind_processor(dialect)) is not None
        ]
        quoted = ", ".join(dialect.identifier_preparer.quote(name) for name in names)
        target = dialect.identifier_preparer.format_table(table)
        driver = self.connection.connection.driver_connection
        count = 0
        with driver.cursor() as cursor, cursor.copy(f"COPY {target} ({quoted}) FROM STDIN") as copy:
            for row in itertools.chain((first,), iterator):
                values = [row[name] for name in names]
                for position, processor in processors:
                    values[position] = processor(values[position])
                copy.write_row(values)
                count += 1
                if count % PROGRESS_EVERY == 0:
                    self._progress(table, count, started)
        return count


def _users(plan: Plan, password_hash: str) -> Iterator[dict]:
    created = dt.datetime(2000, 4, 1, tzinfo=dt.UTC)
    fixed = {number: key for key, number in plan.users.items()}
    families, givens = text.FAMILY_NAMES, text.GIVEN_NAMES
    for user_id in range(1, plan.size.users + 1):
        if user_id in fixed:
            email, name, _role = FIXED_ACCOUNTS[fixed[user_id]]
        else:
            if user_id in plan.officers:
                email = f"officer{user_id}@scale.{EMAIL_DOMAIN}"
            elif user_id in plan.mayors:
                email = f"mayor{user_id}@scale.{EMAIL_DOMAIN}"
            elif user_id < plan.citizens_first:
                email = f"reviewer{user_id}@scale.{EMAIL_DOMAIN}"
            else:
                email = f"citizen{user_id}@scale.{EMAIL_DOMAIN}"
            name = f"{families[user_id % len(families)]} {givens[(user_id // 20) % len(givens)]}"
        yield {
            "id": user_id,
            "email": email,
            "display_name": name,
            "password_hash": password_hash,
            "session_token": secrets.token_hex(16),
            "is_disabled": False,
            "created_at": created,
        }


def _role_grants(plan: Plan) -> Iterator[dict]:
    admin = plan.users["admin"]
    granted = dt.datetime(2000, 4, 2, tzinfo=dt.UTC)
    roles = [(admin, Role.ADMIN)]
    roles += [(user, Role.CITY_OFFICER) for user in plan.officers]
    roles += [(user, Role.MAYORS_OFFICE) for user in plan.mayors]
    roles += [(user, Role.REVIEWER) for user in plan.reviewers]
    for number, (user, role) in enumerate(roles, start=1):
        yield {
            "id": number,
            "user_id": user,
            "role": role,
            "granted_by_id": admin,
            "granted_at": granted,
        }


def _group_names(plan: Plan, rng: random.Random) -> list[tuple[str, GroupKind, Theme]]:
    combos = [
        (area, topic, suffix)
        for area in range(len(text.AREAS_JA))
        for topic in range(len(text.TOPICS))
        for suffix in range(len(text.GROUP_SUFFIXES_JA))
    ]
    rng.shuffle(combos)
    kinds = list(GroupKind)
    names = []
    for number in range(plan.size.groups):
        area, topic, suffix = combos[number % len(combos)]
        topic_plan = text.TOPICS[topic]
        if number % 5 < 3:
            name = f"{text.AREAS_JA[area]}{topic_plan.ja}{text.GROUP_SUFFIXES_JA[suffix]}"
        else:
            name = f"{text.AREAS_EN[area]} {topic_plan.en.title()} {text.GROUP_SUFFIXES_EN[suffix]}"
        if number >= len(combos):
            name += f" {number // len(combos) + 1}"
        names.append((name, kinds[number % len(kinds)], topic_plan.theme))
    return names


def _groups(plan: Plan, names) -> Iterator[dict]:
    created = dt.datetime(2002, 4, 1, tzinfo=dt.UTC)
    for number, (name, kind, _theme) in enumerate(names, start=1):
        representative = plan.group_members[number - 1][0]
        yield {
            "id": number,
            "name": name,
            "kind": kind,
            "registration_number": f"NPO-{number:06d}" if kind is GroupKind.NPO else None,
            "representative_id": representative,
            "contact_email": _email_of(plan, representative),
            "contact_phone": f"046-{200 + number % 800:03d}-{number % 10_000:04d}",
            "description": f"{name}: 地域で活動する市民団体です。 A citizen group of the city.",
            "created_at": created,
        }


def _email_of(plan: Plan, user_id: int) -> str:
    if user_id == plan.users["citizen"]:
        return FIXED_ACCOUNTS["citizen"][0]
    return f"citizen{user_id}@scale.{EMAIL_DOMAIN}"


def _group_themes(names) -> Iterator[dict]:
    for number, (_name, _kind, theme) in enumerate(names, start=1):
        yield {"group_id": number, "theme": theme}


def _memberships(plan: Plan) -> Iterator[dict]:
    joined = dt.datetime(2002, 4, 1, tzinfo=dt.UTC)
    number = 0
    for group_id, members in enumerate(plan.group_members, start=1):
        for user_id in members:
            number += 1
            yield {"id": number, "group_id": group_id, "user_id": user_id, "joined_at": joined}


def _calls(plan: Plan) -> Iterator[dict]:
    for call in plan.calls:
        yield {
            "id": call.id,
            "title": f"市民協働提案制度 {call.fiscal_year}年度 第{call.id}回 / "
            f"Citizen Partnership FY{call.fiscal_year} (call {call.id})",
            "fiscal_year": call.fiscal_year,
            "description": (
                "市民団体と市が協働で取り組む事業の提案を募集します。\n\n"
                "Proposals for services **co-produced** by citizen groups and the city."
            ),
            "opens_at": call.opens_at,
            "closes_at": call.closes_at,
            "timezone": "Asia/Tokyo",
            "budget_envelope": call.budget_envelope,
            "max_per_proposal": call.max_per_proposal,
            "review_closed_at": call.review_closed_at,
            "recommendations_closed_at": call.recommendations_closed_at,
            "decided_at": call.decided_at,
            "review_due_at": call.review_due_at,
            "reviewers_per_proposal": call.reviewers_per_proposal,
            "selected_total": call.selected_total,
            "created_by_id": call.officer_id,
            "created_at": _day(call.opens_at, -30),
            "updated_at": _day(call.opens_at, -30),
        }


def _call_themes(plan: Plan) -> Iterator[dict]:
    for call in plan.calls:
        for theme in call.themes:
            yield {"call_id": call.id, "theme": theme}


def _criteria(plan: Plan) -> Iterator[dict]:
    for call in plan.calls:
        for position, (name_ja, name_en, weight, max_score) in enumerate(text.CRITERIA):
            yield {
                "id": _criterion_id(call.id, position),
                "call_id": call.id,
                "position": position,
                "name": f"{name_ja} / {name_en}",
                "description": "",
                "weight": weight,
                "max_score": max_score,
            }


def _criterion_id(call_id: int, position: int) -> int:
    return (call_id - 1) * len(text.CRITERIA) + position + 1


def _proposal_moments(plan: Plan, pid: int, call: CallPlan) -> dict[str, dt.datetime | None]:
    """When the proposal was created, submitted, withdrawn and checked, by its state."""
    window = (call.closes_at - call.opens_at).total_seconds()
    if call.phase is Phase.OPEN:
        window = (plan.now - call.opens_at).total_seconds()
    created = call.opens_at + dt.timedelta(seconds=window * 0.8 * _noise(pid, 1))
    if call.phase is Phase.UPCOMING:
        created = _day(plan.now, -_noise(pid, 1) * 5)
    state = plan.proposals[pid - 1].state
    submitted = withdrawn = checked = None
    if state != "draft":
        submitted = created + dt.timedelta(seconds=window * 0.15 * _noise(pid, 2))
    if state == "withdrawn":
        withdrawn = submitted + dt.timedelta(seconds=window * 0.04 * _noise(pid, 3) + 60)
    if state in ("eligible", "ineligible"):
        checked = _day(call.closes_at, 1 + 10 * _noise(pid, 4))
        if call.phase is Phase.IN_REVIEW:
            checked = _day(call.closes_at, 1 + 15 * _noise(pid, 4))
    updated = checked or withdrawn or submitted or created
    return {
        "created_at": created,
        "submitted_at": submitted,
        "withdrawn_at": withdrawn,
        "eligibility_decided_at": checked,
        "updated_at": updated,
    }


def _final_state(plan: Plan, pid: int, call: CallPlan) -> str:
    state = plan.proposals[pid - 1].state
    if call.phase is Phase.DECIDED and state == "eligible":
        return "selected" if pid in plan.awards else "not_selected"
    return state


def _text_of(proposal: ProposalPlan, rng: random.Random) -> dict[str, str]:
    return text.proposal_text(rng, text.TOPICS[proposal.topic], proposal.area, proposal.japanese)


def _proposals(plan: Plan) -> Iterator[dict]:
    for pid, proposal in enumerate(plan.proposals, start=1):
        call = plan.calls[proposal.call]
        rng = _rng(plan.seed * 1_000_003 + pid)
        fields = _text_of(proposal, rng)
        moments = _proposal_moments(plan, pid, call)
        state = _final_state(plan, pid, call)
        withdrawn = state == "withdrawn"
        yield {
            "id": pid,
            "call_id": call.id,
            "group_id": proposal.group_id,
            "created_by_id": plan.group_members[proposal.group_id - 1][0],
            "state": state,
            **fields,
            "requested_total": proposal.requested,
            "withdrawal_reason": text.WITHDRAWAL_REASONS[pid % 2] if withdrawn else None,
            "eligibility_decided_by_id": call.officer_id
            if moments["eligibility_decided_at"]
            else None,
            "ineligibility_reason": text.INELIGIBILITY_REASONS[pid % 2]
            if state == "ineligible"
            else None,
            **moments,
        }


def _proposal_themes(plan: Plan) -> Iterator[dict]:
    for pid, proposal in enumerate(plan.proposals, start=1):
        for theme in proposal.themes:
            yield {"proposal_id": pid, "theme": theme}


def _budget_lines(plan: Plan) -> Iterator[dict]:
    number = 0
    items = text.BUDGET_ITEMS
    for pid, proposal in enumerate(plan.proposals, start=1):
        first = proposal.requested * 6 // 10 // 10_000 * 10_000
        japanese = proposal.japanese
        for position, amount in enumerate((first, proposal.requested - first)):
            number += 1
            item = items[(pid + position * 3) % len(items)]
            yield {
                "id": number,
                "proposal_id": pid,
                "position": position,
                "item": item[0] if japanese else item[1],
                "amount": amount,
            }


def _annual_target(pid: int, position: int) -> int:
    base = (1_200, 600, 24)[position]
    return int(base * (0.5 + _noise(pid, 10 + position)))


def _planned_indicators(plan: Plan) -> Iterator[dict]:
    number = 0
    for pid, proposal in enumerate(plan.proposals, start=1):
        for position, (name_ja, name_en, unit, _kind) in enumerate(text.INDICATORS):
            number += 1
            yield {
                "id": number,
                "proposal_id": pid,
                "position": position,
                "name": name_ja if proposal.japanese else name_en,
                "unit": unit,
                "baseline": 0,
                "annual_target": _annual_target(pid, position),
            }


def _reviewed_calls(plan: Plan) -> list[CallPlan]:
    return [
        call
        for call in plan.calls
        if call.phase in (Phase.IN_REVIEW, Phase.RECOMMENDING, Phase.SELECTING, Phase.DECIDED)
    ]


def _committee_members(plan: Plan) -> Iterator[dict]:
    number = 0
    for call in _reviewed_calls(plan):
        for user_id in call.committee:
            number += 1
            yield {
                "id": number,
                "call_id": call.id,
                "user_id": user_id,
                "appointed_by_id": call.officer_id,
                "appointed_at": _day(call.closes_at, 1),
            }


@dataclass(frozen=True)
class Assignment:
    id: int
    call: CallPlan
    proposal_id: int
    reviewer_id: int
    # None: not started; else the number of criteria scored and whether submitted.
    scored: int
    submitted: bool


def _assignments(plan: Plan) -> Iterator[Assignment]:
    """Each eligible proposal's k reviewers, round robin over the committee (balanced)."""
    number = 0
    criteria = len(text.CRITERIA)
    for call in _reviewed_calls(plan):
        committee, k = call.committee, call.reviewers_per_proposal
        in_review = call.phase is Phase.IN_REVIEW
        for position, pid in enumerate(sorted(call.eligible)):
            for turn in range(k):
                number += 1
                reviewer = committee[(position * k + turn) % len(committee)]
                scored, submitted = criteria, True
                if in_review:
                    luck = _noise(number, 20)
                    if luck < 0.3:
                        scored, submitted = 0, False
                    elif luck < 0.5:
                        scored, submitted = 1, False
                yield Assignment(number, call, pid, reviewer, scored, submitted)


def _assignment_rows(plan: Plan) -> Iterator[dict]:
    for a in _assignments(plan):
        yield {
            "id": a.id,
            "proposal_id": a.proposal_id,
            "reviewer_id": a.reviewer_id,
            "assigned_by_id": a.call.officer_id,
            "assigned_at": _day(a.call.closes_at, 16 + _noise(a.id, 21)),
        }


def _review_moment(plan: Plan, a: Assignment) -> dt.datetime:
    start = _day(a.call.closes_at, 17)
    end = a.call.review_closed_at or plan.now
    return start + (end - start) * (0.2 + 0.75 * _noise(a.id, 22))


def _reviews(plan: Plan) -> Iterator[dict]:
    for a in _assignments(plan):
        if a.scored:
            moment = _review_moment(plan, a)
            yield {
                "id": a.id,
                "assignment_id": a.id,
                "submitted_at": moment if a.submitted else None,
                "updated_at": moment,
            }


def _review_scores(plan: Plan) -> Iterator[dict]:
    number = 0
    comments = text.REVIEW_COMMENTS
    for a in _assignments(plan):
        quality = plan.proposals[a.proposal_id - 1].quality
        for position in range(a.scored):
            number += 1
            maximum = text.CRITERIA[position][3]
            score = round(quality * maximum + (_noise(a.id, position) - 0.5) * 4)
            yield {
                "id": number,
                "review_id": a.id,
                "criterion_id": _criterion_id(a.call.id, position),
                "score": max(0, min(maximum, score)),
                "comment": comments[(a.id + position) % len(comments)],
            }


def _votes(pid: int, voting: int, recommended: bool) -> tuple[int, int, int]:
    """A vote of the non-conflicted committee whose majority agrees with the outcome."""
    if recommended:
        yes = voting // 2 + 1 + int(_noise(pid, 30) * (voting - voting // 2))
        yes = min(yes, voting)
        no = int(_noise(pid, 31) * (voting - yes + 1))
        no = min(no, voting - yes, yes - 1)
    else:
        yes = int(_noise(pid, 30) * (voting // 2 + 1))
        no = yes + int(_noise(pid, 31) * (voting - 2 * yes + 1))
        no = max(1, min(no, voting - yes))
    abstain = int(_noise(pid, 32) * (voting - yes - no + 1))
    return yes, no, min(abstain, voting - yes - no)


def _recommendations(plan: Plan) -> Iterator[dict]:
    for call in plan.calls:
        if not call.recorded:
            continue
        end = call.recommendations_closed_at or plan.now
        for rank, pid in enumerate(call.eligible[: call.recorded]):
            if call.phase is Phase.RECOMMENDING:
                # Half recorded so far, in no particular order of merit.
                recommended = rank % 3 == 0
            else:
                recommended = rank < call.recommended
            yes, no, abstain = _votes(pid, len(call.committee), recommended)
            rationale = text.RATIONALES if recommended else text.NOT_RECOMMENDED_RATIONALES
            yield {
                "id": pid,
                "proposal_id": pid,
                "call_id": call.id,
                "recommended": recommended,
                "votes_for": yes,
                "votes_against": no,
                "votes_abstain": abstain,
                "rationale": rationale[pid % len(rationale)],
                "recorded_by_id": call.officer_id,
                "recorded_at": end - dt.timedelta(days=2 + 3 * _noise(pid, 33)),
            }


def _selections(plan: Plan) -> Iterator[dict]:
    for call in plan.calls:
        decided_by = plan.mayors[call.id % len(plan.mayors)]
        when = call.decided_at or plan.now
        for pid in call.selected + call.declined:
            selected = pid in plan.awards
            amount = plan.awards.get(pid)
            requested = plan.proposals[pid - 1].requested
            yield {
                "id": pid,
                "proposal_id": pid,
                "call_id": call.id,
                "outcome": "selected" if selected else "declined",
                "awarded_amount": amount,
                "reason": (text.SELECT_REASONS if selected else text.DECLINE_REASONS)[pid % 2],
                "amount_reason": "予算の範囲内で事業規模を調整 / Scaled to fit the envelope."
                if selected and amount != requested
                else None,
                "justification": None,
                "decided_by_id": decided_by,
                "decided_at": when - dt.timedelta(days=1 + 3 * _noise(pid, 40)),
            }


@dataclass(frozen=True)
class ProjectPlan:
    id: int
    proposal_id: int
    call: CallPlan
    lead_officer_id: int
    # (fiscal year, quarter or None) of each verified report
    periods: tuple[tuple[int, int | None], ...]
    ends_on: dt.date | None


def _projects_plan(plan: Plan) -> list[ProjectPlan]:
    last = fiscal_year_of(plan.now.date()) - 1
    projects = []
    for call in plan.calls:
        if call.phase is not Phase.DECIDED:
            continue
        for pid in sorted(call.selected):
            number = len(projects) + 1
            years = list(range(call.fiscal_year, last + 1))
            periods, ends_on = _periods(years, REPORTS_PER_PROJECT)
            if ends_on is not None and ends_on >= dt.date(last + 1, 4, 1):
                ends_on = None
            officer = plan.officers[(number * 7) % len(plan.officers)]
            projects.append(ProjectPlan(number, pid, call, officer, periods, ends_on))
    return projects


def _periods(years: list[int], wanted: int):
    """``wanted`` report periods over ``years``: yearly when there are enough years, else
    the most recent years by quarter (4 reports a year) until the count is reached."""
    if len(years) >= wanted:
        chosen = years[:wanted]
        return tuple((year, None) for year in chosen), dt.date(chosen[-1] + 1, 3, 31)
    extra = wanted - len(years)
    by_quarter, partial = divmod(extra, 3)
    if by_quarter + bool(partial) > len(years):
        raise ValueError("too few years for the reports wanted")
    periods = []
    for index, year in enumerate(years):
        if index < by_quarter:
            periods += [(year, quarter) for quarter in (1, 2, 3, 4)]
        elif index == by_quarter and partial:
            periods += [(year, quarter) for quarter in range(1, partial + 2)]
        else:
            periods.append((year, None))
    return tuple(periods), None


def _projects(plan: Plan, projects: list[ProjectPlan]) -> Iterator[dict]:
    for project in projects:
        proposal = plan.proposals[project.proposal_id - 1]
        rng = _rng(plan.seed * 1_000_003 + project.proposal_id)
        fields = _text_of(proposal, rng)
        completed = project.ends_on is not None
        yield {
            "id": project.id,
            "proposal_id": project.proposal_id,
            "call_id": project.call.id,
            "group_id": proposal.group_id,
            "title": fields["title"],
            "department": fields["department"],
            "awarded_amount": plan.awards[project.proposal_id],
            "status": "completed" if completed else "active",
            "discontinued_reason": None,
            "lead_officer_id": project.lead_officer_id,
            "starts_on": dt.date(project.call.fiscal_year, 4, 1),
            "ends_on": project.ends_on,
            "created_at": project.call.decided_at,
        }


def _indicator_id(project_id: int, position: int) -> int:
    return (project_id - 1) * len(text.INDICATORS) + position + 1


def _category_id(project_id: int, position: int) -> int:
    return (project_id - 1) * len(text.CATEGORIES) + position + 1


def _indicators(plan: Plan, projects: list[ProjectPlan]) -> Iterator[dict]:
    for project in projects:
        japanese = plan.proposals[project.proposal_id - 1].japanese
        for position, (name_ja, name_en, unit, kind) in enumerate(text.INDICATORS):
            yield {
                "id": _indicator_id(project.id, position),
                "project_id": project.id,
                "position": position,
                "name": name_ja if japanese else name_en,
                "unit": unit,
                "kind": kind,
                "aggregation": Aggregation.SUM,
                "direction": Direction.HIGHER_IS_BETTER,
                "baseline": decimal.Decimal(0),
                "target": decimal.Decimal(_annual_target(project.proposal_id, position)),
                "created_at": project.call.decided_at,
            }


def _indicator_categories(plan: Plan, projects: list[ProjectPlan]) -> Iterator[dict]:
    last = len(text.INDICATORS) - 1
    for project in projects:
        japanese = plan.proposals[project.proposal_id - 1].japanese
        for position, (name_ja, name_en) in enumerate(text.CATEGORIES):
            yield {
                "id": _category_id(project.id, position),
                "indicator_id": _indicator_id(project.id, last),
                "position": position,
                "name": name_ja if japanese else name_en,
            }


def _indicator_revisions(plan: Plan, projects: list[ProjectPlan]) -> Iterator[dict]:
    """Two per indicator: seeded from the proposal, then the lead officer's adjustment
    (the kind, and the breakdown of courses by who organised them)."""
    number = 0
    last = len(text.INDICATORS) - 1
    for project in projects:
        japanese = plan.proposals[project.proposal_id - 1].japanese
        for position, (name_ja, name_en, unit, kind) in enumerate(text.INDICATORS):
            target = f"{_annual_target(project.proposal_id, position)}.00"
            definition = {
                "name": name_ja if japanese else name_en,
                "unit": unit,
                "kind": kind.value,
                "aggregation": "sum",
                "direction": "higher",
                "baseline": "0.00",
                "target": target,
                "categories": [],
            }
            number += 1
            yield {
                "id": number,
                "indicator_id": _indicator_id(project.id, position),
                "definition": definition,
                "reason": "From the proposal",
                "changed_by_id": project.lead_officer_id,
                "changed_at": project.call.decided_at,
            }
            if position == last:
                number += 1
                names = [c[0] if japanese else c[1] for c in text.CATEGORIES]
                yield {
                    "id": number,
                    "indicator_id": _indicator_id(project.id, position),
                    "definition": {**definition, "categories": names},
                    "reason": "主催者別の内訳を追加 / Broken down by organiser.",
                    "changed_by_id": project.lead_officer_id,
                    "changed_at": _day(project.call.decided_at, 30),
                }


def _report_id(project_id: int, index: int) -> int:
    return (project_id - 1) * REPORTS_PER_PROJECT + index + 1


def _verifier(plan: Plan, project: ProjectPlan, index: int) -> int:
    others = plan.officers
    verifier = others[(project.id + index) % len(others)]
    if verifier == project.lead_officer_id:
        verifier = others[(project.id + index + 1) % len(others)]
    return verifier


def _report_moments(plan: Plan, project: ProjectPlan, year: int, quarter: int | None):
    _start, end = period_bounds(year, quarter)
    submitted = dt.datetime(end.year, end.month, end.day, 1, tzinfo=dt.UTC) + dt.timedelta(
        days=10 + 40 * _noise(project.id, year * 10 + (quarter or 0))
    )
    verified = submitted + dt.timedelta(days=1 + 10 * _noise(project.id, year))
    ceiling = plan.now - dt.timedelta(hours=1)
    return min(submitted, ceiling - dt.timedelta(hours=1)), min(verified, ceiling)


def _reports(plan: Plan, projects: list[ProjectPlan]) -> Iterator[dict]:
    for project in projects:
        japanese = plan.proposals[project.proposal_id - 1].japanese
        for index, (year, quarter) in enumerate(project.periods):
            submitted, verified = _report_moments(plan, project, year, quarter)
            yield {
                "id": _report_id(project.id, index),
                "project_id": project.id,
                "fiscal_year": year,
                "quarter": quarter,
                "revision": 1,
                "revision_reason": None,
                "state": "verified",
                "notes": "計画どおり実施。" if japanese else "Carried out as planned.",
                "outcomes": "参加者から好評を得た。" if japanese else "Well received.",
                "prepared_by_id": project.lead_officer_id,
                "submitted_by_id": project.lead_officer_id,
                "submitted_at": submitted,
                "verified_by_id": _verifier(plan, project, index),
                "verified_at": verified,
                "created_at": submitted - dt.timedelta(days=3),
                "updated_at": verified,
            }


def _report_values(plan: Plan, projects: list[ProjectPlan]) -> Iterator[dict]:
    number = 0
    last = len(text.INDICATORS) - 1
    for project in projects:
        targets = [_annual_target(project.proposal_id, p) for p in range(len(text.INDICATORS))]
        for index, (_year, quarter) in enumerate(project.periods):
            report_id = _report_id(project.id, index)
            share = 4 if quarter else 1
            for position in range(last):
                factor = 0.6 + 0.7 * _noise(report_id, position)
                raw = targets[position] * factor / share
                if text.INDICATORS[position][3].value == "hours":
                    value = decimal.Decimal(round(raw * 2)) / 2
                else:
                    value = decimal.Decimal(round(raw))
                number += 1
                yield {
                    "id": number,
                    "report_id": report_id,
                    "indicator_id": _indicator_id(project.id, position),
                    "category_id": None,
                    "value": value,
                }
            courses = targets[last] * (0.6 + 0.7 * _noise(report_id, last)) / share
            for category in range(len(text.CATEGORIES)):
                part = (0.5, 0.3, 0.2)[category] if len(text.CATEGORIES) == 3 else 1
                number += 1
                yield {
                    "id": number,
                    "report_id": report_id,
                    "indicator_id": _indicator_id(project.id, last),
                    "category_id": _category_id(project.id, category),
                    "value": decimal.Decimal(round(courses * part)),
                }


# --- running --------------------------------------------------------------------------------


@dataclass
class Result:
    size: str
    seed: int
    counts: dict[str, int]
    elapsed: float
    manifest: dict


def _user_count(connection: sa.Connection) -> int:
    return connection.scalar(sa.select(sa.func.count()).select_from(m.User.__table__))


def generate(
    engine: sa.Engine,
    size_name: str = "default",
    seed: int = 1,
    echo: Callable[[str], None] = print,
) -> Result:
    """Fill the empty database behind ``engine`` with the scale data set of ``size_name``.

    Refuses (``NotEmpty``) when the database has any user. Everything is written in one
    transaction: a failure leaves the database as empty as it was."""
    size = SIZES[size_name]
    started = time.perf_counter()
    with engine.connect() as connection:
        existing = _user_count(connection)
    if existing:
        raise NotEmpty(existing)
    now = utcnow().replace(microsecond=0)
    plan = make_plan(size, seed, now)
    projects = _projects_plan(plan)
    echo(f"Planned the {size_name} data set in {time.perf_counter() - started:.1f} s.")
    password_hash = generate_password_hash(PASSWORD)

    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        previous_sync = None
        if sqlite:
            previous_sync = connection.exec_driver_sql("PRAGMA synchronous").scalar()
            connection.exec_driver_sql("PRAGMA synchronous=OFF")
            connection.exec_driver_sql("PRAGMA cache_size=-65536")
            connection.exec_driver_sql("PRAGMA temp_store=MEMORY")
            connection.commit()
        try:
            with connection.begin():
                existing = _user_count(connection)
                if existing:
                    raise NotEmpty(existing)
                if not sqlite:
                    connection.exec_driver_sql("SET LOCAL synchronous_commit = off")
                # The search index's triggers would update it row by row (a GIN index on
                # PostgreSQL, FTS5 on SQLite): the index steps aside for the load and is
                # built once at the end, in the same transaction.
                search = _search_index()
                if search is not None:
                    search.uninstall(connection)
                loader = Loader(connection, echo)
                _load(loader, plan, projects, password_hash)
                if search is not None:
                    moment = time.perf_counter()
                    search.install(connection)
                    echo(f"  search index built in {time.perf_counter() - moment:.1f} s")
                if not sqlite:
                    _reset_sequences(connection)
        finally:
            if sqlite:
                connection.exec_driver_sql(f"PRAGMA synchronous={int(previous_sync)}")
                connection.commit()

    with engine.connect() as connection:
        counts = {
            table.name: connection.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }
    elapsed = time.perf_counter() - started
    manifest = _manifest(plan, projects, size_name, seed, counts, elapsed)
    echo(f"Done in {elapsed:.1f} s.")
    return Result(size_name, seed, counts, elapsed, manifest)


def _load(loader: Loader, plan: Plan, projects: list[ProjectPlan], password_hash: str) -> None:
    tables = db.metadata.tables
    names = _group_names(plan, _rng(plan.seed + 1))
    loader.insert(tables["users"], _users(plan, password_hash))
    loader.insert(tables["role_grants"], _role_grants(plan))
    loader.insert(tables["groups"], _groups(plan, names))
    loader.insert(tables["group_themes"], _group_themes(names))
    loader.insert(tables["memberships"], _memberships(plan))
    loader.insert(tables["calls"], _calls(plan))
    loader.insert(tables["call_themes"], _call_themes(plan))
    loader.insert(tables["criteria"], _criteria(plan))
    loader.insert(tables["proposals"], _proposals(plan))
    loader.insert(tables["proposal_themes"], _proposal_themes(plan))
    loader.insert(tables["budget_lines"], _budget_lines(plan))
    loader.insert(tables["planned_indicators"], _planned_indicators(plan))
    loader.insert(tables["committee_members"], _committee_members(plan))
    loader.insert(tables["review_assignments"], _assignment_rows(plan))
    loader.insert(tables["reviews"], _reviews(plan))
    loader.insert(tables["review_scores"], _review_scores(plan))
    loader.insert(tables["recommendations"], _recommendations(plan))
    loader.insert(tables["selections"], _selections(plan))
    loader.insert(tables["projects"], _projects(plan, projects))
    loader.insert(tables["indicators"], _indicators(plan, projects))
    loader.insert(tables["indicator_categories"], _indicator_categories(plan, projects))
    loader.insert(tables["indicator_revisions"], _indicator_revisions(plan, projects))
    loader.insert(tables["reports"], _reports(plan, projects))
    loader.insert(tables["report_values"], _report_values(plan, projects))


def _reset_sequences(connection: sa.Connection) -> None:
    """Explicit ids leave PostgreSQL's sequences at 1: move each past its table's ids."""
    for table in db.metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        sequence = connection.scalar(
            sa.text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        )
        if sequence:
            connection.execute(
                sa.text(
                    f"SELECT setval(:sequence, COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1,"
                    " false)"
                ),
                {"sequence": sequence},
            )


def _search_index():
    """The search area's index module (``install``/``uninstall``), when it exists."""
    try:
        from proposals.search import index  # noqa: PLC0415 (optional, another area's)
    except ImportError:
        return None
    if not (hasattr(index, "install") and hasattr(index, "uninstall")):
        return None
    return index


def _manifest(plan, projects, size_name, seed, counts, elapsed) -> dict:
    largest = plan.calls[plan.largest - 1]
    public = next(
        pid
        for pid in range(largest.first_proposal, largest.first_proposal + largest.count)
        if pid in plan.awards
    )
    project = next(p for p in projects if p.call.id == largest.id)
    theme_counts: dict[str, int] = {}
    for pid in range(largest.first_proposal, largest.first_proposal + largest.count):
        for theme in plan.proposals[pid - 1].themes:
            theme_counts[theme.value] = theme_counts.get(theme.value, 0) + 1
    theme = max(theme_counts, key=theme_counts.get)
    return {
        "size": size_name,
        "seed": seed,
        "generated_at": plan.now.isoformat(),
        "elapsed_seconds": round(elapsed, 1),
        "counts": counts,
        "password": PASSWORD,
        "accounts": {key: value[0] for key, value in FIXED_ACCOUNTS.items()},
        "largest_call_id": largest.id,
        "selecting_call_id": plan.selecting,
        "review_call_id": plan.in_review,
        "proposal_id": public,
        "project_id": project.id,
        "group_id": 1,
        # List filters for the largest call's proposals: its commonest theme and a state.
        "theme": theme,
        "status": "selected",
        "largest_call_filters": {"theme": theme, "status": "selected"},
        "search_terms": {"ja": list(text.SEARCH_TERMS_JA), "en": list(text.SEARCH_TERMS_EN)},
    }
