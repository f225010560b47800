"""expert panel: criteria, commitments with their source ideas and versions,
conflict declarations, assessments, scores and revisions, idea outcomes

Revision ID: 0006_panel
Revises: 0005_moderation
Create Date: 2026-11-23 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '0006_panel'
down_revision = '0005_moderation'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('rounds', sa.Column('panellists_create_commitments', sa.Boolean(),
                                      nullable=False, server_default=sa.false()))
    op.create_table('criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('guidance', sa.Text(), nullable=False),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.Column('scale_min', sa.Integer(), nullable=False),
    sa.Column('scale_max', sa.Integer(), nullable=False),
    sa.Column('computed_from', sa.String(length=30), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("computed_from IS NULL OR computed_from IN ('public_support')", name=op.f('ck_criteria_computed_from_known')),
    sa.CheckConstraint('scale_max > scale_min', name=op.f('ck_criteria_scale_ordered')),
    sa.CheckConstraint('weight > 0', name=op.f('ck_criteria_weight_positive')),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_criteria_round_id_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criteria')),
    sa.UniqueConstraint('round_id', 'name', name=op.f('uq_criteria_round_id_name'))
    )
    op.create_index(op.f('ix_criteria_round_id'), 'criteria', ['round_id'], unique=False)
    op.create_table('commitments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('commit_to', sa.Text(), nullable=False),
    sa.Column('current_situation', sa.Text(), nullable=False),
    sa.Column('we_call_for', sa.Text(), nullable=False),
    sa.Column('lead_body', sa.String(length=300), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('shortlisted', sa.Boolean(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("shortlisted IS NOT NULL OR decision_reason = ''", name=op.f('ck_commitments_reason_only_with_decision')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_commitments_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_commitments_round_id_rounds'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_commitments_theme_id_themes'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitments'))
    )
    op.create_index(op.f('ix_commitments_round_id'), 'commitments', ['round_id'], unique=False)
    op.create_index(op.f('ix_commitments_theme_id'), 'commitments', ['theme_id'], unique=False)
    op.create_table('commitment_ideas',
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_commitment_ideas_commitment_id_commitments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_commitment_ideas_idea_id_ideas'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('commitment_id', 'idea_id', name=op.f('pk_commitment_ideas')),
    sa.UniqueConstraint('idea_id', name=op.f('uq_commitment_ideas_idea_id'))
    )
    op.create_table('commitment_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('edited_by_id', sa.Integer(), nullable=True),
    sa.Column('edited_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_commitment_versions_commitment_id_commitments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['edited_by_id'], ['users.id'], name=op.f('fk_commitment_versions_edited_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitment_versions')),
    sa.UniqueConstraint('commitment_id', 'version', name=op.f('uq_commitment_versions_commitment_id_version'))
    )
    op.create_table('conflict_declarations',
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('panellist_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('declared_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_conflict_declarations_commitment_id_commitments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['panellist_id'], ['users.id'], name=op.f('fk_conflict_declarations_panellist_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('commitment_id', 'panellist_id', name=op.f('pk_conflict_declarations'))
    )
    op.create_index(op.f('ix_conflict_declarations_panellist_id'), 'conflict_declarations', ['panellist_id'], unique=False)
    op.create_table('assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('panellist_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_assessments_commitment_id_commitments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['panellist_id'], ['users.id'], name=op.f('fk_assessments_panellist_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessments')),
    sa.UniqueConstraint('commitment_id', 'panellist_id', name=op.f('uq_assessments_commitment_id_panellist_id'))
    )
    op.create_index(op.f('ix_assessments_commitment_id'), 'assessments', ['commitment_id'], unique=False)
    op.create_index(op.f('ix_assessments_panellist_id'), 'assessments', ['panellist_id'], unique=False)
    op.create_table('scores',
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_scores_assessment_id_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['criterion_id'], ['criteria.id'], name=op.f('fk_scores_criterion_id_criteria'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assessment_id', 'criterion_id', name=op.f('pk_scores'))
    )
    op.create_index(op.f('ix_scores_criterion_id'), 'scores', ['criterion_id'], unique=False)
    op.create_table('assessment_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_assessment_revisions_assessment_id_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_assessment_revisions_changed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_revisions'))
    )
    op.create_index(op.f('ix_assessment_revisions_assessment_id'), 'assessment_revisions', ['assessment_id'], unique=False)
    op.create_table('idea_outcomes',
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_idea_outcomes_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_idea_outcomes_idea_id_ideas'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('idea_id', name=op.f('pk_idea_outcomes'))
    )


def downgrade():
    for table in ('idea_outcomes', 'assessment_revisions', 'scores', 'assessments',
                  'conflict_declarations', 'commitment_versions', 'commitment_ideas',
                  'commitments', 'criteria'):
        op.drop_table(table)
    with op.batch_alter_table('rounds') as batch:
        batch.drop_column('panellists_create_commitments')
