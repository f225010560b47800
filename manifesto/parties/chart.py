"""The scorecard's chart, laid out on the server: one bar per party, the
solid part for commitments it committed to, the hatched part for those it
partly committed to. The template draws it as an inline SVG with a title,
a description and every number also written as text; bars have a dark
outline so any party colour stands out from the page (WCAG 1.4.11), and a
number printed on a bar uses the text colour that reads on that colour."""

from __future__ import annotations

from dataclasses import dataclass

from manifesto.parties.queries import Scorecard

WIDTH = 320
NAME_MAX = 18  # characters of the short name on the chart (the table has the full name)
LABEL_HEIGHT = 22
BAR_HEIGHT = 24
GAP = 14
BAR_MAX = WIDTH - 2
MIN_WIDTH_FOR_NUMBER = 26


@dataclass
class Bar:
    name: str  # the short name, cut to NAME_MAX characters
    counts: str  # "11 committed, 6 partly"
    colour: str
    text_colour: str
    committed: int
    partly: int
    label_y: int
    bar_y: int
    committed_width: float
    partly_width: float
    pattern_id: str

    @property
    def show_number(self) -> bool:
        return self.committed > 0 and self.committed_width >= MIN_WIDTH_FOR_NUMBER


@dataclass
class Chart:
    bars: list[Bar]
    height: int
    out_of: int
    title: str
    description: str
    width: int


def build_chart(card: Scorecard) -> Chart | None:
    ranked = card.ranked
    if not ranked or not card.lines:
        return None
    out_of = len(card.lines)
    bars: list[Bar] = []
    y = 4
    for index, totals in enumerate(ranked):
        committed, partly = totals.counts["committed"], totals.counts["partly"]
        party = totals.party
        name = party.short_name
        bars.append(Bar(
            name=name if len(name) <= NAME_MAX else name[:NAME_MAX - 1] + "…",
            counts=f"{committed} committed, {partly} partly",
            colour=party.colour, text_colour=party.text_colour,
            committed=committed, partly=partly, label_y=y + 16, bar_y=y + LABEL_HEIGHT,
            committed_width=round(BAR_MAX * committed / out_of, 2),
            partly_width=round(BAR_MAX * partly / out_of, 2),
            pattern_id=f"partly-{index}"))
        y += LABEL_HEIGHT + BAR_HEIGHT + GAP
    scope = []
    if card.theme is not None:
        scope.append(f"theme {card.theme.name}")
    if card.nation:
        scope.append(f"parties standing in {card.nation_label}")
    title = (f"Commitments each party has made, out of {out_of}"
             + (f" ({', '.join(scope)})" if scope else ""))
    description = ("Bar chart, most committed first. Solid bars: committed; hatched: partly "
                   "committed. " + "; ".join(
                       f"{totals.party.name}: {totals.counts['committed']} of {out_of} "
                       f"committed, {totals.counts['partly']} partly" for totals in ranked) + ".")
    return Chart(bars, y, out_of, title, description, WIDTH)
