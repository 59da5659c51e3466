"""DOCX writer: the document model as a Word file a campaigner can still edit.

Real Word styles carry the layout (Title, Heading 1-3, List Bullet, List Number, Quote, Table
Grid, and project styles such as "Date Line" and "Note"), so an edit in Word stays consistent.
Notes are a numbered list at the end (style "Note"), exactly as in the PDF, so both formats have
the same text. Fonts are declared in all four slots with no theme font: the Noto families the
PDF's fonts are cut from (`campaign.fonts.families`), Noto Serif for Latin, Greek and Cyrillic
(the ascii and hAnsi slots), Noto Serif CJK SC for Chinese, Japanese and Korean (eastAsia), and
Noto Naskh Arabic, or Noto Serif Hebrew in a Hebrew document, for complex scripts (cs); a run of
Armenian, Georgian or the other complex script names its own family.

Direction, as in the PDF: a right-to-left document has `w:bidi` on every paragraph (and
`w:bidiVisual` on tables); each run is cut where the script changes, and a run of Arabic or
Hebrew text gets `w:rtl` and `w:cs` (and `w:bCs`/`w:iCs` with bold and italic); the runs of the
other direction carry the same Unicode isolate controls as the HTML
(`campaign.document.scripts.isolate`), so Word and LibreOffice keep a Latin name, URL or number
in its order inside Persian text. `w:lang` gives the document's language (`w:val`), and where
known the language of its East Asian (`w:eastAsia`) and right-to-left (`w:bidi`) text.

The zip has fixed timestamps and the core properties come from the document's metadata: the
same document gives the same bytes.

The styled base document is prepared once per writer with python-docx's friendly API, then
split into its parts (`docx_package`); each document's body is written as WordprocessingML text
(`docx_markup`) and put into those parts. python-docx's object API built the same markup about
ten times slower, and re-opening and saving the package cost as much again.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu, Mm, Pt
from fontTools.unicodedata import script as font_script

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
from campaign.document.scripts import LRI, PDI, RLI, bidi_runs, isolate
from campaign.document.visitor import NodeVisitor
from campaign.errors import RenderError
from campaign.fonts.families import (
    ARABIC,
    ARMENIAN,
    CJK,
    GEORGIAN,
    HEBREW,
    SERIF,
    Family,
    family_of_script,
    language_script,
)
from campaign.writers import docx_markup as markup
from campaign.writers import docx_xml
from campaign.writers.assets import AssetJail
from campaign.writers.docx_package import BasePackage, DocumentParts, Page, Picture, load_picture
from campaign.writers.html import checked_link, page_label_parts

FONT_SLOTS = {"w:ascii": SERIF.source, "w:hAnsi": SERIF.source, "w:eastAsia": CJK.source, "w:cs": ARABIC.source}
"""The families of the four slots in every style: those the PDF's fonts are cut from; Word
substitutes similar ones where they are not installed. The cs slot is Hebrew's in Hebrew documents."""
EAST_ASIAN_LANGUAGES = {"Hang": "ko-KR", "Kore": "ko-KR", "Hira": "ja-JP", "Kana": "ja-JP", "Jpan": "ja-JP"}
"""The East Asian language of a document that is not in one, by the scripts of its text; Han alone
says nothing about the language, so `w:eastAsia` is left out."""
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
MARGINS_MM = {"top": 22, "right": 22, "bottom": 24, "left": 25}
LOGO_HEIGHT = Mm(18)

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
_BEYOND_SERIF = re.compile("[^\u0000-\u052f\u1e00-\u1fff\u2000-\u20cf]")
"""A character outside the Latin, Greek, Cyrillic and punctuation blocks (another family's, perhaps)."""
NEUTRAL_SCRIPTS = frozenset({"Zyyy", "Zinh", "Zzzz"})
"""Common, inherited, unknown: characters (digits, punctuation, marks, controls) that choose no family."""


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
    docx_xml.pin_all_fonts(styles.element, FONT_SLOTS)
    docx_xml.add_complex_twins(styles.element)
    used = {"Normal", "Title", "Quote", "List Bullet", "List Number", "Table Grid", "Footer", "Header"}
    docx_xml.prune_styles(styles.element, used | set(PROJECT_STYLES) | {"heading 1", "heading 2", "heading 3"})
    docx_xml.drop_part(base, "/stylesWithEffects")  # Word 2010's copy of styles.xml; Word rebuilds it
    out = io.BytesIO()
    base.save(out)
    return out.getvalue()


