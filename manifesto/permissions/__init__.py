"""Who may do what to which object: decided here and nowhere else.

Views, templates (through the ``can`` global) and the API all ask this
package: the machinery in :mod:`.core`, the rules by domain in ``rules_*``. Two layers:

* every view function is marked with exactly one access decorator —
  :func:`public`, :func:`signed_in` or :func:`role_required` — and a test
  walks the URL map to prove no route lacks one;
* object- and phase-level rules are policies keyed by action name, checked
  with :func:`can` / :func:`require` after the object is loaded.
"""

from __future__ import annotations

from manifesto.permissions import (  # noqa: F401  (each registers its policies)
    rules_content, rules_moderation, rules_panel, rules_parties, rules_workshops,
)
from manifesto.permissions.core import (  # noqa: F401  (the interface)
    ACCESS_ATTRIBUTE, PermissionDenied, Refusal, access_of, can, policy, public,
    reason_refused, refusal_for, require, require_found, role_required, signed_in,
    template_can, wants_json,
)
