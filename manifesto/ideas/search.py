"""Full-text search over ideas: SQLite FTS5 or PostgreSQL text search.

The index itself is built by the migrations (``ideas_fts`` on SQLite; on
PostgreSQL the generated, weighted ``ideas.search_vector`` column and its
``ix_ideas_search_vector`` GIN index). What people type is reduced to
plain word tokens before it reaches either engine, so no query syntax (quotes,
operators, column filters) can be injected or cause an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, literal_column, select, text
from sqlalchemy.sql import Select

from manifesto.extensions import db
from manifesto.ideas.models import Idea

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12

# Words too common to make two ideas "similar".
STOPWORDS = frozenset(
    """a an and are as at be by for from has have in into is it its of on or
    that the their there these this to was were will with should would could
    all any more most make public government uk our we they""".split()
)

SEARCH_DOCUMENT_COLUMNS = ("title", "problem", "proposal", "impact", "who_should_act")


def search_terms(query: str | None, drop_stopwords: bool = False) -> list[str]:
    words = [w.lower() for w in _WORD.findall(query or "")]
    if drop_stopwords:
        words = [w for w in words if len(w) > 2 and w not in STOPWORDS]
    seen: list[str] = []
    for word in words:
        if word not in seen:
            seen.append(word)
    return seen[:MAX_TERMS]


@dataclass
class TextMatch:
    """A join target of matching idea ids with a relevance score (higher is better)."""

    subquery: object

    @property
    def idea_id(self) -> ColumnElement:
        return self.subquery.c.idea_id

    @property
    def score(self) -> ColumnElement:
        return self.subquery.c.score


def _pg_document():
    # Stored by the database (migration 0002), so neither the match nor the
    # rank re-parses the text; the models do not map the column.
    return literal_column("ideas.search_vector")


def text_match(terms: list[str], any_term: bool = False, prefix: bool = True) -> TextMatch:
    """Ideas matching all (or any) of ``terms``; ``terms`` must come from search_terms()."""
    if not terms:
        raise ValueError("text_match needs at least one term")
    dialect = db.engine.dialect.name
    if dialect == "sqlite":
        star = "*" if prefix else ""
        joiner = " OR " if any_term else " "
        expression = joiner.join(f'"{t}"{star}' for t in terms)
        subquery = (
            select(
                literal_column("ideas_fts.rowid").label("idea_id"),
                (-func.bm25(literal_column("ideas_fts"))).label("score"),
            )
            .select_from(text("ideas_fts"))
            .where(text("ideas_fts MATCH :fts_query").bindparams(fts_query=expression))
            .subquery("text_match")
        )
    elif dialect == "postgresql":
        suffix = ":*" if prefix else ""
        joiner = " | " if any_term else " & "
        tsquery = func.to_tsquery(
            literal_column("'english'"), joiner.join(f"{t}{suffix}" for t in terms)
        )
        document = _pg_document()
        subquery = (
            select(Idea.id.label("idea_id"), func.ts_rank(document, tsquery).label("score"))
            .where(document.op("@@")(tsquery))
            .subquery("text_match")
        )
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(dialect)
    return TextMatch(subquery)


def join_text_match(stmt: Select, match: TextMatch) -> Select:
    return stmt.join(match.subquery, match.idea_id == Idea.id)
