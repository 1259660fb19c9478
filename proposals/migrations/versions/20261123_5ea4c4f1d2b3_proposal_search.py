"""Search over proposals: SQLite FTS5 trigram index / PostgreSQL pg_trgm indexes.

Revision ID: 5ea4c4f1d2b3
Revises: 17db10c9a77b
Create Date: 2026-11-23 16:30:00

The DDL (per dialect) lives in proposals/search/index.py, the one copy shared with
``db.create_all()``: install() creates the index and its triggers and fills it from the
existing rows; uninstall() drops all of it. Any later change to that DDL needs its own
revision that uninstalls and reinstalls.
"""

from alembic import op

from proposals.search import index

# revision identifiers, used by Alembic.
revision = "5ea4c4f1d2b3"
down_revision = "17db10c9a77b"
branch_labels = None
depends_on = None


def upgrade():
    index.install(op.get_bind())


def downgrade():
    index.uninstall(op.get_bind())
