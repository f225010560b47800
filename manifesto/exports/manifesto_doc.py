"""The published manifesto as plain data, assembled once for every output.

:func:`assemble` reads a published round — themes, the numbered shortlist
with its evidence of support, the ideas each commitment came from, the
criteria, the method and the workshops — in a fixed number of queries, and
returns plain dataclasses. The DOCX, the print page, the JSON and the CSV
(manifesto_files.py, docx_writer.py) are all written from this one value,
so they cannot disagree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from flask import url_for
from sqlalchemy import distinct, func, select
from werkzeug.routing import BuildError

from manifesto.accounts.models import User
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.panel.aggregation import TIE_BREAK
from manifesto.panel.evidence import evidence_for
from manifesto.panel.models import COMPUTED_FROM, Commitment, commitment_ideas
from manifesto.panel.services import criteria_of
from manifesto.rounds.models import Round
from manifesto.supports.models import Support
from manifesto.workshops.models import NATIONS, Workshop, WorkshopTally

PUBLISHED_PHASES = ("published", "tracking")
NOT_STATED = "Not stated"
#: Source ideas shown to the public: never hidden or withdrawn ones.
SHOWN_IDEA_STATUSES = ("published", "merged")
#: English regions people give as where they live (counted under England).
ENGLISH_REGIONS = frozenset({
    "london", "south east", "south west", "east of england", "west midlands", "east midlands",
    "yorkshire and the humber", "north west", "north east", "england",
})

METHOD = (
    "Ideas were collected online and at workshops held around the country. The expert "
    "panel brought related ideas together into draft commitments, keeping the link to every "
    "idea each one came from, and scored each commitment against the published criteria "
    "below. For each criterion the mean of the panellists' submitted scores was taken; a "
    "criterion computed from public support was worked out from the online supporters and "
    "workshop dots of the commitment's source ideas. Each criterion was put on a scale of 0 "
    "to 1 and the overall score is their mean weighted by the criteria's weights. "
    "Panellists declared any conflict of interest and did not score those commitments."
)


def is_published(round_: Round) -> bool:
    return round_.phase in PUBLISHED_PHASES


def nation_of_region(region: str | None) -> str | None:
    """The nation (a key of NATIONS) a supporter's stated region is in, if any."""
    cleaned = " ".join((region or "").replace("_", " ").lower().split())
    if not cleaned:
        return None
    for key, label in NATIONS.items():
        if cleaned in (key.replace("_", " "), label.lower()):
            return key
    return "england" if cleaned in ENGLISH_REGIONS else None


@dataclass
class NationSupport:
    nation: str  # the label, or NOT_STATED
    supporters: int = 0  # online supporters who gave this nation
    dots: int = 0  # dots at workshops held in this nation


@dataclass
class SourceIdea:
    reference: str
    title: str
    url: str


@dataclass
class Evidence:
    supporters: int
    dots: int
    workshops: int
    nations: list[str]  # labels of the nations where workshops fed it
    comments: int
    by_nation: list[NationSupport]

    @property
    def combined(self) -> int:
        return self.supporters + self.dots

    @property
    def by_nation_known(self) -> bool:
        """Whether the table by nation says more than "Not stated"."""
        return any(row.nation != NOT_STATED for row in self.by_nation)

    @property
    def summary(self) -> str:
        """"214 online supporters; 37 dots at 4 workshops in 2 nations (Scotland,
        Wales); 12 comments" — the same words in every output."""
        parts = [plural(self.supporters, "online supporter", "online supporters")]
        if self.dots or self.workshops:
            where = f" in {', '.join(self.nations)}" if self.nations else ""
            parts.append(f"{plural(self.dots, 'dot', 'dots')} at "
                         f"{plural(self.workshops, 'workshop', 'workshops')}{where}")
        parts.append(plural(self.comments, "comment", "comments"))
        return "; ".join(parts)


def plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def paragraphs(text: str) -> list[str]:
    """User text split into paragraphs at blank lines (line breaks kept)."""
    normalised = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return [part.strip() for part in re.split(r"\n\s*\n", normalised) if part.strip()]


@dataclass
class CommitmentEntry:
    id: int
    reference: str
    number: int
    theme: str
    title: str
    commit_to: str
    current_situation: str
    we_call_for: list[str]
    lead_body: str
    url: str
    evidence: Evidence
    source_ideas: list[SourceIdea]

    @property
    def commit_to_rest(self) -> str:
        """The "Commit to" line after its opening words, which the documents
        print in bold (the text may or may not start with them)."""
        text = self.commit_to.strip()
        if text[:9].lower() == "commit to" and text[9:10] in (" ", ":", "…", ""):
            return text[9:].lstrip(" :")
        return text


