"""Account rules: registration, signing in, passwords and roles.

Every writing function validates, writes, records an audit event and commits
(one transaction per action). Audit events never carry passwords, hashes or
email addresses (the log is append-only, personal data must stay erasable).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Iterable

from email_validator import EmailNotValidError, validate_email
from flask import current_app, render_template, url_for
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from manifesto import audit, mail
from manifesto.accounts.models import ROLES, User, UserRole, new_session_token
from manifesto.accounts.privacy import CONTACT_CONSENT_VERSION
from manifesto.extensions import db
from manifesto.timeutil import utcnow

EMAIL_MAX_LENGTH = 254
DISPLAY_NAME_MAX_LENGTH = 80
DUPLICATE_EMAIL = "An account with this email address already exists. Sign in, or reset your password."
RESET_SALT = "manifesto.password-reset"


class AccountError(Exception):
    """A rule was broken; ``message`` is shown to the person, next to
    ``field`` (a form field name) when one is given."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ResetLinkExpired(AccountError):
    """The reset link was genuine but is too old."""


# --- emails and lookups -----------------------------------------------------

def normalise_email(email: str) -> str:
    """As typed apart from surrounding spaces; comparisons lower-case it."""
    return (email or "").strip()


def find_user_by_email(email: str) -> User | None:
    wanted = normalise_email(email).lower()
    if not wanted:
        return None
    return db.session.scalars(select(User).where(func.lower(User.email) == wanted)).first()


def _check_email(email: str) -> str:
    email = normalise_email(email)
    if not email:
        raise AccountError("Enter your email address.", field="email")
    if len(email) > EMAIL_MAX_LENGTH:
        raise AccountError(f"Email address must be {EMAIL_MAX_LENGTH} characters or fewer.", field="email")
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise AccountError("Enter an email address like name@example.org.", field="email") from None
    return email


def _check_display_name(display_name: str) -> str:
    name = " ".join((display_name or "").split())
    if not name:
        raise AccountError("Enter the name to show next to your contributions.", field="display_name")
    if len(name) > DISPLAY_NAME_MAX_LENGTH:
        raise AccountError(
            f"Display name must be {DISPLAY_NAME_MAX_LENGTH} characters or fewer.", field="display_name"
        )
    return name


# --- passwords --------------------------------------------------------------

def password_problem(password: str | None) -> str | None:
    """Why this password cannot be used, or None. The one place the rules live."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    maximum = current_app.config["PASSWORD_MAX_LENGTH"]
    length = len(password or "")
    if length < minimum:
        return f"Password must be at least {minimum} characters."
    if length > maximum:
        return f"Password must be {maximum} characters or fewer."
    return None


def _check_password(password: str, field: str = "password") -> None:
    problem = password_problem(password)
    if problem:
        raise AccountError(problem, field=field)


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


_dummy_hashes: dict[str, str] = {}


def _dummy_hash() -> str:
    """A hash to check against when the email is unknown, so a wrong email
    takes about as long as a wrong password (no account discovery by timing)."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash("not a real password", method=method)
    return _dummy_hashes[method]


