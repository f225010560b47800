"""The manifesto as an editable Word document (python-docx).

Real heading styles throughout — Title for the round, Heading 1 for the
introduction, contents, each theme and the appendix, Heading 2 for each
numbered commitment — so Word's navigation pane (and any screen reader)
shows the outline. "We call for" and the source ideas are List Bullet
paragraphs; the contents link to bookmarks on the commitment headings.
"""

from __future__ import annotations

import re
from typing import IO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from manifesto.exports.manifesto_doc import CommitmentEntry, Manifesto, paragraphs

_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)


def long_date(value) -> str:
    return f"{value.day} {value:%B %Y}"


def _clean(text: str | None) -> str:
    """XML cannot hold most control characters: python-docx refuses them."""
    return _XML_ILLEGAL.sub("", text or "")


def _anchor(entry: CommitmentEntry) -> str:
    return f"commitment_{entry.number}"


# --- low-level pieces python-docx has no call for ------------------------------------

def _bookmark(paragraph, name: str, bookmark_id: int) -> None:
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(bookmark_id))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _link(paragraph, text: str, *, url: str | None = None, anchor: str | None = None) -> None:
    """A hyperlink run: to a web address, or to a bookmark in the document."""
    link = OxmlElement("w:hyperlink")
    if url is not None:
        link.set(qn("r:id"), paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK,
                                                      is_external=True))
    else:
        link.set(qn("w:anchor"), anchor or "")
    run = paragraph.add_run(_clean(text))
    run.font.color.rgb = LINK_COLOUR
    run.font.underline = True
    run._r.getparent().remove(run._r)
    link.append(run._r)
    paragraph._p.append(link)


def _page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


