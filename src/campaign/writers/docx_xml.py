"""The few things preparing the base document needs that python-docx has no API for, as raw XML.

Kept in one module (python-docx's own layering: raw XML low, friendly proxies above) so
`docx.prepare_base` reads as plain python-docx calls:
- font slots: python-docx sets only `w:ascii`/`w:hAnsi`, and the default template's theme
  attributes (`w:asciiTheme`...) win over them in Word; we set all four slots (Latin, East Asian
  and complex-script families) and drop the themes;
- complex-script twins: Word sets Arabic and Hebrew text with `w:bCs`, `w:iCs` and `w:szCs`, not
  `w:b`, `w:i` and `w:sz`, so every style that has one gets the other;
- the document's languages (`w:lang w:val`, `w:eastAsia`, `w:bidi` in the defaults) and its
  complex-script font;
- pruning unused styles and parts (the thumbnail, Word 2010's copy of the styles);
- the look of the PDF where python-docx has no property for it: a plain title (no blue rule, no
  letter spacing), paragraph rules (the letterhead's, the notes'), no hyphenation in some styles;
- the settings: embedded fonts (`docx_fonts`) and automatic hyphenation.

The body of each document (runs, links, numbering, tables, fields) is written as text by
`docx_markup`, and the package assembled by `docx_package`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


COMPLEX_TWINS = (("w:b", "w:bCs"), ("w:i", "w:iCs"), ("w:sz", "w:szCs"))
"""Run properties and their complex-script counterparts, which follow them in schema order."""


@dataclass(frozen=True)
class Languages:
    """The languages and complex-script font written into a document's defaults."""

    val: str
    """`w:lang w:val`: the document's language (BCP 47)."""
    east_asia: str | None
    """`w:lang w:eastAsia`: the language of its Chinese, Japanese or Korean text, if known."""
    bidi: str | None
    """`w:lang w:bidi`: the language of its right-to-left text, if known."""
    complex_font: str
    """The font of the complex-script slot (`w:cs`): the Arabic or the Hebrew family."""


