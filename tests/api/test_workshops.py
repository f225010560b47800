"""Workshops in the open data API: real dot counts on ideas, the combined
sort and nation filter, and the read-only workshop endpoints."""

from datetime import date

from manifesto.workshops import services
from tests.api.conftest import get_json
from tests.factories import make_idea, make_round, make_support, make_user, make_workshop
from tests.querycount import counting_statements


def _ids(body) -> list[int]:
    return [item["id"] for item in body["items"]]


def _setup():
    round_ = make_round(slug="uk-2026")
    facilitator = make_user(display_name="Fiona Typist", email="fiona@example.org",
                            roles=("facilitator",))
    cardiff = make_workshop(round_, facilitator, town="Cardiff", nation="wales",
                            held_on=date(2027, 3, 14), attendees=40, title="Cardiff evening")
    leeds = make_workshop(round_, facilitator, town="Leeds", nation="england",
                          held_on=date(2027, 4, 2), attendees=25)
    [written] = services.add_workshop_ideas(facilitator, cardiff, [
        {"title": "Bilingual open data", "proposal": "Publish in Welsh too."}]).created
    online = make_idea(round_, make_user(), title="Register of lobbyists")
    for person in [make_user() for _ in range(3)]:
        make_support(person, online)
    services.set_tally(facilitator, cardiff, written, 6)
    services.set_tally(facilitator, leeds, written, 1)
    services.add_workshop_comment(facilitator, leeds, online, "Cover emails too.")
    return round_, facilitator, cardiff, leeds, written, online


def test_ideas_carry_their_workshop_dots_and_credit(client):
    _round, _f, cardiff, _leeds, written, online = _setup()
    body = get_json(client, f"/api/v1/ideas/{written.id}")
    assert body["workshop_dots"] == 7 and body["support_count"] == 0
    assert body["combined_support"] == 7
    assert (body["dot_workshops"], body["dot_nations"]) == (2, 2)
    assert body["workshop_id"] == cardiff.id
    assert body["workshop_credit"] == "From the Cardiff workshop, 14 March 2027"
    assert body["author"] is None and body["source"] == "workshop"
    other = get_json(client, f"/api/v1/ideas/{online.id}")
    assert (other["workshop_dots"], other["combined_support"], other["workshop_id"]) == (0, 3, None)
    listed = {item["id"]: item for item in get_json(client, "/api/v1/ideas?round=uk-2026")["items"]}
    assert listed[written.id] == body


def test_combined_sort_is_the_default_and_nation_filters(client):
    round_, facilitator, cardiff, leeds, written, online = _setup()
    assert _ids(get_json(client, "/api/v1/ideas?round=uk-2026")) == [written.id, online.id]
    assert _ids(get_json(client, "/api/v1/ideas?round=uk-2026&sort=combined")) == [written.id, online.id]
    assert _ids(get_json(client, "/api/v1/ideas?round=uk-2026&sort=supported")) == [online.id, written.id]
    assert _ids(get_json(client, "/api/v1/ideas?round=uk-2026&nation=wales")) == [written.id]
    assert _ids(get_json(client, "/api/v1/rounds/uk-2026/ideas?nation=england")) == [written.id, online.id]
    assert _ids(get_json(client, "/api/v1/ideas?round=uk-2026&nation=scotland")) == []
    error = get_json(client, "/api/v1/ideas?round=uk-2026&nation=mars", status=400)
    assert error["parameter"] == "nation" and "wales" in error["message"]


def test_a_rounds_workshops_with_their_counts_and_no_personal_data(client):
    _round, facilitator, cardiff, leeds, written, online = _setup()
    make_workshop(make_round(slug="other"), town="Elsewhere")
    body = get_json(client, "/api/v1/rounds/uk-2026/workshops")
    assert body["total"] == 2 and body["page"] == 1
    first, second = body["items"]
    assert (first["id"], second["id"]) == (cardiff.id, leeds.id)  # by date
    assert first == {
        "id": cardiff.id, "round": "uk-2026", "title": "Cardiff evening",
        "held_on": "2027-03-14", "venue": "Community hall", "town": "Cardiff", "nation": "wales",
        "region": "", "place": "Cardiff, Wales", "organising_group": "Open Government Network",
        "facilitator_name": "Sam Facilitator", "attendees": 40, "notes": "",
        "credit": "From the Cardiff workshop, 14 March 2027",
        "counts": {"ideas": 1, "comments": 0, "dots": 6, "ideas_with_dots": 1},
        "url": f"http://localhost/workshops/{cardiff.id}",
    }
    assert second["counts"] == {"ideas": 0, "comments": 1, "dots": 1, "ideas_with_dots": 1}
    text = str(body)
    assert "Fiona" not in text and "fiona@example.org" not in text and "owner" not in text
    assert _ids(get_json(client, "/api/v1/rounds/uk-2026/workshops?nation=england")) == [leeds.id]
    assert get_json(client, "/api/v1/rounds/uk-2026/workshops?nation=x", status=400)["parameter"] == "nation"
    assert get_json(client, f"/api/v1/workshops/{cardiff.id}") == first


def test_workshops_of_draft_rounds_and_missing_ones_are_not_found(client):
    draft = make_round(slug="draft-round", phase="draft")
    workshop = make_workshop(draft)
    assert get_json(client, f"/api/v1/workshops/{workshop.id}", status=404)["error"] == "Not found"
    get_json(client, "/api/v1/rounds/draft-round/workshops", status=404)
    get_json(client, "/api/v1/workshops/424242", status=404)
    # Signed in as an administrator changes nothing: the API is the same for all.
    client.login_as(make_user(roles=("admin",)))
    get_json(client, f"/api/v1/workshops/{workshop.id}", status=404)


def test_workshop_list_query_count_does_not_grow(app):
    def count(n: int) -> int:
        round_ = make_round()
        facilitator = make_user(roles=("facilitator",))
        for k in range(n):
            workshop = make_workshop(round_, facilitator, town=f"Town {k}")
            for idea in services.add_workshop_ideas(facilitator, workshop, [
                    {"title": f"Idea {k}.{j}", "proposal": "Do it."} for j in range(n)]).created:
                services.set_tally(facilitator, workshop, idea, 2)
                services.add_workshop_comment(facilitator, workshop, idea, "Yes.")
        url = f"/api/v1/rounds/{round_.slug}/workshops"
        client = app.test_client()
        with counting_statements() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    assert count(2) == count(5) <= 6
