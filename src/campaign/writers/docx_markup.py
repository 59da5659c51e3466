"""WordprocessingML body markup written as text: runs, paragraphs, hyperlinks, tables, fields.

python-docx builds each run through its object API (an lxml element per run, property and
text, each inserted in schema order), which was most of the DOCX writer's time; the same markup
written as strings costs a fraction of it (bench/README.md has the figures). The markup is
exactly what python-docx writes for the same calls (element order, `xml:space="preserve"`,
`<w:tab/>`/`<w:br/>` for tabs and line breaks), so Word and LibreOffice see the same document.

Every text here comes from untrusted input. `escape_text` and `escape_attribute` are the only
ways text enters the markup: they escape `&`, `<`, `>` (and quotes and whitespace in
attributes), and refuse characters that XML 1.0 cannot hold at all (control characters, lone
surrogates, U+FFFE/U+FFFF) with a `RenderError`, as lxml refused them under python-docx.
"""

from __future__ import annotations

import re

from campaign.errors import RenderError

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters outside XML 1.0's `Char` production: no XML file can contain them, escaped or not."""
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
)
_RUN_BREAKS = re.compile("([\t\r\n])")

BOLD = "<w:b/>"
BOLD_COMPLEX = "<w:b/><w:bCs/>"
"""Bold for a run of complex-script (Arabic, Hebrew) text, which Word makes bold by `w:bCs`."""
ITALIC = "<w:i/>"
ITALIC_COMPLEX = "<w:i/><w:iCs/>"
LINK_COLOUR = '<w:color w:val="1A3F8F"/><w:u w:val="single"/>'
SUPERSCRIPT = '<w:vertAlign w:val="superscript"/>'
REFERENCE = '<w:color w:val="555555"/><w:sz w:val="16"/><w:szCs w:val="16"/>'
"""The document's reference in the page footer: 8 pt, a lighter grey than the page label, as in the PDF."""
RIGHT_TO_LEFT = "<w:rtl/><w:cs/>"
"""A run of right-to-left text, set with the complex-script font and formatting."""
EAST_ASIAN_HINT = '<w:rFonts w:hint="eastAsia"/>'
"""A run of Chinese, Japanese or Korean text: its shared characters (quotes, spaces) in the East Asian font too."""
BIDI = "<w:bidi/>"
KEEP_NEXT = "<w:keepNext/>"
"""Keep the paragraph on the page of the next one (set where the style cannot say it: the last
lines of the text before the signature, the second-to-last note, a table's header row)."""
HEADER_SHADING = '<w:shd w:val="clear" w:color="auto" w:fill="EEEEEE"/>'
"""The grey of a table's header cells, as in the PDF."""


def refuse_non_xml(text: str) -> None:
    """Raise RenderError if `text` holds a character that XML 1.0 cannot represent."""
    bad = _NOT_XML.search(text)
    if bad is not None:
        raise RenderError(
            f"the text {text[:60]!r} contains U+{ord(bad.group()):04X}, which a DOCX file cannot hold; "
            "remove it from the input"
        )


def escape_text(text: str) -> str:
    """`text` as XML character data (refusing what XML cannot hold)."""
    refuse_non_xml(text)
    return text.translate(_TEXT_ESCAPES)


def escape_attribute(value: str) -> str:
    """`value` as the content of a double-quoted XML attribute (refusing what XML cannot hold)."""
    refuse_non_xml(value)
    return value.translate(_ATTRIBUTE_ESCAPES)


def text_element(text: str) -> str:
    """One `<w:t>`; space-preserving when the text starts or ends with white space (as python-docx)."""
    if len(text.strip()) < len(text):
        return f'<w:t xml:space="preserve">{escape_text(text)}</w:t>'
    return f"<w:t>{escape_text(text)}</w:t>"


def run_content(text: str) -> str:
    """The inside of a run for `text`: tabs become `<w:tab/>`, line breaks `<w:br/>`, the rest `<w:t>`."""
    if "\t" not in text and "\n" not in text and "\r" not in text:
        return text_element(text) if text else ""
    parts = []
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\n", "\r"):
            parts.append("<w:br/>")
        elif piece:
            parts.append(text_element(piece))
    return "".join(parts)


