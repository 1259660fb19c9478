"""The search index: DDL per backend, kept in sync by database triggers, and ``rebuild()``.

Japanese has no spaces between words, so both backends index characters, not words:

* SQLite: an FTS5 table with the ``trigram`` tokenizer (own copy of the text, so a
  trigger-only design needs no content table), plus an ``fts5vocab`` view of its terms.
  Each column is stored with a trailing space, so every 2-character substring of the
  original text begins some indexed trigram; a 2-character query is answered by looking
  up those trigrams in the vocabulary (a B-tree range) and OR-ing them.
* PostgreSQL: a ``proposal_search`` table holding one lower-cased document per proposal
  (title, summary and group name), a GIN ``gin_trgm_ops`` index for LIKE on 3+ character
  terms and a GIN index on its stored array of distinct bigrams for 2-character terms (pg_trgm
  cannot match fewer than three characters). One document per proposal keeps a term's
  match in the group's name inside one index, instead of an OR across two tables.

Triggers on ``proposals``, ``groups`` and ``proposal_themes`` keep the index in step with
every write, bulk inserts included, a group's rename and a proposal's new status or themes.
The same DDL serves the migration and ``db.create_all()`` (tests), through the metadata
events registered at the bottom.
"""

from __future__ import annotations

import sqlalchemy as sa

from proposals.extensions import db
from proposals.submissions.models import ProposalState
from proposals.themes import Theme

# Every database object of the index is named with this prefix (or is an FTS5 shadow
# table of one), so that schema comparisons can leave them out.
PREFIX = "proposal_search"

# --- facets: the filters, indexed beside the text -----------------------------------------
#
# Filtering a common word by call, group, status or theme row by row would visit every
# proposal containing the word. Instead each indexed row carries its filter values, so the
# index intersects them with the text. In SQLite each value is one trigram of Unicode
# private-use characters (a kind, then the value in two 12-bit digits), which no text
# contains; in PostgreSQL it is an element of a text[] ("c:12", "s:eligible") under GIN.

FACET_CALL, FACET_GROUP, FACET_STATE, FACET_THEME = 0xE001, 0xE002, 0xE003, 0xE004
_DIGIT = 0xE100


def facet_trigram(kind: int, value: int) -> str:
    """The SQLite facet token of ``value`` (a non-negative integer below 2**24)."""
    return chr(kind) + chr(_DIGIT + (value >> 12)) + chr(_DIGIT + (value & 0xFFF))


# States and themes are numbered by their place in their enum (the SQL is generated from the
# same lists): a value added or reordered there needs a migration that reinstalls the index.
def state_number(state) -> int:
    return list(ProposalState).index(ProposalState(state))


def theme_number(theme) -> int:
    return list(Theme).index(Theme(theme))


def _sqlite_case(column: str, values) -> str:
    whens = " ".join(f"WHEN '{value.value}' THEN {number}" for number, value in enumerate(values))
    return f"(CASE {column} {whens} END)"


def _sqlite_facet(kind: int, expression: str) -> str:
    return f"char({kind}, {_DIGIT} + (({expression}) >> 12), {_DIGIT} + (({expression}) & 4095))"


def _sqlite_facets(row: str) -> str:
    """SQL for the facets text of proposal ``row`` (``new`` in a trigger, or ``proposals``)."""
    theme = _sqlite_facet(FACET_THEME, _sqlite_case("proposal_themes.theme", Theme))
    return (
        f"{_sqlite_facet(FACET_CALL, f'{row}.call_id')} || ' ' || "
        f"{_sqlite_facet(FACET_GROUP, f'{row}.group_id')} || ' ' || "
        f"{_sqlite_facet(FACET_STATE, _sqlite_case(f'{row}.state', ProposalState))} || ' ' || "
        f"coalesce((SELECT group_concat({theme}, ' ') FROM proposal_themes "
        f"WHERE proposal_themes.proposal_id = {row}.id), '')"
    )


# The trailing space makes a term at the very end of a text findable by 2 characters.
def _sqlite_insert(row: str, where: str) -> str:
    return f"""INSERT INTO proposal_search (rowid, title, summary, group_name, facets)
        SELECT {row}.id, {row}.title || ' ', {row}.summary || ' ', groups.name || ' ',
               {_sqlite_facets(row)}
        FROM {where}"""


