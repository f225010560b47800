"""The published manifesto in the API: commitments, one commitment, the
shortlist by theme, and ideas naming the commitment they fed."""

from __future__ import annotations

from manifesto.extensions import db
from manifesto.panel import shortlist
from tests.api.conftest import get_json
from tests.api.published_world import make_published
from tests.factories import make_commitment, make_round, make_user
from tests.querycount import counting_statements


def _ids(body) -> list[int]:
    return [item["id"] for item in body["items"]]


def test_a_commitment_carries_the_manifesto_fields_and_its_evidence(client):
    world = make_published()
    first, idea, other = world.first, world.idea, world.other_idea
    body = get_json(client, f"/api/v1/commitments/{first.id}")
    assert body == {
        "id": first.id,
        "reference": f"C-{first.id}",
        "round": "uk-2026",
        "number": 1,
        "theme": {"id": world.round.themes[0].id, "name": "Open data"},
        "title": "Open up public contracts",
        "commit_to": "Publish every public contract in full.",
        "current_situation": "Only summaries are published.",
        "we_call_for": ["Publish contracts", "Publish performance data"],
        "lead_body": "Cabinet Office",
        "evidence": {"supporters": 3, "dots": 5, "workshops": 1, "nations": ["wales"],
                     "comments": 1},
        "source_ideas": [
            {"id": idea.id, "reference": f"I-{idea.id}", "title": "Open contracts",
             "status": "published", "url": f"http://localhost/ideas/{idea.id}"},
            {"id": other.id, "reference": f"I-{other.id}", "title": "Contract registers",
             "status": "published", "url": f"http://localhost/ideas/{other.id}"},
        ],
        "responses": [],
        "progress_status": None,
        "url": f"http://localhost/commitments/{first.id}",
    }


def test_hidden_source_ideas_never_appear(client):
    world = make_published()
    for url in (f"/api/v1/commitments/{world.first.id}", "/api/v1/rounds/uk-2026/commitments",
                "/api/v1/rounds/uk-2026/shortlist"):
        text = client.get(url).get_data(as_text=True)
        assert "HYPERLINK" not in text and f"/ideas/{world.hidden_idea.id}\"" not in text, url
    get_json(client, f"/api/v1/ideas/{world.hidden_idea.id}", status=404)


def test_the_round_lists_its_numbered_commitments_in_order_with_paging(client):
    world = make_published()
    body = get_json(client, "/api/v1/rounds/uk-2026/commitments")
    assert _ids(body) == [world.first.id, world.second.id, world.third.id]
    assert [item["number"] for item in body["items"]] == [1, 2, 3]
    assert (body["page"], body["per_page"], body["total"]) == (1, 20, 3)
    assert body["items"][0] == get_json(client, f"/api/v1/commitments/{world.first.id}")

    page2 = get_json(client, "/api/v1/rounds/uk-2026/commitments?per_page=2&page=2")
    assert _ids(page2) == [world.third.id] and page2["total"] == 3
    assert get_json(client, "/api/v1/rounds/uk-2026/commitments?page=9")["items"] == []


def test_commitments_filter_by_theme(client):
    world = make_published()
    anti_corruption = world.round.themes[1]
    body = get_json(client, f"/api/v1/rounds/uk-2026/commitments?theme={anti_corruption.id}")
    assert _ids(body) == [world.second.id, world.third.id] and body["total"] == 2
    empty = get_json(client, f"/api/v1/rounds/uk-2026/commitments?theme={world.round.themes[2].id}")
    assert empty["items"] == [] and empty["total"] == 0
    other_theme = make_round().themes[0]
    for bad in (str(other_theme.id), "x", "0", "-1", "99999999999"):
        error = get_json(client, f"/api/v1/rounds/uk-2026/commitments?theme={bad}", status=400)
        assert error["parameter"] == "theme"
    error = get_json(client, "/api/v1/rounds/uk-2026/commitments?per_page=1000", status=400)
    assert error["parameter"] == "per_page"