def fonts(slots: dict[str, str]) -> str:
    """A `<w:rFonts>` naming a family per slot (`ascii`, `hAnsi`, `cs`...), for a run of another script."""
    attributes = "".join(f' w:{slot}="{escape_attribute(family)}"' for slot, family in slots.items())
    return f"<w:rFonts{attributes}/>"


def spacing(twips: int) -> str:
    """Run property: `twips` of space after each character of the run (Word's expanded spacing)."""
    return f'<w:spacing w:val="{int(twips)}"/>'


def run(text: str, properties: str = "") -> str:
    """A `<w:r>` with run properties `properties` (already in schema order: rFonts, b, bCs, i, iCs,
    color, spacing, sz, szCs, u, vertAlign, rtl, cs)."""
    content = run_content(text)
    if properties:
        return f"<w:r><w:rPr>{properties}</w:rPr>{content}</w:r>"
    if content:
        return f"<w:r>{content}</w:r>"
    return "<w:r/>"


def paragraph_start(
    style_id: str,
    num_id: int | None = None,
    *,
    bidi: bool = False,
    keep_next: bool = False,
    space_before: int | None = None,
) -> str:
    """The opening of a body paragraph in style `style_id`, optionally in numbering instance `num_id`,
    kept with the next paragraph when `keep_next`, right to left when `bidi`, with `space_before`
    twips above it if given (in schema order: keepNext, numPr, bidi, spacing)."""
    keep = KEEP_NEXT if keep_next else ""
    numbering = "" if num_id is None else f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
    direction = BIDI if bidi else ""
    spacing = "" if space_before is None else f'<w:spacing w:before="{int(space_before)}"/>'
    return f'<w:p><w:pPr><w:pStyle w:val="{escape_attribute(style_id)}"/>{keep}{numbering}{direction}{spacing}</w:pPr>'


def hyperlink_start(rel_id: str) -> str:
    return f'<w:hyperlink r:id="{escape_attribute(rel_id)}">'


def simple_field(instruction: str) -> str:
    """A simple field (`PAGE`, `NUMPAGES`) with the placeholder result "1" until Word updates it."""
    return f'<w:fldSimple w:instr=" {escape_attribute(instruction)} "><w:r><w:t>1</w:t></w:r></w:fldSimple>'


def table_start(style_id: str, columns: int, column_twips: int, *, bidi: bool = False) -> str:
    """The opening of a table of `columns` equal columns, with python-docx's table properties;
    columns run from the right when `bidi` (`w:bidiVisual`)."""
    grid = f'<w:gridCol w:w="{column_twips}"/>' * columns
    visual = "<w:bidiVisual/>" if bidi else ""
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{escape_attribute(style_id)}"/>{visual}<w:tblW w:type="auto" w:w="0"/>'
        '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
        f'w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
    )


def cell(column_twips: int, content: str, *, bidi: bool = False, header: bool = False, keep_next: bool = False) -> str:
    """A table cell holding one paragraph of runs `content` (an empty `<w:p/>` when there are none);
    a header cell is shaded and kept with the row below it, as is any cell when `keep_next`."""
    inner = (KEEP_NEXT if header or keep_next else "") + (BIDI if bidi else "")
    properties = f"<w:pPr>{inner}</w:pPr>" if inner else ""
    paragraph = f"<w:p>{properties}{content}</w:p>" if content or inner else "<w:p/>"
    shading = HEADER_SHADING if header else ""
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{column_twips}"/>{shading}</w:tcPr>{paragraph}</w:tc>'


def row_start(*, header: bool) -> str:
    """A table row, never split across pages; a header row repeats at the top of each page the
    table continues on."""
    return "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:tr><w:trPr><w:cantSplit/></w:trPr>"


def footer_paragraph(style_id: str, tab_twips: int, reference: str, label: str, *, bidi: bool = False) -> str:
    """The page footer's paragraph: the reference (runs `reference`, at the start), a tab, and the
    page label (runs and fields `label`) against a right tab stop at the end of the line."""
    direction = BIDI if bidi else ""
    tabs = f'<w:tabs><w:tab w:val="right" w:pos="{int(tab_twips)}"/></w:tabs>'
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{escape_attribute(style_id)}"/>{tabs}{direction}</w:pPr>'
        f"{reference}<w:r><w:tab/></w:r>{label}</w:p>"
    )
