"""PostgreSQL search: a stored, weighted tsvector column with its own GIN index

The expression index of 0001 let PostgreSQL find matches, but ranking them
(and rechecking prefix matches) re-parsed every matching row's text. A
generated column keeps the parsed document on the row, so the match and the
rank both read it. SQLite keeps its FTS5 table; this revision does nothing there.

Revision ID: 0002_pg_search_vector
Revises: 0001_initial
Create Date: 2026-11-24 10:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0002_pg_search_vector'
down_revision = '0001_initial'
branch_labels = None
depends_on = None

# The same columns as 0001's search document; the title weighs more ('A').
BODY_COLUMNS = ("problem", "proposal", "impact", "who_should_act")
SEARCH_VECTOR = (
    "setweight(to_tsvector('english', title), 'A') || "
    "setweight(to_tsvector('english', " + " || ' ' || ".join(BODY_COLUMNS) + "), 'B')"
)
OLD_DOCUMENT = " || ' ' || ".join(("title",) + BODY_COLUMNS)


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if not _is_postgresql():
        return
    # STORAGE MAIN keeps the (compressed) vector in the row rather than in
    # TOAST: the planner does not cost TOAST fetches, and scanning or ranking
    # out-of-line vectors was 4-5 times slower at national scale. Both clauses
    # take effect in the one table rewrite that fills the column.
    op.execute(
        f"ALTER TABLE ideas ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({SEARCH_VECTOR}) STORED, "
        f"ALTER COLUMN search_vector SET STORAGE MAIN"
    )
    op.execute("DROP INDEX IF EXISTS ix_ideas_search")
    op.execute("CREATE INDEX ix_ideas_search_vector ON ideas USING gin (search_vector)")
    # The rewrite left the table without a visibility map (so the lists'
    # index-only scans would visit the heap) and the column without
    # statistics. VACUUM cannot run inside the migration's transaction.
    with op.get_context().autocommit_block():
        op.execute("VACUUM ANALYZE ideas")


def downgrade():
    if not _is_postgresql():
        return
    op.execute("DROP INDEX IF EXISTS ix_ideas_search_vector")
    op.execute("ALTER TABLE ideas DROP COLUMN IF EXISTS search_vector")
    op.execute(
        f"CREATE INDEX ix_ideas_search ON ideas USING gin (to_tsvector('english', {OLD_DOCUMENT}))"
    )
