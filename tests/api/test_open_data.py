"""Open data rules: no personal data, the same answer for everyone, cache and
CORS headers, and a query count that does not grow with the data."""

from __future__ import annotations



from manifesto.extensions import db
from tests.api.conftest import get_json
from tests.factories import make_comment, make_idea, make_round, make_support, make_user
from tests.querycount import counting_statements


def every_url(round_, idea) -> list[str]:
    slug = round_.slug
    return [
        "/api/v1/rounds", f"/api/v1/rounds/{slug}", f"/api/v1/rounds/{slug}/themes",
        f"/api/v1/rounds/{slug}/ideas", f"/api/v1/ideas?round={slug}",
        f"/api/v1/ideas?round={slug}&sort=random&seed=3", f"/api/v1/ideas/{idea.id}",
        "/api/v1/openapi.json",
    ]


def test_no_email_or_other_personal_data_in_any_response(client):
    round_ = make_round(slug="uk-2026")
    author = make_user(email="ada.private@example.org", display_name="Ada")
    author.organisation = "Secret Org Ltd"
    db.session.commit()
    supporter = make_user(email="bob.hidden@example.net")
    commenter = make_user(email="carol@example.com")
    idea = make_idea(round_, author, themes=[round_.themes[0]])
    make_support(supporter, idea)
    make_comment(idea, commenter, body="Agreed.")

    for url in every_url(round_, idea):
        text = client.get(url).get_data(as_text=True)
        for user in (author, supporter, commenter):
            assert user.email not in text, url
        assert "@example." not in text and "Secret Org" not in text, url
    assert get_json(client, f"/api/v1/ideas/{idea.id}")["author"] == "Ada"


def test_signed_in_person_changes_nothing_and_gets_no_cookie(client):
    round_ = make_round(slug="uk-2026")
    admin = make_user(roles=("admin", "moderator"))
    idea = make_idea(round_, admin)
    make_support(admin, idea)
    make_idea(round_, admin, status="hidden")
    make_idea(make_round(phase="draft"), admin)
    urls = every_url(round_, idea)

    anonymous = {url: client.get(url).get_data() for url in urls}
    client.login_as(admin)
    for url in urls:
        response = client.get(url)
        assert response.get_data() == anonymous[url], url
        assert "Set-Cookie" not in response.headers, url


def test_cache_and_cors_headers(client):
    round_ = make_round(slug="uk-2026")
    idea = make_idea(round_)
    for url in every_url(round_, idea):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "public, max-age=60", url
        assert response.headers["Access-Control-Allow-Origin"] == "*", url
    error = client.get("/api/v1/ideas")
    assert error.status_code == 400
    assert error.headers["Access-Control-Allow-Origin"] == "*"
    assert "public" not in error.headers.get("Cache-Control", "")


def _fill(round_, n: int) -> None:
    for i in range(n):
        author = make_user() if i % 2 else None
        idea = make_idea(round_, author, themes=[round_.themes[i % 3], round_.themes[(i + 1) % 3]],
                         source="online" if author else "workshop")
        if author and i % 4 == 1:
            make_support(author, idea)
            make_comment(idea, author)


def _statements_for(client, url: str) -> int:
    with counting_statements() as statements:
        body = get_json(client, url)
    assert body
    return len(statements)


def test_query_count_does_not_grow_with_the_data(client):
    small, large = make_round(slug="small"), make_round(slug="large")
    _fill(small, 5)
    _fill(large, 50)

    for template in ("/api/v1/ideas?round={}&per_page=100", "/api/v1/rounds/{}/ideas?per_page=100",
                     "/api/v1/ideas?round={}&q=publish&sort=relevance&per_page=100",
                     "/api/v1/rounds/{}", "/api/v1/rounds/{}/themes"):
        few = _statements_for(client, template.format("small"))
        many = _statements_for(client, template.format("large"))
        assert few == many, template
    assert get_json(client, "/api/v1/ideas?round=large&per_page=100")["total"] == 50

    before = _statements_for(client, "/api/v1/rounds")
    for _ in range(8):
        _fill(make_round(), 2)
    assert _statements_for(client, "/api/v1/rounds?per_page=100") == before
