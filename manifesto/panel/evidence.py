"""Evidence of support for commitments, computed from their source ideas.

A person who supported two source ideas counts once; dots are summed over
tallies; workshops and nations are counted distinct across ideas, dots and
comments. One query per measure for any number of commitments.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import distinct, func, select, union

from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.panel.models import commitment_ideas
from manifesto.supports.models import Support
from manifesto.workshops.models import Workshop, WorkshopTally

_links = commitment_ideas


@dataclass
class Evidence:
    supporters: int = 0
    dots: int = 0
    workshops: int = 0
    nations: list[str] = field(default_factory=list)
    comments: int = 0
    ideas: int = 0

    @property
    def combined(self) -> int:
        return self.supporters + self.dots


def evidence_for(commitment_ids: list[int]) -> dict[int, Evidence]:
    ids = list(commitment_ids)
    out = {cid: Evidence() for cid in ids}
    if not ids:
        return out
    # Only what the public can see counts: a source idea hidden or withdrawn
    # later stops adding to the evidence (merged ideas' supports have moved).
    link = (select(_links.c.commitment_id, _links.c.idea_id)
            .join(Idea, Idea.id == _links.c.idea_id)
            .where(_links.c.commitment_id.in_(ids), Idea.status == "published")
            .subquery().c)
    for cid, supporters in db.session.execute(
        select(link.commitment_id, func.count(distinct(Support.user_id)))
        .join(Support, Support.idea_id == link.idea_id)
        .group_by(link.commitment_id)
    ):
        out[cid].supporters = supporters
    for cid, ideas, comments in db.session.execute(
        select(link.commitment_id, func.count(Idea.id), func.coalesce(func.sum(Idea.comment_count), 0))
        .join(Idea, Idea.id == link.idea_id)
        .group_by(link.commitment_id)
    ):
        out[cid].ideas, out[cid].comments = ideas, int(comments)
    for cid, dots in db.session.execute(
        select(link.commitment_id, func.coalesce(func.sum(WorkshopTally.dots), 0))
        .join(WorkshopTally, WorkshopTally.idea_id == link.idea_id)
        .group_by(link.commitment_id)
    ):
        out[cid].dots = int(dots)
    # Workshops that fed a source idea: by dots, by the idea itself, by comments.
    fed = union(
        select(link.commitment_id.label("cid"), WorkshopTally.workshop_id.label("wid"))
        .join(WorkshopTally, WorkshopTally.idea_id == link.idea_id)
        .where(WorkshopTally.dots > 0),
        select(link.commitment_id, Idea.workshop_id)
        .join(Idea, Idea.id == link.idea_id)
        .where(Idea.workshop_id.is_not(None)),
        select(link.commitment_id, Comment.workshop_id)
        .join(Comment, Comment.idea_id == link.idea_id)
        .where(Comment.workshop_id.is_not(None),
               Comment.hidden.is_(False), Comment.deleted_at.is_(None)),
    ).subquery()
    nations: dict[int, set[str]] = defaultdict(set)
    for cid, wid, nation in db.session.execute(
        select(fed.c.cid, fed.c.wid, Workshop.nation).join(Workshop, Workshop.id == fed.c.wid)
    ):
        out[cid].workshops += 1
        nations[cid].add(nation)
    for cid, found in nations.items():
        out[cid].nations = sorted(found)
    return out
