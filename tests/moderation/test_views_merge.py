"""Merging through the pages: choose the idea, see the effect side by side,
confirm; the merged idea's page redirects; the merge is undone by a button."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from manifesto.comments.models import Comment
from manifesto.extensions import db
from manifesto.ideas.models import Idea
from manifesto.moderation.models import IdeaMerge
from tests.factories import make_comment, make_idea, make_round, make_support, make_user
from tests.route_walk import is_login_redirect, row_counts


@pytest.fixture
def moderator():
    return make_user(display_name="Mo Moderator", roles=("moderator",))


@pytest.fixture
def pair():
    """Two duplicates: two people support both, one only the source."""
    round_ = make_round()
    target = make_idea(round_, make_user(), title="Open all public contracts",
                       proposal="Publish every contract.")
    source = make_idea(round_, make_user(), title="Publish contracts online",
                       proposal="Put contracts on the web.")
    both = [make_user(), make_user()]
    for person in both:
        make_support(person, target)
        make_support(person, source)
    make_support(make_user(), source)
    make_support(make_user(), target)
    comment = make_comment(source, make_user(), "Councils too, please")
    return {"round": round_, "source": source, "target": target, "comment": comment}


def _fields(**overrides) -> dict:
    data = {"target": "", "text": "target", "title": "", "problem": "", "proposal": "",
            "impact": "", "who_should_act": "", "scope": "uk", "note": ""}
    data.update(overrides)
    return data


def _fresh(idea: Idea) -> Idea:
    db.session.expire_all()
    return db.session.get(Idea, idea.id)


def test_merge_from_form_to_confirmation_to_redirect(client, moderator, pair):
    source, target = pair["source"], pair["target"]
    client.login_as(moderator)
    idea_page = client.get(f"/ideas/{source.id}").text
    assert f'href="/moderation/ideas/{source.id}/merge"' in idea_page and "Merge into another idea" in idea_page

    form = client.get(f"/moderation/ideas/{source.id}/merge")
    assert form.status_code == 200
    assert 'value="Publish contracts online"' in form.text  # edited text starts as this idea's

    before = row_counts()
    check = client.post_form(f"/moderation/ideas/{source.id}/merge",
                             _fields(target=target.reference, note="Same idea"))
    assert check.status_code == 200
    page = check.text
    assert f"Merge {source.reference} into {target.reference}?" in page
    assert "Publish contracts online" in page and "Open all public contracts" in page  # side by side
    assert "1 supporter moves" in page and "2 people support both and are counted once" in page
    assert f"{target.reference} will have 4 supporters" in page
    assert "1 comment moves" in page
    assert row_counts() == before  # nothing changed yet

    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    hidden.pop("csrf_token")
    done = client.post_form(f"/moderation/ideas/{source.id}/merge", {**hidden, "confirmed": "1"})
    assert done.status_code == 302 and done.headers["Location"] == f"/ideas/{target.id}"
    merged, into = _fresh(source), _fresh(target)
    assert merged.status == "merged" and merged.merged_into_id == target.id
    assert into.support_count == 4 and into.title == "Open all public contracts"
    assert db.session.get(Comment, pair["comment"].id).idea_id == target.id
    assert db.session.scalar(select(IdeaMerge.note)) == "Same idea"

    flash_page = client.get(f"/ideas/{target.id}").text
    assert f"{source.reference} “Publish contracts online” was merged into this idea" in flash_page
    assert "Moved from " + source.reference + " when it was merged" in flash_page
    assert "Ideas merged into this one" in flash_page and "Undo merge" in flash_page


def test_the_merged_ideas_page_redirects_saying_so(client, moderator, pair):
    source, target = pair["source"], pair["target"]
    client.login_as(moderator)
    client.post_form(f"/moderation/ideas/{source.id}/merge",
                     _fields(target=f"I-{target.id}", confirmed="1"))
    client.logout()
    response = client.get(f"/ideas/{source.id}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/ideas/{target.id}?merged_from={source.id}"
    assert "Set-Cookie" not in response.headers
    page = client.get(response.headers["Location"]).text
    assert f"Idea {source.reference} “Publish contracts online” was merged into this one" in page
    assert "Ideas merged into this one" in page and "Undo merge" not in page
    # The notice appears only for a real merge into this idea.
    assert "was merged into this one" not in client.get(f"/ideas/{target.id}?merged_from=999").text


def test_undo_puts_everything_back(client, moderator, pair):
    source, target = pair["source"], pair["target"]
    client.login_as(moderator)
    client.post_form(f"/moderation/ideas/{source.id}/merge",
                     _fields(target=target.reference, text="source", confirmed="1"))
    assert _fresh(target).title == "Publish contracts online"
    merge_id = db.session.scalar(select(IdeaMerge.id))
    page = client.get(f"/ideas/{target.id}").text
    assert f'action="/moderation/merges/{merge_id}/undo"' in page

    response = client.post_form(f"/moderation/merges/{merge_id}/undo", {})
    assert response.status_code == 302 and response.headers["Location"] == f"/ideas/{source.id}"
    back, kept = _fresh(source), _fresh(target)
    assert back.status == "published" and back.support_count == 3
    assert kept.support_count == 3 and kept.title == "Open all public contracts"
    assert db.session.get(Comment, pair["comment"].id).idea_id == source.id
    page = client.get(f"/ideas/{source.id}").text
    assert "Merge undone" in page and "Moved from" not in page

    again = client.post_form(f"/moderation/merges/{merge_id}/undo", {}, follow_redirects=True)
    assert "already been undone" in again.text


def test_edited_text_is_checked_and_used(client, moderator, pair):
    source, target = pair["source"], pair["target"]
    client.login_as(moderator)
    empty = client.post_form(f"/moderation/ideas/{source.id}/merge",
                             _fields(target=target.reference, text="edited"))
    assert empty.status_code == 200 and "Enter the merged idea&#39;s title." in empty.text
    check = client.post_form(f"/moderation/ideas/{source.id}/merge", _fields(
        target=target.reference, text="edited", title="Open contracts, published online",
        proposal="Publish every contract online.", scope="wales"))
    assert "Open contracts, published online" in check.text and "Wales" in check.text
    client.post_form(f"/moderation/ideas/{source.id}/merge", _fields(
        target=target.reference, text="edited", title="Open contracts, published online",
        proposal="Publish every contract online.", scope="wales", confirmed="1"))
    merged = _fresh(target)
    assert (merged.title, merged.proposal, merged.scope) == (
        "Open contracts, published online", "Publish every contract online.", "wales")


@pytest.mark.parametrize("reference, message", [
    ("", "Enter the reference of the idea to merge into"),
    ("contracts", "Enter an idea reference like I-42"),
    ("I-999999", "There is no idea I-999999."),
])
def test_a_bad_target_is_explained_next_to_the_field(client, moderator, pair, reference, message):
    client.login_as(moderator)
    before = row_counts()
    response = client.post_form(f"/moderation/ideas/{pair['source'].id}/merge",
                                 _fields(target=reference, confirmed="1"))
    assert response.status_code == 200 and message in response.text
    assert 'id="target-error"' in response.text
    assert row_counts() == before


def test_ideas_of_other_rounds_or_itself_are_refused(client, moderator, pair):
    source = pair["source"]
    elsewhere = make_idea(make_round(), make_user())
    client.login_as(moderator)
    for reference, message in ((elsewhere.reference, "Only ideas in the same round can be merged."),
                               (source.reference, "Choose a different idea to merge into.")):
        response = client.post_form(f"/moderation/ideas/{source.id}/merge",
                                    _fields(target=reference, confirmed="1"))
        assert message in response.text
    assert _fresh(source).status == "published"


def test_search_finds_the_idea_to_merge_into(client, moderator, pair):
    source, target = pair["source"], pair["target"]
    client.login_as(moderator)
    page = client.get(f"/moderation/ideas/{source.id}/merge?q=public+contracts").text
    assert "Open all public contracts" in page
    link = re.search(r'href="([^"]*target=I-\d+[^"]*)"', page).group(1).replace("&amp;", "&")
    chosen = client.get(link).text
    assert f'value="{target.reference}"' in chosen


def test_participants_are_refused_and_visitors_sent_to_sign_in(client, pair, moderator):
    source, target = pair["source"], pair["target"]
    url = f"/moderation/ideas/{source.id}/merge"
    assert is_login_redirect(client.get(url), next_path=url)
    client.login_as(make_user())
    before = row_counts()
    assert client.get(url).status_code == 403
    assert client.post_form(url, _fields(target=target.reference, confirmed="1")).status_code == 403
    assert f"/moderation/ideas/{source.id}/merge" not in client.get(f"/ideas/{source.id}").text
    assert row_counts() == before

    client.login_as(moderator)
    client.post_form(url, _fields(target=target.reference, confirmed="1"))
    merge_id = db.session.scalar(select(IdeaMerge.id))
    client.login_as(make_user())
    assert client.post_form(f"/moderation/merges/{merge_id}/undo", {}).status_code == 403
    assert _fresh(source).status == "merged"
