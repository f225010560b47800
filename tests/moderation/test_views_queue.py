"""The moderation queue: who may see it, what it shows, and its actions
(hide, keep, restore), each a POST that goes back with a message."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.moderation import services
from manifesto.moderation.models import Flag
from manifesto.timeutil import utcnow
from tests.factories import make_comment, make_idea, make_round, make_user
from tests.querycount import counting_statements
from tests.route_walk import is_login_redirect, row_counts


@pytest.fixture
def moderator():
    return make_user(display_name="Mo Moderator", roles=("moderator",))


@pytest.fixture
def round_():
    return make_round()


def _age_flags(target_key: str, minutes: int) -> None:
    db.session.execute(update(Flag).where(Flag.target_key == target_key)
                       .values(created_at=utcnow() - timedelta(minutes=minutes)))
    db.session.commit()


def test_only_moderators_and_admins_open_the_queue(client, moderator):
    assert is_login_redirect(client.get("/moderation/"), next_path="/moderation/")
    client.login_as(make_user())
    refused = client.get("/moderation/")
    assert refused.status_code == 403
    assert "Moderation" not in client.get("/").text.split("</nav>")[0]
    for who in (moderator, make_user(roles=("admin",))):
        client.login_as(who)
        assert client.get("/moderation/").status_code == 200


def test_items_are_grouped_with_reasons_counts_and_authors(client, moderator, round_):
    spammer = make_user(display_name="Sam Spammer")
    busy = make_idea(round_, spammer, title="Cheap watches", proposal="Buy watches now")
    quiet = make_idea(round_, make_user(), title="Open lobbying")
    comment = make_comment(quiet, spammer, "Visit my shop")
    for n in range(3):
        services.raise_flag(make_user(), busy, "spam", f"Advert number {n}")
    services.raise_flag(make_user(), busy, "offensive")
    services.raise_flag(make_user(), comment, "spam")
    _age_flags(f"idea:{busy.id}", 30)

    client.login_as(moderator)
    page = client.get("/moderation/").text
    assert "2 items reported" in page
    assert "Moderation (2" in page  # the menu says how many wait
    assert page.index(f'id="comment-{comment.id}"') < page.index(f'id="idea-{busy.id}"')  # newest first
    card = page[page.index(f'id="idea-{busy.id}"'):]
    card = card[:card.index("</li>\n")] if "</li>\n" in card else card
    assert "Cheap watches" in card and "Buy watches now" in card
    assert "4 open reports" in card and "Spam or advertising" in card and "Abusive or offensive" in card
    assert "Advert number 2" in card
    assert f'href="/moderation/people/{spammer.id}"' in card
    assert f'action="/moderation/ideas/{busy.id}/hide"' in card and f'action="/moderation/ideas/{busy.id}/keep"' in card
    assert "Visit my shop" in page and f'action="/moderation/comments/{comment.id}/hide"' in page

    most = client.get("/moderation/?order=most_flagged").text
    assert most.index(f'id="idea-{busy.id}"') < most.index(f'id="comment-{comment.id}"')


def test_the_queue_pages_in_a_fixed_number_of_queries(client, moderator, round_):
    def fill(n: int) -> None:
        for _ in range(n):
            idea = make_idea(round_, make_user())
            comment = make_comment(idea, make_user())
            services.raise_flag(make_user(), idea, "spam", "details")
            services.raise_flag(make_user(), comment, "offensive")

    client.login_as(moderator)
    counts = []
    for n in (1, 12):
        fill(n)
        services.hide_idea(moderator, make_idea(round_, make_user()), "spam")
        hidden = make_comment(make_idea(round_, make_user()), make_user())
        services.hide_comment(moderator, hidden, "offensive")
        with counting_statements() as statements:
            assert client.get("/moderation/").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
    second = client.get("/moderation/?page=2")
    assert second.status_code == 200 and 'aria-label="Pages of the moderation queue"' in second.text


def test_hiding_from_the_queue_goes_back_with_a_message(client, moderator, round_, outbox):
    author = make_user()
    idea = make_idea(round_, author, title="Buy cheap watches")
    services.raise_flag(make_user(), idea, "spam")
    client.login_as(moderator)

    response = client.post_form(f"/moderation/ideas/{idea.id}/hide",
                                {"reason": "spam", "note": "Advertising", "next": "/moderation/?order=newest"})
    assert response.status_code == 302 and response.headers["Location"] == "/moderation/?order=newest"
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).status == "hidden"
    assert outbox[-1]["To"] == author.email and "Advertising" in outbox[-1].get_content()
    page = client.get("/moderation/").text
    assert "is hidden" in page and "Hidden by moderators: spam" in page
    assert "Nothing is waiting" in page
    assert f'action="/moderation/ideas/{idea.id}/restore"' in page  # recently hidden

    restored = client.post_form(f"/moderation/ideas/{idea.id}/restore", {"next": "/moderation/"})
    assert restored.headers["Location"] == "/moderation/"
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).status == "published"
    assert "visible again" in client.get("/moderation/").text


def test_hiding_needs_a_reason_shown_next_to_the_field(client, moderator, round_):
    idea = make_idea(round_, make_user())
    client.login_as(moderator)
    before = row_counts()
    for reason in ("", "blocked", "nonsense"):
        response = client.post_form(f"/moderation/ideas/{idea.id}/hide", {"reason": reason})
        assert response.status_code == 200
        assert "There is a problem" in response.text
        assert "Choose the reason to show in place of the content." in response.text
    assert row_counts() == before
    form = client.get(f"/moderation/ideas/{idea.id}/hide")
    assert form.status_code == 200 and "account blocked" not in form.text.lower().split("<select")[1]


def test_an_unsafe_next_address_is_ignored(client, moderator, round_):
    idea = make_idea(round_, make_user())
    client.login_as(moderator)
    response = client.post_form(f"/moderation/ideas/{idea.id}/hide",
                                {"reason": "spam", "next": "https://evil.example/"})
    assert response.headers["Location"] == f"/ideas/{idea.id}"


def test_keeping_closes_the_reports_and_leaves_the_content(client, moderator, round_):
    idea = make_idea(round_, make_user())
    comment = make_comment(idea, make_user())
    services.raise_flag(make_user(), idea, "duplicate")
    services.raise_flag(make_user(), comment, "other")
    client.login_as(moderator)
    for url in (f"/moderation/ideas/{idea.id}/keep", f"/moderation/comments/{comment.id}/keep"):
        response = client.post_form(url, {"next": "/moderation/"})
        assert response.status_code == 302 and response.headers["Location"] == "/moderation/"
    db.session.expire_all()
    assert {f.resolution for f in db.session.scalars(select(Flag))} == {"kept"}
    assert db.session.get(Idea, idea.id).status == "published"
    assert db.session.get(Comment, comment.id).hidden is False
    page = client.get("/moderation/").text
    assert "reports on" in page and "Nothing is waiting" in page


def test_a_comment_is_hidden_and_restored_from_the_idea_page(client, moderator, round_):
    idea = make_idea(round_, make_user())
    comment = make_comment(idea, make_user(), "Rude words")
    client.login_as(moderator)
    page = client.get(f"/ideas/{idea.id}").text
    link = re.search(rf'href="(/moderation/comments/{comment.id}/hide\?next=[^"]+)"', page).group(1)
    form = client.get(link.replace("&amp;", "&"))
    assert form.status_code == 200 and "Rude words" in form.text
    assert f'value="/ideas/{idea.id}#comment-{comment.id}"' in form.text

    response = client.post_form(f"/moderation/comments/{comment.id}/hide",
                                {"reason": "offensive", "next": f"/ideas/{idea.id}#comment-{comment.id}"})
    assert response.headers["Location"] == f"/ideas/{idea.id}#comment-{comment.id}"
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).hidden is True
    assert db.session.get(Idea, idea.id).comment_count == 0

    again = client.post_form(f"/moderation/comments/{comment.id}/hide", {"reason": "spam"})
    assert again.status_code == 200 and "already hidden" in again.text

    client.post_form(f"/moderation/comments/{comment.id}/restore", {})
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).hidden is False
    assert db.session.get(Idea, idea.id).comment_count == 1


def test_restoring_what_is_not_hidden_says_so(client, moderator, round_):
    idea = make_idea(round_, make_user())
    client.login_as(moderator)
    response = client.post_form(f"/moderation/ideas/{idea.id}/restore", {}, follow_redirects=True)
    assert "Only a hidden idea can be restored." in response.text


def test_participants_cannot_act(client, round_):
    idea = make_idea(round_, make_user())
    comment = make_comment(idea, make_user())
    client.login_as(make_user())
    before = row_counts()
    for url, data in ((f"/moderation/ideas/{idea.id}/hide", {"reason": "spam"}),
                      (f"/moderation/comments/{comment.id}/hide", {"reason": "spam"}),
                      (f"/moderation/ideas/{idea.id}/keep", {}),
                      (f"/moderation/ideas/{idea.id}/restore", {})):
        assert client.post_form(url, data).status_code == 403
    assert row_counts() == before
