"""The machinery: route decorators, the policy registry and the questions
views and templates ask (:func:`can`, :func:`require`, :func:`refusal_for`).
The rules themselves are in the ``rules_*`` modules of this package."""

from __future__ import annotations

from functools import wraps
from typing import Any, Callable, NamedTuple

from flask import abort, request
from flask_login import current_user

from manifesto.accounts.models import ROLES

ACCESS_ATTRIBUTE = "access"


class PermissionDenied(Exception):
    """Refused: ``reason`` is shown to the person; ``needs_login`` sends
    anonymous visitors to the sign-in page instead of a 403."""

    def __init__(self, reason: str, needs_login: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.needs_login = needs_login


# --- route decorators -------------------------------------------------------

def public(view: Callable) -> Callable:
    setattr(view, ACCESS_ATTRIBUTE, ("public",))
    return view


def signed_in(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            raise PermissionDenied("Please sign in to continue.", needs_login=True)
        return view(*args, **kwargs)

    setattr(wrapper, ACCESS_ATTRIBUTE, ("signed_in",))
    return wrapper


def role_required(*roles: str) -> Callable[[Callable], Callable]:
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                raise PermissionDenied("Please sign in to continue.", needs_login=True)
            if not (current_user.roles & set(roles)):
                raise PermissionDenied("You do not have permission to see this page.")
            return view(*args, **kwargs)

        setattr(wrapper, ACCESS_ATTRIBUTE, ("role",) + tuple(roles))
        return wrapper

    return decorate


def access_of(view: Callable) -> tuple[str, ...] | None:
    return getattr(view, ACCESS_ATTRIBUTE, None)


# --- object and phase policies ---------------------------------------------

Policy = Callable[[Any, Any], "str | None"]
_POLICIES: dict[str, Policy] = {}
_SIGN_IN = "Please sign in to continue."


def policy(action: str) -> Callable[[Policy], Policy]:
    def register(function: Policy) -> Policy:
        if action in _POLICIES:
            raise ValueError(f"policy {action!r} defined twice")
        _POLICIES[action] = function
        return function

    return register


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def _is_admin(user) -> bool:
    return _authenticated(user) and user.has_role("admin")


def reason_refused(user, action: str, obj: Any = None) -> str | None:
    """None when allowed, else the reason to show."""
    try:
        rule = _POLICIES[action]
    except KeyError:
        raise KeyError(f"no policy for action {action!r}") from None
    return rule(user, obj)


def can(user, action: str, obj: Any = None) -> bool:
    return reason_refused(user, action, obj) is None


def require(user, action: str, obj: Any = None) -> None:
    reason = reason_refused(user, action, obj)
    if reason is not None:
        raise PermissionDenied(reason, needs_login=(reason == _SIGN_IN))


def require_found(obj):
    """Load-step helper: 404 for a missing object."""
    if obj is None:
        abort(404)
    return obj


class Refusal(NamedTuple):
    reason: str
    needs_sign_in: bool


class _AnySignedInPerson:
    """Stands in for "someone signed in" to ask whether signing in would help."""

    is_authenticated = True
    id = None
    roles = frozenset({"participant"})
    email_verified_at = "verified"
    blocked_at = None

    def has_role(self, role: str) -> bool:
        return role in self.roles


def refusal_for(user, action: str, obj: Any, sign_in_prompt: str) -> Refusal | None:
    """None when allowed; otherwise why not. A visitor is asked to sign in
    (``sign_in_prompt``) only when signing in would actually help."""
    reason = reason_refused(user, action, obj)
    if reason is None:
        return None
    if not _authenticated(user):
        # Show why signing in would not help (e.g. the round has closed).
        reason = reason_refused(_AnySignedInPerson(), action, obj)
        if reason is None:
            return Refusal(sign_in_prompt, True)
    return Refusal(reason, False)


def template_can(action: str, obj: Any = None) -> bool:
    """The ``can()`` global in templates, for the signed-in person."""
    return can(current_user, action, obj)


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )

