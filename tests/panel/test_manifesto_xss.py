"""Script in a commitment's fields, in decision reasons and in the reasons
ideas were not taken forward comes back as text on the shortlist, the
manifesto, a commitment's page, "how we decided" and the idea pages."""

from __future__ import annotations

from sqlalchemy import select

from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.panel import shortlist
from manifesto.panel.services import commitment_of_idea
from tests.test_xss import FIELDS, assert_no_markup_from_users, payload, shown, xss  # noqa: F401

DECISION_REASON, IDEA_REASON = 47, 48
COMMITMENT_FIELDS = ("commitment title", "commit to", "current situation", "we call for",
                     "lead body", "theme name")


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return assert_no_markup_from_users(response, url)


def test_commitment_text_and_reasons_are_shown_escaped(client, xss):  # noqa: F811
    round_, commitment = xss.round, xss.commitment
    round_.phase = "assessment"
    db.session.commit()
    shortlist.decide(xss.admin, commitment, True, payload(DECISION_REASON, True))
    left_out = db.session.scalar(select(Idea).where(Idea.round_id == round_.id, Idea.id != xss.idea.id,
                                                    Idea.status == "published").order_by(Idea.id))
    assert commitment_of_idea(left_out) is None
    shortlist.record_idea_outcome(xss.admin, left_out, payload(IDEA_REASON, True))

    client.login_as(xss.admin)
    page = _page(client, f"/rounds/{round_.slug}/panel/shortlist")
    for field in COMMITMENT_FIELDS[:1]:
        assert shown(FIELDS[field]) in page, field
    assert shown(DECISION_REASON) in page and shown(IDEA_REASON) in page  # in the forms
    page = _page(client, f"/rounds/{round_.slug}/panel/publish")
    assert shown(FIELDS["commitment title"]) in page and shown(FIELDS["theme name"]) in page

    shortlist.publish(xss.admin, round_)
    client.logout()
    for url in (f"/rounds/{round_.slug}/manifesto", f"/commitments/{commitment.id}"):
        page = _page(client, url)
        for field in (*COMMITMENT_FIELDS, "round title"):
            assert shown(FIELDS[field]) in page, f"{url} does not show the {field} (escaped)"
        assert shown(FIELDS["proposal"]) not in page  # ideas are linked by title only
        assert shown(FIELDS["idea title"]) in page
        assert 'href="javascript' not in page.lower()
    assert shown(DECISION_REASON) in _page(client, f"/commitments/{commitment.id}")
    page = _page(client, f"/rounds/{round_.slug}/how-we-decided")
    for n in (FIELDS["commitment title"], FIELDS["criterion name"], FIELDS["criterion guidance"],
              DECISION_REASON):
        assert shown(n) in page, n
    assert shown(DECISION_REASON) in _page(client, f"/ideas/{xss.idea.id}")
    assert shown(IDEA_REASON) in _page(client, f"/ideas/{left_out.id}")
    assert shown(FIELDS["round introduction"]) in _page(client, f"/rounds/{round_.slug}/manifesto")