def pin_fonts(rpr: Any, slots: dict[str, str]) -> None:
    """Give an `w:rPr` element the families of `slots` (`w:ascii` -> family...) and no theme font."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attribute in THEME_ATTRIBUTES:
        rfonts.attrib.pop(qn(attribute), None)
    for slot, family in slots.items():
        rfonts.set(qn(slot), family)


def default_rpr(styles_element: Any) -> Any:
    return styles_element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))


def pin_all_fonts(styles_element: Any, slots: dict[str, str]) -> None:
    """Pin the fonts of the document defaults and of every style that names a font."""
    pin_fonts(default_rpr(styles_element), slots)
    for rfonts in styles_element.iter(qn("w:rFonts")):
        pin_fonts(rfonts.getparent(), slots)


def add_complex_twins(styles_element: Any) -> None:
    """Give every `w:b`, `w:i` and `w:sz` in the styles its complex-script twin, with the same value
    (replacing the default template's own, which keep the sizes our styles changed)."""
    for tag, twin in COMPLEX_TWINS:
        for element in list(styles_element.iter(qn(tag))):
            rpr = element.getparent()
            old = rpr.find(qn(twin))
            if old is not None:
                rpr.remove(old)
            copy = OxmlElement(twin)
            for name, value in element.attrib.items():
                copy.set(name, value)
            element.addnext(copy)


def set_languages(styles_element: Any, languages: Languages) -> None:
    """Mark the text's languages (spell-checking, hyphenation, shaping) and the complex-script font."""
    rpr = default_rpr(styles_element)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for slot, value in (("w:val", languages.val), ("w:eastAsia", languages.east_asia), ("w:bidi", languages.bidi)):
        if value is None:
            lang.attrib.pop(qn(slot), None)
        else:
            lang.set(qn(slot), value)
    for rfonts in styles_element.iter(qn("w:rFonts")):
        rfonts.set(qn("w:cs"), languages.complex_font)


def drop_thumbnail(document: Any) -> None:
    """Remove the default template's thumbnail picture, which shows another document."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package.rels[rel_id]


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


PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)  # fmt: skip
"""The children of `w:pPr` in the order of the schema (CT_PPr)."""
SETTINGS_ORDER = (
    "w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation", "w:removeDateAndTime",
    "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape", "w:printPostScriptOverText",
    "w:printFractionalCharacterWidth", "w:printFormsData", "w:embedTrueTypeFonts", "w:embedSystemFonts",
    "w:saveSubsetFonts", "w:saveFormsData", "w:mirrorMargins", "w:alignBordersAndEdges",
    "w:bordersDoNotSurroundHeader", "w:bordersDoNotSurroundFooter", "w:gutterAtTop", "w:hideSpellingErrors",
    "w:hideGrammaticalErrors", "w:activeWritingStyle", "w:proofState", "w:formsDesign", "w:attachedTemplate",
    "w:linkStyles", "w:stylePaneFormatFilter", "w:stylePaneSortMethod", "w:documentType", "w:mailMerge",
    "w:revisionView", "w:trackRevisions", "w:doNotTrackMoves", "w:doNotTrackFormatting", "w:documentProtection",
    "w:autoFormatOverride", "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop", "w:autoHyphenation",
    "w:consecutiveHyphenLimit", "w:hyphenationZone", "w:doNotHyphenateCaps",
)  # fmt: skip
"""The first children of `w:settings` in the order of the schema (CT_Settings), up to the hyphenation ones."""


def insert_in_order(parent: Any, tag: str, order: tuple[str, ...]) -> Any:
    """`parent`'s child `tag`, added where the schema's `order` puts it if there is none yet."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    later = {qn(name) for name in order[order.index(tag) + 1 :]}
    for index, child in enumerate(parent):
        if child.tag in later:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


def paragraph_properties(style: Any) -> Any:
    """A paragraph style's `w:pPr`, made if missing (it goes before `w:rPr`)."""
    ppr = style.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        rpr = style.find(qn("w:rPr"))
        if rpr is not None:
            rpr.addprevious(ppr)
        else:
            style.append(ppr)
    return ppr


def suppress_hyphenation(style: Any) -> None:
    """No automatic hyphenation in paragraphs of this style (headings, names, addresses)."""
    insert_in_order(paragraph_properties(style), "w:suppressAutoHyphens", PPR_ORDER)


def paragraph_rule(style: Any, side: str, colour: str, *, space_pt: int) -> None:
    """A 0.5 pt rule on the `side` (top or bottom) of this style's paragraphs, `space_pt` from the text."""
    borders = insert_in_order(paragraph_properties(style), "w:pBdr", PPR_ORDER)
    rule = OxmlElement(f"w:{side}")
    for name, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", str(space_pt)), ("w:color", colour)):
        rule.set(qn(name), value)
    borders.append(rule)


def plain_title(style: Any) -> None:
    """The default template's Title without its blue rule, letter spacing and kerning (the PDF's is plain)."""
    for path in ("w:pPr/w:pBdr", "w:pPr/w:contextualSpacing", "w:rPr/w:spacing", "w:rPr/w:kern"):
        parent_tag, tag = path.split("/")
        parent = style.find(qn(parent_tag))
        found = parent.find(qn(tag)) if parent is not None else None
        if found is not None:
            parent.remove(found)


def embed_fonts_and_hyphenate(settings: Any) -> None:
    """The settings of every document: it carries its fonts, cut to subsets (`w:embedTrueTypeFonts`,
    `w:saveSubsetFonts`), and is hyphenated by the language of its text, capitals never."""
    for tag in ("w:embedTrueTypeFonts", "w:saveSubsetFonts", "w:autoHyphenation", "w:doNotHyphenateCaps"):
        insert_in_order(settings, tag, SETTINGS_ORDER)
