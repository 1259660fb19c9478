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
    op.create_table('report_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=100), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', proposals.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('size > 0', name=op.f('ck_report_attachments_size_positive')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_attachments_report_id_reports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_report_attachments_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_attachments')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_report_attachments_storage_key'))
    )
    with op.batch_alter_table('report_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_attachments_report_id'), ['report_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_attachments_uploaded_by_id'), ['uploaded_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('report_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_attachments_uploaded_by_id'))
        batch_op.drop_index(batch_op.f('ix_report_attachments_report_id'))

    op.drop_table('report_attachments')
