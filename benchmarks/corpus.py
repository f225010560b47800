"""Believable open-government text for generated ideas and comments.

Sentences are built from templates once per run into a pool, then ideas and
comments are assembled by sampling the pool: fast enough for 300,000
comments, and varied enough that full-text search has realistic selectivity.
"""

from __future__ import annotations

import random

THEMES = (
    ("Open data", "Publishing what government knows, in formats people can use."),
    ("Public participation", "Involving people in decisions before they are made."),
    ("Anti-corruption", "Closing the gaps that let public money and power be misused."),
    ("Lobbying and political finance", "Who influences decisions, and who pays for politics."),
    ("Public contracts", "Open procurement from planning to delivery."),
    ("Freedom of information", "The right to ask and to get an answer."),
    ("Digital government", "Services and records that work for everyone online."),
    ("Local government", "Councils, combined authorities and devolved budgets."),
    ("Accountable public services",
     "Standards, complaints and redress in schools, health and care."),
    ("Natural resources", "Land, energy, water and the environment held in common."),
)

SUBJECTS = (
    "council spending", "public contracts", "lobbying meetings", "ministerial diaries",
    "beneficial ownership", "company accounts", "planning decisions", "school budgets",
    "NHS waiting times", "police complaints", "freedom of information requests",
    "grant funding", "charity accounts", "political donations", "outsourced services",
    "housing allocations", "land ownership", "water company performance",
    "air quality readings", "bus timetables", "procurement pipelines",
    "public appointments", "whistleblowing reports", "audit findings",
    "consultation responses", "algorithmic decisions", "welfare sanctions",
    "prison inspections", "flood defence spending", "energy subsidies",
)
VERBS = (
    "Publish", "Open up", "Create a public register of", "Require disclosure of",
    "Set up an independent review of", "Give citizens a say over", "Protect",
    "Standardise reporting of", "Make searchable", "Audit", "Hold hearings on",
    "Put online", "Extend freedom of information to", "Cap", "Explain",
)
QUALIFIERS = (
    "as open data", "within 30 days", "in plain English", "for every local authority",
    "across the UK", "in a single searchable register", "every quarter",
    "with a named accountable officer", "including subcontractors",
    "in machine-readable form", "before decisions are taken", "by default",
    "with independent oversight", "for all bodies spending public money", "",
)
ACTORS = (
    "the Cabinet Office", "every local council", "the Information Commissioner",
    "HM Treasury", "the Electoral Commission", "Parliament", "devolved governments",
    "the National Audit Office", "regulators", "NHS trusts", "combined authorities",
    "Companies House", "the Crown Commercial Service", "public bodies",
)
PROBLEM_TEMPLATES = (
    "At the moment {subject} {tense} hard to find and harder to compare.",
    "People who ask about {subject} are often told the information is commercially sensitive.",
    "Data on {subject} is published late, in PDFs, and without a consistent format.",
    "Nobody outside {actor} can check how decisions on {subject} are made.",
    "Journalists and researchers spend weeks piecing together {subject} from scattered sources.",
    "When things go wrong with {subject}, there is no clear route to complain or get redress.",
    "Campaigners in our area tried for two years to get straight answers about {subject}.",
    "The rules on {subject} differ between England, Scotland, Wales and Northern Ireland.",
    "Previous commitments on {subject} were announced but never fully delivered.",
    "Small organisations cannot afford to request, clean and analyse {subject} themselves.",
)
PROPOSAL_TEMPLATES = (
    "{actor_cap} should {verb_lower} {subject} {qualifier}.",
    "We want a legal duty on {actor} to publish {subject} {qualifier}.",
    "Set a common standard for {subject} so that figures can be compared between areas.",
    "Give an independent body the power to check {subject} and report to Parliament.",
    "Every record about {subject} should carry a date, a source and a contact.",
    "Pilot this with three councils, publish what was learned, then roll it out.",
    "Include {subject} in the next open government national action plan.",
    "Fund civil society groups to help communities use information on {subject}.",
)
IMPACT_TEMPLATES = (
    "Residents could see where the money goes and challenge waste early.",
    "It would rebuild trust that decisions are made in the public interest.",
    "Fraud and conflicts of interest would be spotted sooner.",
    "Services would improve because problems would be visible to everyone.",
    "Smaller suppliers and charities would compete on a fairer footing.",
)
COMMENT_TEMPLATES = (
    "I support this, but it needs a deadline and someone accountable for it.",
    "Our council already publishes {subject}; the problem is that nobody can find it.",
    "How would this work for {actor}? They say the cost is too high.",
    "This overlaps with the idea about {subject}; could the two be merged?",
    "Good idea. Scotland does something similar and it has worked well.",
    "Agree. Without a common format the data on {subject} is almost useless.",
    "I worry about privacy here: personal data must be kept out of {subject}.",
    "We raised {subject} at our workshop in Cardiff and people felt strongly about it.",
    "Could this include {subject} as well? They have the same problem.",
    "The last action plan promised this. What happened?",
    "Please keep it simple: one register, one place, updated monthly.",
    "As a councillor I can say the information exists; publishing it is the easy part.",
    "Fully agree with the previous comment.",
    "This would save journalists and researchers a huge amount of time.",
)
FIRST_NAMES = (
    "Aisha", "Ben", "Catrin", "Dev", "Eilidh", "Femi", "Gareth", "Hannah", "Imran",
    "Jo", "Kieran", "Leah", "Mohammed", "Niamh", "Owen", "Priya", "Rhys", "Sarah",
    "Tom", "Uma", "Vikram", "Wendy", "Yusuf", "Zara",
)
LAST_NAMES = (
    "Ahmed", "Brown", "Campbell", "Davies", "Evans", "Fraser", "Green", "Hughes",
    "Iqbal", "Jones", "Kaur", "Lewis", "Murphy", "Nowak", "O'Neill", "Patel",
    "Quinn", "Roberts", "Smith", "Thomas", "Walker", "Williams", "Young",
)
ORGANISATIONS = (
    None, None, None, None, "Open Data Manchester", "Citizens Advice", "mySociety",
    "Transparency International UK", "Involve", "a local residents' association",
    "Unlock Democracy", "a parish council",
)
REGIONS = (
    "London", "South East", "South West", "East of England", "West Midlands",
    "East Midlands", "Yorkshire and the Humber", "North West", "North East",
    "Scotland", "Wales", "Northern Ireland",
)

