"""The expert panel: criteria, commitments, scoring, the shortlist."""

from __future__ import annotations

from manifesto.permissions.core import _SIGN_IN, _authenticated, _is_admin, policy

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
