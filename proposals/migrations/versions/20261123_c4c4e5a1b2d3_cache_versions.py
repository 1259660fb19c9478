"""Public-page cache: version counters bumped by publication events.

Revision ID: c4c4e5a1b2d3
Revises: 5ea4c4f1d2b3
Create Date: 2026-11-23 16:30:00

"""
import datetime as dt

from alembic import op
import sqlalchemy as sa

import proposals.database


# revision identifiers, used by Alembic.
revision = 'c4c4e5a1b2d3'
down_revision = '5ea4c4f1d2b3'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('cache_versions',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('changed_at', proposals.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_cache_versions_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cache_versions'))
    )
    # The application recreates a missing row, but a migrated database starts with one.
    op.bulk_insert(table, [{'id': 1, 'version': 1, 'changed_at': dt.datetime.now(dt.UTC)}])


def downgrade():
    op.drop_table('cache_versions')
