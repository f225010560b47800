import pytest
from sqlalchemy import func, select

from manifesto.comments.models import COMMENT_MAX, Comment
from manifesto.extensions import db
from manifesto.ideas.counts import find_count_drift
from tests.factories import make_comment, make_idea, make_round, make_user
from tests.querycount import counting_statements


@pytest.fixture
def idea():
    return make_idea(make_round(), title="Open up public contracts")


def comment_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment))


def test_post_a_comment_and_see_it_on_the_idea_page(client, idea):
    author = make_user(display_name="Amira")
    client.login_as(author)

    response = client.post_form(f"/ideas/{idea.id}/comments", {"body": "Start with <b>councils</b>."})
    comment = db.session.scalars(select(Comment)).one()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/ideas/{idea.id}#comment-{comment.id}")

    page = client.get(f"/ideas/{idea.id}").text
    assert "Your comment has been posted" in page
    assert "Comments (1)" in page
    assert f'id="comment-{comment.id}"' in page
    assert "Amira" in page
    assert "&lt;b&gt;councils&lt;/b&gt;" in page and "<b>councils</b>" not in page
    assert f"/comments/{comment.id}/edit" in page and f"/comments/{comment.id}/delete" in page
    assert "<summary>Reply" in page


def test_reply_and_reply_to_reply_flatten(client, idea):
    top = make_comment(idea, make_user(display_name="Cai"), "Top")
    existing_reply = make_comment(idea, make_user(), "Earlier reply", parent=top)
    client.login_as(make_user())

    client.post_form(f"/ideas/{idea.id}/comments", {"body": "Answer", "parent_id": str(top.id)})
    response = client.post_form(f"/ideas/{idea.id}/comments",
                                {"body": "Deeper", "parent_id": str(existing_reply.id)})

    by_body = {c.body: c for c in db.session.scalars(select(Comment))}
    assert by_body["Answer"].parent_id == top.id
    assert by_body["Deeper"].parent_id == top.id  # a reply to a reply joins the thread
    assert response.headers["Location"].endswith(f"#comment-{by_body['Deeper'].id}")
    page = client.get(f"/ideas/{idea.id}").text
    assert "Your reply has been posted" in page and "Comments (4)" in page


def test_empty_comment_shows_the_error_on_a_form_page(client, idea):
    client.login_as(make_user())
    response = client.post_form(f"/ideas/{idea.id}/comments", {"body": "   "})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter your comment" in response.text
    assert "Open up public contracts" in response.text
    assert 'aria-invalid="true"' in response.text
    assert comment_rows() == 0


def test_too_long_comment_keeps_the_text(client, idea):
    client.login_as(make_user())
    response = client.post_form(f"/ideas/{idea.id}/comments", {"body": "y" * (COMMENT_MAX + 1)})
    assert response.status_code == 200
    assert "5,000 characters or fewer" in response.text
    assert "y" * 100 in response.text
    assert "maxlength" not in response.text  # never cut a pasted comment short silently
    assert comment_rows() == 0


def test_reply_to_a_missing_or_deleted_comment_is_explained(client, idea):
    author = make_user()
    gone = make_comment(idea, author, "Gone")
    client.login_as(author)
    client.post_form(f"/comments/{gone.id}/delete")

    response = client.post_form(f"/ideas/{idea.id}/comments", {"body": "Hi", "parent_id": str(gone.id)})
    assert response.status_code == 200 and "has been deleted" in response.text
    response = client.post_form(f"/ideas/{idea.id}/comments", {"body": "Hi", "parent_id": "999999"})
    assert response.status_code == 200 and "no longer exists" in response.text
    response = client.post_form(f"/ideas/{idea.id}/comments", {"body": "Hi", "parent_id": "abc"})
    assert response.status_code == 400
    assert comment_rows() == 1


def test_visitors_see_a_sign_in_link_and_cannot_post(client, idea):
    page = client.get(f"/ideas/{idea.id}").text
    assert "Sign in to comment" in page
    assert "Add a comment" not in page
    response = client.post_form(f"/ideas/{idea.id}/comments", {"body": "Hello"})
    assert response.status_code == 401
    assert comment_rows() == 0


def test_closed_round_shows_the_reason_and_refuses(client):
    idea = make_idea(make_round(phase="assessment"))
    client.login_as(make_user())
    page = client.get(f"/ideas/{idea.id}").text
    assert "This round closed for ideas on" in page
    assert "Add a comment" not in page
    response = client.post_form(f"/ideas/{idea.id}/comments", {"body": "Hello"})
    assert response.status_code == 403
    assert "This round closed for ideas on" in response.text
    assert comment_rows() == 0


