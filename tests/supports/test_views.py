from datetime import timedelta

from sqlalchemy import func, select

from manifesto.extensions import db
from manifesto.ideas.counts import find_count_drift
from manifesto.supports.models import Support
from tests.factories import make_idea, make_round, make_support, make_user

JSON = {"Accept": "application/json"}


def support_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(Support))


def url(idea) -> str:
    return f"/ideas/{idea.id}/support"


def signed_in(client):
    person = make_user()
    client.login_as(person)
    return person


def test_support_without_javascript_redirects_back_with_a_message(client):
    idea = make_idea(make_round())
    signed_in(client)

    response = client.post_form(url(idea))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/ideas/{idea.id}#support")
    assert support_rows() == 1

    page = client.get(f"/ideas/{idea.id}")
    assert "you now support this idea" in page.text
    assert "1 supporter online" in page.text
    assert "Remove my support" in page.text
    assert 'aria-pressed="true"' in page.text

    client.post_form(url(idea))
    page = client.get(f"/ideas/{idea.id}")
    assert "Your support for this idea has been removed" in page.text
    assert "0 supporters online" in page.text
    assert "Support this idea" in page.text
    assert 'aria-pressed="false"' in page.text
    assert support_rows() == 0


def test_support_goes_to_a_safe_next_page_only(client):
    idea = make_idea(make_round())
    signed_in(client)

    response = client.post_form(url(idea), {"next": "/rounds/x/ideas/?page=2"})
    assert response.headers["Location"] == "/rounds/x/ideas/?page=2"
    response = client.post_form(url(idea), {"next": "https://evil.example/"})
    assert response.headers["Location"].endswith(f"/ideas/{idea.id}#support")


def test_support_with_javascript_returns_json(client):
    idea = make_idea(make_round())
    make_support(make_user(), idea)
    signed_in(client)

    response = client.post_form(url(idea), headers=JSON)
    assert response.status_code == 200
    assert response.json["supported"] is True
    assert response.json["support_count"] == 2
    assert response.json["label"] == "Remove my support"
    assert response.json["count_text"] == "2 supporters online"

    response = client.post_form(url(idea), headers={"X-Requested-With": "fetch"})
    assert response.json == response.json | {"supported": False, "support_count": 1,
                                             "label": "Support this idea"}
    assert find_count_drift() == []


def test_the_form_says_what_the_button_showed(client):
    """A double click (two identical posts) does not undo the support."""
    idea = make_idea(make_round())
    signed_in(client)

    client.post_form(url(idea), {"want": "add"})
    client.post_form(url(idea), {"want": "add"})
    assert support_rows() == 1
    client.post_form(url(idea), {"want": "remove"})
    client.post_form(url(idea), {"want": "remove"})
    assert support_rows() == 0
    assert find_count_drift() == []


def test_visitors_are_asked_to_sign_in(client):
    idea = make_idea(make_round())

    page = client.get(f"/ideas/{idea.id}")
    assert "Sign in to support this idea" in page.text
    assert f"next=/ideas/{idea.id}" in page.text.replace("%2F", "/")
    assert "data-support-form" not in page.text

    response = client.post_form(url(idea))
    assert response.status_code == 401
    assert "Sign in" in response.text
    assert support_rows() == 0


def test_closed_round_refuses_with_the_reason(client):
    idea = make_idea(make_round(opens_in=timedelta(days=-30), closes_in=timedelta(days=-1)))
    signed_in(client)

    page = client.get(f"/ideas/{idea.id}")
    assert "This round closed for ideas on" in page.text
    assert "data-support-form" not in page.text

    response = client.post_form(url(idea))
    assert response.status_code == 403
    assert "This round closed for ideas on" in response.text

    response = client.post_form(url(idea), headers=JSON)
    assert response.status_code == 403
    assert response.json["message"].startswith("This round closed for ideas on")
    assert support_rows() == 0


def test_hidden_idea_cannot_be_supported(client):
    idea = make_idea(make_round(), status="hidden")
    signed_in(client)
    assert client.post_form(url(idea)).status_code == 403
    assert support_rows() == 0


def test_missing_idea_is_404(client):
    signed_in(client)
    assert client.post_form("/ideas/999999/support").status_code == 404


def test_get_changes_nothing(client):
    idea = make_idea(make_round())
    signed_in(client)
    assert client.get(url(idea)).status_code == 405
    assert support_rows() == 0


def test_missing_csrf_token_is_refused_and_changes_nothing(client):
    idea = make_idea(make_round())
    signed_in(client)

    response = client.post(url(idea))
    assert response.status_code == 400
    assert "Form expired" in response.text
    response = client.post(url(idea), headers=JSON)
    assert response.status_code == 400
    assert support_rows() == 0
    assert find_count_drift() == []


def test_rate_limit(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "SUPPORT_RATE_LIMIT", "3 per minute")
    idea = make_idea(make_round())
    signed_in(client)

    statuses = [client.post_form(url(idea), headers=JSON).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert support_rows() == 1  # three toggles: on, off, on
    assert find_count_drift() == []


def test_visitors_see_why_a_closed_round_refuses_rather_than_a_sign_in_link(client):
    idea = make_idea(make_round(phase="published"))
    page = client.get(f"/ideas/{idea.id}").text
    assert "This round closed for ideas on" in page
    assert "Sign in to support this idea" not in page
