"""Forms for submitting and editing an idea, and the GET form that filters the list."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    Form,
    HiddenField,
    RadioField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from manifesto.ideas.models import SCOPES, SOURCES, TITLE_MAX
from manifesto.ideas.queries import SORTS
from manifesto.ideas.services import TEXT_MAX, WHO_SHOULD_ACT_MAX
from manifesto.spam import HoneypotMixin
from manifesto.workshops.models import NATIONS


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _id_or_none(value) -> int | None:
    # Forged values become None, refused by validate_themes with a clear message.
    text = str(value)
    return int(text) if text.isdigit() else None


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class MaxLength(Length):
    """Length without the HTML maxlength attribute: the browser would silently
    cut pasted text; instead the count hint and the error say what is too long."""

    def __init__(self, max: int, message: str):
        super().__init__(max=max, message=message)
        self.field_flags = {}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class IdeaForm(HoneypotMixin, FlaskForm):
    title = StringField(
        "Title",
        filters=[_strip],
        validators=[
            DataRequired("Enter a title for your idea."),
            MaxLength(TITLE_MAX, f"Title must be {TITLE_MAX} characters or fewer."),
        ],
    )
    problem = TextAreaField(
        "Current situation",
        filters=[_strip],
        validators=[MaxLength(TEXT_MAX, f"Current situation must be {TEXT_MAX} characters or fewer.")],
    )
    proposal = TextAreaField(
        "What government should commit to",
        filters=[_strip],
        validators=[
            DataRequired("Say what government should commit to."),
            MaxLength(TEXT_MAX, f"This must be {TEXT_MAX} characters or fewer."),
        ],
    )
    impact = TextAreaField(
        "Expected impact",
        filters=[_strip],
        validators=[MaxLength(TEXT_MAX, f"Expected impact must be {TEXT_MAX} characters or fewer.")],
    )
    who_should_act = StringField(
        "Who should act",
        filters=[_strip],
        validators=[
            MaxLength(WHO_SHOULD_ACT_MAX,
                      f"Who should act must be {WHO_SHOULD_ACT_MAX} characters or fewer.")
        ],
    )
    themes = MultiCheckboxField("Themes", coerce=_id_or_none, validate_choice=False)
    scope = RadioField(
        "Geographic scope",
        choices=_choices(SCOPES.items()),
        default="uk",
        validate_choice=False,
    )
    # Set by the "Submit my idea anyway" button of the review step.
    confirmed = HiddenField()

    def __init__(self, round_, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.round_has_themes = bool(round_.themes)
        self.themes.choices = _choices((theme.id, theme.name) for theme in round_.themes)

    def validate_themes(self, field) -> None:
        known = {choice.value for choice in field.choices}
        if any(value not in known for value in field.data or []):
            raise ValidationError("Choose themes from the list.")
        if self.round_has_themes and not field.data:
            raise ValidationError("Choose at least one theme.")

    def validate_scope(self, field) -> None:
        if field.data not in SCOPES:
            raise ValidationError("Choose where this idea applies.")

    def idea_fields(self) -> dict:
        """The values create_idea / update_idea take."""
        return {
            "title": self.title.data or "",
            "problem": self.problem.data or "",
            "proposal": self.proposal.data or "",
            "impact": self.impact.data or "",
            "who_should_act": self.who_should_act.data or "",
            "scope": self.scope.data,
            "theme_ids": list(self.themes.data or []),
        }


class IdeaFiltersForm(Form):
    """The browse/search form. A GET form changing nothing, so it has no CSRF
    token (a plain wtforms Form): its links stay shareable."""

    q = SearchField("Search ideas", filters=[_strip])
    sort = SelectField("Sort by", choices=[], validate_choice=False)
    theme = SelectField("Theme", choices=[], validate_choice=False)
    scope = SelectField("Scope", choices=_choices([("", "Anywhere"), *SCOPES.items()]),
                        validate_choice=False)
    source = SelectField("Source", choices=_choices([("", "Any source"), *SOURCES.items()]),
                         validate_choice=False)
    nation = SelectField("Workshops in",
                         choices=_choices([("", "Any nation"), *NATIONS.items()]),
                         validate_choice=False)

    def __init__(self, round_, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme.choices = _choices(
            [("", "All themes")] + [(str(theme.id), theme.name) for theme in round_.themes]
        )
        self.sort.choices = _choices(
            (key, label) for key, label in SORTS.items() if key != "relevance" or self.q.data
        )

    def theme_id(self) -> int | None:
        value = self.theme.data or ""
        known = {choice.value for choice in self.theme.choices}
        return int(value) if value.isdigit() and value in known else None
