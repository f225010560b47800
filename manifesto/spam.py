"""A honeypot field for public forms: invisible to people (and skipped by
keyboard and screen readers), but filled in by form-stuffing bots.

A submission with the field filled is refused with a neutral message and
nothing is saved; it is logged so operators can see the pressure.
"""

from __future__ import annotations

import logging

from wtforms import StringField

log = logging.getLogger("manifesto.spam")

HONEYPOT_NAME = "website"
REFUSED = "We could not accept this form. Please try again, or contact us if it keeps happening."


class HoneypotMixin:
    """Add to a FlaskForm; render with the ``honeypot`` macro in forms.html."""

    website = StringField("Leave this field empty",
                          render_kw={"tabindex": "-1", "autocomplete": "off"})

    def caught_by_honeypot(self) -> bool:
        caught = bool((self.website.data or "").strip())
        if caught:
            log.warning("honeypot filled on %s", type(self).__name__)
            self.form_errors.append(REFUSED)
        return caught
