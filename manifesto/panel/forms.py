"""Forms for the panel's criteria and commitments. They parse what was
typed; the services (manifesto/panel/services.py) hold the rules."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from manifesto.ideas.models import parse_reference
from manifesto.panel.models import COMPUTED_FROM

SCORED = "scored"
MAX_SOURCE_IDEAS = 200


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class WholeNumber(StringField):
    """A whole number typed as text: ``data`` is the int, or None when blank
    or not a number (a validator then says so next to the field)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric"})
        super().__init__(*args, **kwargs)
        self.raw = ""

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "").strip()
        self.data = int(self.raw) if re.fullmatch(r"-?\d{1,6}", self.raw) else None

    def pre_validate(self, form):
        if self.data is None:
            raise ValidationError("Enter a whole number, for example 3.")

    def _value(self) -> str:
        if self.raw:
            return self.raw
        return "" if self.data is None else str(self.data)


class CriterionForm(FlaskForm):
    name = StringField("Name", filters=[_strip])
    guidance = TextAreaField("Guidance for panellists", filters=[_strip])
    weight = WholeNumber("Weight")
    scale_min = WholeNumber("Lowest score")
    scale_max = WholeNumber("Highest score")
    computed_from = RadioField(
        "How it is scored",
        choices=[SelectChoice(SCORED, "Scored by each panellist"),
                 *(SelectChoice(key, f"Computed: {label}") for key, label in COMPUTED_FROM.items())],
        default=SCORED, validate_choice=False)

    def values(self) -> dict:
        computed = self.computed_from.data
        return {
            "name": self.name.data or "",
            "guidance": self.guidance.data or "",
            "weight": self.weight.data,
            "scale_min": self.scale_min.data,
            "scale_max": self.scale_max.data,
            "computed_from": None if computed in (None, "", SCORED) else computed,
        }

    @classmethod
    def data_of(cls, criterion) -> dict:
        return {"name": criterion.name, "guidance": criterion.guidance,
                "weight": criterion.weight, "scale_min": criterion.scale_min,
                "scale_max": criterion.scale_max,
                "computed_from": criterion.computed_from or SCORED}


def parse_references(text: str) -> tuple[list[int], list[str]]:
    """"I-12, I-40 i7" → ([12, 40, 7], []); what is not a reference comes
    back in the second list, as typed."""
    ids, bad = [], []
    for token in re.split(r"[\s,;]+", text or ""):
        if not token:
            continue
        idea_id = parse_reference(token)
        if idea_id is None or idea_id > 2_147_483_647:
            bad.append(token)
        elif idea_id not in ids:
            ids.append(idea_id)
    return ids, bad


def references_text(idea_ids) -> str:
    return ", ".join(f"I-{idea_id}" for idea_id in idea_ids)


class CommitmentForm(FlaskForm):
    theme_id = SelectField("Theme", coerce=str, validate_choice=False)
    title = StringField("Title", filters=[_strip])
    commit_to = TextAreaField("Commit to …", filters=[_strip])
    current_situation = TextAreaField("Current situation", filters=[_strip])
    we_call_for = TextAreaField("We call for", filters=[_strip])
    lead_body = StringField("Who should lead", filters=[_strip])
    idea_refs = StringField("The ideas it comes from", filters=[_strip])
    # The version this form was loaded with: a save names it, so an edit made
    # meanwhile by someone else is never silently overwritten.
    expected_version = HiddenField()

    def __init__(self, round_, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme_id.choices = [SelectChoice("", "Choose a theme")] + [
            SelectChoice(str(theme.id), theme.name) for theme in round_.themes]
        self.idea_ids: list[int] = []

    def validate_idea_refs(self, field):
        ids, bad = parse_references(field.data or "")
        if bad:
            shown = ", ".join(f"“{token[:20]}”" for token in bad[:5])
            raise ValidationError(f"Not an idea reference: {shown}. Type references like I-12, "
                                  "separated by commas.")
        if not ids:
            raise ValidationError("Enter at least one idea reference, for example I-12.")
        if len(ids) > MAX_SOURCE_IDEAS:
            raise ValidationError(f"Choose at most {MAX_SOURCE_IDEAS} ideas.")
        self.idea_ids = ids

    def version(self) -> int | None:
        text = (self.expected_version.data or "").strip()
        return int(text) if text.isdigit() and len(text) < 10 else None

    def values(self) -> dict:
        theme = self.theme_id.data or ""
        return {
            "theme_id": int(theme) if theme.isdigit() and len(theme) < 10 else None,
            "title": self.title.data or "",
            "commit_to": self.commit_to.data or "",
            "current_situation": self.current_situation.data or "",
            "we_call_for": self.we_call_for.data or "",
            "lead_body": self.lead_body.data or "",
        }

    @classmethod
    def data_of(cls, commitment) -> dict:
        return {"theme_id": str(commitment.theme_id or ""), "title": commitment.title,
                "commit_to": commitment.commit_to,
                "current_situation": commitment.current_situation,
                "we_call_for": commitment.we_call_for, "lead_body": commitment.lead_body,
                "idea_refs": references_text(i.id for i in commitment.ideas),
                "expected_version": str(commitment.version)}
