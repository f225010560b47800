"""What people see of hidden content: a placeholder saying why, in the place
the content was; nothing in lists, search, counts or the API; the author
and moderators still read it."""

from __future__ import annotations

import pytest

from manifesto.moderation import services
from tests.factories import make_comment, make_idea, make_round, make_support, make_user


@pytest.fixture
def moderator():
    return make_user(roles=("moderator",))


@pytest.fixture
def author():
    return make_user(display_name="Asha Author")


@pytest.fixture
def round_():
    return make_round(slug="open-round")


@pytest.fixture
def hidden_idea(round_, author, moderator):
    idea = make_idea(round_, author, title="Zebra crossings everywhere",
                     proposal="Paint zebra crossings on every road.")
    make_support(make_user(), idea)
    services.hide_idea(moderator, idea, "off_topic", "Not about open government")
    return idea


def test_the_public_sees_a_placeholder_with_410(client, hidden_idea):
    response = client.get(f"/ideas/{hidden_idea.id}")
    # 410 Gone: out of public view (search engines drop it), yet a reader
    # following an old link is told why.
    assert response.status_code == 410
    page = response.text
    assert "Hidden by moderators: off-topic" in page
    assert "Zebra crossings" not in page and "Paint zebra" not in page
    assert "Set-Cookie" not in response.headers
    client.login_as(make_user())
    signed_in = client.get(f"/ideas/{hidden_idea.id}")
    assert signed_in.status_code == 410 and "Zebra" not in signed_in.text


def test_a_hidden_idea_is_absent_from_lists_search_counts_and_the_api(client, round_, hidden_idea):
    visible = make_idea(round_, make_user(), title="Open zebra contracts")
    listing = client.get("/rounds/open-round/ideas/").text
    assert "Open zebra contracts" in listing and "Zebra crossings" not in listing
    search = client.get("/rounds/open-round/ideas/?q=zebra").text
    assert "Open zebra contracts" in search and "Zebra crossings" not in search
    assert "1 idea" in client.get("/rounds/open-round/").text

    api = client.get("/api/v1/rounds/open-round/ideas").get_json()
    assert [item["id"] for item in api["items"]] == [visible.id]
    assert client.get(f"/api/v1/ideas/{hidden_idea.id}").status_code == 404
    everything = client.get("/api/v1/ideas?round=open-round&q=zebra").get_json()
    assert hidden_idea.id not in [item["id"] for item in everything["items"]]


def test_the_author_reads_why_and_their_own_text(client, author, hidden_idea):
    client.login_as(author)
    response = client.get(f"/ideas/{hidden_idea.id}")
    assert response.status_code == 200
    page = response.text
    assert "hidden by the moderators: off-topic" in page
    assert "Only you and the moderators can read it" in page
    assert "Paint zebra crossings on every road." in page
    assert "Restore this idea" not in page


def test_moderators_read_it_and_can_restore_it(client, moderator, hidden_idea):
    client.login_as(moderator)
    page = client.get(f"/ideas/{hidden_idea.id}").text
    assert "Paint zebra crossings on every road." in page
    assert f'action="/moderation/ideas/{hidden_idea.id}/restore"' in page
    response = client.post_form(f"/moderation/ideas/{hidden_idea.id}/restore",
                                {"next": f"/ideas/{hidden_idea.id}"})
    assert response.headers["Location"] == f"/ideas/{hidden_idea.id}"
    client.logout()
    assert client.get(f"/ideas/{hidden_idea.id}").status_code == 200


def test_an_idea_hidden_by_a_block_points_to_the_account(client, moderator, round_, author):
    idea = make_idea(round_, author)
    services.block_account(moderator, author, "Spam")
    assert "Hidden by moderators: account blocked" in client.get(f"/ideas/{idea.id}").text
    client.login_as(moderator)
    page = client.get(f"/ideas/{idea.id}").text
    assert f'href="/moderation/people/{author.id}"' in page
    assert f"/moderation/ideas/{idea.id}/restore" not in page


def test_a_hidden_comment_leaves_a_placeholder_where_it_was(client, round_, moderator):
    idea = make_idea(round_, make_user())
    first = make_comment(idea, make_user(), "First, and fine")
    rude_author = make_user(display_name="Rude Rowan")
    rude = make_comment(idea, rude_author, "Rude words here")
    reply_author = make_user()
    rude_reply = make_comment(idea, reply_author, "A rude reply", parent=first)
    last = make_comment(idea, make_user(), "Last, and fine")
    services.hide_comment(moderator, rude, "offensive")
    services.hide_comment(moderator, rude_reply, "spam")

    page = client.get(f"/ideas/{idea.id}").text
    assert "Comments (2)" in page
    assert "Rude words here" not in page and "A rude reply" not in page and "Rude Rowan" not in page
    assert "Hidden by moderators: abusive or offensive" in page
    assert "Hidden by moderators: spam" in page
    # In place: between the comments that surround it, and the reply under its comment.
    assert page.index("First, and fine") < page.index(f'id="comment-{rude_reply.id}"') \
        < page.index(f'id="comment-{rude.id}"') < page.index("Last, and fine")
    assert f"/comments/{rude.id}/report" not in page

    client.login_as(rude_author)
    own = client.get(f"/ideas/{idea.id}").text
    assert "Rude words here" in own and "Your comment, shown only to you and the moderators" in own
    assert "A rude reply" not in own

    client.login_as(moderator)
    moderating = client.get(f"/ideas/{idea.id}").text
    assert "Rude words here" in moderating and "A rude reply" in moderating
    assert f'action="/moderation/comments/{rude.id}/restore"' in moderating


def test_deleted_comments_still_go_unless_replied_to(client, round_):
    from manifesto.comments.services import delete_comment

    idea = make_idea(round_, make_user())
    writer = make_user()
    lonely = make_comment(idea, writer, "Deleted, alone")
    delete_comment(writer, lonely)
    page = client.get(f"/ideas/{idea.id}").text
    assert f'id="comment-{lonely.id}"' not in page and "No comments yet." in page