def authenticate(email: str, password: str) -> User | None:
    """The account, when the password is right; raises AccountBlocked for a
    blocked account (only once the password is proven, so nothing leaks)."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not check_password_hash(user.password_hash, password or ""):
        return None
    if user.blocked_at is not None:
        raise AccountBlocked("This account has been blocked by the moderators. "
                             "Contact us if you think this is a mistake.")
    return user


class AccountBlocked(Exception):
    pass


def record_sign_in(user: User) -> None:
    user.last_login_at = utcnow()
    audit.record(user, "account.signed_in", user)
    db.session.commit()


# --- registration and operator commands -------------------------------------

def _insert_user(user: User, action: str, after: dict, duplicate_message: str, *, by_self: bool) -> User:
    """Add, audit and commit; the database's unique index on lower(email)
    settles a race between two registrations with the same address."""
    db.session.add(user)
    try:
        db.session.flush()
        audit.record(user if by_self else None, action, user, after=after)  # None: an operator
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise AccountError(duplicate_message, field="email") from None
    return user


def register(email: str, display_name: str, password: str, contact_consent: bool = False) -> User:
    email = _check_email(email)
    name = _check_display_name(display_name)
    _check_password(password)
    if find_user_by_email(email) is not None:
        raise AccountError(DUPLICATE_EMAIL, field="email")
    # Registering signs the person in straight away.
    user = User(email=email, display_name=name, password_hash=hash_password(password),
                last_login_at=utcnow())
    after = {"source": "web", "roles": ["participant"]}
    if contact_consent:  # opt-in only: recorded with the time and the wording agreed to
        user.contact_consent_at, user.contact_consent_wording = utcnow(), CONTACT_CONSENT_VERSION
        after.update(contact_consent_at=user.contact_consent_at,
                     contact_consent_wording=CONTACT_CONSENT_VERSION)
    return _insert_user(user, "account.registered", after, DUPLICATE_EMAIL, by_self=True)


def create_user_from_cli(email: str, display_name: str, password: str, roles: Iterable[str]) -> User:
    email = _check_email(email)
    name = _check_display_name(display_name)
    _check_password(password)
    wanted = set(roles) - {"participant"}
    unknown = wanted - set(ROLES)
    if unknown:
        raise AccountError(f"Unknown role: {', '.join(sorted(unknown))}. Roles: {', '.join(ROLES)}.")
    duplicate = f"An account with the email address {email} already exists."
    if find_user_by_email(email) is not None:
        raise AccountError(duplicate, field="email")
    # An operator vouches for the address.
    user = User(email=email, display_name=name, password_hash=hash_password(password),
                email_verified_at=utcnow())
    user.role_rows = [UserRole(role=role) for role in sorted(wanted)]
    return _insert_user(user, "account.created", {"source": "cli", "roles": sorted(user.roles)},
                        duplicate, by_self=False)


def grant_role(user: User, role: str, actor: User | None = None) -> User:
    if role not in ROLES:
        raise AccountError(f"Unknown role: {role}. Roles: {', '.join(ROLES)}.")
    if user.has_role(role):
        return user  # nothing to change, nothing to record
    before = sorted(user.roles)
    user.role_rows.append(UserRole(role=role))
    db.session.flush()
    audit.record(actor, "account.role_granted", user, before={"roles": before}, after={"roles": sorted(user.roles)})
    db.session.commit()
    return user


def grant_role_by_email(email: str, role: str) -> User:
    user = find_user_by_email(email)
    if user is None:
        raise AccountError(f"There is no account with the email address {normalise_email(email)}.")
    return grant_role(user, role)


# --- changing passwords and ending sessions ---------------------------------

def rotate_session_token(user: User, actor: User | None = None,
                         action: str = "account.signed_out_everywhere") -> None:
    """Every login cookie carries the token, so all existing copies stop working."""
    _set_new_session_token(user)
    audit.record(actor if actor is not None else user, action, user)
    db.session.commit()


def _set_new_session_token(user: User) -> None:
    token = new_session_token()
    while token == user.session_token:  # pragma: no cover - astronomically unlikely
        token = new_session_token()
    user.session_token = token


def change_password(user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current or ""):
        raise AccountError("Your current password is not right.", field="current_password")
    _check_password(new, field="new_password")
    user.password_hash = hash_password(new)
    _set_new_session_token(user)
    audit.record(user, "account.password_changed", user)
    db.session.commit()


def reset_password(user: User, new: str) -> None:
    _check_password(new, field="new_password")
    user.password_hash = hash_password(new)
    _set_new_session_token(user)
    audit.record(user, "account.password_reset", user)
    db.session.commit()


# --- password reset links ---------------------------------------------------
# A link carries the user id and a fingerprint of the current password hash,
# signed and timestamped: it stops working once the password changes (so it
# works once) and after PASSWORD_RESET_MAX_AGE seconds.

def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def _password_fingerprint(user: User) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, user.password_hash.encode(), hashlib.sha256).hexdigest()[:32]


def make_reset_token(user: User) -> str:
    return _reset_serializer().dumps([user.id, _password_fingerprint(user)])


def user_for_reset_token(token: str) -> User | None:
    """The account the link resets, or None when it is not genuine or already
    used. Raises ResetLinkExpired when it is genuine but too old."""
    try:
        payload = _reset_serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except SignatureExpired:
        raise ResetLinkExpired("This link has expired.") from None
    except BadData:
        return None
    if not (isinstance(payload, list) and len(payload) == 2
            and isinstance(payload[0], int) and isinstance(payload[1], str)):
        return None
    user = db.session.get(User, payload[0])
    if user is None or not hmac.compare_digest(payload[1], _password_fingerprint(user)):
        return None
    return user


def send_password_reset(email: str) -> None:
    """Mail a reset link when an account exists; say nothing either way."""
    user = find_user_by_email(email)
    if user is None:
        return
    link = url_for("accounts.reset_password", token=make_reset_token(user), _external=True)
    minutes = max(1, current_app.config["PASSWORD_RESET_MAX_AGE"] // 60)
    body = render_template("accounts/email/password_reset.txt", user=user, link=link, minutes=minutes)
    mail.send_mail(user.email, f"Reset your {current_app.config['SITE_NAME']} password", body)
    audit.record(None, "account.password_reset_requested", user)
    db.session.commit()


# --- administrators: finding people and changing their roles ---------------

PEOPLE_PER_PAGE = 50
OWN_ADMIN_ROLE = "You cannot remove your own administrator role. Ask another administrator to do it."


def revoke_role(user: User, role: str, actor: User | None = None) -> User:
    """Take a role away (audited). Nobody can drop their own admin role, so
    the site is never left without the administrator who was using it."""
    if role not in ROLES or role == "participant":
        raise AccountError(f"Unknown role: {role}. Roles: {', '.join(ROLES[1:])}.", field=role)
    if role == "admin" and actor is not None and getattr(actor, "id", None) == user.id:
        raise AccountError(OWN_ADMIN_ROLE, field="admin")
    if not user.has_role(role):
        return user  # nothing to change, nothing to record
    before = sorted(user.roles)
    user.role_rows = [row for row in user.role_rows if row.role != role]
    db.session.flush()
    audit.record(actor, "account.role_revoked", user, before={"roles": before},
                 after={"roles": sorted(user.roles)})
    db.session.commit()
    return user


def _like_pattern(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_people(q: str = "", page: int = 1, per_page: int = PEOPLE_PER_PAGE) -> tuple[list[User], int]:
    """(people on this page, how many match): name or email containing ``q``
    (any case), ordered by name. Roles come in one more query (selectin)."""
    stmt = select(User)
    words = (q or "").split()
    for word in words:
        pattern = _like_pattern(word)
        stmt = stmt.where(
            func.lower(User.display_name).like(pattern, escape="\\")
            | func.lower(User.email).like(pattern, escape="\\")
        )
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    people = list(db.session.scalars(
        stmt.order_by(func.lower(User.display_name), User.id)
        .limit(per_page).offset((max(page, 1) - 1) * per_page)
    ))
    return people, total
