"""Refused POSTs send people back to the page they were on; round-wide
figures are cached briefly per process when configured."""

from manifesto.rounds.counts import round_counts
from tests.factories import make_idea, make_round, make_support, make_user


def test_anonymous_post_offers_sign_in_back_to_the_page_it_came_from(client):
    round_ = make_round()
    idea = make_idea(round_)
    response = client.post_form(
        f"/ideas/{idea.id}/support", headers={"Referer": f"http://localhost/ideas/{idea.id}"}
    )
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert f'href="/account/login?next=/ideas/{idea.id}"' in page


def test_anonymous_post_from_another_site_offers_the_home_page(client):
    idea = make_idea(make_round())
    response = client.post_form(
        f"/ideas/{idea.id}/support", headers={"Referer": "https://evil.example/ideas/1"}
    )
    assert response.status_code == 401
    assert 'href="/account/login?next=/"' in response.get_data(as_text=True)
    assert "evil.example" not in response.get_data(as_text=True)


def test_round_counts_are_cached_only_when_configured(app):
    round_ = make_round()
    idea = make_idea(round_)
    make_support(make_user(), idea)
    assert round_counts([round_.id])[round_.id].supporters == 1

    app.config["PUBLIC_COUNTS_CACHE_SECONDS"] = 60
    try:
        assert round_counts([round_.id])[round_.id].supporters == 1
        make_support(make_user(), idea)
        assert round_counts([round_.id])[round_.id].supporters == 1  # cached figure
    finally:
        app.config["PUBLIC_COUNTS_CACHE_SECONDS"] = 0
    assert round_counts([round_.id])[round_.id].supporters == 2  # cache off: live
