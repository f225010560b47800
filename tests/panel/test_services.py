"""The panel's rules with hand-computed fixtures: lineage counting (no double
counting), the blind rule, the conflict rule, aggregation arithmetic and
order, stale edits, shortlist and publication."""

from __future__ import annotations

from fractions import Fraction

import pytest
from sqlalchemy import select

from manifesto.audit import AuditEvent
from manifesto.extensions import db
from manifesto.panel import aggregation, assessment, services, shortlist
from manifesto.panel.evidence import evidence_for
from manifesto.panel.models import AssessmentRevision, CommitmentVersion
from manifesto.workshops import services as workshops
from tests.factories import make_comment, make_idea, make_round, make_support, make_user, make_workshop


@pytest.fixture
def admin():
    return make_user(roles=("admin",))


@pytest.fixture
def round_():
    return make_round(phase="assessment")


def _commitment(admin, round_, ideas, title="Open contracts"):
    return services.create_commitment(admin, round_, idea_ids=[i.id for i in ideas], title=title,
                                      commit_to="Publish contracts.", theme_id=round_.themes[0].id,
                                      we_call_for="- Publish\n- Audit")


def test_lineage_counts_each_supporter_once(admin, round_):
    facilitator = make_user(roles=("facilitator",))
    cardiff = make_workshop(round_, owner=facilitator)
    belfast = make_workshop(round_, owner=facilitator, town="Belfast", nation="northern_ireland")
    a, b = make_idea(round_), make_idea(round_)
    both, only_a = make_user(), make_user()
    make_support(both, a), make_support(both, b), make_support(only_a, a)
    workshops.set_tally(facilitator, cardiff, a, 5)
    workshops.set_tally(facilitator, cardiff, b, 2)
    workshops.add_workshop_comment(facilitator, belfast, b, "Yes")
    make_comment(a, only_a)
    commitment = _commitment(admin, round_, [a, b])

    evidence = evidence_for([commitment.id])[commitment.id]
    assert (evidence.supporters, evidence.dots, evidence.workshops, evidence.comments) == (2, 7, 2, 2)
    assert evidence.nations == ["northern_ireland", "wales"]
    assert services.commitment_of_idea(a).id == commitment.id
    assert commitment.call_for_items == ["Publish", "Audit"]

    with pytest.raises(services.PanelError) as error:
        _commitment(admin, round_, [b], title="Again")
    assert "Already part of another commitment" in error.value.errors["idea_ids"]


def test_edits_keep_versions_and_never_overwrite_silently(admin, round_):
    commitment = _commitment(admin, round_, [make_idea(round_)])
    services.update_commitment(admin, commitment, expected_version=1, title="Open all contracts")
    with pytest.raises(services.StaleEdit):
        services.update_commitment(make_user(roles=("admin",)), commitment, expected_version=1,
                                   title="A stale edit")
    db.session.expire_all()
    versions = db.session.scalars(select(CommitmentVersion.fields).order_by(CommitmentVersion.version)).all()
    assert [v["title"] for v in versions] == ["Open contracts", "Open all contracts"]


def _scores(criteria, *values):
    scored = [c for c in criteria if not c.is_computed]
    return {c.id: (v, "") for c, v in zip(scored, values)}


def test_blind_rule_conflicts_and_aggregation(admin, round_):
    criteria = services.add_default_criteria(admin, round_)  # weights 3, 2, 2 and public support 1
    a, b = make_idea(round_), make_idea(round_)
    for _ in range(4):
        make_support(make_user(), a)
    make_support(make_user(), b)
    first, second = _commitment(admin, round_, [a], "First"), _commitment(admin, round_, [b], "Second")
    p1, p2, p3 = (make_user(roles=("panellist",)) for _ in range(3))

    assessment.save_assessment(p1, first, _scores(criteria, 5, 4, 3), submit=False, expected_version=None)
    assert not assessment.may_see_others(p1, first)  # a draft does not unlock others' scores
    own = assessment.assessment_of(p1, first)
    assessment.save_assessment(p1, first, _scores(criteria, 5, 4, 3), submit=True,
                               expected_version=own.version)
    assert assessment.may_see_others(p1, first) and not assessment.may_see_others(p2, first)
    assessment.save_assessment(p2, first, _scores(criteria, 3, 4, 5), submit=True, expected_version=None)
    assessment.save_assessment(p1, second, _scores(criteria, 2, 2, 2), submit=True, expected_version=None)

    assessment.declare_conflict(p3, first, "I advise the bidder")
    with pytest.raises(services.PanelError):
        assessment.save_assessment(p3, first, _scores(criteria, 1, 1, 1), submit=True,
                                   expected_version=None)
    with pytest.raises(services.PanelError):  # incomplete submission
        assessment.save_assessment(p3, second, {criteria[0].id: (3, "")}, submit=True,
                                   expected_version=None)

    results = aggregation.aggregate(round_, [second, first])
    assert [r.commitment.title for r in results] == ["First", "Second"]
    top = results[0]
    # Means 4, 4, 4 on 1–5 → 0.75 each; public support 4 of top 4 → 1.0.
    # Weighted: (3·0.75 + 2·0.75 + 2·0.75 + 1·1) / 8 = 6.25 / 8.
    assert top.overall == Fraction(25, 32) and top.assessments == 2
    # Feasibility 3 and 5 span 2 of a 4-point range: disagreement.
    assert top.criteria[2].disagreement and not top.criteria[1].disagreement
    low = results[1]
    # Means 2 → 0.25 each; support 1 of 4 → value 2 → 0.25: all 0.25.
    assert low.overall == Fraction(1, 4)
    assert assessment.progress(p1, [first, second]) == (2, 2)
    assert assessment.progress(p3, [first, second]) == (0, 1)