def test_the_shortlist_is_grouped_by_theme(client):
    world = make_published()
    body = get_json(client, "/api/v1/rounds/uk-2026/shortlist")
    assert (body["round"], body["title"], body["total"]) == ("uk-2026", "UK manifesto 2026", 3)
    assert body["published_at"].endswith("Z")
    themes = world.round.themes
    assert [(group["id"], group["name"]) for group in body["themes"]] == [
        (themes[0].id, "Open data"), (themes[1].id, "Anti-corruption")]
    assert [[c["number"] for c in group["commitments"]] for group in body["themes"]] == [[1], [2, 3]]
    listed = get_json(client, "/api/v1/rounds/uk-2026/commitments")["items"]
    assert [c for group in body["themes"] for c in group["commitments"]] == listed


def test_unpublished_and_rejected_commitments_are_absent(client):
    world = make_published()
    # Not shortlisted: no number, never public.
    get_json(client, f"/api/v1/commitments/{world.rejected.id}", status=404)
    # Another round, still in assessment: its shortlisted draft stays with the panel.
    slug = world.draft.round.slug
    get_json(client, f"/api/v1/commitments/{world.draft.id}", status=404)
    assert get_json(client, f"/api/v1/rounds/{slug}/commitments") == {
        "items": [], "page": 1, "per_page": 20, "total": 0}
    error = get_json(client, f"/api/v1/rounds/{slug}/shortlist", status=404)
    assert "not been published" in error["message"]
    for url in ("/api/v1/rounds/uk-2026/commitments", "/api/v1/rounds/uk-2026/shortlist"):
        text = client.get(url).get_data(as_text=True)
        assert "Rejected idea" not in text and "Still a draft" not in text
        assert "Covered elsewhere" not in text  # decision reasons are for the manifesto page


def test_missing_rounds_and_commitments_are_404(client):
    make_published()
    draft_round = make_round(phase="draft")
    for url in ("/api/v1/commitments/424242", "/api/v1/rounds/nope/commitments",
                "/api/v1/rounds/nope/shortlist", f"/api/v1/rounds/{draft_round.slug}/commitments",
                f"/api/v1/rounds/{draft_round.slug}/shortlist"):
        assert get_json(client, url, status=404)["error"] == "Not found", url


def test_a_commitment_of_a_round_sent_back_to_draft_disappears(client):
    world = make_published()
    world.round.phase = "draft"
    db.session.commit()
    get_json(client, f"/api/v1/commitments/{world.first.id}", status=404)


def test_ideas_name_the_published_commitment_they_fed(client):
    world = make_published()
    body = get_json(client, f"/api/v1/ideas/{world.idea.id}")
    assert body["commitment"] == {"id": world.first.id, "number": 1,
                                  "reference": f"C-{world.first.id}",
                                  "url": f"http://localhost/commitments/{world.first.id}"}
    assert get_json(client, f"/api/v1/ideas/{world.loose_idea.id}")["commitment"] is None
    listed = {item["id"]: item["commitment"]
              for item in get_json(client, "/api/v1/ideas?round=uk-2026")["items"]}
    assert listed[world.other_idea.id]["id"] == world.first.id
    assert listed[world.loose_idea.id] is None
    rejected_source = world.rejected.ideas[0]
    assert listed[rejected_source.id] is None  # its commitment was not shortlisted


def test_ideas_name_no_commitment_before_publication(client):
    round_ = make_round(slug="early", phase="assessment")
    commitment = make_commitment(round_, actor=make_user(roles=("admin",)))
    shortlist.decide(make_user(roles=("admin",)), commitment, True, "Good.")
    idea = commitment.ideas[0]
    assert get_json(client, f"/api/v1/ideas/{idea.id}")["commitment"] is None


def test_query_count_does_not_grow_with_the_commitments(client):
    make_published("small")
    make_published("large", extra=6)
    for template in ("/api/v1/rounds/{}/commitments?per_page=100", "/api/v1/rounds/{}/shortlist"):
        with counting_statements() as few:
            get_json(client, template.format("small"))
        with counting_statements() as many:
            body = get_json(client, template.format("large"))
        assert len(few) == len(many), template
        assert body["total"] == 9
