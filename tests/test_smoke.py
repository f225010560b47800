from tests.factories import make_idea, make_round, make_user


def test_factories_save_rows(app):
    user = make_user()
    round_ = make_round()
    idea = make_idea(round_, user, themes=[round_.themes[0]])
    assert idea.id and idea.themes[0].name == "Open data"
    assert user.roles == {"participant"}
