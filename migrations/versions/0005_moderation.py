"""moderation: flags, merges (undoable), account blocks; hide reasons on
ideas and comments, where a moved comment came from; account verification
and blocking

Columns are added with plain ALTER TABLE (SQLite too), so the ideas
full-text triggers stay in place.

Revision ID: 0005_moderation
Revises: 0004_workshop_uploads
Create Date: 2026-11-23 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '0005_moderation'
down_revision = '0004_workshop_uploads'
branch_labels = None
depends_on = None


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _add_reference(table: str, column: str, target: str, ondelete: str) -> None:
    name = f"fk_{table}_{column}_{target}"
    if _is_sqlite():
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} INTEGER "
            f"CONSTRAINT {name} REFERENCES {target} (id) ON DELETE {ondelete}"
        )
    else:
        op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
        op.create_foreign_key(name, table, target, [column], ['id'], ondelete=ondelete)


def upgrade():
    op.add_column('ideas', sa.Column('moderation_note', sa.String(length=20), nullable=True))
    op.add_column('ideas', sa.Column('hidden_at', sa.DateTime(), nullable=True))
    op.add_column('comments', sa.Column('moderation_note', sa.String(length=20), nullable=True))
    _add_reference('comments', 'merged_from_id', 'ideas', 'SET NULL')
    op.add_column('users', sa.Column('email_verified_at', sa.DateTime(), nullable=True))
    op.add_column('users', sa.Column('blocked_at', sa.DateTime(), nullable=True))
    # Accounts from before verification existed are taken as confirmed.
    op.execute("UPDATE users SET email_verified_at = created_at")

    op.create_table('flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=True),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('target_key', sa.String(length=40), nullable=False),
    sa.Column('flagged_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolution', sa.String(length=20), nullable=True),
    sa.CheckConstraint("(idea_id IS NOT NULL AND comment_id IS NULL) OR (idea_id IS NULL AND comment_id IS NOT NULL)", name=op.f('ck_flags_one_target')),
    sa.CheckConstraint("reason IN ('spam','offensive','off_topic','personal_data','duplicate','other')", name=op.f('ck_flags_reason_known')),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_flags_comment_id_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['flagged_by_id'], ['users.id'], name=op.f('fk_flags_flagged_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_flags_idea_id_ideas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_flags_resolved_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flags')),
    sa.UniqueConstraint('flagged_by_id', 'target_key', name=op.f('uq_flags_flagged_by_id_target_key'))
    )
    op.create_index('ix_flags_open', 'flags', ['resolved_at', 'created_at'], unique=False)
    op.create_index(op.f('ix_flags_idea_id'), 'flags', ['idea_id'], unique=False)
    op.create_index(op.f('ix_flags_comment_id'), 'flags', ['comment_id'], unique=False)
    op.create_index(op.f('ix_flags_flagged_by_id'), 'flags', ['flagged_by_id'], unique=False)

    op.create_table('idea_merges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('merged_by_id', sa.Integer(), nullable=True),
    sa.Column('merged_at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.Column('undone_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['merged_by_id'], ['users.id'], name=op.f('fk_idea_merges_merged_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_id'], ['ideas.id'], name=op.f('fk_idea_merges_source_id_ideas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_id'], ['ideas.id'], name=op.f('fk_idea_merges_target_id_ideas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['undone_by_id'], ['users.id'], name=op.f('fk_idea_merges_undone_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idea_merges'))
    )
    op.create_index(op.f('ix_idea_merges_source_id'), 'idea_merges', ['source_id'], unique=False)
    op.create_index(op.f('ix_idea_merges_target_id'), 'idea_merges', ['target_id'], unique=False)

    op.create_table('account_blocks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('blocked_by_id', sa.Integer(), nullable=True),
    sa.Column('blocked_at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('hidden_idea_ids', sa.JSON(), nullable=False),
    sa.Column('hidden_comment_ids', sa.JSON(), nullable=False),
    sa.Column('lifted_at', sa.DateTime(), nullable=True),
    sa.Column('lifted_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['blocked_by_id'], ['users.id'], name=op.f('fk_account_blocks_blocked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lifted_by_id'], ['users.id'], name=op.f('fk_account_blocks_lifted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_account_blocks_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_blocks'))
    )
    op.create_index(op.f('ix_account_blocks_user_id'), 'account_blocks', ['user_id'], unique=False)


def downgrade():
    op.drop_table('account_blocks')
    op.drop_table('idea_merges')
    op.drop_table('flags')
    if _is_sqlite():
        for table, column in (("users", "blocked_at"), ("users", "email_verified_at"),
                              ("comments", "merged_from_id"), ("comments", "moderation_note"),
                              ("ideas", "hidden_at"), ("ideas", "moderation_note")):
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_constraint('fk_comments_merged_from_id_ideas', 'comments', type_='foreignkey')
        for table, column in (("users", "blocked_at"), ("users", "email_verified_at"),
                              ("comments", "merged_from_id"), ("comments", "moderation_note"),
                              ("ideas", "hidden_at"), ("ideas", "moderation_note")):
            op.drop_column(table, column)
