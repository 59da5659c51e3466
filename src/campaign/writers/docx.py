"""DOCX writer: the document model as a Word file a campaigner can still edit.

Real Word styles carry the layout (Title, Heading 1-3, List Bullet, List Number, Quote, Table
Grid, and project styles such as "Date Line" and "Note"), so an edit in Word stays consistent.
Notes are a numbered list at the end (style "Note", under "Notes Heading"), exactly as in the
PDF, so both formats have the same text. Fonts are declared in all four slots with no theme
font: the PDF's own families (`campaign.fonts.families`), Campaign Serif for Latin, Greek and
Cyrillic (the ascii and hAnsi slots), Campaign Serif CJK for Chinese, Japanese and Korean
(eastAsia), and Campaign Naskh Arabic, or Campaign Serif Hebrew in a Hebrew document, for
complex scripts (cs); a run of Armenian, Georgian or the other complex script names its own
family. The faces the document uses are embedded in it (`docx_fonts`), so Word on Windows and
macOS and LibreOffice set it in the PDF's fonts without installing anything.

The page as in the PDF: the same margins, sizes, line height (the styles' line spacing is the
PDF's 1.4 em, expressed as a multiple of the font's own line height) and spacing, the letterhead
rule, the page footer with the document's reference and "Page X of Y" (PAGE and NUMPAGES
fields; Word cannot leave the label out of a one-page document as the PDF does, so a one-page
DOCX says "Page 1 of 1"), and the same rules for page breaks: headings, the subject and the
salutation kept with what follows (`w:keepNext`), widow and orphan control, table rows never
split (`w:cantSplit`) and header rows repeated (`w:tblHeader`) and kept with the first row, the
last lines of the text kept with the closing, the closing with the signature, the signature with
the notes, and the last two notes together. Hyphenation is on (`w:autoHyphenation`, by the
language of the text) except in headings, names and addresses.

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
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu, Mm, Pt, RGBColor
from fontTools.ttLib import TTFont
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
from campaign.document.scripts import CHARACTER_CACHE_SIZE, LRI, PDI, RLI, bidi_runs, isolate, scripts_in
from campaign.document.visitor import NodeVisitor
from campaign.errors import RenderError
from campaign.fonts.families import (
    ARABIC,
    ARMENIAN,
    CJK,
    CJK_SUPPLEMENT,
    FAMILIES,
    GEORGIAN,
    HEBREW,
    SERIF,
    Family,
    family_characters,
    family_of_script,
    language_script,
)
from campaign.writers import docx_markup as markup
from campaign.writers import docx_xml
from campaign.writers.assets import AssetJail
from campaign.writers.docx_fonts import FACES, FontCutter, characters_for, face_file
from campaign.writers.docx_package import BasePackage, DocumentParts, Page, Picture, load_picture
from campaign.writers.html import checked_link, page_label_parts

FONT_SLOTS = {"w:ascii": SERIF.name, "w:hAnsi": SERIF.name, "w:eastAsia": CJK.name, "w:cs": ARABIC.name}
"""The families of the four slots in every style: the PDF's own, embedded in each document (the
font table names the Noto family each is cut from, for a program that ignores embedded fonts).
The cs slot is Hebrew's in Hebrew documents."""
EAST_ASIAN_LANGUAGES = {"Hang": "ko-KR", "Kore": "ko-KR", "Hira": "ja-JP", "Kana": "ja-JP", "Jpan": "ja-JP"}
"""The East Asian language of a document that is not in one, by the scripts of its text; Han alone
says nothing about the language, so `w:eastAsia` is left out."""
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
MARGINS_MM = {"top": 22, "right": 22, "bottom": 24, "left": 25}
LOGO_HEIGHT = Mm(18)
LINE_HEIGHT_EM = 1.4
"""document.css's `line-height`."""
TEXT_COLOUR = RGBColor(0x11, 0x11, 0x11)
RULE_COLOUR = "777777"

