from __future__ import annotations

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from manifesto.accounts import services
from manifesto.accounts.models import User
from manifesto.audit import AuditEvent
from manifesto.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_user

NEW_PASSWORD = "a brand new long passphrase"


def audit_actions(user: User | None = None) -> list[str]:
    query = select(AuditEvent.action).order_by(AuditEvent.id)
    if user is not None:
        query = query.where(AuditEvent.target_type == "users", AuditEvent.target_id == user.id)
    return list(db.session.scalars(query))


def assert_no_secrets_in_audit() -> None:
    for event in db.session.scalars(select(AuditEvent)):
        text = repr(event.before) + repr(event.after)
        for secret in ("password", "hash", DEFAULT_PASSWORD, NEW_PASSWORD, "@"):
            assert secret not in text, (event.action, text)


def test_normalise_email_strips_but_keeps_case():
    assert services.normalise_email("  Ada@Example.ORG \n") == "Ada@Example.ORG"


def test_find_user_by_email_ignores_case_and_spaces():
    user = make_user(email="Ada@Example.org")
    assert services.find_user_by_email(" ada@EXAMPLE.org ") == user
    assert services.find_user_by_email("someone@example.org") is None
    assert services.find_user_by_email("") is None


def test_register_stores_email_as_typed_and_hashes_the_password(app):
    user = services.register(" Ada@Example.org ", "  Ada   Lovelace ", DEFAULT_PASSWORD)
    assert user.email == "Ada@Example.org"
    assert user.display_name == "Ada Lovelace"
    assert user.password_hash != DEFAULT_PASSWORD
    assert user.password_hash.startswith(app.config["PASSWORD_HASH_METHOD"])
    assert check_password_hash(user.password_hash, DEFAULT_PASSWORD)
    assert user.roles == {"participant"}
    assert user.last_login_at is not None
    assert audit_actions(user) == ["account.registered"]
    assert_no_secrets_in_audit()


def test_register_uses_the_configured_hash_method(app, monkeypatch):
    monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", "scrypt")
    user = services.register("scrypt@example.org", "Scrypt", DEFAULT_PASSWORD)
    assert user.password_hash.startswith("scrypt:")


def test_register_refuses_the_same_email_in_another_case():
    make_user(email="ada@example.org")
    with pytest.raises(services.AccountError) as caught:
        services.register("ADA@example.ORG", "Another Ada", DEFAULT_PASSWORD)
    assert caught.value.field == "email"
    assert "already exists" in caught.value.message
    assert db.session.scalar(select(db.func.count(User.id))) == 1


def test_register_race_is_settled_by_the_unique_index(monkeypatch):
    """Two registrations both pass the lookup; the database refuses the second."""
    make_user(email="ada@example.org")
    monkeypatch.setattr(services, "find_user_by_email", lambda email: None)
    with pytest.raises(services.AccountError) as caught:
        services.register("Ada@Example.org", "Racing Ada", DEFAULT_PASSWORD)
    assert caught.value.field == "email"
    # The session is usable again and nothing half-written remains.
    assert db.session.scalar(select(db.func.count(User.id))) == 1
    assert audit_actions() == []


@pytest.mark.parametrize(
    ("email", "name", "password", "field"),
    [
        ("not-an-email", "Ada", DEFAULT_PASSWORD, "email"),
        ("", "Ada", DEFAULT_PASSWORD, "email"),
        ("ada@example.org", "   ", DEFAULT_PASSWORD, "display_name"),
        ("ada@example.org", "x" * 81, DEFAULT_PASSWORD, "display_name"),
        ("ada@example.org", "Ada", "short", "password"),
        ("ada@example.org", "Ada", "x" * 1025, "password"),
    ],
)
def test_register_validates(email, name, password, field):
    with pytest.raises(services.AccountError) as caught:
        services.register(email, name, password)
    assert caught.value.field == field
    assert db.session.scalar(select(db.func.count(User.id))) == 0


def test_long_passphrases_are_allowed():
    passphrase = "word " * 200  # 1000 characters
    user = services.register("long@example.org", "Long", passphrase)
    assert services.authenticate("long@example.org", passphrase) == user


def test_authenticate():
    user = make_user(email="Ada@Example.org")
    assert services.authenticate("ada@example.org", DEFAULT_PASSWORD) == user
    assert services.authenticate("ada@example.org", "wrong password!") is None
    assert services.authenticate("nobody@example.org", DEFAULT_PASSWORD) is None
    assert services.authenticate("ada@example.org", "") is None


def test_authenticate_checks_a_dummy_hash_for_unknown_emails(monkeypatch):
    checked = []
    real = services.check_password_hash
    monkeypatch.setattr(services, "check_password_hash",
                        lambda hashed, password: checked.append(hashed) or real(hashed, password))
    assert services.authenticate("nobody@example.org", DEFAULT_PASSWORD) is None
    assert len(checked) == 1  # the same work as for a real account