def test_comment_needs_csrf(client, idea):
    client.login_as(make_user())
    assert client.post(f"/ideas/{idea.id}/comments", data={"body": "Hello"}).status_code == 400
    assert comment_rows() == 0


def test_comment_rate_limit(client, idea, app, monkeypatch):
    monkeypatch.setitem(app.config, "COMMENT_RATE_LIMIT", "2 per minute")
    client.login_as(make_user())
    statuses = [client.post_form(f"/ideas/{idea.id}/comments", {"body": f"n{n}"}).status_code
                for n in range(3)]
    assert statuses == [302, 302, 429]
    assert comment_rows() == 2


def test_owner_edits_a_comment(client, idea):
    author = make_user()
    comment = make_comment(idea, author, "Frist")
    client.login_as(author)

    form = client.get(f"/comments/{comment.id}/edit")
    assert form.status_code == 200 and "Frist" in form.text

    response = client.post_form(f"/comments/{comment.id}/edit", {"body": ""})
    assert response.status_code == 200 and "Enter your comment" in response.text

    response = client.post_form(f"/comments/{comment.id}/edit", {"body": "First"})
    assert response.headers["Location"].endswith(f"/ideas/{idea.id}#comment-{comment.id}")
    page = client.get(f"/ideas/{idea.id}").text
    assert "First" in page and "edited" in page


def test_non_owner_cannot_edit_or_delete(client, idea):
    comment = make_comment(idea, make_user(), "Mine")
    client.login_as(make_user())

    assert client.get(f"/comments/{comment.id}/edit").status_code == 403
    assert client.post_form(f"/comments/{comment.id}/edit", {"body": "Yours"}).status_code == 403
    assert client.get(f"/comments/{comment.id}/delete").status_code == 403
    assert client.post_form(f"/comments/{comment.id}/delete").status_code == 403
    db.session.refresh(comment)
    assert comment.body == "Mine" and not comment.is_deleted
    page = client.get(f"/ideas/{idea.id}").text
    assert f"/comments/{comment.id}/edit" not in page


def test_visitor_is_sent_to_sign_in_for_the_edit_page(client, idea):
    comment = make_comment(idea, make_user())
    response = client.get(f"/comments/{comment.id}/edit")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_delete_asks_first_then_leaves_a_placeholder_for_replies(client, idea):
    author = make_user()
    comment = make_comment(idea, author, "Regret this")
    make_comment(idea, make_user(display_name="Ben"), "Still here", parent=comment)
    client.login_as(author)

    confirm = client.get(f"/comments/{comment.id}/delete")
    assert confirm.status_code == 200
    assert "Delete your comment?" in confirm.text and "Regret this" in confirm.text
    db.session.refresh(comment)
    assert not comment.is_deleted  # GET changes nothing

    response = client.post_form(f"/comments/{comment.id}/delete")
    assert response.status_code == 302
    page = client.get(f"/ideas/{idea.id}").text
    assert "Your comment has been deleted" in page
    assert "Comment deleted" in page and "Regret this" not in page
    assert "Still here" in page and "Comments (1)" in page
    assert find_count_drift() == []

    assert client.post_form(f"/comments/{comment.id}/delete").status_code == 403


def test_comment_by_a_deleted_account_shows_a_former_participant(client, idea):
    author = make_user()
    make_comment(idea, author, "Orphan")
    db.session.delete(author)
    db.session.commit()
    page = client.get(f"/ideas/{idea.id}").text
    assert "a former participant" in page and "Orphan" in page


def test_missing_comment_is_404(client):
    client.login_as(make_user())
    assert client.get("/comments/999999/edit").status_code == 404
    assert client.get("/comments/999999/delete").status_code == 404


def test_idea_page_queries_do_not_grow_with_comments(client, idea):

    me = make_user()
    client.login_as(me)

    def queries() -> int:
        with counting_statements() as seen:
            assert client.get(f"/ideas/{idea.id}").status_code == 200
        return len(seen)

    def discuss(times: int) -> None:
        for _ in range(times):
            top = make_comment(idea, me)  # own comments: edit/delete links are checked too
            make_comment(idea, make_user(), parent=top)

    discuss(2)
    few = queries()
    discuss(15)
    assert queries() == few
