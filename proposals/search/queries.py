"""Search over the public proposals: one function, one backend switch, no request objects.

A query is split on whitespace into terms; a proposal matches when every term occurs
(ignoring case) in its title, its summary or its group's name. Terms need at least
``MIN_TERM_LENGTH`` characters: two already make a Japanese word (防災, 福祉).

Results come newest first (proposal id descending), which is total and stable, so walking
the pages shows every match exactly once. The total is exact up to ``COUNT_LIMIT``;
beyond it the page says "more than COUNT_LIMIT", because counting a very common term
over 100,000 proposals would cost more than the page itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import joinedload

from proposals.calls.models import Call
from proposals.calls.queries import is_public_clause
from proposals.extensions import db
from proposals.search import index
from proposals.submissions.models import Proposal, ProposalState
from proposals.themes import Theme

MIN_TERM_LENGTH = 2
MAX_QUERY_LENGTH = 200
PER_PAGE = 20
COUNT_LIMIT = 200
# Deep OFFSETs cost in proportion to the depth; past this page, the filters are the answer.
MAX_PAGE = 100
SNIPPET_LENGTH = 160

# What the public may filter by: every state a public proposal can be in.
PUBLIC_STATES = tuple(state for state in ProposalState if state is not ProposalState.DRAFT)


@dataclasses.dataclass(frozen=True)
class Filters:
    call_id: int | None = None
    state: ProposalState | None = None
    theme: Theme | None = None
    group_id: int | None = None

    def __bool__(self) -> bool:
        return any(value is not None for value in dataclasses.astuple(self))


@dataclasses.dataclass
class ResultPage:
    """One page of results: ``items`` (proposals with group and call loaded) and the total.

    ``total_is_lower_bound`` is true when there are more than ``total`` (= COUNT_LIMIT) matches.
    """

    items: list[Proposal]
    terms: list[str]
    page: int
    per_page: int
    total: int
    total_is_lower_bound: bool
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def pages(self) -> int | None:
        """The number of pages, when the total is exact."""
        if self.total_is_lower_bound:
            return None
        return max(1, -(-self.total // self.per_page))

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.per_page + 1


def split_terms(query: str) -> list[str]:
    """The distinct terms of ``query``, lower-cased, in order."""
    terms: list[str] = []
    for term in query.split():
        term = term.lower()
        if term not in terms:
            terms.append(term)
    return terms


def search(
    query: str,
    filters: Filters = Filters(),
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
    now: dt.datetime | None = None,
) -> ResultPage:
    """The ``page``-th page of public proposals matching ``query`` and ``filters``.

    ``query`` must be valid (see ``split_terms``, ``MIN_TERM_LENGTH``, ``MAX_QUERY_LENGTH``);
    an empty query lists every public proposal the filters allow.
    """
    terms = split_terms(query)
    if any(len(term) < MIN_TERM_LENGTH for term in terms):
        raise ValueError("search terms need at least two characters")
    matching = matching_ids(terms, filters, now)
    if matching is None:
        return ResultPage([], terms, page, per_page, 0, False, False)
    offset = (page - 1) * per_page
    found = list(db.session.scalars(matching.limit(per_page + 1).offset(offset)))
    has_next = len(found) > per_page
    found = found[:per_page]
    if not has_next and (found or page == 1):
        total = offset + len(found)
    else:
        # Counting stops at COUNT_LIMIT + 1: a common word over 100,000 proposals would
        # otherwise cost more than the page itself.
        capped = matching.limit(COUNT_LIMIT + 1).subquery()
        total = db.session.scalar(sa.select(sa.func.count()).select_from(capped))
    return ResultPage(
        items=_load(found),
        terms=terms,
        page=page,
        per_page=per_page,
        total=min(total, COUNT_LIMIT),
        total_is_lower_bound=total > COUNT_LIMIT,
        has_next=has_next,
    )


def _public(query: sa.Select, now: dt.datetime | None) -> sa.Select:
    """``query`` (which joins Proposal and Call) restricted to what the public may see."""
    return query.where(is_public_clause(now))


def matching_ids(
    terms: list[str], filters: Filters = Filters(), now: dt.datetime | None = None
) -> sa.Select | None:
    """The ids of the public proposals containing every term, filtered, newest first.

    None when the index shows that nothing can match.
    """
    if not terms and not filters:
        query = sa.select(Proposal.id).join(Call, Call.id == Proposal.call_id)
        return _public(query, now).order_by(Proposal.id.desc())
    dialect = db.session.get_bind().dialect.name
    if dialect == "sqlite":
        return _sqlite_matching_ids(terms, filters, now)
    if dialect == "postgresql":
        # psycopg prepares a statement run five times; PostgreSQL may then reuse a generic
        # plan, blind to how common the searched words are, and pick a plan that reads every
        # proposal. Plan each search for its own words (this transaction only).
        db.session.execute(sa.text("SET LOCAL plan_cache_mode = force_custom_plan"))
        return _postgres_matching_ids(terms, filters, now)
    raise NotImplementedError(f"search on {dialect}")


# --- SQLite: FTS5 trigram -------------------------------------------------------------

_fts = sa.table("proposal_search", sa.column("rowid"))
_terms = sa.table("proposal_search_terms", sa.column("term"))


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _sqlite_match_expression(terms: list[str], filters: Filters) -> str | None:
    parts = []
    for term in terms:
        if len(term) >= 3:
            parts.append(_phrase(term))
            continue
        # Every indexed text ends with a space, so each occurrence of a 2-character term
        # starts an indexed trigram: find those in the vocabulary (a B-tree range).
        trigrams = db.session.scalars(
            sa.select(_terms.c.term).where(
                _terms.c.term >= term, _terms.c.term < term + "\U0010ffff"
            )
        ).all()
        if not trigrams:
            return None
        parts.append("(" + " OR ".join(_phrase(trigram) for trigram in trigrams) + ")")
    facets = [
        (index.FACET_CALL, filters.call_id),
        (index.FACET_GROUP, filters.group_id),
        (index.FACET_STATE, filters.state and index.state_number(filters.state)),
        (index.FACET_THEME, filters.theme and index.theme_number(filters.theme)),
    ]
    for kind, value in facets:
        if value is not None:
            parts.append(_phrase(index.facet_trigram(kind, value)))
    return " AND ".join(parts)


def _sqlite_matching_ids(
    terms: list[str], filters: Filters, now: dt.datetime | None
) -> sa.Select | None:
    expression = _sqlite_match_expression(terms, filters)
    if expression is None:
        return None
    # Walk the index's matches newest first (FTS5 yields rowids in order), so a page stops
    # as soon as it is full; only the visibility is checked on the proposals' rows.
    query = (
        sa.select(Proposal.id)
        .select_from(_fts)
        .join(Proposal, Proposal.id == _fts.c.rowid)
        .join(Call, Call.id == Proposal.call_id)
        .where(sa.text("proposal_search MATCH :match").bindparams(match=expression))
    )
    return _public(query, now).order_by(_fts.c.rowid.desc())


# --- PostgreSQL: pg_trgm and bigrams ------------------------------------------------------

_documents = sa.table(
    "proposal_search",
    sa.column("proposal_id"),
    sa.column("document", sa.Text()),
    sa.column("bigrams", postgresql.ARRAY(sa.Text())),
    sa.column("facets", postgresql.ARRAY(sa.Text())),
)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_TEXT_ARRAY = postgresql.ARRAY(sa.Text())


def _text_array(values: list[str]):
    return sa.cast(values, _TEXT_ARRAY)


def _postgres_matching_ids(
    terms: list[str], filters: Filters, now: dt.datetime | None
) -> sa.Select:
    # PostgreSQL checks equally cheap conditions in the order written: the LIKEs of longer
    # terms first, as they cost least per row and reject most rows.
    conditions = []
    short_terms = []
    for term in terms:
        if len(term) >= 3:
            # The document is lower-cased like the terms: LIKE (under the trigram index),
            # cheaper than ILIKE row by row.
            conditions.append(_documents.c.document.like(f"%{_escape_like(term)}%", escape="\\"))
        else:
            # pg_trgm extracts no trigram from two characters (a LIKE would scan its whole
            # index): the bigram index finds them, exactly.
            short_terms.append(_documents.c.bigrams.contains(_text_array([term])))
    facets = [
        f"{prefix}:{value}"
        for prefix, value in (
            ("c", filters.call_id),
            ("g", filters.group_id),
            ("s", filters.state and filters.state.value),
            ("t", filters.theme and filters.theme.value),
        )
        if value is not None
    ]
    if facets:
        conditions.append(_documents.c.facets.contains(_text_array(facets)))
    conditions += short_terms
    query = (
        sa.select(Proposal.id)
        .join(Call, Call.id == Proposal.call_id)
        .join(_documents, _documents.c.proposal_id == Proposal.id)
        .where(*conditions)
    )
    return _public(query, now).order_by(Proposal.id.desc())


# --- results ----------------------------------------------------------------------------


def _load(ids: list[int]) -> list[Proposal]:
    if not ids:
        return []
    proposals = db.session.scalars(
        sa.select(Proposal)
        .where(Proposal.id.in_(ids))
        .options(joinedload(Proposal.group), joinedload(Proposal.call))
    ).unique()
    by_id = {proposal.id: proposal for proposal in proposals}
    return [by_id[proposal_id] for proposal_id in ids]


def highlighted(text: str, terms: list[str], length: int | None = None) -> list[tuple[str, bool]]:
    """``text`` cut around the first match to ``length`` characters, as (part, is_match) pairs.

    The template escapes every part and wraps the matches in <mark>: no markup is built here.
    """
    text = text or ""
    pattern = (
        re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
        if terms
        else None
    )
    first = pattern.search(text) if pattern else None
    if length is not None and len(text) > length:
        start = max(0, (first.start() if first else 0) - length // 4)
        end = min(len(text), start + length)
        start = max(0, end - length)
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    if pattern is None:
        return [(text, False)] if text else []
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            parts.append((text[position : match.start()], False))
        parts.append((match.group(), True))
        position = match.end()
    if position < len(text):
        parts.append((text[position:], False))
    return parts
