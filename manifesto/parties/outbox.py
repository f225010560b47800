"""Sending the mail waiting in ``mail_outbox``, outside the request.

Rows are written in the transaction of the change they report (see
``follows.notify_followers``). After that transaction commits, the view calls
:func:`send_soon`, which starts a background thread in this process to drain
the outbox, so a page never waits for the mail; ``flask send-mail`` drains it
too (from cron, or after a restart). Each row is claimed before it is sent,
so two senders (threads, workers, hosts) never send the same row; a failed
send leaves the row for the next drain, up to ``MAX_ATTEMPTS`` times; a claim
older than ``CLAIM_TIMEOUT`` (a sender that died) is taken over.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

import click
from flask import Flask, current_app, g, has_app_context
from sqlalchemy import and_, or_, select, update

from manifesto.accounts.models import User
from manifesto.extensions import db
from manifesto.mail import send_mail
from manifesto.parties.models import MailOutbox
from manifesto.timeutil import utcnow

log = logging.getLogger("manifesto.outbox")
MAX_ATTEMPTS = 5
CLAIM_TIMEOUT = timedelta(minutes=10)
BATCH = 200
_outbox = MailOutbox.__table__


@dataclass
class Drained:
    sent: int = 0
    failed: int = 0


def mark_queued() -> None:
    """Note that this request queued mail (so :func:`send_soon` has work)."""
    if has_app_context():
        g.mail_queued = True


def _claimable(now):
    return and_(_outbox.c.sent_at.is_(None), _outbox.c.attempts < MAX_ATTEMPTS,
                or_(_outbox.c.claimed_at.is_(None), _outbox.c.claimed_at < now - CLAIM_TIMEOUT))


def _finish(row_id: int, **values) -> None:
    db.session.execute(update(_outbox).where(_outbox.c.id == row_id).values(**values))
    db.session.commit()


def drain(limit: int = BATCH) -> Drained:
    """Send up to ``limit`` waiting emails through the configured mail backend."""
    done = Drained()
    now = utcnow()
    ids = db.session.scalars(select(_outbox.c.id).where(_claimable(now))
                             .order_by(_outbox.c.id).limit(limit)).all()
    db.session.commit()
    for row_id in ids:
        now = utcnow()
        claimed = db.session.execute(
            update(_outbox).where(_outbox.c.id == row_id, _claimable(now))
            .values(claimed_at=now, attempts=_outbox.c.attempts + 1)).rowcount
        db.session.commit()
        if not claimed:
            continue  # another sender has it
        row = db.session.execute(
            select(User.email, _outbox.c.subject, _outbox.c.body)
            .join(User, User.id == _outbox.c.user_id).where(_outbox.c.id == row_id)).first()
        if row is None:  # the account was erased meanwhile (its rows go with it)
            continue
        try:
            send_mail(row.email, row.subject, row.body)
        except Exception as error:  # any backend failure: keep the row for retry
            log.warning("Mail %s not sent: %s", row_id, error)
            _finish(row_id, claimed_at=None, last_error=f"{type(error).__name__}: {error}"[:500])
            done.failed += 1
            continue
        _finish(row_id, sent_at=utcnow(), last_error="")
        done.sent += 1
    return done


def waiting() -> int:
    from sqlalchemy import func

    return db.session.scalar(select(func.count()).select_from(_outbox)
                             .where(_outbox.c.sent_at.is_(None))) or 0


# --- the background sender -------------------------------------------------------------

_lock = threading.Lock()
_state = {"running": False, "again": False}


def send_soon() -> threading.Thread | None:
    """After a commit that queued mail: drain the outbox in a background
    thread. Off in tests unless MAIL_OUTBOX_SEND_AFTER_RESPONSE is set (they
    drain by hand). Returns the thread started, if any."""
    if not (has_app_context() and g.pop("mail_queued", False)):
        return None
    app = current_app._get_current_object()
    if not app.config.get("MAIL_OUTBOX_SEND_AFTER_RESPONSE", not app.testing):
        return None
    with _lock:
        if _state["running"]:
            _state["again"] = True  # the running sender goes round once more
            return None
        _state["running"] = True
    thread = threading.Thread(target=_run, args=(app,), name="mail-outbox", daemon=True)
    thread.start()
    return thread


def _run(app: Flask) -> None:
    try:
        while True:
            with app.app_context():
                try:
                    drain()
                except Exception:  # never let the sender die loudly; the CLI retries
                    log.exception("Draining the mail outbox failed")
                finally:
                    db.session.remove()
            with _lock:
                if not _state["again"]:
                    return
                _state["again"] = False
    finally:
        with _lock:
            _state["running"] = False


def register_commands(cli) -> None:
    @cli.command("send-mail")
    @click.option("--limit", default=1000, show_default=True, help="Send at most this many.")
    def send_mail_command(limit: int) -> None:
        """Send the emails waiting in the outbox (followers' notifications)."""
        result = drain(limit)
        click.echo(f"Sent {result.sent}; {result.failed} failed and will be retried; "
                   f"{waiting()} waiting.")
