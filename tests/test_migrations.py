"""The migrations build exactly the schema the models describe, on this run's database engine."""

import os
import secrets

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from proposals import create_app
from proposals.extensions import db
from proposals.search.index import include_name
from tests.databases import create_postgres_database


@pytest.fixture
def empty_database_url(tmp_path):
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("postgresql"):
        url, drop = create_postgres_database(base)
        yield url
        drop()
    else:
        yield "sqlite:///" + str(tmp_path / "migrations.sqlite3")


@pytest.fixture
def fresh_app(empty_database_url):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": secrets.token_hex(8),
            "SQLALCHEMY_DATABASE_URI": empty_database_url,
        }
    )
    yield app
    with app.app_context():
        db.engine.dispose()


def test_migrations_produce_the_models_schema(fresh_app):
    with fresh_app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            # The search index's tables live outside the models (FTS5 shadow tables, trigram
            # tables): the same filter as env.py leaves them out of the comparison.
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": include_name}
            )
            differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_downgrade_to_an_empty_database(fresh_app):
    with fresh_app.app_context():
        upgrade()
        downgrade(revision="base")
        remaining = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert remaining == set()


def _normalised(sql: str) -> str:
    return "".join(ch for ch in str(sql).lower() if ch.isalnum() or ch in "'<>=")


def test_migrations_build_every_check_constraint_of_the_models(fresh_app):
    """Autogenerate does not compare CHECK constraints, and the envelope and the workflow
    rest on them: each named constraint of the models exists in the migrated database."""
    with fresh_app.app_context():
        upgrade()
        inspector = sa.inspect(db.engine)
        for table in db.metadata.sorted_tables:
            expected = {
                str(constraint.name)
                for constraint in table.constraints
                if isinstance(constraint, sa.CheckConstraint)
            }
            found = {c["name"] for c in inspector.get_check_constraints(table.name)}
            assert expected <= found, (table.name, expected - found)
        calls = {c["name"]: c["sqltext"] for c in inspector.get_check_constraints("calls")}
        assert "selectedtotal<=budgetenvelope" in _normalised(
            calls["ck_calls_selected_within_envelope"]
        )
