"""Parties, their responses, the scorecard and delivery tracking.

The routes live in public_views.py (scorecard, responses, progress,
following), admin_views.py (parties, recording responses and progress) and
import_views.py (the response sheet); all attach to one blueprint."""

from __future__ import annotations

from manifesto.parties import admin_views, import_views, public_views  # noqa: F401  (routes)
from manifesto.parties.blueprint import blueprint  # noqa: F401  (registered by create_app)
