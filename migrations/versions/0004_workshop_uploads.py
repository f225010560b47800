"""workshop sheet uploads: the file as sent, kept for preview and confirmation

Revision ID: 0004_workshop_uploads
Revises: 0003_workshops
Create Date: 2026-11-25 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '0004_workshop_uploads'
down_revision = '0003_workshops'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('workshop_uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('applied_at', sa.DateTime(), nullable=True),
    sa.Column('summary', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_workshop_uploads_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_workshop_uploads_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_uploads'))
    )
    op.create_index(op.f('ix_workshop_uploads_workshop_id'), 'workshop_uploads', ['workshop_id'], unique=False)
    op.create_index(op.f('ix_workshop_uploads_uploaded_by_id'), 'workshop_uploads', ['uploaded_by_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_workshop_uploads_uploaded_by_id'), table_name='workshop_uploads')
    op.drop_index(op.f('ix_workshop_uploads_workshop_id'), table_name='workshop_uploads')
    op.drop_table('workshop_uploads')