# name -> (base style, size in points or None, bold, italic, alignment or None)
PROJECT_STYLES: dict[str, tuple[str, float | None, bool, bool, WD_ALIGN_PARAGRAPH | None]] = {
    "Letterhead Logo": ("Normal", None, False, False, None),
    "Letterhead Organisation": ("Normal", 13, True, False, None),
    "Letterhead": ("Normal", 9, False, False, None),
    "Address": ("Normal", None, False, False, None),
    "Date Line": ("Normal", None, False, False, WD_ALIGN_PARAGRAPH.RIGHT),
    "Subject": ("Normal", None, True, False, None),
    "Salutation": ("Normal", None, False, False, None),
    "Closing": ("Normal", None, False, False, None),
    "Signature": ("Normal", None, False, False, None),
    "Notes Heading": ("Heading 1", 10.5, True, False, None),
    "Note": ("Normal", 9, False, False, None),
}
# name -> (space before, space after) in points: document.css's margins (CSS collapses the
# margins between two blocks, Word adds them: a heading's space above is what the PDF shows
# above it less the paragraph's 6.3 pt below the text before)
SPACING: dict[str, tuple[float, float]] = {
    "Normal": (0, 6.3),
    "Title": (0, 12.8),
    "Heading 1": (8, 5.2),
    "Heading 2": (5.2, 3.5),
    "Heading 3": (3.2, 3.2),
    "Letterhead Logo": (0, 3),
    "Letterhead Organisation": (0, 0),
    "Letterhead": (0, 16.8),
    "Address": (0, 12.6),
    "Date Line": (0, 12.6),
    "Subject": (0, 10.5),
    "Salutation": (0, 8.4),
    "Closing": (10.5, 25.2),
    "Notes Heading": (14.4, 4.2),
    "Note": (0, 2.7),
}
KEPT_WITH_NEXT = ("Title", "Subject", "Salutation", "Closing", "Signature", "Notes Heading")
"""Styles kept on the page of the paragraph after them (Word's headings are already)."""
KEPT_TOGETHER = ("Title", "Closing", "Signature", "Note", "Address", "Letterhead")
"""Styles whose lines are never split across pages."""
NOT_HYPHENATED = (
    "Title",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Letterhead Organisation",
    "Letterhead",
    "Address",
    "Date Line",
    "Subject",
    "Salutation",
    "Closing",
    "Signature",
    "Notes Heading",
    "Footer",
)
SIGNATURE_SPACE_BEFORE = 210
"""Twips above the signer of a brief, which has no closing formula to carry that space (10.5 pt)."""
DIGIT_CALL_SPACING = 30
"""Twips (1.5 pt) set after a digit that a note call follows: "2021 ¹", never read as "20211"."""
HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}
EmbeddedFamily = tuple[Family, list[tuple[str, str, bytes]]]
"""A family embedded in a document, with its faces as (face, font key, obfuscated font)."""
_BEYOND_SERIF = re.compile("[^\u0000-\u052f\u1e00-\u1fff\u2000-\u20cf]")
"""A character outside the Latin, Greek, Cyrillic and punctuation blocks (another family's, perhaps)."""
NEUTRAL_SCRIPTS = frozenset({"Zyyy", "Zinh", "Zzzz"})
"""Common, inherited, unknown: characters (digits, punctuation, marks, controls) that choose no family."""


def line_spacing() -> float:
    """The PDF's line height as a multiple of the font's own (what Word and LibreOffice call single:
    ascent plus descent, 1.362 em for Campaign Serif)."""
    font = TTFont(SERIF.regular, lazy=True)
    natural = float(font["hhea"].ascent - font["hhea"].descent) / float(font["head"].unitsPerEm)
    return round(LINE_HEIGHT_EM / natural, 3)