def test_record_sign_in_sets_last_login():
    user = make_user()
    assert user.last_login_at is None
    services.record_sign_in(user)
    assert user.last_login_at is not None
    assert audit_actions(user) == ["account.signed_in"]


def test_change_password_checks_the_current_one_and_rotates_the_session_token():
    user = make_user()
    token = user.session_token
    with pytest.raises(services.AccountError) as caught:
        services.change_password(user, "not my password", NEW_PASSWORD)
    assert caught.value.field == "current_password"
    with pytest.raises(services.AccountError) as caught:
        services.change_password(user, DEFAULT_PASSWORD, "short")
    assert caught.value.field == "new_password"
    assert user.session_token == token

    services.change_password(user, DEFAULT_PASSWORD, NEW_PASSWORD)
    assert services.authenticate(user.email, NEW_PASSWORD) == user
    assert services.authenticate(user.email, DEFAULT_PASSWORD) is None
    assert user.session_token != token
    assert audit_actions(user) == ["account.password_changed"]
    assert_no_secrets_in_audit()


def test_rotate_session_token():
    user = make_user()
    old = user.get_id()
    services.rotate_session_token(user)
    assert user.get_id() != old
    assert audit_actions(user) == ["account.signed_out_everywhere"]


def test_reset_token_round_trip_and_single_use():
    user = make_user()
    token = services.make_reset_token(user)
    assert services.user_for_reset_token(token) == user
    services.reset_password(user, NEW_PASSWORD)
    assert services.authenticate(user.email, NEW_PASSWORD) == user
    assert services.user_for_reset_token(token) is None  # used: the password changed
    assert audit_actions(user) == ["account.password_reset"]
    assert_no_secrets_in_audit()


def test_reset_token_stops_working_after_a_password_change():
    user = make_user()
    token = services.make_reset_token(user)
    services.change_password(user, DEFAULT_PASSWORD, NEW_PASSWORD)
    assert services.user_for_reset_token(token) is None


def test_reset_token_expires(app, monkeypatch):
    user = make_user()
    token = services.make_reset_token(user)
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", -1)
    with pytest.raises(services.ResetLinkExpired):
        services.user_for_reset_token(token)


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
                                    lambda t: "x" + t, lambda t: "", lambda t: "not.a.token"])
def test_tampered_reset_tokens_are_refused(mangle):
    user = make_user()
    assert services.user_for_reset_token(mangle(services.make_reset_token(user))) is None


def test_reset_token_signed_with_another_key_is_refused(app, monkeypatch):
    user = make_user()
    monkeypatch.setitem(app.config, "SECRET_KEY", "another key entirely")
    token = services.make_reset_token(user)
    monkeypatch.undo()
    assert services.user_for_reset_token(token) is None


def test_reset_password_validates_the_new_password():
    user = make_user()
    with pytest.raises(services.AccountError):
        services.reset_password(user, "short")
    assert services.authenticate(user.email, DEFAULT_PASSWORD) == user


def test_send_password_reset_mails_only_existing_accounts(app, outbox):
    user = make_user(email="Ada@Example.org", display_name="Ada")
    with app.test_request_context():  # the link is built with url_for
        services.send_password_reset("nobody@example.org")
        assert outbox == []
        services.send_password_reset("ada@example.org")
    assert len(outbox) == 1
    assert outbox[0]["To"] == "Ada@Example.org"
    assert "/account/password/reset/" in outbox[0].get_content()
    assert audit_actions(user) == ["account.password_reset_requested"]


def test_create_user_from_cli_and_grant_role():
    user = services.create_user_from_cli("Admin@Example.org", "Admin", DEFAULT_PASSWORD, ["admin"])
    assert user.roles == {"participant", "admin"}
    assert audit_actions(user) == ["account.created"]

    services.grant_role_by_email("admin@example.org", "moderator")
    assert user.roles == {"participant", "admin", "moderator"}
    services.grant_role_by_email("admin@example.org", "moderator")  # already has it: no change
    assert audit_actions(user) == ["account.created", "account.role_granted"]
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "account.role_granted")).one()
    assert event.before == {"roles": ["admin", "participant"]}
    assert event.after == {"roles": ["admin", "moderator", "participant"]}
    assert event.actor_id is None
    assert_no_secrets_in_audit()


def test_cli_services_refuse_bad_input():
    make_user(email="taken@example.org")
    with pytest.raises(services.AccountError, match="already exists"):
        services.create_user_from_cli("TAKEN@example.org", "X", DEFAULT_PASSWORD, [])
    with pytest.raises(services.AccountError, match="at least 10 characters"):
        services.create_user_from_cli("new@example.org", "X", "short", [])
    with pytest.raises(services.AccountError, match="Unknown role"):
        services.create_user_from_cli("new@example.org", "X", DEFAULT_PASSWORD, ["emperor"])
    with pytest.raises(services.AccountError, match="no account"):
        services.grant_role_by_email("nobody@example.org", "admin")
    with pytest.raises(services.AccountError, match="Unknown role"):
        services.grant_role_by_email("taken@example.org", "emperor")
