"""Indexes for the long lists at city scale: projects by date, a call's submissions, themes.

Revision ID: f2a8b9c0d1e3
Revises: e1d3c4a5b6f7
Create Date: 2026-11-23 17:50:00

"""
from alembic import op
import sqlalchemy as sa

import proposals.database


# revision identifiers, used by Alembic.
revision = 'f2a8b9c0d1e3'
down_revision = 'e1d3c4a5b6f7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_projects_listing', 'projects', ['created_at', 'title', 'id'])
    op.create_index('ix_projects_created', 'projects', ['created_at', 'id'])
    op.create_index('ix_projects_lead_created', 'projects', ['lead_officer_id', 'created_at', 'id'])
    op.create_index('ix_proposals_call_submitted', 'proposals', ['call_id', 'submitted_at', 'id'])
    op.create_index('ix_proposal_themes_theme', 'proposal_themes', ['theme', 'proposal_id'])


def downgrade():
    op.drop_index('ix_proposal_themes_theme', table_name='proposal_themes')
    op.drop_index('ix_proposals_call_submitted', table_name='proposals')
    op.drop_index('ix_projects_lead_created', table_name='projects')
    op.drop_index('ix_projects_created', table_name='projects')
    op.drop_index('ix_projects_listing', table_name='projects')
