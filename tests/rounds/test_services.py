from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from manifesto.audit import AuditEvent
from manifesto.extensions import db
from manifesto.rounds import services
from manifesto.rounds.models import Round, Theme
from manifesto.rounds.services import RoundError
from manifesto.timeutil import utcnow
from tests.factories import make_round, make_user

OPENS = datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc)
CLOSES = datetime(2027, 3, 14, 17, 0, tzinfo=timezone.utc)


def new_round(actor, **overrides):
    values = dict(title="Open Government Manifesto 2027", slug="manifesto-2027",
                  introduction="Tell us.", opens_at=OPENS, closes_at=CLOSES, phase="open")
    values.update(overrides)
    return services.create_round(actor, **values)


def events(action):
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_create_round_saves_and_audits():
    admin = make_user(roles=("admin",))
    round_ = new_round(admin)
    assert db.session.scalar(select(Round.slug)) == "manifesto-2027"
    assert round_.opens_at == OPENS
    [event] = events("round.created")
    assert event.actor_id == admin.id and event.target_id == round_.id
    assert event.after["slug"] == "manifesto-2027"
    assert event.after["closes_at"] == CLOSES.isoformat()


def test_blank_slug_is_made_from_the_title_and_numbered_when_taken():
    admin = make_user(roles=("admin",))
    first = new_round(admin, slug="", title="Wales: Open Gov 2027!")
    second = new_round(admin, slug="", title="Wales: Open Gov 2027!")
    assert first.slug == "wales-open-gov-2027"
    assert second.slug == "wales-open-gov-2027-2"


@pytest.mark.parametrize("slug", ["Has-Capitals", "under_score", "spa ce", "-leading", "double--hyphen", "a" * 81])
def test_bad_slugs_are_refused(slug):
    with pytest.raises(RoundError) as error:
        new_round(make_user(), slug=slug)
    assert "slug" in error.value.errors
    assert db.session.scalar(select(Round)) is None


def test_slug_must_be_unique():
    admin = make_user(roles=("admin",))
    new_round(admin)
    with pytest.raises(RoundError) as error:
        new_round(admin, title="Another")
    assert error.value.errors == {"slug": "Another round already uses this web address name."}


def test_slug_uniqueness_held_by_the_database_too(monkeypatch):
    """Two requests racing past the Python check: the unique constraint wins."""
    admin = make_user(roles=("admin",))
    new_round(admin)
    monkeypatch.setattr(services, "_slug_taken", lambda slug, except_id=None: False)
    with pytest.raises(RoundError) as error:
        new_round(admin, title="Racing")
    assert "slug" in error.value.errors
    assert len(list(db.session.scalars(select(Round)))) == 1


def test_closing_must_follow_opening_and_phase_must_be_known():
    with pytest.raises(RoundError) as error:
        new_round(make_user(), closes_at=OPENS, phase="nonsense", title=" ")
    assert set(error.value.errors) == {"closes_at", "phase", "title"}


def test_update_round_records_only_changed_fields():
    admin = make_user(roles=("admin",))
    round_ = new_round(admin)
    later = CLOSES + timedelta(days=7)
    services.update_round(admin, round_, title="Open Government Manifesto 2027",
                          closes_at=later, phase="assessment")
    [event] = events("round.updated")
    assert event.before == {"closes_at": CLOSES.isoformat(), "phase": "open"}
    assert event.after == {"closes_at": later.isoformat(), "phase": "assessment"}
    assert db.session.get(Round, round_.id).closes_at == later


def test_update_round_without_changes_writes_nothing():
    admin = make_user(roles=("admin",))
    round_ = new_round(admin)
    services.update_round(admin, round_, title=round_.title)
    assert events("round.updated") == []


