"""Forms: a party, a party's response, a progress update, and the
scorecard's filters. Rules (what is allowed) live in the services; the forms
only carry what was typed, so every problem is reported at once."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Form, RadioField, SelectField, StringField, TextAreaField

from manifesto.parties.models import PROGRESS_STATUSES, STANCES
from manifesto.workshops.forms import MultiCheckboxField, UKDateField, _choices, _strip
from manifesto.workshops.models import NATIONS

choices = _choices  # (value, label) pairs → the choices a SelectField takes
URL_ATTRIBUTES = {"inputmode": "url", "autocomplete": "url", "spellcheck": "false"}


class PartyForm(FlaskForm):
    name = StringField("Name", filters=[_strip])
    short_name = StringField("Short name", filters=[_strip])
    colour = StringField("Colour for charts", filters=[_strip],
                         render_kw={"spellcheck": "false", "autocomplete": "off"})
    nations = MultiCheckboxField("Nations where the party stands",
                                 choices=_choices(NATIONS.items()), validate_choice=False)
    website = StringField("Website", filters=[_strip], render_kw=URL_ATTRIBUTES)


class ResponseForm(FlaskForm):
    party = SelectField("Party", coerce=str, validate_choice=False)
    stance = RadioField("Stance", choices=_choices(STANCES.items()), validate_choice=False)
    quote = TextAreaField("Quotation", filters=[_strip])
    evidence_url = StringField("Link to the evidence", filters=[_strip],
                               render_kw=URL_ATTRIBUTES)
    stated_on = UKDateField("Date the party said it", render_kw={"autocomplete": "off"})


class ProgressForm(FlaskForm):
    status = RadioField("Where it has got to", choices=_choices(PROGRESS_STATUSES.items()),
                        validate_choice=False)
    happened_on = UKDateField("Date", render_kw={"autocomplete": "off"})
    note = TextAreaField("What happened", filters=[_strip])
    source_url = StringField("Link to the source", filters=[_strip], render_kw=URL_ATTRIBUTES)


class ScorecardFilters(Form):
    """The scorecard's GET filters (no CSRF: they change nothing)."""

    theme = SelectField("Theme", coerce=str, validate_choice=False)
    nation = SelectField("Nation", coerce=str, validate_choice=False,
                         choices=_choices([("", "All nations")] + list(NATIONS.items())))
