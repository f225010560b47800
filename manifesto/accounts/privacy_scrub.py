"""Erasing a person's details from the audit log (and other free text)
when their account is deleted: the events stay, who they were goes.

Email and display name are erased wherever they appear in the log's
before/after values; the organisation only in events about the person (an
organisation may be shared with others). The display name is matched as a
whole word, any case ("Sam" leaves "Samuel" alone); the email anywhere.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import Text, and_, cast, func, or_, select, update

from manifesto.accounts.models import User
from manifesto.audit import AuditEvent
from manifesto.extensions import db

ERASED = "[erased]"
# Audit fields holding the text of an idea or comment (erased with it).
CONTENT_KEYS = frozenset({"title", "problem", "proposal", "impact", "who_should_act", "body"})


def personal_patterns(user: User) -> dict[str, list[re.Pattern]]:
    """Email and display name are erased wherever they appear in the log; the
    organisation only in events about this person (it may be shared)."""
    def word(text: str) -> re.Pattern:
        return re.compile(r"(?<!\w)" + re.escape(text) + r"(?!\w)", re.IGNORECASE)

    everywhere = [re.compile(re.escape(user.email), re.IGNORECASE), word(user.display_name)]
    linked = everywhere + ([word(user.organisation)] if (user.organisation or "").strip() else [])
    return {"everywhere": everywhere, "linked": linked,
            "needles": [user.email, user.display_name]}


def scrub(value: Any, patterns: list[re.Pattern], content: bool = False) -> Any:
    if isinstance(value, str):
        for pattern in patterns:
            value = pattern.sub(ERASED, value)
        return value
    if isinstance(value, list):
        return [scrub(item, patterns, content) for item in value]
    if isinstance(value, dict):
        return {key: (ERASED if content and key in CONTENT_KEYS and isinstance(item, str) and item
                      else scrub(item, patterns, content))
                for key, item in value.items()}
    return value


def _json_text_contains(column, needle: str):
    """Substring test on the stored JSON text, in the forms the JSON
    serialiser may have written the string in. SQL lower() leaves escaped
    non-ASCII letters (``\\u00c9``) alone, so the usual casings are tried as
    well; the exact, case-blind match is made afterwards in Python."""
    casings = {needle, needle.lower(), needle.upper(), needle.title()}
    forms = {json.dumps(text, ensure_ascii=ascii_only)[1:-1].lower()
             for text in casings for ascii_only in (True, False)}
    return or_(*(func.lower(cast(column, Text)).contains(form, autoescape=True) for form in forms))


def scrub_audit_log(user_id: int, patterns: dict, content: dict[str, list[int]]) -> int:
    """Erase the person's details from the audit log; the events themselves
    (what happened, when) stay.

    The log is append-only through the ORM (audit.py refuses updates). These
    targeted Core UPDATEs are the one deliberate exception: UK GDPR gives a
    person the right to erasure of their personal data, which outranks
    keeping the log's details verbatim, and the change happens in the same
    transaction as the erasure that the "account.erased" event records."""
    events = AuditEvent.__table__
    about_them = and_(events.c.target_type == "users", events.c.target_id == user_id)
    linked = [events.c.actor_id == user_id, about_them]
    for target_type, ids in content.items():
        if ids:
            linked.append(and_(events.c.target_type == target_type, events.c.target_id.in_(ids)))
    mentions = [_json_text_contains(column, needle)
                for column in (events.c.before, events.c.after) for needle in patterns["needles"]]
    rows = db.session.execute(
        select(events.c.id, events.c.actor_id, events.c.target_type, events.c.target_id,
               events.c.before, events.c.after).where(or_(*linked, *mentions))
    ).all()
    content_targets = {(kind, i) for kind, ids in content.items() for i in ids}
    scrubbed = 0
    for row in rows:
        is_linked = row.actor_id == user_id or (row.target_type == "users" and row.target_id == user_id)
        is_content = (row.target_type, row.target_id) in content_targets
        chosen = patterns["linked"] if is_linked or is_content else patterns["everywhere"]
        before = scrub(row.before, chosen, is_content)
        after = scrub(row.after, chosen, is_content)
        if (before, after) != (row.before, row.after):
            db.session.execute(update(events).where(events.c.id == row.id)
                               .values(before=before, after=after))
            scrubbed += 1
    # Who did it becomes nobody; addresses they came from are dropped.
    db.session.execute(update(events).where(events.c.actor_id == user_id)
                       .values(actor_id=None, ip_address=None))
    db.session.execute(update(events).where(about_them, events.c.actor_id.is_(None))
                       .values(ip_address=None))
    return scrubbed