def prepare_base() -> bytes:
    """The default template with our fonts, sizes, spacing, page-break rules and project styles,
    saved once as bytes."""
    base = docx.Document()
    docx_xml.drop_thumbnail(base)
    styles = base.styles
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.font.color.rgb = TEXT_COLOUR
    normal.paragraph_format.line_spacing = line_spacing()
    normal.paragraph_format.widow_control = True
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
    styles["Letterhead"].font.color.rgb = RGBColor(0x33, 0x33, 0x33)
    styles["Note"].paragraph_format.left_indent = Mm(5.7)
    styles["Note"].paragraph_format.first_line_indent = Mm(-5.7)
    styles["Title"].font.size = Pt(16)
    styles["Title"].font.bold = True
    styles["Title"].paragraph_format.line_spacing = round(line_spacing() * 1.2 / LINE_HEIGHT_EM, 3)
    styles["Quote"].paragraph_format.left_indent = Mm(10)
    styles["Table Grid"].font.size = Pt(9.5)
    styles["Table Grid"].paragraph_format.line_spacing = line_spacing()
    for level, size in ((1, 13), (2, 11.5), (3, 10.5)):
        styles[HEADING_STYLES[level]].font.size = Pt(size)
    styles["Heading 3"].font.italic = True
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Quote"):
        styles[name].font.color.rgb = TEXT_COLOUR
    for name, (before, after) in SPACING.items():
        styles[name].paragraph_format.space_before = Pt(before)
        styles[name].paragraph_format.space_after = Pt(after)
    for name in KEPT_WITH_NEXT:
        styles[name].paragraph_format.keep_with_next = True
    for name in KEPT_TOGETHER:
        styles[name].paragraph_format.keep_together = True
    styles["Footer"].paragraph_format.tab_stops.clear_all()
    styles["Footer"].font.size = Pt(8.5)
    styles["Footer"].font.color.rgb = RGBColor(0x44, 0x44, 0x44)
    docx_xml.plain_title(styles["Title"].element)
    docx_xml.paragraph_rule(styles["Letterhead"].element, "bottom", RULE_COLOUR, space_pt=5)
    docx_xml.paragraph_rule(styles["Notes Heading"].element, "top", RULE_COLOUR, space_pt=4)
    for name in NOT_HYPHENATED:
        docx_xml.suppress_hyphenation(styles[name].element)
    docx_xml.pin_all_fonts(styles.element, FONT_SLOTS)
    docx_xml.add_complex_twins(styles.element)
    used = {"Normal", "Title", "Quote", "List Bullet", "List Number", "Table Grid", "footer"}
    docx_xml.prune_styles(styles.element, used | set(PROJECT_STYLES) | {"heading 1", "heading 2", "heading 3"})
    docx_xml.drop_part(base, "/stylesWithEffects")  # Word 2010's copy of styles.xml; Word rebuilds it
    docx_xml.embed_fonts_and_hyphenate(base.settings.element)
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
        self.style_face = (False, False)
        """Whether the paragraph being written is bold and italic by its style."""
        self.keep_next = False
        """The block being written is the last before the signature: its last paragraph keeps with it."""
        self.spaced_digit = False
        """The text being written ends with a digit that a note call follows (`inlines`)."""
        self.characters: dict[Family, set[str]] = {}
        """The characters set in each bundled family, for the fonts embedded in the document."""
        self.faces: set[tuple[Family, bool, bool]] = set()
        """Each family used, bold and italic, as the text is set."""

    def start_paragraph(
        self, style: str, num_id: int | None = None, *, keep_next: bool = False, space_before: int | None = None
    ) -> None:
        self.style_face = self.writer.style_faces[style]
        self.out.append(
            markup.paragraph_start(
                self.style_ids[style], num_id, bidi=self.rtl, keep_next=keep_next, space_before=space_before
            )
        )

    def paragraph(
        self, style: str, inlines: tuple[Inline, ...] = (), num_id: int | None = None, *, keep_next: bool = False
    ) -> None:
        self.start_paragraph(style, num_id, keep_next=keep_next)
        self.inlines(inlines)
        self.out.append("</w:p>")

    def inlines(self, children: tuple[Inline, ...]) -> None:
        """Visit `children`; a text ending with a digit just before a note call gets its digit set a
        little apart (left to right documents: in right-to-left text the digits are isolated runs)."""
        for index, child in enumerate(children):
            following = children[index + 1] if index + 1 < len(children) else None
            self.spaced_digit = (
                not self.rtl
                and isinstance(child, Text)
                and isinstance(following, FootnoteRef)
                and child.text[-1:].isdigit()
            )
            self.visit(child)
            self.spaced_digit = False

    def add_run(self, text: str, superscript: bool = False) -> None:
        """`text` as runs: those of the other direction than the document's between isolate controls
        (`bidi_runs`, as in the HTML), then one run per script; right-to-left runs marked."""
        opener = LRI if self.rtl else RLI
        for run_text, isolated in bidi_runs(text, self.direction):
            rtl = self.rtl != isolated
            if isolated:
                run_text = f"{opener}{run_text}{PDI}"
            pieces = script_pieces(run_text)
            for index, (piece, family) in enumerate(pieces):
                if self.spaced_digit and index == len(pieces) - 1 and not isolated and len(piece) > 1:
                    self.add_piece(piece[:-1], family, rtl=rtl, superscript=superscript)
                    piece = piece[-1]
                spacing = self.spaced_digit and index == len(pieces) - 1 and piece[-1:].isdigit()
                self.add_piece(piece, family, rtl=rtl, superscript=superscript, spacing=spacing)

    def add_piece(
        self, piece: str, family: Family | None, *, rtl: bool, superscript: bool, spacing: bool = False
    ) -> None:
        """One run of one script and direction (`spacing`: a little space after it)."""
        properties = (
            self.run_fonts(family)
            + ((markup.BOLD_COMPLEX if rtl else markup.BOLD) if self.bold else "")
            + ((markup.ITALIC_COMPLEX if rtl else markup.ITALIC) if self.italic else "")
            + (markup.LINK_COLOUR if self.link is not None else "")
            + (markup.spacing(DIGIT_CALL_SPACING) if spacing else "")
            + (markup.SUPERSCRIPT if superscript else "")
            + (markup.RIGHT_TO_LEFT if rtl else "")
        )
        self.out.append(markup.run(piece, properties))
        self.record(piece, family or (self.complex_family if rtl else SERIF))

    def record(self, text: str, family: Family) -> None:
        """Note that `text` is set in `family`, in the face the paragraph and run make."""
        self.characters.setdefault(family, set()).update(text)
        style_bold, style_italic = self.style_face
        self.faces.add((family, self.bold or style_bold, self.italic or style_italic))

    def run_fonts(self, family: Family | None) -> str:
        """The `w:rFonts` of a run in `family` where the styles' slots do not already give it."""
        if family is None or family is SERIF:  # the styles' own slots: most runs
            return ""
        if family is CJK:
            return markup.EAST_ASIAN_HINT
        if family is CJK_SUPPLEMENT:
            return markup.fonts({"eastAsia": family.name, "hint": "eastAsia"})
        if family is ARMENIAN or family is GEORGIAN:
            return markup.fonts({"ascii": family.name, "hAnsi": family.name})
        if (family is ARABIC or family is HEBREW) and family is not self.complex_family:
            return markup.fonts({"cs": family.name})
        return ""

    def lines_paragraph(self, style: str, lines: Sequence[str], *, space_before: int | None = None) -> None:
        self.start_paragraph(style, space_before=space_before)
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
            start = markup.paragraph_start(self.style_ids["Letterhead Logo"], bidi=self.rtl)
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
        self.paragraph("Normal", node.children, keep_next=self.keep_next)

    def visit_ListItem(self, node: ListItem) -> None:
        self.inlines(node.children)

    def visit_BulletList(self, node: BulletList) -> None:
        for index, item in enumerate(node.items, 1):
            self.paragraph("List Bullet", item.children, keep_next=self.keep_next and index == len(node.items))

    def visit_OrderedList(self, node: OrderedList) -> None:
        num_id = self.parts.restarted_numbering(self.writer.list_abstract_id("List Number"), int(node.start))
        for index, item in enumerate(node.items, 1):
            keep = self.keep_next and index == len(node.items)
            self.paragraph("List Number", item.children, num_id, keep_next=keep)

    def visit_Quotation(self, node: Quotation) -> None:
        for index, paragraph in enumerate(node.children, 1):
            self.paragraph("Quote", paragraph.children, keep_next=self.keep_next and index == len(node.children))

    def visit_Table(self, node: Table) -> None:
        columns = max((len(row) for row in (node.header, *node.rows)), default=0)
        if columns == 0:
            return
        twips = Emu(self.page.block_width // columns).twips
        self.out.append(markup.table_start(self.style_ids["Table Grid"], columns, twips, bidi=self.rtl))
        if node.header:
            self.table_row(node.header, columns, twips, header=True)
        for index, row in enumerate(node.rows, 1):
            self.table_row(row, columns, twips, header=False, keep_next=self.keep_next and index == len(node.rows))
        self.out.append("</w:tbl>")

    def table_row(
        self, cells: tuple[tuple[Inline, ...], ...], columns: int, twips: int, *, header: bool, keep_next: bool = False
    ) -> None:
        """A row of cells; a header row, or the last row before the signature (`keep_next`), is
        kept on the page of what follows it."""
        self.out.append(markup.row_start(header=header))
        previous, self.bold = self.bold, header
        self.style_face = self.writer.style_faces["Normal"]
        for index in range(columns):
            outer, self.out = self.out, []
            if index < len(cells):
                self.inlines(cells[index])
            content, self.out = "".join(self.out), outer
            self.out.append(markup.cell(twips, content, bidi=self.rtl, header=header, keep_next=keep_next))
        self.bold = previous
        self.out.append("</w:tr>")

    def visit_Signature(self, node: Signature) -> None:
        signer = [line for line in (node.name, node.title, node.organisation) if line]
        if node.closing:
            self.lines_paragraph("Closing", (node.closing,))
            self.lines_paragraph("Signature", signer)
        else:  # a brief closes without a formula; its signer takes the closing's space above
            self.lines_paragraph("Signature", signer, space_before=SIGNATURE_SPACE_BEFORE)

    def visit_Footnote(self, node: Footnote) -> None:
        self.start_paragraph("Note", keep_next=self.keep_next)
        self.add_run(f"{int(node.number)}.\t")
        self.inlines(node.children)
        self.out.append("</w:p>")

    def visit_Footnotes(self, node: Footnotes) -> None:
        self.lines_paragraph("Notes Heading", (node.heading,))
        for index, note in enumerate(node.notes, 1):
            self.keep_next = index == len(node.notes) - 1  # the last two notes stay together
            self.visit(note)
        self.keep_next = False


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


@functools.lru_cache(maxsize=CHARACTER_CACHE_SIZE)
def char_family_of(char: str) -> Family | None:
    """The bundled family of the script of `char`, None for a neutral character (or no family).

    Cached: the script lookup per character was most of the writer's time on Chinese text, and a
    campaign's documents hold a few thousand distinct characters at most."""
    script = font_script(char)
    family = None if script in NEUTRAL_SCRIPTS else family_of_script(script)
    if family is not None and family.supplement is not None and ord(char) in family_characters(family.supplement):
        return family.supplement  # a rarer ideograph: its glyph is in the supplement's file, not the family's
    return family


def complex_family(language: str) -> Family:
    """The family of the complex-script slot: Hebrew's for a Hebrew document, else the Arabic one."""
    return HEBREW if family_of_script(language_script(language)) is HEBREW else ARABIC


def resolved_faces(word: Any) -> dict[str, tuple[bool, bool]]:
    """Paragraph style name -> (bold, italic), following each style's base styles."""
    faces = {}
    for style in word.styles:
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            continue
        bold = italic = None
        current = style
        while current is not None and (bold is None or italic is None):
            bold = current.font.bold if bold is None else bold
            italic = current.font.italic if italic is None else italic
            current = current.base_style
        faces[style.name] = (bool(bold), bool(italic))
    return faces


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
    return docx_xml.Languages(meta.language, east_asia, bidi, complex_family(meta.language).name)


def footer_content(meta: DocumentMeta, style_id: str, page: Page) -> str:
    """The page footer's paragraph: the document's reference, then, against the end of the line,
    the translated label's text around PAGE and NUMPAGES fields."""
    rtl = markup.RIGHT_TO_LEFT if meta.direction == "rtl" else ""
    reference = markup.run(isolate(meta.reference, meta.direction), markup.REFERENCE + rtl) if meta.reference else ""
    parts = []
    for literal, field in page_label_parts(meta.page_label):
        if literal:
            parts.append(markup.run(isolate(literal, meta.direction), rtl))
        if field:
            parts.append(markup.simple_field("PAGE" if field == "page" else "NUMPAGES"))
    tab = Emu(page.block_width).twips
    return markup.footer_paragraph(style_id, tab, reference, "".join(parts), bidi=meta.direction == "rtl")


def footer_text(meta: DocumentMeta) -> str:
    """Every character the footer may show: reference, label and the page numbers' digits."""
    return meta.reference + meta.page_label + "0123456789"


class DocxWriter:
    """Writes a document as DOCX; reuse one instance for many documents."""

    def __init__(self, asset_dirs: Sequence[Path] = ()) -> None:
        """`asset_dirs`: the campaign's folders of images (e.g. `letters/assets`) a logo may come from."""
        self.jail = AssetJail.for_campaign(asset_dirs)
        self._package: BasePackage | None = None
        self._style_ids: dict[str, str] | None = None
        self._style_faces: dict[str, tuple[bool, bool]] | None = None
        self._pictures: dict[tuple[Path, int, int], Picture] = {}
        self.fonts = FontCutter()

    def package(self) -> BasePackage:
        """The prepared, styled empty document, split into its parts (made on first use)."""
        if self._package is None:
            base = prepare_base()
            self._package = BasePackage(base, PAGE_SIZES_MM, MARGINS_MM)
            word = docx.Document(io.BytesIO(base))
            paragraph_styles = (st for st in word.styles if st.type == WD_STYLE_TYPE.PARAGRAPH)
            self._style_ids = {st.name: st.style_id for st in paragraph_styles}
            self._style_ids["Table Grid"] = word.styles["Table Grid"].style_id
            self._style_faces = resolved_faces(word)
        return self._package

    @property
    def style_faces(self) -> dict[str, tuple[bool, bool]]:
        """Paragraph style name -> whether its text is bold, italic."""
        self.package()
        assert self._style_faces is not None
        return self._style_faces

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

    def warm(self, languages: Iterable[str]) -> None:
        """Make now the font cuts that nearly every document in `languages` embeds, so that worker
        processes forked afterwards inherit them instead of each making its own (a cut is a few
        hundred milliseconds).

        For each language: the regular and bold faces (the letterhead, subject and title are bold)
        of Campaign Serif and of the family of the language's script, cut to the common signs and
        the alphabets of that script and of Latin (the page footer's reference is Latin), as
        `embedded_fonts` cuts them for a document whose characters are all in those alphabets:
        the same key, so the same bytes. A document with other scripts or characters (a name in
        Cyrillic in an English letter, any Chinese text) still has its own cut made when written.
        """
        for language in dict.fromkeys(languages):
            script = language_script(language)
            scripts = (script, "Latn")
            wanted = {SERIF, family_of_script(script)}
            for family in FAMILIES:
                if family not in wanted or family is CJK or family is CJK_SUPPLEMENT:
                    continue  # CJK faces are cut to the characters used only: nothing to share
                characters = characters_for(family, (), scripts)
                for bold in (False, True):
                    _, file = face_file(family, bold, False)
                    self.fonts.cut(family, file, characters)

    def write(self, document: Document) -> bytes:
        """The DOCX bytes of `document` (byte-identical for the same document)."""
        package = self.package()
        meta = document.meta
        parts = package.new_parts()
        page = package.pages[meta.page_size]
        parts.add_footer(footer_content(meta, self.style_ids["Footer"], page))
        translator = DocxTranslator(self, parts, page, meta)
        translator.style_face = self.style_faces["Footer"]
        translator.record(footer_text(meta), SERIF)
        blocks = document.children
        for index, block in enumerate(blocks):
            translator.keep_next = index + 1 < len(blocks) and isinstance(blocks[index + 1], Signature)
            translator.visit(block)
        translator.keep_next = False
        parts.fonts = self.embedded_fonts(translator, meta)
        return package.assemble(meta, "".join(translator.out), parts, document_languages(meta))

    def embedded_fonts(self, translator: DocxTranslator, meta: DocumentMeta) -> list[EmbeddedFamily]:
        """Each bundled family the document uses, with the faces it uses cut to the document
        (`docx_fonts`) as (face, font key, obfuscated bytes), in the font table's order."""
        scripts = (*meta.scripts, *scripts_in(footer_text(meta)))
        fonts: list[EmbeddedFamily] = []
        for family in FAMILIES:
            if family not in translator.characters:
                continue
            characters = characters_for(family, translator.characters[family], scripts)
            faces = sorted(
                {face_file(family, bold, italic) for used, bold, italic in translator.faces if used is family},
                key=lambda face: FACES.index(face[0]),
            )
            cuts = []
            for face, file in faces:
                data, key = self.fonts.cut(family, file, characters)
                cuts.append((face, key, data))
            fonts.append((family, cuts))
        return fonts
