"""Public-page cache: version counters bumped by publication events.

Revision ID: c4c4e5a1b2d3
Revises: 5ea4c4f1d2b3
Create Date: 2026-11-23 16:30:00

"""
from alembic import op
import sqlalchemy as sa

import proposals.database


# revision identifiers, used by Alembic.
revision = 'c4c4e5a1b2d3'
down_revision = '5ea4c4f1d2b3'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
