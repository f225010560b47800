"""Consent to be contacted: opt-in (unticked by default), recorded with the
time and the wording, withdrawn as easily as given, audited."""

from __future__ import annotations

from html import unescape

from sqlalchemy import select

from manifesto.accounts import privacy, services
from manifesto.accounts.privacy_forms import contact_consent_field
from manifesto.audit import AuditEvent
from manifesto.extensions import db
from tests.factories import make_user

CONSENT = "/account/privacy/consent"


def consent_events(user) -> list[AuditEvent]:
    return list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.target_type == "users", AuditEvent.target_id == user.id,
                                 AuditEvent.action.like("account.contact_consent%"))
        .order_by(AuditEvent.id)))


def test_registering_without_ticking_records_no_consent():
    user = services.register("new@example.org", "New Person", "a long enough password")
    assert (user.contact_consent_at, user.contact_consent_wording) == (None, None)


def test_registering_with_consent_records_time_and_wording():
    user = services.register("new@example.org", "New Person", "a long enough password",
                             contact_consent=True)
    assert user.contact_consent_at is not None
    assert user.contact_consent_wording == privacy.CONTACT_CONSENT_VERSION
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "account.registered")).one()
    assert event.after["contact_consent_wording"] == privacy.CONTACT_CONSENT_VERSION
    assert event.after["contact_consent_at"]


def test_the_registration_checkbox_is_unticked_and_labelled_with_the_wording(app):
    from flask_wtf import FlaskForm

    class Form(FlaskForm):
        contact_consent = contact_consent_field()

    with app.test_request_context("/account/register"):
        form = Form()
        html = str(form.contact_consent())
        assert "checked" not in html and 'type="checkbox"' in html
        assert form.contact_consent.label.text == privacy.consent_wording()
        assert form.contact_consent.data is False


def test_give_and_withdraw_through_the_page(client):
    user = make_user()
    client.login_as(user)
    page = unescape(client.get(CONSENT).get_data(as_text=True))
    assert "You have not agreed to be contacted" in page
    assert privacy.consent_wording() in page
    assert 'name="give"' in page and 'name="withdraw"' not in page

    response = client.post_form(CONSENT, {"give": "y"})
    assert response.status_code == 302 and response.headers["Location"] == "/account/privacy"
    db.session.refresh(user)
    given_at = user.contact_consent_at
    assert given_at is not None and user.contact_consent_wording == privacy.CONTACT_CONSENT_VERSION
    overview = unescape(client.get("/account/privacy").get_data(as_text=True))
    assert "You agreed on" in overview and privacy.consent_wording() in overview

    page = client.get(CONSENT).get_data(as_text=True)
    assert 'name="withdraw"' in page and 'name="give"' not in page  # one click either way
    client.post_form(CONSENT, {"withdraw": "y"})
    db.session.refresh(user)
    assert (user.contact_consent_at, user.contact_consent_wording) == (None, None)
    assert "You have not agreed" in client.get("/account/privacy").get_data(as_text=True)

    given, withdrawn = consent_events(user)
    assert given.action == "account.contact_consent_given" and given.actor_id == user.id
    assert given.before == {"contact_consent_at": None, "contact_consent_wording": None}
    assert given.after == {"contact_consent_at": given_at.isoformat(),
                           "contact_consent_wording": privacy.CONTACT_CONSENT_VERSION}
    assert withdrawn.action == "account.contact_consent_withdrawn"
    assert withdrawn.before == given.after
    assert withdrawn.after == {"contact_consent_at": None, "contact_consent_wording": None}


def test_repeating_a_choice_changes_and_records_nothing():
    user = make_user()
    assert privacy.set_contact_consent(user, False) is False
    assert privacy.set_contact_consent(user, True) is True
    assert privacy.set_contact_consent(user, True) is False
    assert len(consent_events(user)) == 1


def test_consent_to_old_wording_can_be_renewed(client):
    user = make_user()
    privacy.set_contact_consent(user, True)
    user.contact_consent_wording = "contact-2020-01"  # words we no longer use
    db.session.commit()
    assert privacy.consent_state(user).given and not privacy.consent_state(user).current_wording
    client.login_as(user)
    page = client.get(CONSENT).get_data(as_text=True)
    assert "Our wording has changed" in page and 'name="give"' in page
    client.post_form(CONSENT, {"give": "y"})
    db.session.refresh(user)
    assert user.contact_consent_wording == privacy.CONTACT_CONSENT_VERSION


def test_a_post_with_no_choice_says_so(client):
    user = make_user()
    client.login_as(user)
    response = client.post_form(CONSENT, {})
    assert response.status_code == 200
    assert "Choose whether we may contact you." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.contact_consent_at is None and consent_events(user) == []


def test_consent_needs_a_csrf_token(client):
    user = make_user()
    client.login_as(user)
    assert client.post(CONSENT, data={"give": "y"}).status_code == 400
    db.session.refresh(user)
    assert user.contact_consent_at is None
