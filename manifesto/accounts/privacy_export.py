"""Everything held about a person, to download (UK GDPR right of access).

Each kind of data is one *section*: a function returning the person's rows,
registered with :func:`section`. Adding a kind of data (a new table) is one
more decorated function; the JSON file, the zip of CSV files and the
overview page all pick it up. A section returns None when this installation
has no such table, and is then left out.

Password hashes and login tokens are not exported: they are security
secrets, not information about the person, and are erased with the account.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from manifesto.accounts.models import User
from manifesto.accounts.privacy import consent_state, consent_wording
from manifesto.audit import AuditEvent
from manifesto.comments.models import Comment
from manifesto.exports.cells import safe_cell
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.panel.models import Commitment
from manifesto.parties.models import Follow
from manifesto.supports.models import Support
from manifesto.timeutil import utcnow
from manifesto.workshops.models import Workshop

Rows = list[dict[str, Any]]
CONSENT_ACTIONS = ("account.contact_consent_given", "account.contact_consent_withdrawn",
                   "account.registered")


@dataclass(frozen=True)
class Section:
    name: str  # the JSON key and the CSV file's name
    title: str  # what the overview page calls it
    columns: tuple[str, ...]  # the keys of every row, in order
    rows: Callable[[User], Rows | None]
    count: Callable[[User], int | None] | None  # cheaper than len(rows) for the overview


SECTIONS: list[Section] = []


def section(name: str, title: str, columns: str,
            count: Callable[[User], int | None] | None = None):
    def register(function: Callable[[User], Rows | None]):
        SECTIONS.append(Section(name, title, tuple(columns.split()), function, count))
        return function

    return register


def _count(statement) -> int:
    return db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0


# --- the sections -------------------------------------------------------------------

@section("profile", "Your account details",
         "account_id email display_name organisation region created_at last_login_at "
         "contact_consent_at contact_consent_wording_version email_verified_at blocked_at",
         count=lambda user: 1)
def _profile(user: User) -> Rows:
    return [{
        "account_id": user.id, "email": user.email, "display_name": user.display_name,
        "organisation": user.organisation, "region": user.region,
        "created_at": user.created_at, "last_login_at": user.last_login_at,
        "contact_consent_at": user.contact_consent_at,
        "contact_consent_wording_version": user.contact_consent_wording,
        # Columns being added by the account-safety work; absent → None.
        "email_verified_at": getattr(user, "email_verified_at", None),
        "blocked_at": getattr(user, "blocked_at", None),
    }]


@section("roles", "Your roles", "role since", count=lambda user: len(user.roles))
def _roles(user: User) -> Rows:
    rows = [{"role": "participant", "since": user.created_at}]
    rows += [{"role": row.role, "since": row.granted_at}
             for row in sorted(user.role_rows, key=lambda row: row.role)]
    return rows


def _consent_events(user: User):
    return (select(AuditEvent)
            .where(AuditEvent.target_type == "users", AuditEvent.target_id == user.id,
                   AuditEvent.action.in_(CONSENT_ACTIONS))
            .order_by(AuditEvent.occurred_at, AuditEvent.id))


@section("consents", "Your consent to be contacted, now and as it changed",
         "record purpose given at wording_version wording")
def _consents(user: User) -> Rows:
    state = consent_state(user)
    rows = [{"record": "now", "purpose": "contact by email", "given": state.given,
             "at": state.given_at, "wording_version": state.version, "wording": state.wording}]
    for event in db.session.scalars(_consent_events(user)):
        given = event.action != "account.contact_consent_withdrawn"
        values = (event.after if given else event.before) or {}
        version = values.get("contact_consent_wording")
        if event.action == "account.registered" and not version:
            continue  # registered without consenting
        rows.append({"record": "history", "purpose": "contact by email", "given": given,
                     "at": event.occurred_at, "wording_version": version,
                     "wording": consent_wording(version)})
    return rows


def _ideas_of(user: User):
    return select(Idea).where(Idea.author_id == user.id)


@section("ideas", "Ideas you submitted",
         "reference round title current_situation proposal impact who_should_act scope themes "
         "status supporters comments created_at updated_at", count=lambda user: _count(_ideas_of(user)))
def _ideas(user: User) -> Rows:
    ideas = db.session.scalars(_ideas_of(user).order_by(Idea.id)
                               .options(joinedload(Idea.round), selectinload(Idea.themes)))
    return [{
        "reference": idea.reference, "round": idea.round.title, "title": idea.title,
        "current_situation": idea.problem, "proposal": idea.proposal, "impact": idea.impact,
        "who_should_act": idea.who_should_act, "scope": idea.scope_label,
        "themes": "; ".join(theme.name for theme in idea.themes), "status": idea.status,
        "supporters": idea.support_count, "comments": idea.comment_count,
        "created_at": idea.created_at, "updated_at": idea.updated_at,
    } for idea in ideas]


def _comments_of(user: User):
    return select(Comment).where(Comment.author_id == user.id)


@section("comments", "Comments you wrote",
         "comment_id idea idea_title reply_to_comment body created_at edited_at deleted_at "
         "hidden_by_moderators", count=lambda user: _count(_comments_of(user)))
def _comments(user: User) -> Rows:
    rows = db.session.execute(
        _comments_of(user).add_columns(Idea.title).join(Idea, Idea.id == Comment.idea_id)
        .order_by(Comment.id)
    ).all()
    return [{
        "comment_id": comment.id, "idea": f"I-{comment.idea_id}", "idea_title": idea_title,
        "reply_to_comment": comment.parent_id, "body": comment.body,
        "created_at": comment.created_at, "edited_at": comment.edited_at,
        "deleted_at": comment.deleted_at, "hidden_by_moderators": comment.hidden,
    } for comment, idea_title in rows]


def _supports_of(user: User):
    return select(Support).where(Support.user_id == user.id)


@section("supports", "Ideas you support", "idea idea_title supported_at", count=lambda user: _count(_supports_of(user)))
def _supports(user: User) -> Rows:
    rows = db.session.execute(
        select(Support.idea_id, Support.created_at, Idea.title)
        .join(Idea, Idea.id == Support.idea_id)
        .where(Support.user_id == user.id).order_by(Support.created_at, Support.id)
    ).all()
    return [{"idea": f"I-{idea_id}", "idea_title": title, "supported_at": created_at}
            for idea_id, created_at, title in rows]


def _follows_of(user: User):
    return select(Follow).where(Follow.user_id == user.id)


@section("follows", "Commitments you follow", "commitment commitment_title followed_at",
         count=lambda user: _count(_follows_of(user)))
def _follows(user: User) -> Rows:
    rows = db.session.execute(
        select(Follow.commitment_id, Follow.created_at, Commitment.title)
        .join(Commitment, Commitment.id == Follow.commitment_id)
        .where(Follow.user_id == user.id).order_by(Follow.created_at, Follow.commitment_id)
    ).all()
    return [{"commitment": f"C-{commitment_id}", "commitment_title": title, "followed_at": at}
            for commitment_id, at, title in rows]


def _workshops_of(user: User):
    return select(Workshop).where(Workshop.owner_id == user.id)


@section("workshops", "Workshops you manage",
         "workshop_id title held_on town nation facilitator_name created_at", count=lambda user: _count(_workshops_of(user)))
def _workshops(user: User) -> Rows:
    return [{
        "workshop_id": w.id, "title": w.title, "held_on": w.held_on, "town": w.town,
        "nation": w.nation_label, "facilitator_name": w.facilitator_name,
        "created_at": w.created_at,
    } for w in db.session.scalars(_workshops_of(user).order_by(Workshop.id))]


def _flags_table():
    return db.metadata.tables.get("flags")


def _flags_of(user: User):
    table = _flags_table()
    return None if table is None else select(table).where(table.c.flagged_by_id == user.id)


FLAG_COLUMNS = "id idea_id comment_id reason details created_at resolved_at resolution"


@section("flags", "Content you flagged to moderators", FLAG_COLUMNS,
         count=lambda user: None if _flags_of(user) is None else _count(_flags_of(user)))
def _flags(user: User) -> Rows | None:
    statement = _flags_of(user)
    if statement is None:
        return None  # no flags table in this installation
    table = _flags_table()
    wanted = FLAG_COLUMNS.split()
    columns = [table.c[name] for name in wanted if name in table.c]
    rows = db.session.execute(statement.with_only_columns(*columns).order_by(table.c.id))
    return [{name: row._mapping.get(name) for name in wanted} for row in rows]


def _events_of(user: User):
    return select(AuditEvent).where(or_(
        AuditEvent.actor_id == user.id,
        and_(AuditEvent.target_type == "users", AuditEvent.target_id == user.id),
    ))


@section("audit_events", "Our log of what you did, and of what was done to your account",
         "event_id at action record record_id done_by before after ip_address", count=lambda user: _count(_events_of(user)))
def _audit_events(user: User) -> Rows:
    rows = []
    for event in db.session.scalars(_events_of(user).order_by(AuditEvent.occurred_at, AuditEvent.id)):
        yours = event.actor_id == user.id
        rows.append({
            "event_id": event.id, "at": event.occurred_at, "action": event.action,
            "record": event.target_type, "record_id": event.target_id,
            # Who else acted is their information, not this person's.
            "done_by": "you" if yours else ("someone else" if event.actor_id else "the system"),
            "before": event.before, "after": event.after,
            "ip_address": event.ip_address if yours else None,
        })
    return rows


# --- building the files ---------------------------------------------------------------

def collect(user: User) -> dict[str, Rows]:
    """Every section that this installation holds, in order."""
    found = {}
    for part in SECTIONS:
        rows = part.rows(user)
        if rows is not None:
            found[part.name] = rows
    return found


def summary(user: User) -> list[tuple[Section, int]]:
    """(section, how many rows) for the overview page, in a fixed number of queries."""
    result = []
    for part in SECTIONS:
        number = part.count(user) if part.count else len(part.rows(user) or ())
        if number is not None:
            result.append((part, number))
    return result


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _about(site_name: str) -> dict[str, Any]:
    return {"site": site_name, "exported_at": utcnow().isoformat(),
            "contents": {part.name: part.title for part in SECTIONS}}


def as_json(user: User, site_name: str) -> bytes:
    data: dict[str, Any] = {"about": _about(site_name)}
    for name, rows in collect(user).items():
        data[name] = _plain(rows[0]) if name == "profile" else _plain(rows)
    text = json.dumps(data, indent=2, ensure_ascii=False)
    # As every JSON response here (web.HtmlSafeJSONProvider): < > & ' only
    # occur inside strings, so escaping them changes no value but means user
    # text can never be read as markup.
    for character, escaped in JSON_HTML_ESCAPES.items():
        text = text.replace(character, escaped)
    return text.encode("utf-8")


JSON_HTML_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"}


def csv_cell(value: Any) -> str:
    """A cell as text; text a spreadsheet would run as a formula gets a
    leading apostrophe (CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dict, list)):
        value = json.dumps(_plain(value), ensure_ascii=False)
    if isinstance(value, str):
        return safe_cell(value)
    return str(_plain(value))


def _csv(part: Section, rows: Rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(part.columns)
    writer.writerows([csv_cell(row.get(name)) for name in part.columns] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")  # the BOM tells spreadsheets it is UTF-8


def as_zip(user: User, site_name: str) -> bytes:
    """One CSV file per section, and a README saying what each holds."""
    found = collect(user)
    readme = [f"Everything {site_name} holds about you, exported {utcnow():%d %B %Y}.", "",
              "Each file is a table (CSV, UTF-8) that opens in any spreadsheet program.",
              "Cells that began with = + - or @ have a ' added so they are not run as formulas.",
              ""]
    readme += [f"{part.name}.csv: {part.title}" for part in SECTIONS if part.name in found]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", "\n".join(readme) + "\n")
        for part in SECTIONS:
            if part.name in found:
                archive.writestr(f"{part.name}.csv", _csv(part, found[part.name]))
    return buffer.getvalue()
