"""Who may do what to which object: decided here and nowhere else.

Views, templates (through the ``can`` global) and the API all ask this
module. Two layers:

* every view function is marked with exactly one access decorator —
  :func:`public`, :func:`signed_in` or :func:`role_required` — and a test
  walks the URL map to prove no route lacks one;
* object- and phase-level rules are policies keyed by action name, checked
  with :func:`can` / :func:`require` after the object is loaded.
"""

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


# Rounds and administration.

@policy("round.manage")
def _manage_rounds(user, _round) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    return None if _is_admin(user) else "Only administrators can manage rounds."


@policy("round.view")
def _view_round(user, round_) -> str | None:
    if round_.phase != "draft" or _is_admin(user):
        return None
    return "This round is not public yet."


@policy("user.manage")
def _manage_users(user, _other) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    return None if _is_admin(user) else "Only administrators can manage people's roles."


# Ideas.

def _round_open(round_) -> str | None:
    return round_.closed_reason()


def _may_post(user) -> str | None:
    """Blocked accounts never post; new ones confirm their address first."""
    from manifesto.accounts.verification import NEEDS_VERIFICATION, needs_verification

    if getattr(user, "blocked_at", None) is not None:
        return "This account has been blocked by the moderators."
    if needs_verification(user):
        return NEEDS_VERIFICATION
    return None


@policy("idea.view")
def _view_idea(user, idea) -> str | None:
    if idea.status in ("published", "merged"):
        return _view_round(user, idea.round)
    if _authenticated(user) and (idea.author_id == user.id or user.roles & {"moderator", "admin"}):
        return None
    return "This idea is not available."


@policy("idea.create")
def _create_idea(user, round_) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    return _round_open(round_) or _may_post(user)


@policy("idea.edit")
def _edit_idea(user, idea) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    if idea.author_id != user.id:
        return "Only the person who submitted this idea can edit it."
    if idea.status != "published":
        return "This idea can no longer be edited."
    return _round_open(idea.round)


# Comments.

@policy("comment.create")
def _create_comment(user, idea) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    if idea.status != "published":
        return "This idea is not taking comments."
    return _round_open(idea.round) or _may_post(user)


@policy("comment.edit")
def _edit_comment(user, comment) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    if comment.author_id != user.id:
        return "Only the person who wrote this comment can change it."
    if comment.is_deleted:
        return "This comment has been deleted."
    return _round_open(comment.idea.round)


@policy("comment.delete")
def _delete_comment(user, comment) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    if comment.author_id != user.id:
        return "Only the person who wrote this comment can delete it."
    if comment.is_deleted:
        return "This comment has already been deleted."
    return None


# Supports.

@policy("idea.support")
def _support_idea(user, idea) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    if idea.status != "published":
        return "This idea cannot be supported."
    return _round_open(idea.round)


# Workshops.

def _is_facilitator(user) -> bool:
    return _authenticated(user) and bool(user.roles & {"facilitator", "admin"})


def _workshop_input_closed(round_) -> str | None:
    from manifesto.workshops.services import input_closed_reason

    return input_closed_reason(round_)


@policy("workshop.view")
def _view_workshop(user, workshop) -> str | None:
    return _view_round(user, workshop.round)


@policy("workshop.create")
def _create_workshop(user, round_) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    if not _is_facilitator(user):
        return "Only facilitators can record workshops."
    return _workshop_input_closed(round_)


@policy("workshop.edit")
def _edit_workshop(user, workshop) -> str | None:
    """Facilitators manage their own workshops; administrators all of them."""
    if not _authenticated(user):
        return _SIGN_IN
    if _is_admin(user):
        return None
    if user.has_role("facilitator") and workshop.owner_id == user.id:
        return None
    return "Only the facilitator who recorded this workshop, or an administrator, can change it."


@policy("workshop.enter")
def _enter_for_workshop(user, workshop) -> str | None:
    """Typing in the workshop's ideas, comments and dots."""
    return _edit_workshop(user, workshop) or _workshop_input_closed(workshop.round)


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


# Moderation: flags, the queue, hiding, merging and blocking.

def _is_moderator(user) -> bool:
    return _authenticated(user) and bool(user.roles & {"moderator", "admin"})


@policy("moderation.manage")
def _manage_moderation(user, _obj) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    return None if _is_moderator(user) else "Only moderators can do this."


@policy("flag.create")
def _flag(user, target) -> str | None:
    """Reporting an idea or a comment: anyone who may post, not their own
    content (they can edit or delete it), only what the public can see."""
    from manifesto.ideas.models import Idea

    if not _authenticated(user):
        return _SIGN_IN
    idea = target if isinstance(target, Idea) else target.idea
    own = target.author_id is not None and target.author_id == user.id
    if isinstance(target, Idea):
        if target.status != "published":
            return "This idea is not shown to the public, so it cannot be reported."
        if own:
            return "This is your own idea: you can edit it instead of reporting it."
    else:
        if target.deleted_at is not None or target.hidden or idea.status != "published":
            return "This comment is no longer shown, so it cannot be reported."
        if own:
            return "This is your own comment: you can edit or delete it instead of reporting it."
    return _view_round(user, idea.round) or _may_post(user)


