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
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_downgrade_to_an_empty_database(fresh_app):
    with fresh_app.app_context():
        upgrade()
        downgrade(revision="base")
        remaining = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert remaining == set()
