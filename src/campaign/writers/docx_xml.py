"""The few things the DOCX writer needs that python-docx has no API for, as raw WordprocessingML.

Kept in one module (python-docx's own layering: raw XML low, friendly proxies above) so the
writer reads as plain python-docx calls:
- font slots: python-docx sets only `w:ascii`/`w:hAnsi`, and the default template's theme
  attributes (`w:asciiTheme`...) win over them in Word; we set all four slots and drop the themes;
- the document language (`w:lang` in the defaults);
- list numbering that restarts per ordered list (Word's "List Number" style shares one counter);
- hyperlinks, page-number fields, header-row repetition;
- a zip rewritten with fixed timestamps, for byte-identical files.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def pin_fonts(rpr: Any, family: str) -> None:
    """Give an `w:rPr` element `family` in every font slot and no theme font."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attribute in THEME_ATTRIBUTES:
        rfonts.attrib.pop(qn(attribute), None)
    for slot in FONT_SLOTS:
        rfonts.set(qn(slot), family)


def pin_all_fonts(styles_element: Any, family: str) -> None:
    """Pin the fonts of the document defaults and of every style that names a font."""
    defaults = styles_element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    pin_fonts(rpr, family)
    for rfonts in styles_element.iter(qn("w:rFonts")):
        pin_fonts(rfonts.getparent(), family)


def set_default_language(styles_element: Any, language: str) -> None:
    """Mark the text's language (spell-checking, hyphenation) in the document defaults."""
    rpr = styles_element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for slot in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(slot), language)


def restarted_numbering(document: Any, style_name: str, start: int) -> int:
    """A new numbering instance of the list style `style_name` that starts at `start`; its numId."""
    style = document.styles[style_name]
    style_num_id = style.element.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return int(num.numId)


def set_numbering(paragraph: Any, num_id: int) -> None:
    """Attach `paragraph` to numbering instance `num_id`, level 0."""
    numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = num_id


def add_hyperlink(paragraph: Any, url: str) -> Any:
    """Append an external hyperlink to `paragraph`; return the `w:hyperlink` to put runs in."""
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), rel_id)
    paragraph._p.append(hyperlink)
    return hyperlink


def add_field(paragraph: Any, instruction: str) -> None:
    """Append a simple field (e.g. `PAGE`, `NUMPAGES`) with a placeholder result."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def repeat_as_header(row: Any) -> None:
    """Repeat a table row at the top of each page the table continues on."""
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))


def drop_thumbnail(document: Any) -> None:
    """Remove the default template's thumbnail picture, which shows another document."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package.rels[rel_id]


def fixed_zip(data: bytes) -> bytes:
    """The same zip with a fixed timestamp and attributes on every member, in the same order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 0
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def prune_styles(styles_element: Any, keep_names: set[str]) -> None:
    """Remove every style not in `keep_names`, nor a default, nor reached from one by basedOn/link/next.

    The default template defines about 160 styles (mostly table styles); python-docx looks a
    style up by scanning them all, so pruning makes each paragraph cheaper and the file smaller.
    """
    styles = {style.get(qn("w:styleId")): style for style in styles_element.iter(qn("w:style"))}
    wanted = [
        style_id
        for style_id, style in styles.items()
        if style.get(qn("w:default")) == "1" or style.find(qn("w:name")).get(qn("w:val")) in keep_names
    ]
    kept: set[str] = set()
    while wanted:
        style_id = wanted.pop()
        if style_id in kept or style_id not in styles:
            continue
        kept.add(style_id)
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = styles[style_id].find(qn(tag))
            if ref is not None:
                wanted.append(ref.get(qn("w:val")))
    for style_id, style in styles.items():
        if style_id not in kept:
            styles_element.remove(style)


def drop_part(document: Any, reltype_suffix: str) -> None:
    """Remove the document's relationship (and so its part) whose type ends with `reltype_suffix`."""
    rels = document.part.rels
    for rel_id, rel in list(rels.items()):
        if rel.reltype.endswith(reltype_suffix):
            del rels[rel_id]
