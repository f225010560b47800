"""The GET form that filters the audit log."""

from __future__ import annotations

import re
from datetime import date, datetime

from wtforms import Form, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from manifesto.audit_queries import AuditFilters, Catalogue

_ACTION = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*\.?$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WRITTEN_FORMATS = ("%d %B %Y", "%d %b %Y")
MAX_RECORD_NUMBER = 2_147_483_647  # ids are 32-bit in the database
DATE_HINT = "For example, 14/3/2027 or 14 March 2027 (UK time)."


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def parse_uk_date(text: str) -> date:
    """A date as people in the UK write it: day first. ISO dates (what a
    browser's date picker sends) are accepted too. ValueError otherwise,
    and for years no audit entry can have (so day arithmetic never overflows)."""
    day = _parse_date(text)
    if not 1900 <= day.year <= 2999:
        raise ValueError(text)
    return day


def _parse_date(text: str) -> date:
    text = " ".join(text.replace(",", " ").split())
    numeric = _NUMERIC_DATE.match(text)
    if numeric:
        day, month, year = (int(part) for part in numeric.groups())
        return date(year, month, day)
    iso = _ISO_DATE.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        return date(year, month, day)
    for pattern in _WRITTEN_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


class AuditFilterForm(Form):
    """Changes nothing, so no CSRF token (a plain wtforms Form): filtered
    views of the log can be bookmarked and shared between administrators."""

    actor = StringField(
        "Who",
        filters=[_strip],
        validators=[Length(max=254, message="Enter 254 characters or fewer.")],
    )
    action = SelectField("Action", choices=[], validate_choice=False)
    record_type = SelectField("Record type", choices=[], validate_choice=False)
    record_id = StringField("Record number", filters=[_strip])
    date_from = StringField("From", filters=[_strip])
    date_to = StringField("To", filters=[_strip])

    def __init__(self, formdata, catalogue: Catalogue, **kwargs):
        super().__init__(formdata, **kwargs)
        actions: list[tuple[str, str]] = [("", "Any action")]
        prefixes = catalogue.action_prefixes()
        for prefix in prefixes:
            actions.append((prefix, f"Any {prefix}… action"))
        actions += [(action, action) for action in catalogue.actions]
        if self.action.data and self.action.data not in {value for value, _ in actions}:
            # Kept from a shared link even if no such event is left to list.
            actions.append((self.action.data, self.action.data))
        self.action.choices = [SelectChoice(value, label) for value, label in actions]
        types = [("", "Any record")] + [(name, name) for name in catalogue.record_types]
        if self.record_type.data and self.record_type.data not in catalogue.record_types:
            types.append((self.record_type.data, self.record_type.data))
        self.record_type.choices = [SelectChoice(value, label) for value, label in types]

    def validate_action(self, field) -> None:
        if field.data and not _ACTION.match(field.data):
            raise ValidationError("Choose an action from the list.")

    def validate_record_type(self, field) -> None:
        if field.data and not re.match(r"^[a-z_]{1,40}$", field.data):
            raise ValidationError("Choose a record type from the list.")

    def validate_record_id(self, field) -> None:
        if field.data and not field.data.isdigit():
            raise ValidationError("Enter the record number as digits only, like 42.")
        if field.data and int(field.data) > MAX_RECORD_NUMBER:
            raise ValidationError("No record has a number that large.")

    def _date(self, field) -> date | None:
        if not field.data:
            return None
        try:
            return parse_uk_date(field.data)
        except ValueError:
            raise ValidationError(
                "Enter a real date as day, month and year, like 14/3/2027."
            ) from None

    def validate_date_from(self, field) -> None:
        self._date(field)

    def validate_date_to(self, field) -> None:
        end = self._date(field)
        try:
            start = parse_uk_date(self.date_from.data) if self.date_from.data else None
        except ValueError:
            return
        if start and end and end < start:
            raise ValidationError("The “to” date must be the same as or after the “from” date.")

    def filters(self) -> AuditFilters:
        """The filters as typed (call after a successful ``validate()``)."""
        return AuditFilters(
            actor=self.actor.data or "",
            action=self.action.data or "",
            record_type=self.record_type.data or "",
            record_id=int(self.record_id.data) if self.record_id.data else None,
            date_from=parse_uk_date(self.date_from.data) if self.date_from.data else None,
            date_to=parse_uk_date(self.date_to.data) if self.date_to.data else None,
        )
