"""Party colours: #rrggbb, and the text colour that reads on them (WCAG 2.2
relative luminance and contrast ratio)."""

from __future__ import annotations

import re

HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
BLACK = "#000000"
WHITE = "#ffffff"
#: WCAG 2.2 AA: normal text 4.5:1; graphics (a chart's bars) 3:1 against their background.
TEXT_CONTRAST = 4.5
GRAPHIC_CONTRAST = 3.0


def normalise(value: str) -> str | None:
    """'#1D4F91', '1d4f91' or '#18f' → '#1d4f91'; None when not a colour."""
    match = HEX.fullmatch((value or "").strip())
    if match is None:
        return None
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return "#" + digits


def luminance(colour: str) -> float:
    digits = colour.lstrip("#")

    def channel(index: int) -> float:
        value = int(digits[index:index + 2], 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour_for(background: str) -> str:
    """Black or white, whichever contrasts more (always at least 4.5:1)."""
    return BLACK if contrast(background, BLACK) >= contrast(background, WHITE) else WHITE


def outline_needed(colour: str, background: str = WHITE) -> bool:
    """A bar this colour on this background needs an outline to be seen."""
    return contrast(colour, background) < GRAPHIC_CONTRAST
