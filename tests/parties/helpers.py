"""Reading pages in the parties tests."""

from __future__ import annotations

import re
from html import unescape


def page(response) -> str:
    """The page's text as read: tags gone, spaces collapsed."""
    words = unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split()
    return " ".join(words).replace(" ,", ",").replace(" :", ":").replace(" .", ".")
