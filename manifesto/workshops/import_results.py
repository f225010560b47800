"""What a sheet import found and did: row by row, and in total."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


class ImportRefused(Exception):
    """The import cannot run at all (e.g. workshop input has closed)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ImportFailed(Exception):
    """Some rows are wrong: nothing was saved."""

    def __init__(self, summary: "ImportSummary"):
        super().__init__(f"{summary.error_rows} row(s) need fixing; nothing was saved")
        self.summary = summary


@dataclass
class RowProblem:
    row: int
    column: str  # the heading as in the template, or "" for the row as a whole
    message: str  # what is wrong and how to fix it


@dataclass
class RowOutcome:
    row: int
    idea: str  # "I-42 Open contracts", or the new idea's title
    actions: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    same_as: int | None = None
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.problems:
            return "error"
        if self.actions:
            return "change"
        return "already" if self.already else "nothing"

    @property
    def description(self) -> str:
        if self.problems:
            return " ".join(problem.message for problem in self.problems)
        if self.actions:
            extra = f" ({'; '.join(self.already)})" if self.already else ""
            return "; ".join(self.actions) + extra
        if self.already:
            return "Already in" + (f" (same as row {self.same_as})" if self.same_as else "")
        return "Nothing to add (no dots or comment)"


@dataclass
class ImportSummary:
    rows: int = 0
    new_ideas: int = 0
    tallies: int = 0
    comments: int = 0
    already_in: int = 0
    nothing: int = 0
    error_rows: int = 0

    @property
    def ok(self) -> bool:
        return self.error_rows == 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def sentence(self) -> str:
        def n(count: int, one: str, many: str) -> str:
            return f"{count:,} {one if count == 1 else many}"

        parts = [n(self.new_ideas, "new idea", "new ideas"),
                 n(self.tallies, "dot tally", "dot tallies"),
                 n(self.comments, "comment", "comments")]
        text_ = ", ".join(parts)
        text_ += f"; {n(self.already_in, 'row was', 'rows were')} already in"
        if self.nothing:
            text_ += f"; {n(self.nothing, 'row had', 'rows had')} nothing to add"
        return text_ + "."


class Target:
    """An idea that rows point at: existing (``idea_id`` known) or new from
    this sheet (``idea_id`` set once written). Kept small: one per idea the
    sheet mentions, holding what earlier rows did to it."""

    __slots__ = ("idea_id", "label", "status", "merged_into_id", "token", "first_row",
                 "tally_row", "tally_dots")

    def __init__(self, idea_id: int | None, label: str = "", status: str = "published",
                 merged_into_id: int | None = None, first_row: int | None = None):
        self.idea_id, self.label = idea_id, label
        self.status, self.merged_into_id = status, merged_into_id
        self.first_row = first_row
        # Stable for the whole import (a new idea's id arrives mid-way).
        self.token = idea_id * 2 if idea_id is not None else first_row * 2 + 1
        self.tally_row: int | None = None
        self.tally_dots: int | None = None

    @property
    def name(self) -> str:
        return f"I-{self.idea_id}" if self.idea_id else "the new idea"

    @property
    def closed(self) -> str | None:
        if self.status == "published":
            return None
        if self.status == "merged" and self.merged_into_id:
            return (f"I-{self.idea_id} has been merged into I-{self.merged_into_id}: "
                    f"use I-{self.merged_into_id} instead.")
        return f"I-{self.idea_id} is no longer open for input ({self.status}). Remove this row."
