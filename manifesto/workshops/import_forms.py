"""The sheet upload form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired


class SheetUploadForm(FlaskForm):
    sheet = FileField(
        "Sheet (CSV or Excel .xlsx)",
        validators=[FileRequired("Choose the sheet to upload.")],
        render_kw={"accept": ".csv,.xlsx,text/csv,"
                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    )
