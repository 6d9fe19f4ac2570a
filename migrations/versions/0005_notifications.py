"""notifications area: claims on one-off scheduled work (weekly digests)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa



revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'job_claim',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('job', sa.String(length=60), nullable=False),
        sa.Column('key', sa.String(length=120), nullable=False),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job_claim')),
        sa.UniqueConstraint('job', 'key', name='uq_job_claim_job_key'),
    )


def downgrade():
    op.drop_table('job_claim')