def test_edits_after_submitting_keep_history_and_stale_saves_are_refused(admin, round_):
    criteria = services.add_default_criteria(admin, round_)
    commitment = _commitment(admin, round_, [make_idea(round_)])
    panellist = make_user(roles=("panellist",))
    saved = assessment.save_assessment(panellist, commitment, _scores(criteria, 3, 3, 3),
                                       submit=True, expected_version=None)
    version = saved.version
    assessment.save_assessment(panellist, commitment, _scores(criteria, 4, 3, 3), submit=False,
                               expected_version=version)
    with pytest.raises(services.StaleEdit):
        assessment.save_assessment(panellist, commitment, _scores(criteria, 1, 1, 1), submit=False,
                                   expected_version=version)
    revisions = db.session.scalars(select(AssessmentRevision).order_by(AssessmentRevision.id)).all()
    assert len(revisions) == 2
    first_score = str(criteria[0].id)
    assert [r.scores[first_score]["value"] for r in revisions] == [3, 4]


def test_scoring_is_refused_outside_assessment(admin):
    round_ = make_round(phase="open")
    criteria = services.add_default_criteria(admin, round_)
    commitment = _commitment(admin, round_, [make_idea(round_)])
    with pytest.raises(services.PanelError):
        assessment.save_assessment(make_user(roles=("panellist",)), commitment,
                                   _scores(criteria, 3, 3, 3), submit=True, expected_version=None)


def test_shortlist_needs_reasons_and_publishing_numbers_within_themes(admin, round_):
    ideas = [make_idea(round_) for _ in range(4)]
    c1 = _commitment(admin, round_, [ideas[0]], "One")
    c2 = _commitment(admin, round_, [ideas[1]], "Two")
    c3 = _commitment(admin, round_, [ideas[2]], "Three")
    with pytest.raises(services.PanelError):
        shortlist.decide(admin, c1, True, "  ")
    with pytest.raises(services.PanelError):
        shortlist.publish(admin, round_)  # undecided
    shortlist.decide(admin, c1, True, "Strong support")
    shortlist.decide(admin, c2, True, "Feasible")
    shortlist.decide(admin, c3, False, "Covered by One")
    shortlist.move(admin, c2, -1)
    shortlist.record_idea_outcome(admin, ideas[3], "Out of scope for national government")

    assert shortlist.publish(admin, round_) == 2
    assert round_.phase == "published"
    db.session.expire_all()
    groups = shortlist.shortlist_by_theme(round_)
    assert [(c.title, c.number) for c in groups[0][1]] == [("Two", 1), ("One", 2)]
    assert shortlist.outcome_for_idea(ideas[2])["reason"] == "Covered by One"
    assert shortlist.outcome_for_idea(ideas[3]) == {"commitment": None, "shortlisted": False,
                                                     "reason": "Out of scope for national government"}
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"commitment.created", "commitment.decided", "round.published",
            "idea.outcome_recorded"} <= actions


def test_evidence_counts_only_what_the_public_can_see(admin, round_):
    from manifesto.moderation import services as moderation

    shown, hidden = make_idea(round_), make_idea(round_)
    make_support(make_user(), shown)
    make_support(make_user(), hidden), make_support(make_user(), hidden)
    make_comment(hidden, make_user())
    commitment = _commitment(admin, round_, [shown, hidden])
    before = evidence_for([commitment.id])[commitment.id]
    assert (before.supporters, before.comments, before.ideas) == (3, 1, 2)

    moderation.hide_idea(make_user(roles=("moderator",)), hidden, "off_topic")
    after = evidence_for([commitment.id])[commitment.id]
    assert (after.supporters, after.comments, after.ideas) == (1, 0, 1)