SQLITE_INSTALL = (
    "CREATE VIRTUAL TABLE proposal_search USING fts5("
    "title, summary, group_name, facets, tokenize = 'trigram')",
    "CREATE VIRTUAL TABLE proposal_search_terms USING fts5vocab(proposal_search, 'row')",
    f"""CREATE TRIGGER proposal_search_insert AFTER INSERT ON proposals BEGIN
        {_sqlite_insert("new", "groups WHERE groups.id = new.group_id")};
    END""",
    f"""CREATE TRIGGER proposal_search_update
    AFTER UPDATE OF title, summary, group_id, call_id, state ON proposals BEGIN
        DELETE FROM proposal_search WHERE rowid = old.id;
        {_sqlite_insert("new", "groups WHERE groups.id = new.group_id")};
    END""",
    """CREATE TRIGGER proposal_search_delete AFTER DELETE ON proposals BEGIN
        DELETE FROM proposal_search WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER proposal_search_group_renamed AFTER UPDATE OF name ON groups
    WHEN old.name IS NOT new.name BEGIN
        UPDATE proposal_search SET group_name = new.name || ' '
        WHERE rowid IN (SELECT id FROM proposals WHERE group_id = new.id);
    END""",
    *(
        f"""CREATE TRIGGER proposal_search_themes_{event.lower()} AFTER {event}
        ON proposal_themes BEGIN
            UPDATE proposal_search SET facets = (
                SELECT {_sqlite_facets("proposals")} FROM proposals
                WHERE proposals.id = {row}.proposal_id
            ) WHERE rowid = {row}.proposal_id;
        END"""
        for event, row in (("INSERT", "new"), ("DELETE", "old"), ("UPDATE", "new"))
    ),
)

SQLITE_UNINSTALL = (
    "DROP TRIGGER IF EXISTS proposal_search_themes_update",
    "DROP TRIGGER IF EXISTS proposal_search_themes_delete",
    "DROP TRIGGER IF EXISTS proposal_search_themes_insert",
    "DROP TRIGGER IF EXISTS proposal_search_group_renamed",
    "DROP TRIGGER IF EXISTS proposal_search_delete",
    "DROP TRIGGER IF EXISTS proposal_search_update",
    "DROP TRIGGER IF EXISTS proposal_search_insert",
    "DROP TABLE IF EXISTS proposal_search_terms",
    "DROP TABLE IF EXISTS proposal_search",
)

SQLITE_REBUILD = (
    "DELETE FROM proposal_search",
    _sqlite_insert("proposals", "proposals JOIN groups ON groups.id = proposals.group_id"),
    "INSERT INTO proposal_search (proposal_search) VALUES ('optimize')",
)

# The document separates its parts by a newline, which a search term never contains
# (terms are split on whitespace), so no match straddles the title and the summary.
_PG_DOCUMENT = "lower({title} || E'\\n' || {summary} || E'\\n' || {group_name})"


def _pg_facets(row: str) -> str:
    return (
        f"ARRAY['c:' || {row}.call_id, 'g:' || {row}.group_id, 's:' || {row}.state::text]"
        f" || coalesce((SELECT array_agg('t:' || proposal_themes.theme::text)"
        f" FROM proposal_themes WHERE proposal_themes.proposal_id = {row}.id), '{{}}')"
    )