def test_update_round_may_keep_its_own_slug_but_not_take_another():
    admin = make_user(roles=("admin",))
    make_round(slug="taken")
    round_ = new_round(admin)
    services.update_round(admin, round_, slug="manifesto-2027", introduction="New words")
    with pytest.raises(RoundError):
        services.update_round(admin, round_, slug="taken")
    assert db.session.get(Round, round_.id).slug == "manifesto-2027"


def test_publishing_sets_published_at():
    admin = make_user(roles=("admin",))
    round_ = new_round(admin)
    services.update_round(admin, round_, phase="published")
    assert round_.published_at is not None


def test_current_rounds_hide_drafts_and_put_open_first():
    now = utcnow()
    old = make_round(slug="old", phase="tracking", opens_in=timedelta(days=-400), closes_in=timedelta(days=-300))
    make_round(slug="draft", phase="draft")
    upcoming = make_round(slug="upcoming", phase="open", opens_in=timedelta(days=30))
    newer_closed = make_round(slug="assessing", phase="assessment", opens_in=timedelta(days=-5),
                              closes_in=timedelta(days=-1))
    open_ = make_round(slug="open", phase="open", opens_in=timedelta(days=-20))
    assert [r.slug for r in services.current_rounds(now)] == [
        open_.slug, upcoming.slug, newer_closed.slug, old.slug]
    assert services.round_by_slug("draft").phase == "draft"
    assert services.round_by_slug("missing") is None


def test_create_theme_appends_and_audits():
    admin = make_user(roles=("admin",))
    round_ = make_round()
    theme = services.create_theme(admin, round_, name="  Lobbying   transparency ",
                                  description="Who meets ministers.")
    assert theme.name == "Lobbying transparency"
    assert theme.position == 3  # after the factory's three themes
    [event] = events("theme.created")
    assert event.after["name"] == "Lobbying transparency" and event.after["round_id"] == round_.id


def test_theme_names_unique_per_round_ignoring_case():
    admin = make_user(roles=("admin",))
    round_, other = make_round(), make_round()
    with pytest.raises(RoundError) as error:
        services.create_theme(admin, round_, name="OPEN DATA")
    assert "name" in error.value.errors
    services.create_theme(admin, other, name="Lobbying")  # other round: fine
    theme = round_.themes[1]
    with pytest.raises(RoundError):
        services.update_theme(admin, theme, name="open data")
    services.update_theme(admin, theme, name="Anti-Corruption", description="Bribery")
    [event] = events("theme.updated")
    assert event.before == {"name": "Anti-corruption", "description": ""}
    assert event.after == {"name": "Anti-Corruption", "description": "Bribery"}


def test_move_theme_reorders_and_stops_at_the_ends():
    admin = make_user(roles=("admin",))
    round_ = make_round(themes=("A", "B", "C"))
    a, b, c = round_.themes
    assert services.move_theme(admin, c, "up") is True
    assert services.move_theme(admin, a, "up") is False
    names = [t.name for t in db.session.scalars(
        select(Theme).where(Theme.round_id == round_.id).order_by(Theme.position))]
    assert names == ["A", "C", "B"]
    assert services.move_theme(admin, a, "down") is True
    db.session.expire_all()
    assert [t.name for t in db.session.get(Round, round_.id).themes] == ["C", "A", "B"]
    assert len(events("theme.moved")) == 2
    with pytest.raises(ValueError):
        services.move_theme(admin, a, "sideways")


def test_describe_window():
    round_ = make_round(closes_in=timedelta(days=10))
    assert services.describe_window(round_).startswith("Open for ideas until ")
    round_.closes_at = datetime(2027, 3, 14, 17, 0, tzinfo=timezone.utc)
    now = datetime(2027, 3, 1, tzinfo=timezone.utc)
    assert services.describe_window(round_, now) == "Open for ideas until 14 March 2027, 5pm"
    round_.phase = "published"
    assert services.describe_window(round_, now).startswith("Ideas were collected from ")
    assert services.describe_window(round_, now).endswith("to 14 March 2027")