class DocxTranslator(NodeVisitor[None]):
    """Writes each node's WordprocessingML into `out`; inlines go into the paragraph being written.

    Runs carry the formatting of the inlines around them (bold, italic, link colour); links
    become relationships of `parts`, ordered lists new numbering instances.
    """

    def __init__(self, writer: DocxWriter, parts: DocumentParts, page: Page, meta: DocumentMeta) -> None:
        self.writer = writer
        self.parts = parts
        self.page = page
        self.style_ids = writer.style_ids
        """Paragraph style name -> id."""
        self.out: list[str] = []
        self.link: str | None = None
        """Relationship id of the hyperlink being written, if any."""
        self.bold = False
        self.italic = False
        self.direction = meta.direction
        self.rtl = meta.direction == "rtl"
        self.complex_family = complex_family(meta.language)

    def paragraph(self, style: str, inlines: tuple[Inline, ...] = (), num_id: int | None = None) -> None:
        self.out.append(markup.paragraph_start(self.style_ids[style], num_id, bidi=self.rtl))
        self.visit_all(inlines)
        self.out.append("</w:p>")

    def add_run(self, text: str, superscript: bool = False) -> None:
        """`text` as runs: those of the other direction than the document's between isolate controls
        (`bidi_runs`, as in the HTML), then one run per script; right-to-left runs marked."""
        opener = LRI if self.rtl else RLI
        for run_text, isolated in bidi_runs(text, self.direction):
            rtl = self.rtl != isolated
            if isolated:
                run_text = f"{opener}{run_text}{PDI}"
            for piece, family in script_pieces(run_text):
                self.add_piece(piece, family, rtl=rtl, superscript=superscript)

    def add_piece(self, piece: str, family: Family | None, *, rtl: bool, superscript: bool) -> None:
        """One run of one script and direction."""
        properties = (
            self.run_fonts(family)
            + ((markup.BOLD_COMPLEX if rtl else markup.BOLD) if self.bold else "")
            + ((markup.ITALIC_COMPLEX if rtl else markup.ITALIC) if self.italic else "")
            + (markup.LINK_COLOUR if self.link is not None else "")
            + (markup.SUPERSCRIPT if superscript else "")
            + (markup.RIGHT_TO_LEFT if rtl else "")
        )
        self.out.append(markup.run(piece, properties))

    def run_fonts(self, family: Family | None) -> str:
        """The `w:rFonts` of a run in `family` where the styles' slots do not already give it."""
        if family is None or family is SERIF:  # the styles' own slots: most runs
            return ""
        if family is CJK:
            return markup.EAST_ASIAN_HINT
        if family is ARMENIAN or family is GEORGIAN:
            return markup.fonts({"ascii": family.source, "hAnsi": family.source})
        if (family is ARABIC or family is HEBREW) and family is not self.complex_family:
            return markup.fonts({"cs": family.source})
        return ""

    def lines_paragraph(self, style: str, lines: Sequence[str]) -> None:
        self.out.append(markup.paragraph_start(self.style_ids[style], bidi=self.rtl))
        self.add_run("\n".join(lines))
        self.out.append("</w:p>")

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
        rel_id = self.parts.link(checked_link(node.url))
        previous = self.link
        if previous is not None:  # a link inside a link: Word cannot nest them; keep the text in order
            self.out.append("</w:hyperlink>")
        self.out.append(markup.hyperlink_start(rel_id))
        self.link = rel_id
        self.visit_all(node.children)
        self.out.append("</w:hyperlink>")
        self.link = previous
        if previous is not None:
            self.out.append(markup.hyperlink_start(previous))

    def visit_FootnoteRef(self, node: FootnoteRef) -> None:
        self.add_run(str(int(node.number)), superscript=True)

    def visit_LineBreak(self, node: LineBreak) -> None:
        self.add_run("\n")

    # blocks
    def visit_Letterhead(self, node: Letterhead) -> None:
        if node.logo is not None:
            drawing = self.parts.picture(self.writer.picture(node.logo), LOGO_HEIGHT)
            start = markup.paragraph_start(self.style_ids["Letterhead"], bidi=self.rtl)
            self.out.append(f"{start}<w:r>{drawing}</w:r></w:p>")
        self.lines_paragraph("Letterhead Organisation", (node.organisation,))
        self.lines_paragraph("Letterhead", node.lines)

    def visit_AddressBlock(self, node: AddressBlock) -> None:
        self.lines_paragraph("Address", node.lines)

    def visit_DateLine(self, node: DateLine) -> None:
        self.lines_paragraph("Date Line", (node.text,))

    def visit_Title(self, node: Title) -> None:
        self.paragraph("Title", node.children)

    def visit_Subject(self, node: Subject) -> None:
        self.paragraph("Subject", node.children)

    def visit_Salutation(self, node: Salutation) -> None:
        self.lines_paragraph("Salutation", (node.text,))

    def visit_Heading(self, node: Heading) -> None:
        if node.level not in HEADING_STYLES:
            raise RenderError(f"heading level must be 1 to 3, not {node.level!r}")
        self.paragraph(HEADING_STYLES[node.level], node.children)

    def visit_Paragraph(self, node: Paragraph) -> None:
        self.paragraph("Normal", node.children)

    def visit_ListItem(self, node: ListItem) -> None:
        self.visit_all(node.children)

    def visit_BulletList(self, node: BulletList) -> None:
        for item in node.items:
            self.paragraph("List Bullet", item.children)

    def visit_OrderedList(self, node: OrderedList) -> None:
        num_id = self.parts.restarted_numbering(self.writer.list_abstract_id("List Number"), int(node.start))
        for item in node.items:
            self.paragraph("List Number", item.children, num_id)

    def visit_Quotation(self, node: Quotation) -> None:
        for paragraph in node.children:
            self.paragraph("Quote", paragraph.children)

    def visit_Table(self, node: Table) -> None:
        columns = max((len(row) for row in (node.header, *node.rows)), default=0)
        if columns == 0:
            return
        twips = Emu(self.page.block_width // columns).twips
        self.out.append(markup.table_start(self.style_ids["Table Grid"], columns, twips, bidi=self.rtl))
        if node.header:
            self.table_row(node.header, columns, twips, header=True)
        for row in node.rows:
            self.table_row(row, columns, twips, header=False)
        self.out.append("</w:tbl>")

    def table_row(self, cells: tuple[tuple[Inline, ...], ...], columns: int, twips: int, *, header: bool) -> None:
        self.out.append(markup.row_start(header=header))
        previous, self.bold = self.bold, header
        for index in range(columns):
            outer, self.out = self.out, []
            if index < len(cells):
                self.visit_all(cells[index])
            content, self.out = "".join(self.out), outer
            self.out.append(markup.cell(twips, content, bidi=self.rtl))
        self.bold = previous
        self.out.append("</w:tr>")

    def visit_Signature(self, node: Signature) -> None:
        if node.closing:  # a brief closes without a formula
            self.lines_paragraph("Closing", (node.closing,))
        self.lines_paragraph("Signature", [line for line in (node.name, node.title, node.organisation) if line])

    def visit_Footnote(self, node: Footnote) -> None:
        self.out.append(markup.paragraph_start(self.style_ids["Note"], bidi=self.rtl))
        self.add_run(f"{int(node.number)}.\t")
        self.visit_all(node.children)
        self.out.append("</w:p>")

    def visit_Footnotes(self, node: Footnotes) -> None:
        self.lines_paragraph("Heading 1", (node.heading,))
        self.visit_all(node.notes)


def script_pieces(text: str) -> list[tuple[str, Family | None]]:
    """`text` cut where the bundled family of its letters changes; digits, spaces, punctuation and
    controls stay with the letters before them (or, at the start, after them). None: no letters."""
    if not _BEYOND_SERIF.search(text):
        return [(text, SERIF)]  # Latin, Greek, Cyrillic and punctuation only: most runs
    pieces: list[tuple[str, Family | None]] = []
    current: list[str] = []
    family: Family | None = None
    for char in text:
        char_family = char_family_of(char)
        if char_family is not None and char_family is not family and family is not None and current:
            pieces.append(("".join(current), family))
            current = []
        if char_family is not None:
            family = char_family
        current.append(char)
    if current:
        pieces.append(("".join(current), family))
    return pieces


@functools.cache
def char_family_of(char: str) -> Family | None:
    """The bundled family of the script of `char`, None for a neutral character (or no family).

    Cached: the script lookup per character was most of the writer's time on Chinese text, and a
    campaign's documents hold a few thousand distinct characters at most."""
    script = font_script(char)
    return None if script in NEUTRAL_SCRIPTS else family_of_script(script)


def complex_family(language: str) -> Family:
    """The family of the complex-script slot: Hebrew's for a Hebrew document, else the Arabic one."""
    return HEBREW if family_of_script(language_script(language)) is HEBREW else ARABIC


def document_languages(meta: DocumentMeta) -> docx_xml.Languages:
    """`w:lang` and the complex-script font for `meta`'s document.

    East Asian: the document's language if it is Chinese, Japanese or Korean, else the language
    its kana or Hangul show (Han alone does not say). Right to left: the document's language if
    it is written so. What is not known is left out.
    """
    own = family_of_script(language_script(meta.language))
    east_asia = meta.language if own is CJK else None
    if east_asia is None:
        east_asia = next((EAST_ASIAN_LANGUAGES[s] for s in meta.scripts if s in EAST_ASIAN_LANGUAGES), None)
    bidi = meta.language if meta.direction == "rtl" else None
    return docx_xml.Languages(meta.language, east_asia, bidi, complex_family(meta.language).source)


def footer_content(meta: DocumentMeta) -> str:
    """The brief's page-number line: the translated label's text around PAGE and NUMPAGES fields."""
    parts = []
    rtl = markup.RIGHT_TO_LEFT if meta.direction == "rtl" else ""
    for literal, field in page_label_parts(meta.page_label):
        if literal:
            parts.append(markup.run(isolate(literal, meta.direction), rtl))
        if field:
            parts.append(markup.simple_field("PAGE" if field == "page" else "NUMPAGES"))
    return "".join(parts)


class DocxWriter:
    """Writes a document as DOCX; reuse one instance for many documents."""

    def __init__(self, asset_dirs: Sequence[Path] = ()) -> None:
        """`asset_dirs`: the campaign's folders of images (e.g. `letters/assets`) a logo may come from."""
        self.jail = AssetJail.for_campaign(asset_dirs)
        self._package: BasePackage | None = None
        self._style_ids: dict[str, str] | None = None
        self._pictures: dict[tuple[Path, int, int], Picture] = {}

    def package(self) -> BasePackage:
        """The prepared, styled empty document, split into its parts (made on first use)."""
        if self._package is None:
            base = prepare_base()
            self._package = BasePackage(base, PAGE_SIZES_MM, MARGINS_MM)
            word = docx.Document(io.BytesIO(base))
            paragraph_styles = (st for st in word.styles if st.type == WD_STYLE_TYPE.PARAGRAPH)
            self._style_ids = {st.name: st.style_id for st in paragraph_styles}
            self._style_ids["Table Grid"] = word.styles["Table Grid"].style_id
        return self._package

    @property
    def style_ids(self) -> dict[str, str]:
        """Style name -> style id in the base document."""
        self.package()
        assert self._style_ids is not None
        return self._style_ids

    def list_abstract_id(self, style: str) -> int:
        """The abstract numbering the list style `style` numbers its paragraphs with."""
        return self.package().list_abstract_ids[style]

    def picture(self, logo: str) -> Picture:
        """The logo at `logo` inside the asset folders (refused outside them), read once per file version."""
        path = self.jail.resolve_image(logo)
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size)
        if key not in self._pictures:
            self._pictures[key] = load_picture(path, LOGO_HEIGHT)
        return self._pictures[key]

    def warm_up(self) -> None:
        """Prepare the styled base document now."""
        self.package()

    def write(self, document: Document) -> bytes:
        """The DOCX bytes of `document` (byte-identical for the same document)."""
        package = self.package()
        meta = document.meta
        parts = package.new_parts()
        if meta.kind == "brief":
            parts.add_footer(footer_content(meta))
        translator = DocxTranslator(self, parts, package.pages[meta.page_size], meta)
        translator.visit_all(document.children)
        return package.assemble(meta, "".join(translator.out), parts, document_languages(meta))
