"""Administrators read and filter the audit log; nobody can change it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from html import unescape
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from manifesto.audit import AuditEvent, AuditLogIsAppendOnly
from manifesto.extensions import db
from manifesto.timeutil import utcnow
from tests.factories import make_comment, make_idea, make_round, make_user, make_workshop
from tests.querycount import counting_statements
from tests.route_walk import is_login_redirect

AUDIT = "/admin/audit"


def add_event(action="idea.updated", actor=None, target_type="ideas", target_id=1,
              before=None, after=None, at=None, ip="203.0.113.5") -> AuditEvent:
    event = AuditEvent(action=action, actor_id=actor.id if actor else None,
                       target_type=target_type, target_id=target_id, before=before,
                       after=after, ip_address=ip, occurred_at=at or utcnow())
    db.session.add(event)
    db.session.commit()
    return event


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def page_text(response) -> str:
    """What a reader sees (screen-reader text included), whitespace collapsed."""
    parser = _Text()
    parser.feed(response.get_data(as_text=True))
    return " ".join("".join(parser.parts).split())


@pytest.fixture
def admin():
    return make_user(display_name="Ada Admin", email="ada@example.org", roles=("admin",))


@pytest.fixture
def admin_client(client, admin):
    client.login_as(admin)
    return client


def listed_ids(response) -> list[int]:
    """The entry ids on a list page, in the order shown."""
    import re

    return [int(n) for n in re.findall(r'href="/admin/audit/(\d+)"', response.get_data(as_text=True))]


# --- who may read it ---------------------------------------------------------------

def test_only_administrators_read_the_log(client, admin):
    event = add_event()
    for url in (AUDIT, f"{AUDIT}/{event.id}"):
        assert is_login_redirect(client.get(url), next_path=url)
        client.login_as(make_user(roles=("moderator", "facilitator")))
        assert client.get(url).status_code == 403
        client.login_as(make_user())
        assert client.get(url).status_code == 403
        client.login_as(admin)
        assert client.get(url).status_code == 200
        client.logout()


def test_the_administration_page_links_to_the_log(admin_client):
    response = admin_client.get("/admin/")
    assert 'href="/admin/audit"' in response.get_data(as_text=True)


# --- what a row shows --------------------------------------------------------------

def test_rows_show_time_actor_action_record_changes_and_address(admin_client, admin):
    author = make_user(display_name="Alex Author")
    idea = make_idea(make_round(), author, title="Open contracts")
    summer = datetime(2026, 7, 1, 17, 5, tzinfo=timezone.utc)  # 6:05pm BST
    add_event("idea.updated", author, "ideas", idea.id, before={"title": "Old title", "scope": "uk"},
              after={"title": "Open contracts", "scope": "uk"}, at=summer, ip="198.51.100.7")
    add_event("account.password_reset_requested", None, "users", author.id, at=summer)
    response = admin_client.get(AUDIT)
    text = page_text(response)
    assert "1 July 2026, 6:05pm" in text
    assert "Alex Author" in text and "System/operator" in text
    assert "idea.updated" in text and f"ideas / {idea.id}" in text
    assert f'href="/ideas/{idea.id}"' in response.get_data(as_text=True)
    assert "title: Old title → changed to Open contracts" in text
    assert "scope" not in text.split("Before → after", 1)[1]  # unchanged fields are left out
    assert "198.51.100.7" in text


def test_newest_first(admin_client):
    first = add_event("idea.created", at=utcnow() - timedelta(hours=2))
    second = add_event("idea.updated", at=utcnow() - timedelta(hours=1))
    third = add_event("idea.hidden")
    assert listed_ids(admin_client.get(AUDIT)) == [third.id, second.id, first.id]


def test_values_are_shown_as_text_never_as_markup(admin_client):
    add_event("comment.edited", target_type="comments", target_id=999,
              before={"body": "<b>hello</b>"},
              after={"body": "<script>alert(1)</script>", "tags": {"a": "<i>x</i>"}})
    html = admin_client.get(AUDIT).get_data(as_text=True)
    assert "<script>alert(1)" not in html and "<b>hello" not in html and "<i>x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;hello&lt;/b&gt;" in html
    event_id = listed_ids(admin_client.get(AUDIT))[0]
    detail = admin_client.get(f"{AUDIT}/{event_id}").get_data(as_text=True)
    assert "<script>alert(1)" not in detail and "&lt;script&gt;" in detail


def test_links_go_to_records_that_still_have_a_page(admin_client):
    author = make_user()
    idea = make_idea(make_round(), author)
    comment = make_comment(idea, author, body="A comment.")
    add_event("comment.added", author, "comments", comment.id)
    add_event("idea.updated", author, "ideas", 987654)  # no longer exists
    html = admin_client.get(AUDIT).get_data(as_text=True)
    assert f'href="/ideas/{idea.id}#comment-{comment.id}"' in html
    assert "ideas / 987654" in html and 'href="/ideas/987654"' not in html


def test_workshops_link_to_their_public_page_when_there_is_one(app, admin_client):
    workshop = make_workshop(make_round(), owner=make_user(roles=("facilitator",)))
    html = admin_client.get(f"{AUDIT}?record_type=workshops").get_data(as_text=True)
    assert f"workshops / {workshop.id}" in html  # the factory's create_workshop is audited
    has_page = any(rule.rule.startswith("/workshops/<int") for rule in app.url_map.iter_rules())
    assert (f'href="/workshops/{workshop.id}"' in html) == has_page


def test_one_entry_in_full(admin_client):
    author = make_user(display_name="Alex Author", email="alex@example.org")
    event = add_event("idea.updated", author, "ideas", 5, before={"title": "A", "scope": "uk"},
                      after={"title": "B", "scope": "uk"}, ip="192.0.2.1")
    response = admin_client.get(f"{AUDIT}/{event.id}")
    text = page_text(response)
    assert response.status_code == 200
    assert f"Audit entry {event.id}: idea.updated" in text
    assert "Alex Author (alex@example.org" in text and "192.0.2.1" in text
    assert "title: A → changed to B" in text and "scope: uk (unchanged)" in text
    assert '"title": "B"' in text  # the values exactly as recorded
    assert admin_client.get(f"{AUDIT}/{event.id + 1000}").status_code == 404
    assert admin_client.get(f"{AUDIT}/99999999999999999999999").status_code == 404


def test_nonsense_page_positions_show_the_newest_page(admin_client):
    event = add_event()
    for query in ("before=99999999999999999999999", "after=-5", "before=abc", "after=1e9"):
        response = admin_client.get(f"{AUDIT}?{query}")
        assert response.status_code == 200, query
        assert listed_ids(response) == [event.id], query


# --- filters ------------------------------------------------------------------------

@pytest.fixture
def log(admin):
    alex = make_user(display_name="Alex Author", email="alex@example.org")
    mo = make_user(display_name="Mo Moderator", email="mo@mods.example")
    events = {
        "created": add_event("idea.created", alex, "ideas", 42, at=datetime(2027, 3, 14, 9, tzinfo=timezone.utc)),
        "hidden": add_event("idea.hidden", mo, "ideas", 42, at=datetime(2027, 3, 15, 9, tzinfo=timezone.utc)),
        "comment": add_event("comment.added", alex, "comments", 7, at=datetime(2027, 3, 16, 9, tzinfo=timezone.utc)),
        "operator": add_event("account.created", None, "users", 3, at=datetime(2027, 3, 17, 9, tzinfo=timezone.utc)),
        # 11:30pm UTC on 31 July is already 1 August in the UK (BST).
        "late": add_event("idea.updated", mo, "ideas", 43, at=datetime(2027, 7, 31, 23, 30, tzinfo=timezone.utc)),
    }
    return {name: event.id for name, event in events.items()}


@pytest.mark.parametrize("query, expected", [
    ("actor=alex%40example", ["comment", "created"]),
    ("actor=moderator", ["late", "hidden"]),
    ("actor=MO%40MODS", ["late", "hidden"]),
    ("actor=system", ["operator"]),
    ("actor=nobody+like+this", []),
    ("actor=%25_%5C", []),  # LIKE wildcards are taken literally
    ("actor=%25", []),
    ("action=idea.hidden", ["hidden"]),
    ("action=idea.", ["late", "hidden", "created"]),
    ("record_type=ideas&record_id=42", ["hidden", "created"]),
    ("record_type=comments", ["comment"]),
    ("record_id=43", ["late"]),
    ("date_from=15%2F3%2F2027&date_to=16+March+2027", ["comment", "hidden"]),
    ("date_from=2027-03-17", ["late", "operator"]),
    ("date_from=1%2F8%2F2027", ["late"]),
    ("date_to=31%2F7%2F2027", ["operator", "comment", "hidden", "created"]),
    ("actor=alex&action=idea.&date_to=14%2F3%2F2027", ["created"]),
])
def test_filters(admin_client, log, query, expected):
    response = admin_client.get(f"{AUDIT}?{query}")
    assert response.status_code == 200
    assert listed_ids(response) == [log[name] for name in expected]
    if not expected:
        assert "No entries match these filters." in page_text(response)


def test_the_action_list_offers_every_action_and_each_family(admin_client, log):
    html = admin_client.get(AUDIT).get_data(as_text=True)
    for value in ("idea.created", "idea.hidden", "comment.added", "account.created", "idea."):
        assert f'<option value="{value}">' in html
    assert '<option value="comment.">' not in html  # a family of one is just the action
    assert '<option value="ideas">' in html and '<option value="users">' in html


@pytest.mark.parametrize("query, field, message", [
    ("date_from=31%2F2%2F2027", "date_from", "Enter a real date"),
    ("date_to=yesterday", "date_to", "Enter a real date"),
    ("date_to=31%2F12%2F9999", "date_to", "Enter a real date"),
    ("date_from=1%2F1%2F0001", "date_from", "Enter a real date"),
    ("date_from=2%2F3%2F2027&date_to=1%2F3%2F2027", "date_to", "must be the same as or after"),
    ("record_id=I-42", "record_id", "digits only"),
    ("record_id=999999999999", "record_id", "No record has a number that large"),
    ("action=%3Cscript%3E", "action", "Choose an action from the list"),
])
def test_bad_filters_are_explained_next_to_the_field(admin_client, log, query, field, message):
    response = admin_client.get(f"{AUDIT}?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in html and message in unescape(html)
    assert 'class="error-summary"' in html
    assert listed_ids(response) == []


# --- paging and cost -----------------------------------------------------------------

def test_fifty_to_a_page_with_older_and_newer_links(admin_client):
    start = utcnow() - timedelta(days=1)
    ids = [add_event(at=start + timedelta(minutes=n)).id for n in range(120)]
    newest_first = ids[::-1]
    first = admin_client.get(AUDIT)
    assert listed_ids(first) == newest_first[:50]
    html = first.get_data(as_text=True)
    assert "Newer entries" not in html
    second = admin_client.get(f"{AUDIT}?before={newest_first[49]}")
    assert listed_ids(second) == newest_first[50:100]
    third = admin_client.get(f"{AUDIT}?before={newest_first[99]}")
    assert listed_ids(third) == newest_first[100:]
    assert "Older entries" not in third.get_data(as_text=True)
    back = admin_client.get(f"{AUDIT}?after={newest_first[100]}")
    assert listed_ids(back) == newest_first[50:100]
    top = admin_client.get(f"{AUDIT}?after={newest_first[50]}")
    assert listed_ids(top) == newest_first[:50]
    assert "Newer entries" not in top.get_data(as_text=True)


def test_page_links_keep_the_filters(admin_client):
    for n in range(110):
        add_event("idea.hidden" if n % 2 else "idea.created", target_id=n)
    html = admin_client.get(f"{AUDIT}?action=idea.created&date_from=1%2F1%2F2020").get_data(as_text=True)
    assert "Older entries" in html
    link = unescape(html.split('rel="next"', 1)[0].rsplit('href="', 1)[1].split('"', 1)[0])
    assert "action=idea.created" in link and "date_from=1/1/2020" in link
    assert len(listed_ids(admin_client.get(link))) == 5


def _queries_for(client, url: str) -> int:
    with counting_statements() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_a_page_costs_the_same_number_of_queries_whatever_the_size_of_the_log(admin_client):
    author = make_user()
    idea = make_idea(make_round(), author)
    comment = make_comment(idea, author, body="Hello")

    def add_batch(count: int) -> None:
        for n in range(count):
            add_event("idea.updated", author if n % 2 else None, "ideas", idea.id,
                      before={"title": f"v{n}"}, after={"title": f"v{n + 1}"})
            add_event("comment.edited", author, "comments", comment.id)
            add_event("account.signed_in", author, "users", author.id)

    add_batch(2)
    small = _queries_for(admin_client, AUDIT)
    small_filtered = _queries_for(admin_client, f"{AUDIT}?actor=person&action=idea.")
    add_batch(60)
    assert _queries_for(admin_client, AUDIT) == small
    assert _queries_for(admin_client, f"{AUDIT}?actor=person&action=idea.") == small_filtered
    event_id = db.session.scalar(select(func.max(AuditEvent.id)))
    # session user, roles, the moderation queue count in the menu, the event, its actor
    assert _queries_for(admin_client, f"{AUDIT}/{event_id}") <= 5


# --- append-only ----------------------------------------------------------------------

def _audit_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith(AUDIT)]


def test_no_route_changes_the_log(app, admin_client):
    event = add_event()
    # The CSV download is a POST only so that recording it (an appended
    # event) never happens on a GET; it is checked below.
    rules = [rule for rule in _audit_rules(app)
             if rule.endpoint != "restricted_exports.audit_log_export"]
    assert {rule.endpoint for rule in rules} == {"audit_admin.index", "audit_admin.show"}
    for rule in rules:
        assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule
        url = rule.rule.replace("<int(max=2147483647):event_id>", str(event.id))
        assert "<" not in url
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            response = admin_client.open(url, method=method,
                                         data={"csrf_token": admin_client.csrf_token()})
            assert response.status_code == 405, f"{method} {url}"
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 1
    assert db.session.get(AuditEvent, event.id).action == "idea.updated"

    download = admin_client.post_form(f"{AUDIT}/export", {})
    assert download.status_code == 200
    db.session.expire_all()
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["idea.updated", "export.audit_log"]  # appended, nothing changed


def test_the_model_refuses_to_change_or_delete_an_event():
    event = add_event(after={"title": "As it was"})
    event.action = "idea.forged"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    event = db.session.get(AuditEvent, event.id)
    assert event.action == "idea.updated"
    db.session.delete(event)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(AuditEvent, event.id) is not None
