"""Forms for reporting content, the moderators' actions, merging and blocking."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from manifesto.ideas.forms import MaxLength
from manifesto.ideas.models import SCOPES, TITLE_MAX, parse_reference
from manifesto.ideas.services import TEXT_MAX, WHO_SHOULD_ACT_MAX
from manifesto.moderation.models import FLAG_DETAILS_MAX, FLAG_REASONS, HIDE_REASONS, NOTE_MAX

#: Reasons a moderator picks when hiding by hand ("blocked" is set by blocking).
HIDE_CHOICES = [(key, label.capitalize()) for key, label in HIDE_REASONS.items() if key != "blocked"]
NOTE_TOO_LONG = f"Keep the note to {NOTE_MAX} characters or fewer."


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class FlagForm(FlaskForm):
    reason = RadioField("Why are you reporting this?", choices=_choices(FLAG_REASONS.items()),
                        validate_choice=False)
    details = TextAreaField(
        "Anything else the moderators should know (optional)", filters=[_strip],
        validators=[MaxLength(FLAG_DETAILS_MAX,
                              f"Keep the details to {FLAG_DETAILS_MAX} characters or fewer.")])

    def validate_reason(self, field) -> None:
        if field.data not in FLAG_REASONS:
            raise ValidationError("Choose why you are reporting this.")


class NextForm(FlaskForm):
    """Only the CSRF token and where to go back to (keep, restore, undo)."""

    next = HiddenField()


class HideForm(NextForm):
    reason = SelectField("Reason shown in its place",
                         choices=_choices([("", "Choose a reason")] + HIDE_CHOICES),
                         validate_choice=False)
    note = TextAreaField("Note for the author (optional)", filters=[_strip],
                         validators=[MaxLength(NOTE_MAX, NOTE_TOO_LONG)])

    def validate_reason(self, field) -> None:
        if field.data not in dict(HIDE_CHOICES):
            raise ValidationError("Choose the reason to show in place of the content.")


def hide_form_for(key: str, next_url: str) -> HideForm:
    """An empty hide form for one item of a list: its own field ids."""
    form = HideForm(formdata=None, data={"next": next_url})
    for field in (form.reason, form.note):
        field.id = f"{key}-{field.name}"
        field.label.field_id = field.id
    return form


TEXT_CHOICES = [
    ("target", "Keep the text of the idea it is merged into"),
    ("source", "Use this idea's text"),
    ("edited", "Use the edited text below"),
]


class MergeForm(FlaskForm):
    target = StringField("Merge into idea", filters=[_strip])
    text = RadioField("Which text should the merged idea have?", choices=_choices(TEXT_CHOICES),
                      default="target", validate_choice=False)
    title = StringField("Title", filters=[_strip],
                        validators=[MaxLength(TITLE_MAX, f"Title must be {TITLE_MAX} characters or fewer.")])
    problem = TextAreaField("Current situation", filters=[_strip],
                            validators=[MaxLength(TEXT_MAX, f"This must be {TEXT_MAX} characters or fewer.")])
    proposal = TextAreaField("What government should commit to", filters=[_strip],
                             validators=[MaxLength(TEXT_MAX, f"This must be {TEXT_MAX} characters or fewer.")])
    impact = TextAreaField("Expected impact", filters=[_strip],
                           validators=[MaxLength(TEXT_MAX, f"This must be {TEXT_MAX} characters or fewer.")])
    who_should_act = StringField(
        "Who should act", filters=[_strip],
        validators=[MaxLength(WHO_SHOULD_ACT_MAX,
                              f"Who should act must be {WHO_SHOULD_ACT_MAX} characters or fewer.")])
    scope = SelectField("Geographic scope", choices=_choices(SCOPES.items()), validate_choice=False)
    note = StringField("Note for the record (optional)", filters=[_strip],
                       validators=[MaxLength(NOTE_MAX, NOTE_TOO_LONG)])
    confirmed = HiddenField()

    EDITED_FIELDS = ("title", "problem", "proposal", "impact", "who_should_act", "scope")

    def validate_target(self, field) -> None:
        if not field.data:
            raise ValidationError("Enter the reference of the idea to merge into, like I-42.")
        if parse_reference(field.data) is None:
            raise ValidationError("Enter an idea reference like I-42, or search for the idea below.")

    def validate_text(self, field) -> None:
        if field.data not in dict(TEXT_CHOICES):
            raise ValidationError("Choose which text the merged idea keeps.")

    def validate_title(self, field) -> None:
        if self.text.data == "edited" and not field.data:
            raise ValidationError("Enter the merged idea's title.")

    def validate_proposal(self, field) -> None:
        if self.text.data == "edited" and not field.data:
            raise ValidationError("Say what government should commit to.")

    def validate_scope(self, field) -> None:
        if self.text.data == "edited" and field.data not in SCOPES:
            raise ValidationError("Choose where this idea applies.")

    def target_id(self) -> int | None:
        return parse_reference(self.target.data or "")

    def edited(self) -> dict | None:
        if self.text.data != "edited":
            return None
        return {name: getattr(self, name).data or "" for name in self.EDITED_FIELDS}


class BlockForm(FlaskForm):
    action = HiddenField(default="block")
    reason = TextAreaField("Why is this account being blocked?", filters=[_strip],
                           validators=[MaxLength(NOTE_MAX, NOTE_TOO_LONG)])

    def validate_reason(self, field) -> None:
        if self.action.data != "unblock" and not field.data:
            raise ValidationError("Give the reason for blocking this account.")