@policy("idea.merge")
def _merge_idea(user, idea) -> str | None:
    refused = _manage_moderation(user, idea)
    if refused is None and idea.status != "published":
        return "Only a published idea can be merged into another."
    return refused


@policy("account.block")
def _block_account(user, person) -> str | None:
    """Moderators block participants; only administrators block moderators
    or administrators (so a moderator cannot lock the administrators out).
    Blocking oneself is refused by the service, which says so."""
    refused = _manage_moderation(user, person)
    if refused is None and person.id != user.id and person.roles & {"moderator", "admin"} \
            and not _is_admin(user):
        return "Only administrators can block a moderator or an administrator."
    return refused


# The expert panel: criteria, commitments, scoring, the shortlist.

def _is_panellist(user) -> bool:
    return _authenticated(user) and user.has_role("panellist")


@policy("panel.manage")
def _manage_panel(user, _round) -> str | None:
    """Criteria, the shortlist and publication: administrators only."""
    if not _authenticated(user):
        return _SIGN_IN
    return None if _is_admin(user) else "Only administrators can do this."


@policy("panel.view")
def _view_panel(user, _round) -> str | None:
    """The panel's working pages (commitment drafts, results)."""
    if not _authenticated(user):
        return _SIGN_IN
    if _is_admin(user) or _is_panellist(user):
        return None
    return "Only panellists and administrators can see the panel's work."


def _drafting_refused(user, round_) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    if not (_is_admin(user) or (_is_panellist(user) and round_.panellists_create_commitments)):
        return "Only administrators (and panellists, where the round allows it) can draft commitments."
    if round_.phase not in ("open", "assessment") and not _is_admin(user):
        return "Commitments can no longer be changed: the manifesto has been published."
    return None


@policy("commitment.create")
def _create_commitment(user, round_) -> str | None:
    refused = _drafting_refused(user, round_)
    if refused is None and round_.phase not in ("open", "assessment"):
        return "New commitments can be drafted only before the manifesto is published."
    return refused


@policy("commitment.edit")
def _edit_commitment(user, commitment) -> str | None:
    """Edits are versioned; after publication only administrators correct."""
    return _drafting_refused(user, commitment.round)


@policy("commitment.view")
def _view_commitment(user, commitment) -> str | None:
    """Published commitments are public; drafts only to the panel."""
    if commitment.round.phase in ("published", "tracking") and commitment.number is not None:
        return None
    return _view_panel(user, commitment.round)


@policy("assessment.queue")
def _assessment_queue(user, _round) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    return None if _is_panellist(user) else "Only panellists score commitments."


@policy("assessment.edit")
def _score_commitment(user, commitment) -> str | None:
    """A panellist scores only in the assessment phase, and never a
    commitment they declared a conflict of interest on."""
    from manifesto.panel.assessment import has_conflict, scoring_closed_reason

    refused = _assessment_queue(user, commitment.round)
    if refused is not None:
        return refused
    if has_conflict(user, commitment):
        return "You declared a conflict of interest on this commitment, so you cannot score it."
    return scoring_closed_reason(commitment.round)


@policy("assessment.view_others")
def _see_other_scores(user, commitment) -> str | None:
    """The blind rule: a panellist sees others' scores only once their own
    are submitted (or they have stood aside with a conflict); administrators
    who do not score see them."""
    from manifesto.panel.assessment import has_conflict, may_see_others

    refused = _view_panel(user, commitment.round)
    if refused is not None:
        return refused
    if not _is_panellist(user):
        return None
    if may_see_others(user, commitment) or has_conflict(user, commitment):
        return None
    return "Submit your own scores first: others' scores stay hidden until you do."


# Parties: the party list, their responses and delivery progress (issue 7).

@policy("party.manage")
def _manage_parties(user, _party) -> str | None:
    if not _authenticated(user):
        return _SIGN_IN
    return None if _is_admin(user) else "Only administrators can manage parties."


@policy("party.record")
def _record_party_responses(user, _obj) -> str | None:
    """Parties' responses and delivery progress: administrators only. Whether
    the commitment takes them (published) is the service's rule, which says why."""
    if not _authenticated(user):
        return _SIGN_IN
    return None if _is_admin(user) else "Only administrators can record responses and progress."


# Restricted exports: panel scores and the audit log (issue 6).

@policy("export.restricted")
def _restricted_export(user, _obj) -> str | None:
    """Every panellist's scores and notes, and the audit log: administrators
    only, checked again on every download."""
    if not _authenticated(user):
        return _SIGN_IN
    return None if _is_admin(user) else "Only administrators can download restricted exports."
