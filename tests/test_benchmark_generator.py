"""The benchmark data generator at a tiny scale: right row counts, unique
supports, cached counts that match the rows (dots included), workshops with
believable tallies, a usable search index, and reuse of a database that is
already the right size."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, make_url, text

from benchmarks.generate import ensure_database, expected_counts
from benchmarks.scale import LONG_THREAD, Scale
from manifesto.config import normalise_database_url

TINY = Scale("tiny", users=300, ideas=200, comments=1_000, supports=2_000)


def _database_urls(tmp_path) -> list[str]:
    urls = [f"sqlite:///{tmp_path / 'bench-tiny.db'}"]
    if os.environ.get("TEST_DATABASE_URL"):
        # A database of its own beside the test one, so the shared schema is untouched.
        test_url = make_url(normalise_database_url(os.environ["TEST_DATABASE_URL"]))
        urls.append(test_url.set(database=f"{test_url.database}_bench_tiny")
                    .render_as_string(hide_password=False))
    return urls


def _scalar(connection, sql: str) -> int:
    return connection.scalar(text(sql))


def test_generator_builds_consistent_data_and_reuses_it(tmp_path):
    for url in _database_urls(tmp_path):
        report = ensure_database(url, TINY, regenerate=True, log=lambda line: None)
        assert report.generated
        assert report.counts == expected_counts(TINY)
        assert report.drift in (None, [])

        engine = create_engine(normalise_database_url(url))
        try:
            with engine.connect() as db:
                assert _scalar(db, "SELECT count(*) FROM (SELECT user_id, idea_id FROM supports "
                                   "GROUP BY user_id, idea_id HAVING count(*) > 1) AS d") == 0
                assert _scalar(db, "SELECT count(*) FROM ideas WHERE support_count <> (SELECT "
                                   "count(*) FROM supports s WHERE s.idea_id = ideas.id)") == 0
                assert _scalar(db, "SELECT count(*) FROM ideas WHERE comment_count <> "
                                   "(SELECT count(*) FROM comments c WHERE c.idea_id = ideas.id "
                                   "AND NOT c.hidden AND c.deleted_at IS NULL)") == 0
                assert _scalar(db, "SELECT sum(support_count) FROM ideas") == TINY.supports
                # Workshops: dot totals match the tallies, many ideas got dots, and
                # a workshop only voted on ideas already in when it met.
                assert _scalar(db, "SELECT count(*) FROM ideas WHERE dot_count <> (SELECT "
                                   "coalesce(sum(dots), 0) FROM workshop_tallies t "
                                   "WHERE t.idea_id = ideas.id)") == 0
                assert _scalar(db, "SELECT count(*) FROM ideas WHERE dot_count > 0") \
                    >= TINY.ideas // 3
                pairs = db.execute(text(
                    "SELECT i.created_at, w.held_on FROM workshop_tallies t JOIN workshops w "
                    "ON w.id = t.workshop_id JOIN ideas i ON i.id = t.idea_id")).all()
                assert pairs and all(str(created)[:10] <= str(held)[:10]
                                     for created, held in pairs)
                assert _scalar(db, "SELECT count(*) FROM workshop_tally_changes") \
                    == TINY.tallies
                assert _scalar(db, "SELECT count(DISTINCT nation) FROM workshops") >= 2
                # Workshop ideas and comments are credited to a workshop, not a person.
                assert _scalar(db, "SELECT count(*) FROM ideas WHERE source = 'workshop' AND "
                                   "(workshop_id IS NULL OR author_id IS NOT NULL)") == 0
                assert _scalar(db, "SELECT count(*) FROM ideas WHERE source <> 'workshop' "
                                   "AND workshop_id IS NOT NULL") == 0
                assert _scalar(db, "SELECT count(*) FROM comments WHERE workshop_id IS NOT NULL "
                                   "AND (author_id IS NOT NULL OR parent_id IS NOT NULL)") == 0
                # The idea page is measured on a published idea with exactly 200 comments.
                assert _scalar(db, f"SELECT count(*) FROM ideas WHERE status = 'published' AND "
                                   f"comment_count = {LONG_THREAD} AND (SELECT count(*) FROM "
                                   f"comments c WHERE c.idea_id = ideas.id) = {LONG_THREAD}") >= 1
                # Replies are one level deep and on their parent's idea.
                assert _scalar(db, "SELECT count(*) FROM comments c JOIN comments p ON "
                                   "c.parent_id = p.id WHERE p.idea_id <> c.idea_id "
                                   "OR p.parent_id IS NOT NULL") == 0
                assert _scalar(db, "SELECT count(*) FROM comments WHERE parent_id IS NOT NULL") > 0
                assert _scalar(db, "SELECT min(n) FROM (SELECT count(*) AS n FROM idea_themes "
                                   "GROUP BY idea_id) AS t") >= 1
                assert _scalar(db, "SELECT count(DISTINCT idea_id) FROM idea_themes") == TINY.ideas
                if db.dialect.name == "sqlite":
                    assert db.execute(text("PRAGMA foreign_key_check")).all() == []
                    assert _scalar(db, "SELECT count(*) FROM ideas_fts "
                                       "WHERE ideas_fts MATCH 'data'") > 0
                    assert _scalar(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                       "AND name LIKE 'ideas_fts_%'") == 3
                else:
                    # New rows after the load must not collide with the loaded ids.
                    assert _scalar(db, "SELECT nextval(pg_get_serial_sequence('supports', 'id'))"
                                   ) > TINY.supports
        finally:
            engine.dispose()

        again = ensure_database(url, TINY, log=lambda line: None)
        assert not again.generated


def test_generator_refuses_to_replace_a_database_that_is_not_a_benchmark(tmp_path):
    from benchmarks.database import RefusedError

    url = f"sqlite:///{tmp_path / 'production.db'}"
    engine = create_engine(url)
    with engine.begin() as db:
        for table in ("users", "themes", "ideas", "comments", "supports"):
            db.execute(text(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY)"))
        db.execute(text("INSERT INTO users (id) VALUES (1)"))
    engine.dispose()
    with pytest.raises(RefusedError):
        ensure_database(url, TINY, log=lambda line: None)
    assert (tmp_path / "production.db").exists()
