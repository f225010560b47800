"""What is measured: the pages and the one write, as URLs on the bench data."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask import Flask
from sqlalchemy import text

from benchmarks.corpus import SEARCH_QUERIES
from benchmarks.scale import LONG_THREAD, NATIONAL, ROUND_SLUG, Scale
from manifesto.extensions import db

SORTS = ("combined", "supported", "newest", "discussed", "random")
#: The deep page at national scale (30,000 ideas are 1,500 pages of 20).
DEEP_PAGE = 200
#: In-process searches; the throughput run uses the first.
TIMED_SEARCHES = SEARCH_QUERIES[:4]


@dataclass
class Case:
    name: str
    path: str
    method: str = "GET"
    #: Forms sent in turn (POST only): e.g. add, then remove, a support.
    forms: list[dict] = field(default_factory=list)
    #: Sign in as this user (their ``get_id()``) before measuring.
    user_id: str | None = None
    #: Also measured for throughput under gunicorn.
    public_page: bool = False


@dataclass
class BenchTargets:
    """Rows the cases point at, looked up in the generated data."""

    long_thread_idea: int
    support_idea: int
    supporter_login: str  # a user who does not yet support support_idea
    supporter_id: int
    busiest_workshop: int | None = None  # the one that gave most ideas dots


def find_targets(app: Flask) -> BenchTargets:
    with app.app_context():
        session = db.session
        long_thread = session.scalar(text(
            "SELECT id FROM ideas WHERE comment_count = :n AND status = 'published' "
            "ORDER BY id LIMIT 1"), {"n": LONG_THREAD})
        popular = session.scalar(text(
            "SELECT id FROM ideas WHERE status = 'published' "
            "ORDER BY support_count DESC, id LIMIT 1"))
        user = session.execute(text(
            "SELECT id, session_token FROM users WHERE NOT EXISTS (SELECT 1 FROM supports "
            "WHERE supports.user_id = users.id AND supports.idea_id = :idea) "
            "ORDER BY id LIMIT 1"), {"idea": popular}).one()
        busiest = session.scalar(text(
            "SELECT workshop_id FROM workshop_tallies GROUP BY workshop_id "
            "ORDER BY count(*) DESC, workshop_id LIMIT 1"))
        db.session.remove()
    if long_thread is None or popular is None:
        raise RuntimeError("the bench database lacks the long thread or a published idea")
    return BenchTargets(long_thread, popular, f"{user.id}:{user.session_token}", user.id,
                        busiest)


def deep_page(scale: Scale) -> int:
    """Page 200 at national scale, the same depth in proportion at other scales."""
    return max(2, DEEP_PAGE * scale.ideas // NATIONAL.ideas)


def build_cases(targets: BenchTargets, deep: int = DEEP_PAGE) -> list[Case]:
    ideas = f"/rounds/{ROUND_SLUG}/ideas/"
    cases = [
        Case("home", "/", public_page=True),
        Case("round page", f"/rounds/{ROUND_SLUG}/", public_page=True),
    ]
    for sort in SORTS:
        cases.append(Case(f"list {sort} p1", ideas + "?" + urlencode({"sort": sort}),
                          public_page=True))
        cases.append(Case(f"list {sort} p{deep}",
                          ideas + "?" + urlencode({"sort": sort, "page": deep})))
    # Ideas backed at workshops in one nation, by combined support.
    for nation, page in (("wales", 1), ("england", max(2, deep // 4))):
        cases.append(Case(f"list combined {nation} p{page}",
                          ideas + "?" + urlencode({"sort": "combined", "nation": nation,
                                                   "page": page})))
    cases.append(Case("workshops list", f"/rounds/{ROUND_SLUG}/workshops/", public_page=True))
    if targets.busiest_workshop is not None:
        cases.append(Case("workshop page", f"/workshops/{targets.busiest_workshop}",
                          public_page=True))
    cases.append(Case("workshop pack", f"/rounds/{ROUND_SLUG}/workshop-pack"))
    for number, query in enumerate(TIMED_SEARCHES):
        cases.append(Case(f"search '{query}'", ideas + "?" + urlencode({"q": query}),
                          public_page=number == 0))
    cases.append(Case(f"idea page ({LONG_THREAD} comments)",
                      f"/ideas/{targets.long_thread_idea}", public_page=True))
    cases.append(Case(
        "support toggle", f"/ideas/{targets.support_idea}/support", method="POST",
        forms=[{"want": "add"}, {"want": "remove"}], user_id=targets.supporter_login,
    ))
    return cases
