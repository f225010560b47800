from manifesto.ideas.queries import IdeaFilters, browse_ideas, similar_ideas
from tests.factories import make_idea, make_round


def test_browse_search_and_similar(app):
    round_ = make_round()
    a = make_idea(round_, title="Publish contracts as open data", proposal="All contracts over £10,000.")
    b = make_idea(round_, title="Register of lobbyists", proposal="Include in-house lobbyists.")
    page = browse_ideas(round_.id, IdeaFilters(q="contract"))
    assert [i.id for i in page.items] == [a.id] and page.total == 1
    page = browse_ideas(round_.id, IdeaFilters(q="lobbyists", sort="relevance"))
    assert [i.id for i in page.items] == [b.id]
    page = browse_ideas(round_.id, IdeaFilters(sort="random"), seed=12345)
    assert {i.id for i in page.items} == {a.id, b.id}
    assert [i.id for i in similar_ideas(round_.id, "Open data on contracts")] == [a.id]
    assert browse_ideas(round_.id, IdeaFilters(q='"; DROP TABLE ideas; --')).total == 0
    assert browse_ideas(round_.id, IdeaFilters(theme_id=round_.themes[0].id)).total == 0
