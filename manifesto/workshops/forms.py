"""Facilitators' forms: the workshop record, and the multi-row forms for
typing in a workshop's ideas, comments and dot-vote tallies."""

from __future__ import annotations

from datetime import date, datetime

from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget

from manifesto.ideas.models import SCOPES
from manifesto.workshops.models import NATIONS

START_ROWS = 5
MORE_ROWS = 5
MAX_ROWS = 50
DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %B %Y",
                "%d %b %Y")
REASON_MAX = 300


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _id_or_none(value) -> int | None:
    text = str(value)
    return int(text) if text.isdigit() else None


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class UKDateField(StringField):
    """A date typed the UK way (14/03/2027); ISO and "14 March 2027" work too.
    ``data`` is a date, or None when blank or not a date (``invalid`` says which)."""

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "").strip()
        self.data = None
        for pattern in DATE_FORMATS:
            try:
                self.data = datetime.strptime(self.raw, pattern).date()
                break
            except ValueError:
                continue

    def _value(self) -> str:
        if isinstance(self.data, date):
            return f"{self.data:%d/%m/%Y}"
        return getattr(self, "raw", "") or ""


class WholeNumberField(StringField):
    """A count: blank is None, "1,200" is 1200. ``value`` is what the service
    gets: the number, or the text as typed when it is not one (the service
    then says what is wrong, with every other problem at once)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric"})
        super().__init__(*args, **kwargs)
        self.raw = ""

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "").strip()
        cleaned = self.raw.replace(",", "").replace(" ", "")
        self.data = int(cleaned) if cleaned.isdigit() else None

    def _value(self) -> str:
        if self.raw:
            return self.raw
        return "" if self.data is None else str(self.data)

    @property
    def value(self):
        return self.data if self.data is not None else (self.raw or None)


class WorkshopForm(FlaskForm):
    title = StringField("Title", filters=[_strip])
    held_on = UKDateField("Date")
    venue = StringField("Venue", filters=[_strip])
    town = StringField("Town or city", filters=[_strip])
    nation = RadioField("Nation", choices=_choices(NATIONS.items()), validate_choice=False)
    region = StringField("Region", filters=[_strip])
    organising_group = StringField("Organising group", filters=[_strip])
    facilitator_name = StringField("Facilitator", filters=[_strip])
    attendees = WholeNumberField("Number of attendees")
    notes = TextAreaField("Notes", filters=[_strip])

    def values(self) -> dict:
        """The fields create_workshop / update_workshop take (they validate)."""
        return {
            "title": self.title.data or "",
            "held_on": self.held_on.data,
            "venue": self.venue.data or "",
            "town": self.town.data or "",
            "nation": self.nation.data,
            "region": self.region.data or "",
            "organising_group": self.organising_group.data or "",
            "facilitator_name": self.facilitator_name.data or "",
            "attendees": self.attendees.value,
            "notes": self.notes.data or "",
        }


# --- several rows at once ------------------------------------------------------

class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class IdeaRowForm(Form):
    """One idea as written on a card: the public form's fields."""

    title = StringField("Title", filters=[_strip])
    problem = TextAreaField("Current situation", filters=[_strip])
    proposal = TextAreaField("What government should commit to", filters=[_strip])
    impact = TextAreaField("Expected impact", filters=[_strip])
    who_should_act = StringField("Who should act", filters=[_strip])
    scope = SelectField("Geographic scope", choices=_choices(SCOPES.items()), default="uk",
                        validate_choice=False)
    themes = MultiCheckboxField("Themes", coerce=_id_or_none, validate_choice=False)

    TEXT_FIELDS = ("title", "problem", "proposal", "impact", "who_should_act")

    def is_blank(self) -> bool:
        return not any(getattr(self, name).data for name in self.TEXT_FIELDS) \
            and not self.themes.data

    def values(self) -> dict:
        return {
            **{name: getattr(self, name).data or "" for name in self.TEXT_FIELDS},
            "scope": self.scope.data,
            "theme_ids": [theme for theme in self.themes.data or [] if theme is not None],
        }


class IdeasEntryForm(FlaskForm):
    ideas = FieldList(FormField(IdeaRowForm), min_entries=START_ROWS, max_entries=MAX_ROWS)


class CommentRowForm(Form):
    reference = StringField("Idea reference", filters=[_strip])
    body = TextAreaField("Comment", filters=[_strip])

    def is_blank(self) -> bool:
        return not self.reference.data and not self.body.data


class CommentsEntryForm(FlaskForm):
    comments = FieldList(FormField(CommentRowForm), min_entries=START_ROWS, max_entries=MAX_ROWS)


class ExistingTallyRowForm(Form):
    idea_id = HiddenField()
    dots = StringField("Dots", filters=[_strip], render_kw={"inputmode": "numeric"})


class NewTallyRowForm(Form):
    reference = StringField("Idea reference", filters=[_strip])
    dots = StringField("Dots", filters=[_strip], render_kw={"inputmode": "numeric"})

    def is_blank(self) -> bool:
        return not self.reference.data and not self.dots.data


class TalliesForm(FlaskForm):
    existing = FieldList(FormField(ExistingTallyRowForm), max_entries=100_000)
    new = FieldList(FormField(NewTallyRowForm), min_entries=START_ROWS, max_entries=MAX_ROWS)
    reason = StringField(
        "Reason for the correction",
        filters=[_strip],
        validators=[Length(max=REASON_MAX,
                           message=f"The reason must be {REASON_MAX} characters or fewer.")],
    )


def add_rows(field_list: FieldList) -> None:
    """The "Add more rows" button: a few more blank rows, up to the cap."""
    for _ in range(min(MORE_ROWS, MAX_ROWS - len(field_list.entries))):
        field_list.append_entry()


def number_rows(field_list: FieldList, noun: str) -> None:
    """Give every control in each row a label naming its row: "Title (idea 3)"."""
    for number, entry in enumerate(field_list.entries, start=1):
        entry.row_number = number
        for field in entry.form:
            base = field.label.text.split(" (")[0]
            field.label.text = f"{base} ({noun} {number})"