class _Writer:
    """The document being written. python-docx looks a style up by name by
    scanning every style (milliseconds each, thousands of times in a long
    manifesto), so the few styles used are resolved to their ids once and
    set directly."""

    STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet", "Table Grid")

    def __init__(self, document):
        self.document = document
        self.style_ids = {name: document.styles[name].style_id for name in self.STYLES}

    def para(self, text: str = "", style: str | None = None):
        paragraph = self.document.add_paragraph(_clean(text))
        if style is not None:
            paragraph._p.style = self.style_ids[style]
        return paragraph

    def heading(self, text: str, level: int):
        return self.para(text, "Title" if level == 0 else f"Heading {level}")

    def labelled(self, label: str, text: str = ""):
        paragraph = self.para()
        paragraph.add_run(label).bold = True
        if text:
            paragraph.add_run(" " + _clean(text))
        return paragraph

    def text(self, text: str) -> None:
        for part in paragraphs(text):
            self.para(part)

    def page_break(self) -> None:
        self.document.add_page_break()

    def table(self, headings: list[str], rows: list[list], widths_cm: list[float]) -> None:
        table = self.document.add_table(rows=1, cols=len(headings))
        table._tbl.tblStyle_val = self.style_ids["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        widths = [Cm(width) for width in widths_cm]
        for column, width in zip(table.columns, widths):
            column.width = width  # the grid (LibreOffice reads this)
        for cell, heading, width in zip(table.rows[0].cells, headings, widths):
            cell.paragraphs[0].add_run(heading).bold = True
            cell.width = width
        for values in rows:
            for cell, value, width in zip(table.add_row().cells, values, widths):
                cell.text = _clean(str(value))
                cell.width = width
        self.para()


# --- the parts ---------------------------------------------------------------------------

def _title_page(out: _Writer, manifesto: Manifesto, site_name: str) -> None:
    for _ in range(6):
        out.para()
    out.heading(manifesto.title, 0)
    out.para("A manifesto of open-government commitments", "Subtitle")
    if manifesto.published_at:
        out.para(f"Published {long_date(manifesto.published_at.date())}")
    out.para(manifesto.summary)
    paragraph = out.para(f"{site_name} · Published under the ")
    _link(paragraph, manifesto.licence_name, url=manifesto.licence_url)
    paragraph.add_run(".")
    out.page_break()


def _contents(out: _Writer, manifesto: Manifesto) -> None:
    out.heading("Contents", 1)
    for theme in manifesto.themes:
        out.para().add_run(_clean(theme.name)).bold = True
        for entry in theme.commitments:
            paragraph = out.para()
            paragraph.paragraph_format.left_indent = Pt(18)
            _link(paragraph, f"{entry.number}. {entry.title}", anchor=_anchor(entry))
    out.para().add_run("Appendix: how this manifesto was made").bold = True


def _commitment(out: _Writer, entry: CommitmentEntry) -> None:
    heading = out.heading(f"{entry.number}. {entry.title}", 2)
    _bookmark(heading, _anchor(entry), entry.number)
    out.labelled("Commit to", entry.commit_to_rest)
    if entry.current_situation:
        out.labelled("Current situation")
        out.text(entry.current_situation)
    if entry.we_call_for:
        out.labelled("We call for:")
        for item in entry.we_call_for:
            out.para(item, "List Bullet")
    if entry.lead_body:
        out.labelled("Lead body:", entry.lead_body)
    out.labelled("Evidence of support:", entry.evidence.summary + ".")
    if entry.evidence.by_nation_known:
        out.table(["Nation", "Online supporters", "Workshop dots"],
                  [[row.nation, f"{row.supporters:,}", f"{row.dots:,}"]
                   for row in entry.evidence.by_nation], [4.5, 3.5, 3.5])
    if entry.source_ideas:
        out.labelled("The ideas it came from:")
        for idea in entry.source_ideas:
            paragraph = out.para(f"{idea.reference}: ", "List Bullet")
            _link(paragraph, idea.title, url=idea.url)


def _appendix(out: _Writer, manifesto: Manifesto) -> None:
    out.page_break()
    out.heading("Appendix: how this manifesto was made", 1)
    out.heading("Method", 2)
    out.para(manifesto.how_ideas_came_in)
    out.para(manifesto.method)
    out.labelled("Ranking:", manifesto.tie_break)
    out.heading("Criteria and weights", 2)
    if manifesto.criteria:
        out.table(["Criterion", "Weight", "Scale", "Guidance"], [
            [c.name, c.weight, f"{c.scale_min}–{c.scale_max}",
             c.guidance + (" (Computed, not scored.)" if c.computed_from else "")]
            for c in manifesto.criteria], [4.3, 1.9, 1.6, 8.2])
    else:
        out.para("No criteria were recorded for this round.")
    out.heading("Workshops", 2)
    if manifesto.workshops:
        out.table(["Date", "Workshop", "Place", "Attendees", "Organised by"], [
            [long_date(w.held_on), w.title, f"{w.town}, {w.nation}", w.attendees,
             w.organising_group] for w in manifesto.workshops], [2.8, 4.4, 3.6, 2.2, 3.0])
    else:
        out.para("No workshops were recorded for this round.")
    out.heading("Licence", 2)
    paragraph = out.para("This manifesto and its data are published under the ")
    _link(paragraph, manifesto.licence_name, url=manifesto.licence_url)
    paragraph.add_run(". The online version and the open data: ")
    _link(paragraph, manifesto.url, url=manifesto.url)


def write_docx(manifesto: Manifesto, stream: IO[bytes], site_name: str) -> None:
    document = Document()
    properties = document.core_properties
    properties.title = _clean(manifesto.title)[:255]
    properties.subject = "Manifesto of open-government commitments"
    properties.author = site_name
    properties.language = "en-GB"
    if manifesto.published_at:
        properties.created = properties.modified = manifesto.published_at.replace(tzinfo=None)
    document.styles["Normal"].font.size = Pt(11)
    section = document.sections[0]
    section.different_first_page_header_footer = True  # no number on the title page
    _page_number_footer(section)

    out = _Writer(document)
    _title_page(out, manifesto, site_name)
    if manifesto.introduction:
        out.heading("Introduction", 1)
        out.text(manifesto.introduction)
    _contents(out, manifesto)
    for theme in manifesto.themes:
        out.page_break()
        out.heading(theme.name, 1)
        out.text(theme.description)
        for entry in theme.commitments:
            _commitment(out, entry)
    _appendix(out, manifesto)
    document.save(stream)