#: Realistic searches, from one common word to a narrow phrase.
SEARCH_QUERIES = (
    "open data", "lobbying", "council spending", "beneficial ownership",
    "freedom of information", "procurement contracts", "whistleblowing",
    "NHS waiting times",
)


class Corpus:
    """A seeded pool of sentences; every method draws from it."""

    def __init__(self, rng: random.Random, pool_size: int = 600):
        self.rng = rng
        self.problems = [self._fill(t) for t in self._draw(PROBLEM_TEMPLATES, pool_size)]
        self.proposals = [self._fill(t) for t in self._draw(PROPOSAL_TEMPLATES, pool_size)]
        self.comments = [self._fill(t) for t in self._draw(COMMENT_TEMPLATES, pool_size)]

    def _draw(self, templates: tuple[str, ...], count: int) -> list[str]:
        return [self.rng.choice(templates) for _ in range(count)]

    def _fill(self, template: str) -> str:
        rng = self.rng
        actor = rng.choice(ACTORS)
        subject = rng.choice(SUBJECTS)
        return template.format(
            subject=subject,
            tense="are" if subject.endswith("s") else "is",
            actor=actor,
            actor_cap=actor[0].upper() + actor[1:],
            verb_lower=rng.choice(VERBS).lower(),
            qualifier=rng.choice(QUALIFIERS),
        ).replace(" .", ".")

    def _paragraph(self, pool: list[str], low: int, high: int) -> str:
        return " ".join(self.rng.sample(pool, self.rng.randint(low, high)))

    def title(self) -> str:
        rng = self.rng
        words = [rng.choice(VERBS), rng.choice(SUBJECTS), rng.choice(QUALIFIERS)]
        return " ".join(w for w in words if w)[:120]

    def problem(self) -> str:
        return self._paragraph(self.problems, 2, 6)

    def proposal(self) -> str:
        return self._paragraph(self.proposals, 2, 5)

    def impact(self) -> str:
        return " ".join(self.rng.sample(IMPACT_TEMPLATES, self.rng.randint(0, 2)))

    def who_should_act(self) -> str:
        return ", ".join(self.rng.sample(ACTORS, self.rng.randint(1, 2)))

    def comment(self) -> str:
        # Mostly one or two sentences, sometimes a long reply.
        count = 1 if self.rng.random() < 0.55 else self.rng.randint(2, 6)
        return self._paragraph(self.comments, count, count)

    def person(self) -> tuple[str, str | None, str | None]:
        rng = self.rng
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        return name, rng.choice(ORGANISATIONS), rng.choice(REGIONS)
