"""Deleting one's account through the pages: confirm with the password,
choose what happens to contributions, signed out everywhere afterwards."""

from __future__ import annotations

from html import unescape

from sqlalchemy import select

from manifesto.accounts.models import User
from manifesto.audit import AuditEvent
from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.counts import find_count_drift
from manifesto.ideas.models import Idea
from tests.accounts.test_privacy_erase import personal_data_left
from tests.factories import DEFAULT_PASSWORD, make_comment, make_idea, make_round, make_support, make_user

DELETE = "/account/privacy/delete"
DELETED = "/account/privacy/deleted"
ACCOUNT = "/account/"


def sign_in(client, email: str):
    response = client.post_form("/account/login", {"email": email, "password": DEFAULT_PASSWORD,
                                                   "remember": "y"})
    assert response.status_code == 302


def test_the_page_explains_and_defaults_to_keeping(client):
    user = make_user()
    round_ = make_round()
    make_support(user, make_idea(round_))
    client.login_as(user)
    page = unescape(client.get(DELETE).get_data(as_text=True))
    assert "This cannot be undone" in page
    assert "your support for 1 idea is withdrawn" in page
    assert '<input checked id="contributions-0" name="contributions" required type="radio" value="keep">' in page
    assert "a former participant" in page
    assert 'autocomplete="current-password"' in page


def test_a_wrong_or_missing_password_deletes_nothing(client):
    user = make_user()
    client.login_as(user)
    response = client.post_form(DELETE, {"current_password": "not my password", "contributions": "keep"})
    assert response.status_code == 200
    assert "Your password is not right." in response.get_data(as_text=True)
    response = client.post_form(DELETE, {"contributions": "remove"})
    assert "Enter your password to confirm it is you." in response.get_data(as_text=True)
    assert db.session.get(User, user.id) is not None
    assert client.get(ACCOUNT).status_code == 200


def test_an_unknown_choice_is_refused(client):
    user = make_user()
    client.login_as(user)
    response = client.post_form(DELETE, {"current_password": DEFAULT_PASSWORD, "contributions": "burn"})
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.get(User, user.id) is not None


def test_deleting_keeps_contributions_and_ends_every_login(app, client):
    person = make_user(email="gwen.delete@example.org", display_name="Gwen Deleteme")
    other = make_user()
    round_ = make_round()
    mine = make_idea(round_, person, title="Publish lobbying meetings")
    make_support(other, mine)
    make_comment(mine, other, body="Others' words stay.")
    my_comment = make_comment(mine, person, body="My own follow-up.")
    sign_in(client, "gwen.delete@example.org")
    session_copy = app.test_client()
    session_copy.set_cookie("session", client.get_cookie("session").value)
    remember_copy = app.test_client()
    remember_copy.set_cookie("remember_token", client.get_cookie("remember_token").value)
    assert session_copy.get(ACCOUNT).status_code == 200
    person_id, mine_id, comment_id = person.id, mine.id, my_comment.id

    response = client.post_form(DELETE, {"current_password": DEFAULT_PASSWORD, "contributions": "keep"})

    assert response.status_code == 302 and response.headers["Location"] == DELETED
    page = unescape(client.get(DELETED).get_data(as_text=True))
    assert "Your account has been deleted" in page
    assert "credited to “a former participant”" in page
    db.session.expire_all()
    assert db.session.get(User, person_id) is None
    for copy in (client, session_copy, remember_copy):
        response = copy.get(ACCOUNT)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/account/login")
    assert personal_data_left("gwen.delete@example.org", "Gwen Deleteme") == []
    assert find_count_drift() == []
    db.session.expire_all()
    idea = db.session.get(Idea, mine_id)
    assert (idea.status, idea.author_id, idea.support_count, idea.comment_count) == ("published", None, 1, 2)
    assert db.session.get(Comment, comment_id).body == "My own follow-up."
    idea_page = client.get(f"/ideas/{mine_id}").get_data(as_text=True)
    assert "a former participant" in idea_page and "Others&#39; words stay." in idea_page
    erased = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "account.erased")).one()
    assert erased.actor_id is None and erased.ip_address is None


def test_deleting_and_removing_contributions(client):
    person = make_user()
    other = make_user()
    round_ = make_round()
    mine = make_idea(round_, person, title="Withdraw me please")
    theirs = make_idea(round_, other)
    make_comment(theirs, person, body="Remove this too.")
    client.login_as(person)
    client.post_form(DELETE, {"current_password": DEFAULT_PASSWORD, "contributions": "remove"})
    page = client.get(DELETED).get_data(as_text=True)
    assert "Your ideas have been withdrawn and your comments deleted." in page
    db.session.expire_all()
    assert db.session.get(Idea, mine.id).status == "withdrawn"
    assert db.session.get(Idea, theirs.id).comment_count == 0
    assert "Withdraw me please" not in client.get(f"/rounds/{round_.slug}/ideas/").get_data(as_text=True)
    assert find_count_drift() == []


def test_the_confirmation_page_without_a_deletion_is_generic(client):
    page = client.get(DELETED).get_data(as_text=True)
    assert "When someone deletes their account" in page


def test_the_only_administrator_is_told_why_not(client):
    admin = make_user(roles=("admin",))
    client.login_as(admin)
    page = client.get(DELETE).get_data(as_text=True)
    assert "You are the only administrator" in page and 'name="current_password"' not in page
    response = client.post_form(DELETE, {"current_password": DEFAULT_PASSWORD, "contributions": "keep"})
    assert "You are the only administrator" in response.get_data(as_text=True)
    assert db.session.get(User, admin.id) is not None
    assert "You are the only administrator" in client.get("/account/privacy").get_data(as_text=True)


def test_deleting_needs_a_csrf_token(client):
    user = make_user()
    client.login_as(user)
    response = client.post(DELETE, data={"current_password": DEFAULT_PASSWORD, "contributions": "keep"})
    assert response.status_code == 400
    assert db.session.get(User, user.id) is not None
