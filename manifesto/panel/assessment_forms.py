"""Panellists' forms: scores built per criterion of the round, and the
conflict-of-interest declaration."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from manifesto.panel.assessment import NOTE_MAX
from manifesto.panel.models import Assessment, Criterion

CONFLICT_NOTE_MAX = 500


def scored(criteria: list[Criterion]) -> list[Criterion]:
    return [c for c in criteria if not c.is_computed]


def scale_choices(criterion: Criterion) -> list[SelectChoice]:
    choices = []
    for value in range(criterion.scale_min, criterion.scale_max + 1):
        label = str(value)
        if value == criterion.scale_min:
            label += " (lowest)"
        elif value == criterion.scale_max:
            label += " (highest)"
        choices.append(SelectChoice(str(value), label))
    return choices


class ScoreFormBase(FlaskForm):
    #: The assessment's version when the page was loaded (0: none yet).
    version = HiddenField()

    criteria: list[Criterion] = []

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for criterion in self.criteria:
            score, note = self.score_field(criterion), self.note_field(criterion)
            if not score.data and (note.data or "").strip() and not score.errors:
                score.errors = [*score.errors,
                                f"Choose a score for “{criterion.name}” to save its note."]
                valid = False
        return valid

    def score_field(self, criterion: Criterion) -> RadioField:
        return self[f"score_{criterion.id}"]

    def note_field(self, criterion: Criterion) -> TextAreaField:
        return self[f"note_{criterion.id}"]

    def pairs(self):
        """(criterion, score field, note field) for the template."""
        return [(c, self.score_field(c), self.note_field(c)) for c in self.criteria]

    def expected_version(self) -> int | None:
        text = (self.version.data or "").strip()
        return int(text) if text.isdigit() else None

    def values(self) -> dict[int, tuple[int | str | None, str]]:
        """What the service takes: a whole number, None when not chosen, or
        the text as sent when it is not a number (the service says why)."""
        out = {}
        for criterion in self.criteria:
            raw = (self.score_field(criterion).data or "").strip()
            value: int | str | None = None
            if raw:
                value = int(raw) if raw.lstrip("-").isdigit() else raw
            out[criterion.id] = (value, self.note_field(criterion).data or "")
        return out


def score_form_class(criteria: list[Criterion]) -> type[ScoreFormBase]:
    """A form class with a radio group and a note for each scored criterion."""

    class ScoreForm(ScoreFormBase):
        pass

    ScoreForm.criteria = scored(criteria)
    for criterion in ScoreForm.criteria:
        setattr(ScoreForm, f"score_{criterion.id}",
                RadioField(criterion.name, choices=scale_choices(criterion), validate_choice=False))
        setattr(ScoreForm, f"note_{criterion.id}", TextAreaField(
            f"Note on “{criterion.name}” (optional)",
            validators=[Length(max=NOTE_MAX,
                               message=f"Keep the note to {NOTE_MAX} characters or fewer.")]))
    return ScoreForm


def saved_data(assessment: Assessment | None) -> dict:
    """The form's starting values: the saved scores and their version."""
    if assessment is None:
        return {"version": "0"}
    data = {"version": str(assessment.version)}
    for score in assessment.scores:
        data[f"score_{score.criterion_id}"] = str(score.value)
        data[f"note_{score.criterion_id}"] = score.note
    return data


def score_form(criteria: list[Criterion], assessment: Assessment | None,
               *, from_request: bool) -> ScoreFormBase:
    cls = score_form_class(criteria)
    if from_request:
        return cls()
    return cls(formdata=None, data=saved_data(assessment))


class ConflictForm(FlaskForm):
    conflict_note = TextAreaField(
        "What is the conflict? (optional)",
        validators=[Length(max=CONFLICT_NOTE_MAX,
                           message=f"Keep the note to {CONFLICT_NOTE_MAX} characters or fewer.")])
    conflict_confirmed = BooleanField(
        "I understand that my scores for this commitment, draft or submitted, will be "
        "withdrawn and that I cannot score it afterwards",
        validators=[DataRequired(message="Confirm that your scores will be withdrawn.")])
