"""workshops, their dot-vote tallies with correction history; ideas and
comments credited to a workshop; the combined-support index

Columns are added to ideas and comments with plain ALTER TABLE on SQLite too
(not a batch table copy), so the ideas full-text triggers stay in place.

Revision ID: 0003_workshops
Revises: 0002_pg_search_vector
Create Date: 2026-11-23 12:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '0003_workshops'
down_revision = '0002_pg_search_vector'
branch_labels = None
depends_on = None


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _add_reference(table: str, column: str, target: str, ondelete: str) -> None:
    name = f"fk_{table}_{column}_{target}"
    if _is_sqlite():
        # SQLite cannot add a constraint later, but takes it with the column.
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} INTEGER "
            f"CONSTRAINT {name} REFERENCES {target} (id) ON DELETE {ondelete}"
        )
    else:
        op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
        op.create_foreign_key(name, table, target, [column], ['id'], ondelete=ondelete)


def upgrade():
    op.create_table('workshops',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=150), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('town', sa.String(length=100), nullable=False),
    sa.Column('nation', sa.String(length=20), nullable=False),
    sa.Column('region', sa.String(length=100), nullable=False),
    sa.Column('organising_group', sa.String(length=200), nullable=False),
    sa.Column('facilitator_name', sa.String(length=120), nullable=False),
    sa.Column('attendees', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("nation IN ('england','scotland','wales','northern_ireland')", name=op.f('ck_workshops_nation_known')),
    sa.CheckConstraint('attendees >= 0', name=op.f('ck_workshops_attendees_not_negative')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_workshops_owner_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_workshops_round_id_rounds'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshops'))
    )
    op.create_index('ix_workshops_round_nation_date', 'workshops', ['round_id', 'nation', 'held_on'], unique=False)
    op.create_index(op.f('ix_workshops_owner_id'), 'workshops', ['owner_id'], unique=False)

    op.create_table('workshop_tallies',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('dots', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('dots >= 0', name=op.f('ck_workshop_tallies_dots_not_negative')),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_workshop_tallies_idea_id_ideas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_workshop_tallies_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id', 'idea_id', name=op.f('pk_workshop_tallies'))
    )
    op.create_index(op.f('ix_workshop_tallies_idea_id'), 'workshop_tallies', ['idea_id'], unique=False)

    op.create_table('workshop_tally_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('old_dots', sa.Integer(), nullable=True),
    sa.Column('new_dots', sa.Integer(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('via', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.CheckConstraint('new_dots >= 0', name=op.f('ck_workshop_tally_changes_new_dots_not_negative')),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_workshop_tally_changes_changed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_workshop_tally_changes_idea_id_ideas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_workshop_tally_changes_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_tally_changes'))
    )
    op.create_index('ix_tally_changes_tally', 'workshop_tally_changes', ['workshop_id', 'idea_id', 'changed_at'], unique=False)
    op.create_index(op.f('ix_workshop_tally_changes_idea_id'), 'workshop_tally_changes', ['idea_id'], unique=False)
    op.create_index(op.f('ix_workshop_tally_changes_changed_by_id'), 'workshop_tally_changes', ['changed_by_id'], unique=False)

    # Ideas: credit, re-entry key and the cached dot total.
    _add_reference('ideas', 'workshop_id', 'workshops', 'RESTRICT')
    op.add_column('ideas', sa.Column('workshop_key', sa.String(length=64), nullable=True))
    op.execute(
        "ALTER TABLE ideas ADD COLUMN dot_count INTEGER NOT NULL DEFAULT 0 "
        "CONSTRAINT ck_ideas_dot_count_not_negative CHECK (dot_count >= 0)"
    )
    op.create_index(op.f('ix_ideas_workshop_id'), 'ideas', ['workshop_id'], unique=False)
    op.create_index('uq_ideas_workshop_key', 'ideas', ['workshop_id', 'workshop_key'], unique=True)
    op.create_index(
        'ix_ideas_list_combined', 'ideas',
        ['round_id', 'status', sa.text('(support_count + dot_count)'), 'id'], unique=False,
    )

    # Comments: credit and re-entry key.
    _add_reference('comments', 'workshop_id', 'workshops', 'RESTRICT')
    op.add_column('comments', sa.Column('workshop_key', sa.String(length=64), nullable=True))
    op.create_index(op.f('ix_comments_workshop_id'), 'comments', ['workshop_id'], unique=False)
    op.create_index(
        'uq_comments_workshop_key', 'comments', ['workshop_id', 'idea_id', 'workshop_key'], unique=True
    )


def downgrade():
    op.drop_index('uq_comments_workshop_key', table_name='comments')
    op.drop_index(op.f('ix_comments_workshop_id'), table_name='comments')
    op.drop_index('ix_ideas_list_combined', table_name='ideas')
    op.drop_index('uq_ideas_workshop_key', table_name='ideas')
    op.drop_index(op.f('ix_ideas_workshop_id'), table_name='ideas')
    if _is_sqlite():
        # SQLite (3.35+) drops a column only once nothing refers to it.
        for table, columns in (("comments", ("workshop_key", "workshop_id")),
                               ("ideas", ("dot_count", "workshop_key", "workshop_id"))):
            for column in columns:
                op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_constraint('fk_comments_workshop_id_workshops', 'comments', type_='foreignkey')
        op.drop_column('comments', 'workshop_key')
        op.drop_column('comments', 'workshop_id')
        op.drop_constraint('fk_ideas_workshop_id_workshops', 'ideas', type_='foreignkey')
        op.drop_column('ideas', 'dot_count')
        op.drop_column('ideas', 'workshop_key')
        op.drop_column('ideas', 'workshop_id')
    op.drop_table('workshop_tally_changes')
    op.drop_table('workshop_tallies')
    op.drop_table('workshops')
