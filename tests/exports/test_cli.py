"""``flask export ROUND --what … --format … --output PATH``: the same files
as the web downloads, and clear refusals for what cannot be exported."""

from __future__ import annotations

import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.factories import make_idea, make_round


def run(app, *args):
    return app.test_cli_runner().invoke(args=["export", *args])


def _sheet_values(body: bytes) -> dict[str, list]:
    workbook = load_workbook(io.BytesIO(body))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


def _docx_outline(body: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in Document(io.BytesIO(body)).paragraphs]


@pytest.mark.parametrize("what, fmt, url", [
    ("ideas", "csv", "data/ideas.csv"),
    ("ideas", "json", "data/ideas.json"),
    ("shortlist", "json", "manifesto.json"),
    ("shortlist", "csv", "manifesto.csv"),
])
def test_text_files_are_byte_for_byte_the_web_downloads(app, client, published, tmp_path,
                                                       what, fmt, url):
    output = tmp_path / f"out.{fmt}"
    result = run(app, published.round.slug, "--what", what, "--format", fmt,
                 "--output", str(output))
    assert result.exit_code == 0, result.output
    assert output.read_bytes() == client.get(f"/rounds/{published.round.slug}/{url}").data


def test_xlsx_and_docx_hold_the_same_content_as_the_web_downloads(app, client, published,
                                                                  tmp_path):
    slug = published.round.slug
    xlsx, docx = tmp_path / "ideas.xlsx", tmp_path / "manifesto.docx"
    assert run(app, slug, "--what", "ideas", "--format", "xlsx", "--output", str(xlsx)).exit_code == 0
    assert run(app, slug, "--what", "shortlist", "--format", "docx",
               "--output", str(docx)).exit_code == 0
    assert _sheet_values(xlsx.read_bytes()) == _sheet_values(
        client.get(f"/rounds/{slug}/data/ideas.xlsx").data)
    assert _docx_outline(docx.read_bytes()) == _docx_outline(
        client.get(f"/rounds/{slug}/manifesto.docx").data)
    assert ("Heading 2", "1. Open up public contracts") in _docx_outline(docx.read_bytes())


def test_html_is_the_print_page(app, client, published, tmp_path):
    output = tmp_path / "manifesto.html"
    assert run(app, published.round.slug, "--what", "shortlist", "--format", "html",
               "--output", str(output)).exit_code == 0
    page = output.read_text(encoding="utf-8")
    assert "1. Open up public contracts" in page and "Appendix: how this manifesto was made" in page
    assert page == client.get(f"/rounds/{published.round.slug}/manifesto/print").get_data(
        as_text=True)


def test_links_use_the_base_url_given(app, published, tmp_path):
    output = tmp_path / "ideas.json"
    run(app, published.round.slug, "--what", "ideas", "--format", "json", "--output", str(output),
        "--base-url", "https://manifesto.example.org")
    ideas = json.loads(output.read_text())["ideas"]
    assert ideas[0]["url"] == f"https://manifesto.example.org/ideas/{ideas[0]['id']}"


def test_standard_output(app):
    round_ = make_round()
    make_idea(round_, title="On stdout")
    result = run(app, round_.slug, "--what", "ideas", "--format", "csv", "--output", "-")
    assert result.exit_code == 0
    assert "On stdout" in result.stdout


@pytest.mark.parametrize("what, fmt", [
    ("ideas", "docx"), ("ideas", "html"), ("shortlist", "xlsx"), ("scores", "csv"),
    ("scores", "docx"),
])
def test_bad_combinations_are_refused_clearly(app, published, tmp_path, what, fmt):
    output = tmp_path / "out"
    result = run(app, published.round.slug, "--what", what, "--format", fmt,
                 "--output", str(output))
    assert result.exit_code != 0
    assert f"--what {what} cannot be exported as {fmt}" in result.output
    assert not output.exists()


def test_unknown_round_and_unpublished_manifesto_are_refused(app, tmp_path):
    output = tmp_path / "out.docx"
    result = run(app, "nope", "--what", "ideas", "--format", "csv", "--output", str(output))
    assert result.exit_code == 1 and "No round has the slug 'nope'" in result.output
    round_ = make_round(phase="open")
    result = run(app, round_.slug, "--what", "shortlist", "--format", "docx", "--output", str(output))
    assert result.exit_code == 1 and "is not published yet" in result.output
    assert not output.exists()
    result = run(app, round_.slug, "--what", "ideas", "--format", "pdf", "--output", str(output))
    assert result.exit_code == 2 and "'pdf' is not one of" in result.output


def test_an_unwritable_output_is_a_clear_error(app, tmp_path):
    round_ = make_round()
    result = run(app, round_.slug, "--what", "ideas", "--format", "csv",
                 "--output", str(tmp_path / "missing" / "out.csv"))
    assert result.exit_code == 1 and "Cannot write" in result.output


def test_scores_are_the_restricted_workbook_and_the_export_is_audited(app, client, published,
                                                                      tmp_path):
    from sqlalchemy import select

    from manifesto.audit import AuditEvent
    from manifesto.extensions import db

    output = tmp_path / "scores.xlsx"
    result = run(app, published.round.slug, "--what", "scores", "--format", "xlsx",
                 "--output", str(output))
    assert result.exit_code == 0, result.output
    sheets = _sheet_values(output.read_bytes())
    assert "Scores" in sheets and "Criteria" in sheets
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export.scores")).one()
    assert event.actor_id is None and event.target_id == published.round.id
