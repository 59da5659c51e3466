"""DOCX writer: the document model as a Word file a campaigner can still edit.

Real Word styles carry the layout (Title, Heading 1-3, List Bullet, List Number, Quote, Table
Grid, and project styles such as "Date Line" and "Note"), so an edit in Word stays consistent.
Notes are a numbered list at the end (style "Note"), exactly as in the PDF, so both formats have
the same text. Fonts are declared in all four slots with no theme font, so Cyrillic (the hAnsi
slot) and complex scripts (cs) use the same family. The zip has fixed timestamps and the core
properties come from the document's metadata: the same document gives the same bytes.

The styled base document is prepared once per writer and re-opened from bytes for each
document, which is cheaper than styling the default template every time.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from campaign.document.nodes import (
    AddressBlock,
    BulletList,
    DateLine,
    Document,
    DocumentMeta,
    Emphasis,
    Footnote,
    FootnoteRef,
    Footnotes,
    Heading,
    Inline,
    Letterhead,
    LineBreak,
    Link,
    ListItem,
    OrderedList,
    Paragraph,
    Quotation,
    Salutation,
    Signature,
    Strong,
    Subject,
    Table,
    Text,
    Title,
)
from campaign.document.visitor import NodeVisitor
from campaign.errors import RenderError
from campaign.writers import docx_xml
from campaign.writers.assets import AssetJail
from campaign.writers.html import checked_link, page_label_parts

FONT_FAMILY = "DejaVu Serif"
"""The family the PDF embeds; Word substitutes a similar serif where it is not installed."""
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
MARGINS_MM = {"top": 22, "right": 22, "bottom": 24, "left": 25}
LINK_COLOUR = RGBColor(0x1A, 0x3F, 0x8F)

# name -> (base style, size in points or None, bold, italic, alignment or None)
PROJECT_STYLES: dict[str, tuple[str, float | None, bool, bool, WD_ALIGN_PARAGRAPH | None]] = {
    "Letterhead Organisation": ("Normal", 13, True, False, None),
    "Letterhead": ("Normal", 9, False, False, None),
    "Address": ("Normal", None, False, False, None),
    "Date Line": ("Normal", None, False, False, WD_ALIGN_PARAGRAPH.RIGHT),
    "Subject": ("Normal", None, True, False, None),
    "Salutation": ("Normal", None, False, False, None),
    "Closing": ("Normal", None, False, False, None),
    "Signature": ("Normal", None, False, False, None),
    "Note": ("Normal", 9, False, False, None),
}
HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}


def prepare_base() -> bytes:
    """The default template with our fonts, sizes and project styles, saved once as bytes."""
    base = docx.Document()
    docx_xml.drop_thumbnail(base)
    styles = base.styles
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, (based_on, size, bold, italic, align) in PROJECT_STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[based_on]
        style.quick_style = True
        if size is not None:
            style.font.size = Pt(size)
        style.font.bold = bold or None
        style.font.italic = italic or None
        if align is not None:
            style.paragraph_format.alignment = align
    styles["Note"].paragraph_format.left_indent = Mm(7)
    styles["Note"].paragraph_format.first_line_indent = Mm(-7)
    styles["Note"].paragraph_format.space_after = Pt(3)
    styles["Closing"].paragraph_format.space_after = Pt(30)
    styles["Title"].font.size = Pt(16)
    styles["Quote"].paragraph_format.left_indent = Mm(10)
    for level, size in ((1, 13), (2, 11.5), (3, 10.5)):
        styles[HEADING_STYLES[level]].font.size = Pt(size)
    docx_xml.pin_all_fonts(styles.element, FONT_FAMILY)
    used = {"Normal", "Title", "Quote", "List Bullet", "List Number", "Table Grid", "Footer", "Header"}
    docx_xml.prune_styles(styles.element, used | set(PROJECT_STYLES) | {"heading 1", "heading 2", "heading 3"})
    docx_xml.drop_part(base, "/stylesWithEffects")  # Word 2010's copy of styles.xml; Word rebuilds it
    out = io.BytesIO()
    base.save(out)
    return out.getvalue()


def midnight_utc(date: dt.date) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(), dt.UTC)


def set_core_properties(document: Any, meta: DocumentMeta) -> None:
    """Every core property explicitly: no "python-docx" author, no template dates."""
    props = document.core_properties
    props.title = meta.title
    props.author = meta.author
    props.last_modified_by = meta.author
    props.subject = meta.subject
    props.keywords = ", ".join(meta.keywords)
    props.language = meta.language
    props.comments = ""
    props.category = ""
    props.revision = 1
    props.created = midnight_utc(meta.date)
    props.modified = midnight_utc(meta.date)
    props.last_printed = midnight_utc(meta.date)


def set_page(document: Any, meta: DocumentMeta) -> None:
    """Page size and margins of the single section; the page-number footer on briefs."""
    section = document.sections[0]
    width, height = PAGE_SIZES_MM[meta.page_size]
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.right_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["right"])
    section.bottom_margin, section.left_margin = Mm(MARGINS_MM["bottom"]), Mm(MARGINS_MM["left"])
    if meta.kind == "brief":
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for literal, field in page_label_parts(meta.page_label):
            if literal:
                footer.add_run(literal)
            if field:
                docx_xml.add_field(footer, "PAGE" if field == "page" else "NUMPAGES")


class DocxTranslator(NodeVisitor[None]):
    """Appends each node to a python-docx document; inlines go into the current paragraph."""

    def __init__(self, document: Any, jail: AssetJail, style_ids: dict[str, str]) -> None:
        self.document = document
        self.jail = jail
        self.style_ids = style_ids
        """Paragraph style name -> id: python-docx would search the style list for every paragraph."""
        self.paragraph: Any = None
        self.link: Any = None
        self.bold = False
        self.italic = False

    def add_paragraph(self, style: str, inlines: tuple[Inline, ...] = ()) -> Any:
        self.paragraph = self.document.add_paragraph()
        self.paragraph._p.style = self.style_ids[style]
        self.visit_all(inlines)
        return self.paragraph

    def add_run(self, text: str) -> Any:
        if "\t" in text or "\n" in text or not text:
            run = self.paragraph.add_run(text)  # python-docx turns these into <w:tab/> and <w:br/>
        else:
            run = self.paragraph.add_run()
            run._r.add_t(text)  # one <w:t>, instead of python-docx's character-by-character walk
        if self.bold:
            run.bold = True
        if self.italic:
            run.italic = True
        if self.link is not None:
            run.font.underline = True
            run.font.color.rgb = LINK_COLOUR
            self.link.append(run._r)
        return run

    def lines_paragraph(self, style: str, lines: Sequence[str]) -> Any:
        paragraph = self.add_paragraph(style)
        self.add_run("\n".join(lines))
        return paragraph

    # inlines
    def visit_Text(self, node: Text) -> None:
        self.add_run(node.text)

    def visit_Strong(self, node: Strong) -> None:
        previous, self.bold = self.bold, True
        self.visit_all(node.children)
        self.bold = previous

    def visit_Emphasis(self, node: Emphasis) -> None:
        previous, self.italic = self.italic, True
        self.visit_all(node.children)
        self.italic = previous

    def visit_Link(self, node: Link) -> None:
        previous, self.link = self.link, docx_xml.add_hyperlink(self.paragraph, checked_link(node.url))
        self.visit_all(node.children)
        self.link = previous

    def visit_FootnoteRef(self, node: FootnoteRef) -> None:
        self.add_run(str(int(node.number))).font.superscript = True

    def visit_LineBreak(self, node: LineBreak) -> None:
        self.add_run("\n")

    # blocks
    def visit_Letterhead(self, node: Letterhead) -> None:
        if node.logo is not None:
            logo = self.jail.resolve_image(node.logo)
            self.add_paragraph("Letterhead").add_run().add_picture(str(logo), height=Mm(18))
        self.lines_paragraph("Letterhead Organisation", (node.organisation,))
        self.lines_paragraph("Letterhead", node.lines)

    def visit_AddressBlock(self, node: AddressBlock) -> None:
        self.lines_paragraph("Address", node.lines)

    def visit_DateLine(self, node: DateLine) -> None:
        self.lines_paragraph("Date Line", (node.text,))

    def visit_Title(self, node: Title) -> None:
        self.add_paragraph("Title", node.children)

    def visit_Subject(self, node: Subject) -> None:
        self.add_paragraph("Subject", node.children)

    def visit_Salutation(self, node: Salutation) -> None:
        self.lines_paragraph("Salutation", (node.text,))

    def visit_Heading(self, node: Heading) -> None:
        if node.level not in HEADING_STYLES:
            raise RenderError(f"heading level must be 1 to 3, not {node.level!r}")
        self.add_paragraph(HEADING_STYLES[node.level], node.children)

    def visit_Paragraph(self, node: Paragraph) -> None:
        self.add_paragraph("Normal", node.children)

    def visit_ListItem(self, node: ListItem) -> None:
        self.visit_all(node.children)

    def visit_BulletList(self, node: BulletList) -> None:
        for item in node.items:
            self.add_paragraph("List Bullet")
            self.visit(item)

    def visit_OrderedList(self, node: OrderedList) -> None:
        num_id = docx_xml.restarted_numbering(self.document, "List Number", int(node.start))
        for item in node.items:
            docx_xml.set_numbering(self.add_paragraph("List Number"), num_id)
            self.visit(item)

    def visit_Quotation(self, node: Quotation) -> None:
        for paragraph in node.children:
            self.add_paragraph("Quote", paragraph.children)

    def visit_Table(self, node: Table) -> None:
        columns = max((len(row) for row in (node.header, *node.rows)), default=0)
        if columns == 0:
            return
        table = self.document.add_table(rows=0, cols=columns)
        table.style = self.document.styles["Table Grid"]
        if node.header:
            self.table_row(table, node.header, bold=True)
            docx_xml.repeat_as_header(table.rows[0])
        for row in node.rows:
            self.table_row(table, row, bold=False)

    def table_row(self, table: Any, cells: tuple[tuple[Inline, ...], ...], *, bold: bool) -> None:
        row = table.add_row()
        for cell, inlines in zip(row.cells, cells, strict=False):
            self.paragraph = cell.paragraphs[0]
            previous, self.bold = self.bold, bold
            self.visit_all(inlines)
            self.bold = previous

    def visit_Signature(self, node: Signature) -> None:
        self.lines_paragraph("Closing", (node.closing,))
        self.lines_paragraph("Signature", [line for line in (node.name, node.title, node.organisation) if line])

    def visit_Footnote(self, node: Footnote) -> None:
        self.add_paragraph("Note")
        self.add_run(f"{int(node.number)}.\t")
        self.visit_all(node.children)

    def visit_Footnotes(self, node: Footnotes) -> None:
        self.lines_paragraph("Heading 1", (node.heading,))
        self.visit_all(node.notes)


class DocxWriter:
    """Writes a document as DOCX; reuse one instance for many documents."""

    name = "docx"
    extension = "docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def __init__(self, asset_dirs: Sequence[Path] = ()) -> None:
        """`asset_dirs`: the campaign's folders of images (e.g. `letters/assets`) a logo may come from."""
        self.jail = AssetJail.for_campaign(asset_dirs)
        self._base: bytes | None = None
        self._style_ids: dict[str, str] | None = None

    def base(self) -> bytes:
        """The prepared, styled empty document (made on first use)."""
        if self._base is None:
            self._base = prepare_base()
        return self._base

    def warm_up(self) -> None:
        """Prepare the styled base document now."""
        self.base()

    def write(self, document: Document) -> bytes:
        """The DOCX bytes of `document` (byte-identical for the same document)."""
        word = docx.Document(io.BytesIO(self.base()))
        docx_xml.set_default_language(word.styles.element, document.meta.language)
        set_core_properties(word, document.meta)
        set_page(word, document.meta)
        body = word.element.body
        for paragraph in list(body.iterchildren(qn("w:p"))):
            body.remove(paragraph)  # the template's one empty paragraph
        if self._style_ids is None:
            paragraph_styles = (st for st in word.styles if st.type == WD_STYLE_TYPE.PARAGRAPH)
            self._style_ids = {st.name: st.style_id for st in paragraph_styles}
        DocxTranslator(word, self.jail, self._style_ids).visit_all(document.children)
        out = io.BytesIO()
        word.save(out)
        return docx_xml.fixed_zip(out.getvalue())
