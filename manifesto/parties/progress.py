"""Delivery tracking: dated progress updates on published commitments, the
timeline of one commitment, and the manifesto's overall progress."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from manifesto import audit
from manifesto.extensions import db
from manifesto.panel.models import Commitment
from manifesto.parties import follows
from manifesto.parties.models import NOTE_MAX, PROGRESS_STATUSES, ProgressUpdate
from manifesto.parties.responses import closed_reason, today_uk
from manifesto.parties.services import PartyError, clean_url, commit
from manifesto.timeutil import utcnow


def add_progress(actor, commitment: Commitment, *, status: str | None, note: str | None = "",
                 source_url: str | None = "", happened_on: date | None = None,
                 date_text: str = "") -> ProgressUpdate:
    """Add a dated update; audited, followers told, one transaction."""
    reason = closed_reason(commitment)
    if reason:
        raise PartyError(reason)
    errors: dict[str, str] = {}
    status = (status or "").strip()
    if status not in PROGRESS_STATUSES:
        errors["status"] = "Choose where the commitment has got to."
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        errors["note"] = f"Keep the note to {NOTE_MAX:,} characters or fewer."
    source_url = clean_url(source_url, "source_url", errors)
    if happened_on is None:
        errors["happened_on"] = ("Write the date the day first, like 14/03/2027." if date_text
                                 else "Enter the date this happened, like 14/03/2027.")
    elif happened_on > today_uk():
        errors["happened_on"] = "The date cannot be in the future."
    if not note and not source_url and "source_url" not in errors:
        errors["note"] = "Say what happened, or give a link to the source."
    if errors:
        raise PartyError(errors)
    update = ProgressUpdate(commitment_id=commitment.id, status=status, note=note,
                            source_url=source_url, happened_on=happened_on,
                            recorded_by_id=getattr(actor, "id", None), recorded_at=utcnow())
    db.session.add(update)
    db.session.flush()
    audit.record(actor, "progress.added", update, None,
                 {"commitment_id": commitment.id, "status": status, "note": note,
                  "source_url": source_url, "happened_on": happened_on})
    follows.notify_followers(
        commitment, [f"{PROGRESS_STATUSES[status]} ({happened_on.day} {happened_on:%B %Y})"
                     + (f": {note[:300]}" if note else "")], progress=True)
    commit()
    return update


def timeline(commitment: Commitment) -> list[ProgressUpdate]:
    """Newest first: by the date it happened, then the order it was recorded."""
    return list(db.session.scalars(
        select(ProgressUpdate).where(ProgressUpdate.commitment_id == commitment.id)
        .order_by(ProgressUpdate.happened_on.desc(), ProgressUpdate.id.desc())))


def current_statuses(commitment_ids: list[int]) -> dict[int, ProgressUpdate]:
    """Each commitment's latest update (commitments with none are absent)."""
    latest: dict[int, ProgressUpdate] = {}
    if not commitment_ids:
        return latest
    for update in db.session.scalars(
            select(ProgressUpdate).where(ProgressUpdate.commitment_id.in_(commitment_ids))
            .order_by(ProgressUpdate.happened_on, ProgressUpdate.id)):
        latest[update.commitment_id] = update
    return latest


def published_ids(round_) -> list[int]:
    return list(db.session.scalars(
        select(Commitment.id).where(Commitment.round_id == round_.id,
                                    Commitment.number.is_not(None))
        .order_by(Commitment.number)))


def progress_summary(round_) -> dict[str, int]:
    """How many of the round's published commitments stand at each status
    now (their latest update), in the usual order, then ``no_updates`` (none
    recorded yet) and ``total``. Labels: ``models.PROGRESS_STATUSES``."""
    ids = published_ids(round_) if round_.phase in ("published", "tracking") else []
    counts = {status: 0 for status in PROGRESS_STATUSES}
    latest = current_statuses(ids)
    for update in latest.values():
        counts[update.status] += 1
    counts["no_updates"] = len(ids) - len(latest)
    counts["total"] = len(ids)
    return counts
