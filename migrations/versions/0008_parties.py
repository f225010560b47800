"""parties: parties and the nations they stand in, their responses to
published commitments with history, progress updates, follows, the mail
outbox and uploaded response sheets (new tables only)

Revision ID: 0008_parties
Revises: 0007_round_licence
Create Date: 2026-11-23 16:47:42.042254

"""
from alembic import op
import sqlalchemy as sa


revision = '0008_parties'
down_revision = '0007_round_licence'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('parties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('short_name', sa.String(length=30), nullable=False),
    sa.Column('colour', sa.String(length=7), nullable=False),
    sa.Column('website', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("length(colour) = 7 AND colour LIKE '#%'", name=op.f('ck_parties_colour_hex')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parties')),
    sa.UniqueConstraint('name', name=op.f('uq_parties_name')),
    sa.UniqueConstraint('short_name', name=op.f('uq_parties_short_name'))
    )
    op.create_table('mail_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mail_outbox_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_outbox'))
    )
    op.create_index('ix_mail_outbox_unsent', 'mail_outbox', ['sent_at', 'id'], unique=False)
    op.create_index(op.f('ix_mail_outbox_user_id'), 'mail_outbox', ['user_id'], unique=False)
    op.create_table('party_nations',
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('nation', sa.String(length=20), nullable=False),
    sa.CheckConstraint("nation IN ('england','scotland','wales','northern_ireland')", name=op.f('ck_party_nations_nation_known')),
    sa.ForeignKeyConstraint(['party_id'], ['parties.id'], name=op.f('fk_party_nations_party_id_parties'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('party_id', 'nation', name=op.f('pk_party_nations'))
    )
    op.create_table('party_response_uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('applied_at', sa.DateTime(), nullable=True),
    sa.Column('summary', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_party_response_uploads_round_id_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_party_response_uploads_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_response_uploads'))
    )
    op.create_index(op.f('ix_party_response_uploads_round_id'), 'party_response_uploads', ['round_id'], unique=False)
    op.create_index(op.f('ix_party_response_uploads_uploaded_by_id'), 'party_response_uploads', ['uploaded_by_id'], unique=False)
    op.create_table('follows',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_follows_commitment_id_commitments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_follows_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'commitment_id', name=op.f('pk_follows'))
    )
    op.create_index(op.f('ix_follows_commitment_id'), 'follows', ['commitment_id'], unique=False)
    op.create_table('party_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('stance', sa.String(length=20), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('evidence_url', sa.String(length=500), nullable=False),
    sa.Column('stated_on', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("stance IN ('committed','partly','declined','no_response')", name=op.f('ck_party_responses_stance_known')),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_party_responses_commitment_id_commitments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['party_id'], ['parties.id'], name=op.f('fk_party_responses_party_id_parties'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_party_responses_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_responses')),
    sa.UniqueConstraint('party_id', 'commitment_id', name=op.f('uq_party_responses_party_id_commitment_id'))
    )
    op.create_index(op.f('ix_party_responses_commitment_id'), 'party_responses', ['commitment_id'], unique=False)
    op.create_index(op.f('ix_party_responses_recorded_by_id'), 'party_responses', ['recorded_by_id'], unique=False)
    op.create_table('progress_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('not_started','in_action_plan','in_progress','delivered','dropped')", name=op.f('ck_progress_updates_status_known')),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_progress_updates_commitment_id_commitments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_progress_updates_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_updates'))
    )
    op.create_index('ix_progress_updates_commitment_date', 'progress_updates', ['commitment_id', 'happened_on'], unique=False)
    op.create_index(op.f('ix_progress_updates_recorded_by_id'), 'progress_updates', ['recorded_by_id'], unique=False)
    op.create_table('party_response_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('old_stance', sa.String(length=20), nullable=True),
    sa.Column('new_stance', sa.String(length=20), nullable=False),
    sa.Column('old_quote', sa.Text(), nullable=True),
    sa.Column('new_quote', sa.Text(), nullable=False),
    sa.Column('old_evidence_url', sa.String(length=500), nullable=True),
    sa.Column('new_evidence_url', sa.String(length=500), nullable=False),
    sa.Column('old_stated_on', sa.Date(), nullable=True),
    sa.Column('new_stated_on', sa.Date(), nullable=True),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('via', sa.String(length=10), nullable=False),
    sa.CheckConstraint("via IN ('form','sheet')", name=op.f('ck_party_response_changes_via_known')),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_party_response_changes_changed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['response_id'], ['party_responses.id'], name=op.f('fk_party_response_changes_response_id_party_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_response_changes'))
    )
    op.create_index(op.f('ix_party_response_changes_changed_by_id'), 'party_response_changes', ['changed_by_id'], unique=False)
    op.create_index(op.f('ix_party_response_changes_response_id'), 'party_response_changes', ['response_id'], unique=False)


def downgrade():
    # Dropping a table drops its indexes.
    op.drop_table('party_response_changes')
    op.drop_table('progress_updates')
    op.drop_table('party_responses')
    op.drop_table('follows')
    op.drop_table('party_response_uploads')
    op.drop_table('party_nations')
    op.drop_table('mail_outbox')
    op.drop_table('parties')