@dataclass
class ThemeSection:
    name: str
    description: str
    commitments: list[CommitmentEntry]


@dataclass
class CriterionEntry:
    name: str
    guidance: str
    weight: int
    scale_min: int
    scale_max: int
    computed_from: str | None  # how it is computed, when it is not scored


@dataclass
class WorkshopEntry:
    title: str
    held_on: date
    town: str
    nation: str
    attendees: int
    organising_group: str


@dataclass
class Totals:
    ideas: int  # published ideas in the round
    online_ideas: int
    workshop_ideas: int
    workshops: int
    attendees: int
    nations: int


@dataclass
class Manifesto:
    slug: str
    title: str
    introduction: str
    published_at: datetime | None
    licence: str  # the round's data_licence key
    licence_name: str
    licence_url: str
    url: str
    themes: list[ThemeSection]
    criteria: list[CriterionEntry]
    method: str
    tie_break: str
    workshops: list[WorkshopEntry]
    totals: Totals

    @property
    def commitments(self) -> list[CommitmentEntry]:
        return [entry for theme in self.themes for entry in theme.commitments]

    @property
    def summary(self) -> str:
        """"28 commitments under 10 themes, from 79 ideas and 12 workshops."."""
        sources = plural(self.totals.ideas, "idea", "ideas")
        if self.totals.workshops:
            sources += f" and {plural(self.totals.workshops, 'workshop', 'workshops')}"
        return (f"{plural(len(self.commitments), 'commitment', 'commitments')} under "
                f"{plural(len(self.themes), 'theme', 'themes')}, from {sources}.")

    @property
    def how_ideas_came_in(self) -> str:
        t = self.totals
        text = (f"{plural(t.ideas, 'idea was', 'ideas were')} published in this round: "
                f"{t.online_ideas:,} online and {t.workshop_ideas:,} from workshops.")
        if t.workshops:
            text += (f" {plural(t.workshops, 'workshop was', 'workshops were')} held in "
                     f"{plural(t.nations, 'nation', 'nations')}, with "
                     f"{plural(t.attendees, 'person', 'people')} taking part.")
        return text


# --- queries, each one for the whole shortlist ------------------------------------------

def _shortlist(round_: Round) -> list[Commitment]:
    return list(db.session.scalars(
        select(Commitment).where(Commitment.round_id == round_.id,
                                 Commitment.shortlisted.is_(True),
                                 Commitment.number.is_not(None))
        .order_by(Commitment.number, Commitment.id)))


def _source_ideas(ids: list[int]) -> dict[int, list[SourceIdea]]:
    found: dict[int, list[SourceIdea]] = defaultdict(list)
    if not ids:
        return found
    link = commitment_ideas.c
    for cid, idea_id, title in db.session.execute(
        select(link.commitment_id, Idea.id, Idea.title).join(Idea, Idea.id == link.idea_id)
        .where(link.commitment_id.in_(ids), Idea.status.in_(SHOWN_IDEA_STATUSES))
        .order_by(link.commitment_id, Idea.id)
    ):
        found[cid].append(SourceIdea(f"I-{idea_id}", title,
                                     url_for("ideas.show", idea_id=idea_id, _external=True)))
    return found


def _by_nation(ids: list[int]) -> dict[int, dict[str, NationSupport]]:
    """Online supporters by the nation they gave, and dots by the workshop's nation."""
    table: dict[int, dict[str, NationSupport]] = defaultdict(dict)
    if not ids:
        return table

    def cell(cid: int, nation: str | None) -> NationSupport:
        label = NATIONS.get(nation or "", NOT_STATED)
        return table[cid].setdefault(label, NationSupport(label))

    # As panel.evidence: only source ideas the public can see count.
    link = (select(commitment_ideas.c.commitment_id, commitment_ideas.c.idea_id)
            .join(Idea, Idea.id == commitment_ideas.c.idea_id)
            .where(commitment_ideas.c.commitment_id.in_(ids), Idea.status == "published")
            .subquery().c)
    for cid, region, supporters in db.session.execute(
        select(link.commitment_id, User.region, func.count(distinct(Support.user_id)))
        .join(Support, Support.idea_id == link.idea_id).join(User, User.id == Support.user_id)
        .group_by(link.commitment_id, User.region)
    ):
        # Distinct per region; a person has one region, so the sums stay exact.
        cell(cid, nation_of_region(region)).supporters += supporters
    for cid, nation, dots in db.session.execute(
        select(link.commitment_id, Workshop.nation, func.coalesce(func.sum(WorkshopTally.dots), 0))
        .join(WorkshopTally, WorkshopTally.idea_id == link.idea_id)
        .join(Workshop, Workshop.id == WorkshopTally.workshop_id)
        .group_by(link.commitment_id, Workshop.nation)
    ):
        cell(cid, nation).dots += int(dots)
    return table


