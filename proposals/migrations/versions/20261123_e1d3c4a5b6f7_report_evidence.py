"""Evidence attachments on indicator reports.

Revision ID: e1d3c4a5b6f7
Revises: c4c4e5a1b2d3
Create Date: 2026-11-23 16:30:00

"""
from alembic import op
import sqlalchemy as sa

import proposals.database


# revision identifiers, used by Alembic.
revision = 'e1d3c4a5b6f7'
down_revision = 'c4c4e5a1b2d3'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
