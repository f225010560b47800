"""The cached counts on ideas always match their rows, and drift is reported."""

from sqlalchemy import update

from manifesto.extensions import db
from manifesto.ideas.counts import find_count_drift
from manifesto.ideas.models import Idea
from tests.factories import make_comment, make_idea, make_round, make_support, make_user


def _set_counts(idea: Idea, **values) -> None:
    db.session.execute(update(Idea).where(Idea.id == idea.id).values(**values))
    db.session.commit()


def test_no_drift_after_ordinary_activity():
    round_ = make_round()
    ideas = [make_idea(round_) for _ in range(3)]
    people = [make_user() for _ in range(3)]
    for person in people:
        make_support(person, ideas[0])
        make_comment(ideas[1], person)
    make_support(people[0], ideas[2])
    assert find_count_drift() == []
    assert [i.support_count for i in ideas] == [3, 0, 1]
    assert [i.comment_count for i in ideas] == [0, 3, 0]


def test_drift_is_reported_per_idea_and_counter():
    round_ = make_round()
    first, second = make_idea(round_), make_idea(round_)
    make_support(make_user(), first)
    make_comment(second, make_user())
    hidden = make_comment(second, make_user())
    hidden.hidden = True  # hidden comments are not counted: the cache should now be 1
    db.session.commit()
    _set_counts(first, support_count=5)

    assert find_count_drift() == [
        f"Idea {first.id}: support_count 5, rows 1",
        f"Idea {second.id}: comment_count 2, rows 1",
    ]


def test_check_counts_command(app):
    idea = make_idea(make_round())
    make_support(make_user(), idea)
    runner = app.test_cli_runner()

    result = runner.invoke(args=["check-counts"])
    assert result.exit_code == 0
    assert "All counts match their rows." in result.output

    _set_counts(idea, support_count=0, comment_count=2)
    result = runner.invoke(args=["check-counts"])
    assert result.exit_code == 1
    assert f"Idea {idea.id}: comment_count 2, rows 0" in result.output
    assert f"Idea {idea.id}: support_count 0, rows 1" in result.output