POSTGRES_INSTALL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE FUNCTION proposal_search_bigrams(document text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT substr(document, i, 2)), '{}')
        FROM generate_series(1, length(document) - 1) AS i
    $$""",
    """CREATE TABLE proposal_search (
        proposal_id integer PRIMARY KEY REFERENCES proposals (id) ON DELETE CASCADE,
        document text NOT NULL,
        bigrams text[] NOT NULL,
        facets text[] NOT NULL
    )""",
    "CREATE INDEX proposal_search_trigrams ON proposal_search USING gin (document gin_trgm_ops)",
    "CREATE INDEX proposal_search_bigrams_index ON proposal_search USING gin (bigrams)",
    "CREATE INDEX proposal_search_facets ON proposal_search USING gin (facets)",
    f"""CREATE FUNCTION proposal_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO proposal_search (proposal_id, document, bigrams, facets)
        SELECT NEW.id, doc, proposal_search_bigrams(doc), {_pg_facets("NEW")}
        FROM (
            SELECT {
        _PG_DOCUMENT.format(title="NEW.title", summary="NEW.summary", group_name="groups.name")
    } AS doc
            FROM groups WHERE groups.id = NEW.group_id
        ) AS documents
        ON CONFLICT (proposal_id) DO UPDATE SET document = EXCLUDED.document,
            bigrams = EXCLUDED.bigrams, facets = EXCLUDED.facets;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER proposal_search_refresh
    AFTER INSERT OR UPDATE OF title, summary, group_id, call_id, state ON proposals
    FOR EACH ROW EXECUTE FUNCTION proposal_search_refresh()""",
    f"""CREATE FUNCTION proposal_search_group_renamed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE proposal_search
        SET document = documents.doc, bigrams = proposal_search_bigrams(documents.doc)
        FROM (
            SELECT proposals.id, {
        _PG_DOCUMENT.format(
            title="proposals.title", summary="proposals.summary", group_name="NEW.name"
        )
    } AS doc
            FROM proposals WHERE proposals.group_id = NEW.id
        ) AS documents
        WHERE proposal_search.proposal_id = documents.id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER proposal_search_group_renamed AFTER UPDATE OF name ON groups
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION proposal_search_group_renamed()""",
    f"""CREATE FUNCTION proposal_search_retag() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        tagged integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.proposal_id
                               ELSE NEW.proposal_id END;
    BEGIN
        UPDATE proposal_search SET facets = (
            SELECT {_pg_facets("proposals")} FROM proposals WHERE proposals.id = tagged
        ) WHERE proposal_search.proposal_id = tagged;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER proposal_search_retag AFTER INSERT OR UPDATE OR DELETE
    ON proposal_themes FOR EACH ROW EXECUTE FUNCTION proposal_search_retag()""",
)

# The extension stays: other databases objects may use it, and dropping it needs rights.
POSTGRES_UNINSTALL = (
    "DROP TRIGGER IF EXISTS proposal_search_retag ON proposal_themes",
    "DROP TRIGGER IF EXISTS proposal_search_group_renamed ON groups",
    "DROP TRIGGER IF EXISTS proposal_search_refresh ON proposals",
    "DROP FUNCTION IF EXISTS proposal_search_retag()",
    "DROP FUNCTION IF EXISTS proposal_search_group_renamed()",
    "DROP FUNCTION IF EXISTS proposal_search_refresh()",
    "DROP TABLE IF EXISTS proposal_search",
    "DROP FUNCTION IF EXISTS proposal_search_bigrams(text)",
)

POSTGRES_REBUILD = (
    "TRUNCATE proposal_search",
    f"""INSERT INTO proposal_search (proposal_id, document, bigrams, facets)
    SELECT proposals.id, doc, proposal_search_bigrams(doc), {_pg_facets("proposals")}
    FROM proposals JOIN (
        SELECT proposals.id, {
        _PG_DOCUMENT.format(
            title="proposals.title", summary="proposals.summary", group_name="groups.name"
        )
    } AS doc
        FROM proposals JOIN groups ON groups.id = proposals.group_id
    ) AS documents ON documents.id = proposals.id""",
    "ANALYZE proposal_search",
)


def _statements(dialect_name: str, which: str) -> tuple[str, ...]:
    if dialect_name == "postgresql":
        return {
            "install": POSTGRES_INSTALL,
            "uninstall": POSTGRES_UNINSTALL,
            "rebuild": POSTGRES_REBUILD,
        }[which]
    if dialect_name == "sqlite":
        return {
            "install": SQLITE_INSTALL,
            "uninstall": SQLITE_UNINSTALL,
            "rebuild": SQLITE_REBUILD,
        }[which]
    raise NotImplementedError(f"search index for {dialect_name}")


def install(connection: sa.Connection) -> None:
    """Create the index, its triggers and (PostgreSQL) functions; fills it from existing rows."""
    for statement in _statements(connection.dialect.name, "install"):
        connection.exec_driver_sql(statement)
    _execute(connection, "rebuild")


def uninstall(connection: sa.Connection) -> None:
    """Drop everything ``install`` created."""
    for statement in _statements(connection.dialect.name, "uninstall"):
        connection.exec_driver_sql(statement)


def _execute(connection: sa.Connection, which: str) -> None:
    for statement in _statements(connection.dialect.name, which):
        connection.exec_driver_sql(statement)


def rebuild(connection: sa.Connection | None = None) -> None:
    """Refill the index from the proposals and groups tables.

    The triggers keep it current on every write, so this is only needed after loading rows
    with the triggers out of the way, or to compact the SQLite index after a bulk load.
    Runs on ``connection`` if given (the caller commits), else in the app's session (committed).
    """
    if connection is not None:
        _execute(connection, "rebuild")
        return
    _execute(db.session.connection(), "rebuild")
    db.session.commit()


def is_index_object(name: str | None) -> bool:
    """True for the index's tables, indexes and the FTS5 shadow tables (``proposal_search_*``)."""
    return bool(name) and name.startswith(PREFIX)


def include_name(name, type_, parent_names) -> bool:
    """Alembic ``include_name`` hook: schema comparisons ignore the search index's objects."""
    return not is_index_object(name)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic ``include_object`` hook, for tools that filter objects rather than names."""
    return not is_index_object(name)


def _after_create(target, connection, **kw) -> None:
    # create_all() runs again on an existing schema (checkfirst): install once only.
    if connection.dialect.name in ("sqlite", "postgresql") and not sa.inspect(connection).has_table(
        PREFIX
    ):
        install(connection)


def _before_drop(target, connection, **kw) -> None:
    if connection.dialect.name in ("sqlite", "postgresql"):
        uninstall(connection)


# ``db.create_all()`` (the test suite's schema) gets the same index as the migration.
sa.event.listen(db.metadata, "after_create", _after_create)
sa.event.listen(db.metadata, "before_drop", _before_drop)