def _nation_order(row: NationSupport) -> int:
    labels = list(NATIONS.values()) + [NOT_STATED]
    return labels.index(row.nation)


def _totals(round_: Round, workshops: list[WorkshopEntry]) -> Totals:
    counts = dict(db.session.execute(
        select(Idea.source, func.count()).where(Idea.round_id == round_.id,
                                                Idea.status == "published")
        .group_by(Idea.source)).all())
    return Totals(ideas=sum(counts.values()), online_ideas=counts.get("online", 0),
                  workshop_ideas=counts.get("workshop", 0), workshops=len(workshops),
                  attendees=sum(w.attendees for w in workshops),
                  nations=len({w.nation for w in workshops}))


def _workshops(round_: Round) -> list[WorkshopEntry]:
    return [WorkshopEntry(w.title, w.held_on, w.town, w.nation_label, w.attendees,
                          w.organising_group)
            for w in db.session.scalars(select(Workshop).where(Workshop.round_id == round_.id)
                                        .order_by(Workshop.held_on, Workshop.id))]


# --- the whole --------------------------------------------------------------------------

def assemble(round_: Round) -> Manifesto:
    """The manifesto of a published round (call only when :func:`is_published`)."""
    commitments = _shortlist(round_)
    ids = [c.id for c in commitments]
    evidence, sources, nations = evidence_for(ids), _source_ideas(ids), _by_nation(ids)
    entries: dict[int | None, list[CommitmentEntry]] = defaultdict(list)
    theme_names = {theme.id: theme.name for theme in round_.themes}
    for commitment in commitments:
        found = evidence[commitment.id]
        entries[commitment.theme_id].append(CommitmentEntry(
            id=commitment.id, reference=commitment.reference, number=commitment.number,
            theme=theme_names.get(commitment.theme_id, ""), title=commitment.title,
            commit_to=commitment.commit_to, current_situation=commitment.current_situation,
            we_call_for=commitment.call_for_items, lead_body=commitment.lead_body,
            url=_commitment_url(round_, commitment),
            evidence=Evidence(
                supporters=found.supporters, dots=found.dots, workshops=found.workshops,
                nations=[NATIONS[n] for n in found.nations if n in NATIONS],
                comments=found.comments,
                by_nation=sorted(nations.get(commitment.id, {}).values(), key=_nation_order)),
            source_ideas=sources.get(commitment.id, []),
        ))
    themes = [ThemeSection(theme.name, theme.description or "", entries[theme.id])
              for theme in round_.themes if entries.get(theme.id)]
    if entries.get(None):  # a theme deleted after publication
        themes.append(ThemeSection("Other commitments", "", entries[None]))
    workshops = _workshops(round_)
    criteria = [CriterionEntry(c.name, c.guidance or "", c.weight, c.scale_min, c.scale_max,
                               COMPUTED_FROM.get(c.computed_from or ""))
                for c in criteria_of(round_)]
    return Manifesto(
        slug=round_.slug, title=round_.title, introduction=round_.introduction or "",
        published_at=round_.published_at, licence=round_.data_licence,
        licence_name=round_.licence_name, licence_url=round_.licence_url,
        url=_manifesto_url(round_),
        themes=themes, criteria=criteria, method=METHOD,
        tie_break=TIE_BREAK[0].upper() + TIE_BREAK[1:] + ".",
        workshops=workshops, totals=_totals(round_, workshops),
    )


def _manifesto_url(round_: Round) -> str:
    """The manifesto's page on the site, else its print version."""
    try:
        return url_for("manifesto_public.manifesto", slug=round_.slug, _external=True)
    except BuildError:
        return url_for("exports.manifesto_print", slug=round_.slug, _external=True)


def _commitment_url(round_: Round, commitment: Commitment) -> str:
    """The commitment's own public page when the site has one, else its place
    in the print page."""
    try:
        return url_for("manifesto_public.commitment", commitment_id=commitment.id,
                       _external=True)
    except BuildError:
        return url_for("exports.manifesto_print", slug=round_.slug, _external=True,
                       _anchor=f"commitment-{commitment.number}")
