"""Parties, responses with their history, and progress: the service rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from manifesto.audit import AuditEvent
from manifesto.extensions import db
from manifesto.parties import progress, responses, services
from manifesto.parties.colours import contrast, text_colour_for
from manifesto.parties.models import PartyResponse, PartyResponseChange, ProgressUpdate
from manifesto.parties.services import PartyError
from tests.factories import make_commitment, make_round, make_user
from tests.parties.factory import make_party, make_published_round, make_response


@pytest.fixture
def admin():
    return make_user(roles=("admin",), display_name="Ada Admin")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- parties -------------------------------------------------------------------------

def test_a_party_is_saved_with_its_nations_colour_and_website(admin):
    party = services.save_party(admin, name=" Green  Party ", short_name="Green", colour="#2A9D3F",
                                nations=["wales", "england"], website="https://greens.example.org")
    assert (party.name, party.colour, party.nations) == ("Green Party", "#2a9d3f",
                                                         ["england", "wales"])
    assert party.nations_label == "England and Wales"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "party.created"))
    assert event.after["nations"] == ["england", "wales"]


def test_bad_party_details_are_each_named(admin):
    with pytest.raises(PartyError) as refused:
        services.save_party(admin, name="", short_name="x" * 31, colour="green", nations=[],
                            website="javascript:alert(1)")
    assert set(refused.value.errors) == {"name", "short_name", "colour", "nations", "website"}
    assert "https://" in refused.value.errors["website"]
    assert _count(services.Party) == 0


def test_party_names_are_unique_whatever_the_case(admin):
    make_party("Labour Party", "Labour")
    with pytest.raises(PartyError) as refused:
        services.save_party(admin, name="labour party", short_name="LAB", colour="#d50000",
                            nations=["england"])
    assert "already a party" in refused.value.errors["name"]


def test_editing_a_party_changes_its_nations(admin):
    party = make_party(nations=["england", "wales"])
    services.save_party(admin, party, name=party.name, short_name=party.short_name,
                        colour="#ffcc00", nations=["scotland"])
    db.session.expire_all()
    assert party.nations == ["scotland"] and party.colour == "#ffcc00"


def test_a_party_with_responses_cannot_be_removed_but_one_without_can(admin):
    _round, (commitment, *_rest) = make_published_round(1)
    answered, unused = make_party(), make_party()
    make_response(answered, commitment)
    with pytest.raises(PartyError) as refused:
        services.delete_party(admin, answered)
    assert "1 recorded response" in str(refused.value)
    services.delete_party(admin, unused)
    assert _count(services.Party) == 1


@pytest.mark.parametrize("colour", ["#ffff00", "#000000", "#1d4f91", "#e4003b", "#ffffff",
                                    "#777777", "#12b6cf"])
def test_the_text_colour_on_any_party_colour_is_readable(colour):
    assert contrast(colour, text_colour_for(colour)) >= 4.5


# --- responses and their history ---------------------------------------------------------

def test_recording_then_changing_a_response_keeps_the_history(admin):
    _round, (commitment, *_rest) = make_published_round(2)
    party = make_party("Labour Party", "Labour")
    first = responses.record_response(admin, party, commitment, stance="partly",
                                      quote="We will consider it.",
                                      evidence_url="https://example.org/letter",
                                      stated_on=date(2026, 4, 2))
    assert first.outcome == "new"
    second = responses.record_response(admin, party, commitment, stance="committed",
                                       quote="We will do it in our first year.",
                                       evidence_url="https://example.org/manifesto#p4",
                                       stated_on=date(2026, 5, 20))
    assert second.outcome == "changed" and second.response.id == first.response.id
    assert _count(PartyResponse) == 1
    changes = db.session.scalars(select(PartyResponseChange).order_by(PartyResponseChange.id)).all()
    assert [(c.old_stance, c.new_stance) for c in changes] == [(None, "partly"),
                                                               ("partly", "committed")]
    assert changes[1].old_quote == "We will consider it."
    assert changes[1].old_evidence_url == "https://example.org/letter"
    assert changes[1].old_stated_on == date(2026, 4, 2)
    assert changes[1].changed_by_id == admin.id
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.action.like("party_response.%")).order_by(AuditEvent.id)).all()
    assert actions == ["party_response.recorded", "party_response.changed"]


def test_saving_the_same_response_again_changes_nothing(admin):
    _round, (commitment, *_rest) = make_published_round(1)
    party = make_party()
    make_response(party, commitment)
    again = responses.record_response(admin, party, commitment, stance="committed",
                                      quote="We will do it.",
                                      evidence_url="https://example.org/manifesto#p12",
                                      stated_on=date(2026, 5, 1))
    assert again.outcome == "same"
    assert _count(PartyResponseChange) == 1


def test_only_published_commitments_take_responses(admin):
    round_ = make_round(phase="assessment")
    draft = make_commitment(round_, actor=admin)
    with pytest.raises(PartyError) as refused:
        responses.record_response(admin, make_party(), draft, stance="committed",
                                  quote="Yes.", evidence_url="")
    assert "not in a published manifesto" in str(refused.value)
    assert _count(PartyResponse) == 0


def test_a_response_must_be_sourced_and_well_formed(admin):
    _round, (commitment, *_rest) = make_published_round(1)
    party = make_party()
    with pytest.raises(PartyError) as refused:
        responses.record_response(admin, party, commitment, stance="committed", quote="",
                                  evidence_url="")
    assert "sourced" in refused.value.errors["quote"]
    tomorrow = date.today() + timedelta(days=2)
    with pytest.raises(PartyError) as refused:
        responses.record_response(admin, party, commitment, stance="maybe", quote="x",
                                  evidence_url="ftp://example.org/file", stated_on=tomorrow)
    assert set(refused.value.errors) == {"stance", "evidence_url", "stated_on"}
    # "No response yet" needs no source.
    recorded = responses.record_response(admin, party, commitment, stance="no_response")
    assert recorded.response.stance == "no_response"


# --- progress --------------------------------------------------------------------------

def test_the_timeline_is_newest_first_by_the_date_it_happened(admin):
    round_, (commitment, other, _third) = make_published_round(3)
    for status, day in (("in_action_plan", date(2025, 9, 1)), ("not_started", date(2025, 7, 1)),
                        ("in_progress", date(2026, 1, 15))):
        progress.add_progress(admin, commitment, status=status, note=f"Noted {day}",
                              happened_on=day)
    progress.add_progress(admin, other, status="delivered", note="Done.",
                          happened_on=date(2025, 12, 1))
    assert [u.status for u in progress.timeline(commitment)] == [
        "in_progress", "in_action_plan", "not_started"]
    summary = progress.progress_summary(round_)
    assert summary == {"not_started": 0, "in_action_plan": 0, "in_progress": 1, "delivered": 1,
                       "dropped": 0, "no_updates": 1, "total": 3}


def test_progress_needs_a_status_a_date_and_something_said(admin):
    _round, (commitment, *_rest) = make_published_round(1)
    with pytest.raises(PartyError) as refused:
        progress.add_progress(admin, commitment, status="finished", note="", source_url="",
                              happened_on=None, date_text="31/02/2027")
    assert set(refused.value.errors) == {"status", "note", "happened_on"}
    assert "day first" in refused.value.errors["happened_on"]
    assert _count(ProgressUpdate) == 0


def test_progress_summary_is_empty_before_publication():
    round_ = make_round()
    assert progress.progress_summary(round_)["total"] == 0
