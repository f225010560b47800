"""How much data a benchmark run generates."""

from __future__ import annotations

from dataclasses import dataclass, replace

#: Every idea list, search and idea page is measured in this round.
ROUND_SLUG = "national"
#: One idea gets exactly this many comments, for the idea-page measurement.
LONG_THREAD = 200


@dataclass(frozen=True)
class Scale:
    name: str
    users: int
    ideas: int
    comments: int
    supports: int
    themes: int = 10

    def __post_init__(self) -> None:
        if self.comments < LONG_THREAD:
            raise ValueError(f"need at least {LONG_THREAD} comments for the long thread")
        if self.supports > self.users * self.ideas // 2:
            raise ValueError("too many supports for so few users and ideas")

    @property
    def workshops(self) -> int:
        """A few hundred workshops at national scale (one per hundred ideas)."""
        return max(4, self.ideas // 100)

    @property
    def tallies(self) -> int:
        """(workshop, idea) dot-vote tallies: as many as ideas, so about two
        ideas in three get dots somewhere."""
        return self.ideas

    def divided(self, by: int, name: str) -> "Scale":
        return replace(
            self,
            name=name,
            users=self.users // by,
            ideas=self.ideas // by,
            comments=self.comments // by,
            supports=self.supports // by,
        )


NATIONAL = Scale("national", users=100_000, ideas=30_000, comments=300_000, supports=2_000_000)
QUICK = NATIONAL.divided(20, "quick")
