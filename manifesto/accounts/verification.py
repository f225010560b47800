"""Confirming a new account's email address before it may post.

On by default (``REQUIRE_EMAIL_VERIFICATION``). The link carries the user id
and the address it was sent to, signed and time-limited, so a link for an
old address cannot confirm a new one.
"""

from __future__ import annotations

from flask import current_app, render_template, url_for
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

from manifesto import audit, mail
from manifesto.accounts.models import User
from manifesto.extensions import db
from manifesto.timeutil import utcnow

SALT = "verify-email"
NEEDS_VERIFICATION = ("Please confirm your email address before posting: "
                      "open the link we sent you, or ask for a new one on your account page.")


class VerificationLinkProblem(Exception):
    pass


def required() -> bool:
    return bool(current_app.config.get("REQUIRE_EMAIL_VERIFICATION", True))


def needs_verification(user) -> bool:
    return required() and getattr(user, "email_verified_at", True) is None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_token(user: User) -> str:
    return _serializer().dumps([user.id, user.email.lower()])


def send_verification(user: User) -> None:
    link = url_for("accounts.verify_email", token=make_token(user), _external=True)
    days = max(1, current_app.config["EMAIL_VERIFICATION_MAX_AGE"] // 86400)
    body = render_template("accounts/email/verify_email.txt", user=user, link=link, days=days)
    mail.send_mail(user.email, f"Confirm your email address for {current_app.config['SITE_NAME']}",
                   body)


def verify(token: str) -> User:
    """Mark the address confirmed; raises VerificationLinkProblem saying why not."""
    try:
        payload = _serializer().loads(token, max_age=current_app.config["EMAIL_VERIFICATION_MAX_AGE"])
    except SignatureExpired:
        raise VerificationLinkProblem(
            "This confirmation link has expired. Sign in and ask for a new one.") from None
    except BadData:
        raise VerificationLinkProblem("This confirmation link is not valid.") from None
    if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], int)):
        raise VerificationLinkProblem("This confirmation link is not valid.")
    user = db.session.get(User, payload[0])
    if user is None or user.email.lower() != payload[1]:
        raise VerificationLinkProblem("This confirmation link is not valid.")
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        audit.record(user, "account.email_verified", user)
        db.session.commit()
    return user
