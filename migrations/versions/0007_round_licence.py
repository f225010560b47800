"""open-data licence per round

Revision ID: 0007_round_licence
Revises: 0006_panel
Create Date: 2026-11-23 16:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '0007_round_licence'
down_revision = '0006_panel'
branch_labels = None
depends_on = None


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade():
    # Plain ALTER TABLE on SQLite: a batch copy of ``rounds`` with foreign keys
    # on would cascade into every table that references it.
    if _is_sqlite():
        op.execute("ALTER TABLE rounds ADD COLUMN data_licence VARCHAR(20) DEFAULT 'ogl-3.0' "
                   "NOT NULL CONSTRAINT ck_rounds_data_licence_known "
                   "CHECK (data_licence IN ('ogl-3.0','cc-by-4.0'))")
        return
    op.add_column('rounds', sa.Column('data_licence', sa.String(length=20), nullable=False,
                                      server_default='ogl-3.0'))
    op.create_check_constraint(op.f('ck_rounds_data_licence_known'), 'rounds',
                               "data_licence IN ('ogl-3.0','cc-by-4.0')")


def downgrade():
    if _is_sqlite():
        op.execute("ALTER TABLE rounds DROP COLUMN data_licence")
        return
    op.drop_constraint(op.f('ck_rounds_data_licence_known'), 'rounds', type_='check')
    op.drop_column('rounds', 'data_licence')
