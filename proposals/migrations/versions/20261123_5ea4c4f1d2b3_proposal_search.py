"""Search over proposals: SQLite FTS5 trigram index / PostgreSQL pg_trgm indexes.

Revision ID: 5ea4c4f1d2b3
Revises: 17db10c9a77b
Create Date: 2026-11-23 16:30:00

"""
from alembic import op
import sqlalchemy as sa

import proposals.database


# revision identifiers, used by Alembic.
revision = '5ea4c4f1d2b3'
down_revision = '17db10c9a77b'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
