"""Parties, a published manifesto, responses and uploads for tests (through
the real services where there is one)."""

from __future__ import annotations

import itertools
from datetime import date

from manifesto.extensions import db
from manifesto.panel import shortlist
from manifesto.parties import responses, services
from manifesto.parties.models import ResponseUpload
from tests.factories import make_commitment, make_idea, make_round, make_user

_numbers = itertools.count(1)


def make_party(name: str | None = None, short_name: str | None = None, colour: str = "#1d4f91",
               nations=("england", "scotland", "wales", "northern_ireland"), website: str = "",
               actor=None):
    n = next(_numbers)
    return services.save_party(actor or make_user(roles=("admin",)), None,
                               name=name or f"Party {n}", short_name=short_name or f"P{n}",
                               colour=colour, nations=list(nations), website=website)


def make_published_round(commitments: int = 3, admin=None, themes=None, slug: str | None = None):
    """A round whose manifesto is published with ``commitments`` numbered
    commitments, spread over its themes in turn. Returns (round, [commitments])."""
    admin = admin or make_user(roles=("admin",))
    round_ = make_round(slug=slug, phase="assessment",
                        **({"themes": themes} if themes is not None else {}))
    made = []
    for index in range(commitments):
        theme = round_.themes[index % len(round_.themes)]
        made.append(make_commitment(round_, [make_idea(round_)], actor=admin,
                                    title=f"Commitment title {next(_numbers)}", theme=theme))
    for commitment in made:
        shortlist.decide(admin, commitment, True, "Strong support and clearly deliverable.")
    shortlist.publish(admin, round_)
    db.session.refresh(round_)
    return round_, sorted(made, key=lambda c: c.number)


def make_response(party, commitment, stance: str = "committed", quote: str = "We will do it.",
                  evidence_url: str = "https://example.org/manifesto#p12",
                  stated_on: date | None = date(2026, 5, 1), actor=None):
    return responses.record_response(actor or make_user(roles=("admin",)), party, commitment,
                                     stance=stance, quote=quote, evidence_url=evidence_url,
                                     stated_on=stated_on).response


def response_in_new_round(_world=None):
    round_, commitments = make_published_round(1)
    return make_response(make_party(), commitments[0])


def upload_for(round_, content: bytes = b"Party,Commitment,Stance\r\nLabour,1,committed\r\n",
               filename: str = "responses.csv"):
    upload = ResponseUpload(round_id=round_.id, filename=filename, content=content,
                            size=len(content))
    db.session.add(upload)
    db.session.commit()
    return upload
