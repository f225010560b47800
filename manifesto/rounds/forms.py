"""Administration forms for rounds and themes. Times are typed in UK time;
the views convert them to UTC with timeutil.from_uk_naive."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields import DateTimeLocalField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from manifesto.rounds.models import DATA_LICENCES, PHASE_LABELS
from manifesto.rounds.services import SLUG_MAX, THEME_NAME_MAX, TITLE_MAX

#: The browser's datetime-local value first (also used to render), then
#: spellings with seconds or a space that browsers and people also send.
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
DATETIME_MESSAGE = "Enter a date and time, for example 2027-03-14 17:00."


class UKDateTimeField(DateTimeLocalField):
    """A datetime-local input: blank is left to InputRequired (one message,
    not two) and surrounding spaces are forgiven."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", DATETIME_FORMATS)
        kwargs.setdefault("invalid_value_message", DATETIME_MESSAGE)
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        cleaned = [value.strip() for value in valuelist if value and value.strip()]
        if not cleaned:
            self.data = None
            return
        super().process_formdata(cleaned)


class RoundForm(FlaskForm):
    title = StringField(
        "Title",
        validators=[InputRequired("Enter a title."), Length(max=TITLE_MAX)],
    )
    slug = StringField(
        "Web address name",
        validators=[Optional(), Length(max=SLUG_MAX)],
    )
    introduction = TextAreaField("Introduction", validators=[Length(max=20000)])
    opens_at = UKDateTimeField(
        "Opens for ideas",
        validators=[InputRequired("Enter the opening date and time.")],
    )
    closes_at = UKDateTimeField(
        "Closes for ideas",
        validators=[InputRequired("Enter the closing date and time.")],
    )
    phase = SelectField(
        "Phase",
        choices=[SelectChoice(value, label) for value, label in PHASE_LABELS.items()],
        default="draft",
        invalid_choice_message="Choose a phase.",
    )
    data_licence = SelectField(
        "Open data licence",
        choices=[SelectChoice(value, name) for value, (name, _url) in DATA_LICENCES.items()],
        default="ogl-3.0",
        invalid_choice_message="Choose a licence.",
    )
    panellists_create_commitments = BooleanField("Panellists may draft commitments")


class ThemeForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[InputRequired("Enter a name for the theme."), Length(max=THEME_NAME_MAX)],
    )
    description = TextAreaField("Description", validators=[Length(max=2000)])


class MoveThemeForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(["up", "down"])])
