"""Throw-away databases for the test run."""

import uuid

import sqlalchemy as sa


def create_postgres_database(base_url: str):
    """Create a uniquely named database beside ``base_url``; return its URL and a dropper.

    The database named in ``base_url`` is only used to connect; its contents are never read.
    """
    url = sa.engine.make_url(base_url)
    name = f"kyodo_test_{uuid.uuid4().hex[:12]}"
    admin_engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin_engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


def empty_all_tables(db) -> None:
    """Delete every row, children first, and commit: each test starts from nothing."""
    tables = [table.name for table in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        for name in tables:
            db.session.execute(sa.text(f"DELETE FROM {name}"))
    db.session.commit()
