"""The rules every kind of workshop input shares: when input is taken, the
errors it raises, and which ideas it may go to."""

from __future__ import annotations

from manifesto.comments.services import CommentError
from manifesto.ideas.models import Idea
from manifesto.rounds.models import Round
from manifesto.workshops.models import Workshop

# Workshop input is typed in after the meeting: it is taken until the panel
# starts assessing, even once the online window has closed.
INPUT_PHASES = ("draft", "open")


class WorkshopError(Exception):
    """Invalid input: ``errors`` maps a field name to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class EntryError(Exception):
    """Some rows of a multi-row entry are invalid: ``rows`` maps the row's
    position (1-based, as shown on the form) to {field: message}. Nothing
    was saved."""

    def __init__(self, rows: dict[int, dict[str, str]]):
        super().__init__(f"{len(rows)} row(s) need fixing")
        self.rows = rows


def input_closed_reason(round_: Round) -> str | None:
    if round_.phase in INPUT_PHASES:
        return None
    return "Workshop input for this round closed when the panel began assessing ideas."


def check_idea_for_workshop(workshop: Workshop, idea: Idea | None) -> Idea:
    """The idea a workshop comments on or votes for must be a live idea of
    the workshop's round (raises CommentError with the reason)."""
    if idea is None or idea.round_id != workshop.round_id:
        raise CommentError("There is no idea with that reference in this round.", field="idea")
    if idea.status != "published":
        raise CommentError(f"Idea {idea.reference} is no longer open for input.", field="idea")
    return idea
