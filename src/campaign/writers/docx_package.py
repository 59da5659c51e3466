"""The styled base document split into its zip members once, and each document's DOCX assembled
from them without python-docx's package machinery.

The parts no document changes (settings, theme, app properties...) are copied as they
are; styles differ only in the languages and complex-script font, and are made once for each; the rest is small text
filled in per document: the body, the section properties, the core properties, the relationships
(links, footer, logo), the content types, the numbering instances of restarted lists, and the
font table with the document's embedded fonts (`docx_fonts`) and their relationships. What is
written is what python-docx wrote for the same document: the same parts, in the same order,
with the same relationship ids and numbering ids. The zip is written by `zipfile` with fixed
member dates and attributes, so the same document gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.oxml import serialize_part_xml
from docx.opc.spec import default_content_types
from docx.oxml import parse_xml
from docx.oxml.ns import nsmap
from docx.oxml.shape import CT_Inline
from docx.parts.hdrftr import FooterPart
from docx.shared import Emu, Length, Mm

from campaign.document.nodes import DocumentMeta
from campaign.errors import RenderError
from campaign.fonts.families import Family
from campaign.writers import docx_xml
from campaign.writers.docx_fonts import FONT_EXTENSION, OBFUSCATED_FONT, font_entry
from campaign.writers.docx_markup import escape_attribute, escape_text

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every member's date: the earliest a zip can hold, so the bytes do not depend on when a file was written."""
ZIP_MEMBER_MODE = 0o644
ZIP_CREATE_SYSTEM = 0
"""The "made by" system of every member (0, MS-DOS): fixed, as zipfile's default depends on the
platform the build runs on (3 on Unix, 0 on Windows)."""
XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
CORE = "docProps/core.xml"
STYLES = "word/styles.xml"
NUMBERING = "word/numbering.xml"
FOOTER = "word/footer1.xml"
FOOTER_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
FONT_TABLE = "word/fontTable.xml"
FONT_TABLE_RELS = "word/_rels/fontTable.xml.rels"
RELATIONSHIPS_HEAD = (
    f'{XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
)
CORE_PROPERTY_LIMIT = 255
"""python-docx refuses longer core properties (Word's limit); so do we, with a clearer message."""
CORE_NAMESPACES = (
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
)


@dataclass(frozen=True)
class Page:
    """The section properties of one page size, and the width between its margins."""

    section: str
    """`<w:sectPr>...</w:sectPr>` with `{footer}` where a footer reference goes."""
    block_width: Length


@dataclass(frozen=True)
class Picture:
    """An image ready to embed: its bytes, file extension, content type and scaled size."""

    blob: bytes
    ext: str
    content_type: str
    filename: str
    cx: Length
    cy: Length
    sha1: str


@dataclass
class DocumentParts:
    """What one document adds to the base package: relationships, list numbering, pictures, footer."""

    used_rel_ids: set[str]
    next_num_id: Callable[[set[int]], int]
    rels: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    nums: list[str] = field(default_factory=list)
    num_ids: set[int] = field(default_factory=set)
    images: dict[str, tuple[str, str, Picture]] = field(default_factory=dict)
    """sha1 -> (relationship id, zip member name, picture)."""
    shapes: int = 0
    footer: tuple[str, str] | None = None
    """(relationship id, the footer's paragraph)."""
    fonts: list[tuple[Family, list[tuple[str, str, bytes]]]] = field(default_factory=list)
    """The embedded fonts: each family with its faces as (face, font key, obfuscated font)."""

    def new_rel_id(self) -> str:
        """The first unused `rIdN` (python-docx fills gaps the same way)."""
        number = 1
        while f"rId{number}" in self.used_rel_ids:
            number += 1
        rel_id = f"rId{number}"
        self.used_rel_ids.add(rel_id)
        return rel_id

    def relate(self, reltype: str, target: str, *, external: bool = False) -> str:
        rel_id = self.new_rel_id()
        mode = ' TargetMode="External"' if external else ""
        self.rels.append(f'<Relationship Id="{rel_id}" Type="{reltype}" Target="{escape_attribute(target)}"{mode}/>')
        return rel_id

    def link(self, url: str) -> str:
        """The relationship id of a hyperlink to `url` (one per distinct URL)."""
        if url not in self.links:
            self.links[url] = self.relate(RELATIONSHIP_TYPE.HYPERLINK, url, external=True)
        return self.links[url]

    def add_footer(self, content: str) -> None:
        """Give the document a footer: the paragraph `content` (`docx_markup.footer_paragraph`).

        Call it before adding links, so the footer takes the first free relationship id as
        python-docx's footer did (it was made with the page, before the body).
        """
        self.footer = (self.relate(RELATIONSHIP_TYPE.FOOTER, FOOTER.removeprefix("word/")), content)

    def restarted_numbering(self, abstract_id: int, start: int) -> int:
        """A new numbering instance of abstract list `abstract_id` starting at `start`; its numId."""
        num_id = self.next_num_id(self.num_ids)
        self.num_ids.add(num_id)
        self.nums.append(
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'
        )
        return num_id

    def picture(self, picture: Picture, height: Length) -> str:
        """A `<w:drawing>` of `picture` scaled to `height` (embedded once however often it is shown)."""
        if picture.sha1 not in self.images:
            member = f"word/media/image{len(self.images) + 1}.{picture.ext}"
            rel_id = self.relate(RELATIONSHIP_TYPE.IMAGE, member.removeprefix("word/"))
            self.images[picture.sha1] = (rel_id, member, picture)
        rel_id = self.images[picture.sha1][0]
        self.shapes += 1
        inline = CT_Inline.new_pic_inline(self.shapes, rel_id, picture.filename, picture.cx, picture.cy)
        xml = (
            element_xml(inline).replace(f' xmlns:wp="{nsmap["wp"]}"', "", 1).replace(f' xmlns:r="{nsmap["r"]}"', "", 1)
        )
        return f"<w:drawing>{xml}</w:drawing>"  # wp: and r: are declared on the document's root


def load_picture(path: Path, height: Length) -> Picture:
    """Read an image file python-docx can embed, scaled to `height` with its aspect ratio."""
    image = Image.from_file(str(path))
    cx, cy = image.scaled_dimensions(None, height)
    return Picture(image.blob, image.ext, image.content_type, image.filename, cx, cy, image.sha1)


class BasePackage:
    """The base DOCX (from `docx.prepare_base`) as fixed members plus per-document templates."""

    def __init__(self, base: bytes, page_sizes_mm: dict[str, tuple[float, float]], margins_mm: dict[str, int]):
        with zipfile.ZipFile(io.BytesIO(base)) as archive:
            self.members = {name: archive.read(name) for name in archive.namelist()}
        self.order = list(self.members)
        document = self.members[DOCUMENT].decode()
        self.document_head = document[: document.index("<w:body>") + len("<w:body>")]
        self.pages = {size: _page(base, mm, margins_mm) for size, mm in page_sizes_mm.items()}
        rels = self.members[DOCUMENT_RELS].decode()
        self.rels_head = rels[: rels.rindex("</Relationships>")]
        self.rel_ids = set(re.findall(r'Id="(rId\d+)"', rels))
        self.content_types = _content_types(self.members[CONTENT_TYPES])
        numbering = self.members[NUMBERING].decode()
        end = numbering.find("<w:numIdMacAtCleanup")
        self.numbering_split = end if end >= 0 else numbering.rindex("</w:numbering>")
        self.num_ids = {int(n) for n in re.findall(r'<w:num w:numId="(\d+)"', numbering)}
        self.list_abstract_ids = _list_abstract_ids(base)
        self.footer_head, self.footer_tail = _footer_template()
        fonts = self.members[FONT_TABLE].decode()
        self.font_table_head = fonts[: fonts.rindex("</w:fonts>")]
        self._styles: dict[docx_xml.Languages, bytes] = {}

    def new_parts(self) -> DocumentParts:
        """Empty per-document additions, numbering their relationships and lists after the base's."""
        base_num_ids = self.num_ids

        def next_num_id(taken: set[int]) -> int:
            number = 1
            while number in base_num_ids or number in taken:
                number += 1
            return number

        return DocumentParts(set(self.rel_ids), next_num_id)

    def styles(self, languages: docx_xml.Languages) -> bytes:
        """styles.xml with the document's languages and complex-script font (made once for each)."""
        if languages not in self._styles:
            element = parse_xml(self.members[STYLES])
            docx_xml.set_languages(element, languages)
            self._styles[languages] = serialize_part_xml(element)
        return self._styles[languages]

    def assemble(self, meta: DocumentMeta, body: str, parts: DocumentParts, languages: docx_xml.Languages) -> bytes:
        """The DOCX bytes: base members with this document's body, properties and additions."""
        page = self.pages[meta.page_size]
        footer_ref = f'<w:footerReference w:type="default" r:id="{parts.footer[0]}"/>' if parts.footer else ""
        changed = {
            DOCUMENT: (
                f"{self.document_head}{body}{page.section.replace('{footer}', footer_ref)}</w:body></w:document>"
            ).encode(),
            CORE: core_properties(meta).encode(),
        }
        if parts.rels:
            changed[DOCUMENT_RELS] = (self.rels_head + "".join(parts.rels) + "</Relationships>").encode()
        if parts.nums:
            numbering = self.members[NUMBERING].decode()
            split = self.numbering_split
            changed[NUMBERING] = (numbering[:split] + "".join(parts.nums) + numbering[split:]).encode()
        extra: list[tuple[str, bytes]] = []
        defaults, overrides = dict(self.content_types[0]), dict(self.content_types[1])
        if parts.footer is not None:
            extra.append((FOOTER, (self.footer_head + parts.footer[1] + self.footer_tail).encode()))
            overrides["/" + FOOTER] = FOOTER_CONTENT_TYPE
        if parts.fonts:
            table, rels, files = self.font_table(parts.fonts)
            changed[FONT_TABLE] = table
            extra += [(FONT_TABLE_RELS, rels), *files]
            defaults[FONT_EXTENSION] = OBFUSCATED_FONT
        for _rel_id, member, picture in parts.images.values():
            extra.append((member, picture.blob))
            if (picture.ext.lower(), picture.content_type) in default_content_types:
                defaults[picture.ext.lower()] = picture.content_type
            else:
                overrides["/" + member] = picture.content_type
        if extra:
            changed[CONTENT_TYPES] = content_types_xml(defaults, overrides).encode()
        changed[STYLES] = self.styles(languages)
        members = [(name, changed.get(name, self.members[name])) for name in self.order]
        return write_zip([*members, *extra])

    def font_table(
        self, fonts: list[tuple[Family, list[tuple[str, str, bytes]]]]
    ) -> tuple[bytes, bytes, list[tuple[str, bytes]]]:
        """The font table with `fonts` added (each embedded face related by the table's own
        relationships), those relationships, and the font parts."""
        entries: list[str] = []
        rels: list[str] = []
        files: list[tuple[str, bytes]] = []
        for family, faces in fonts:
            embeds = []
            for face, key, data in faces:
                number = len(files) + 1
                rel_id = f"rId{number}"
                target = f"fonts/font{number}.{FONT_EXTENSION}"
                rels.append(f'<Relationship Id="{rel_id}" Type="{RELATIONSHIP_TYPE.FONT}" Target="{target}"/>')
                files.append((f"word/{target}", data))
                embeds.append((face, rel_id, key))
            entries.append(font_entry(family, embeds))
        table = (self.font_table_head + "".join(entries) + "</w:fonts>").encode()
        return table, (RELATIONSHIPS_HEAD + "".join(rels) + "</Relationships>").encode(), files


def core_properties(meta: DocumentMeta) -> str:
    """docProps/core.xml with every property set from `meta` (no "python-docx" author, no template dates)."""
    date = dt.datetime.combine(meta.date, dt.time()).strftime("%Y-%m-%dT%H:%M:%SZ")
    values = {
        "title": meta.title,
        "subject": meta.subject,
        "creator": meta.author,
        "keywords": ", ".join(meta.keywords),
        "lastModifiedBy": meta.author,
        "language": meta.language,
    }
    for name, value in values.items():
        if len(value) > CORE_PROPERTY_LIMIT:
            raise RenderError(
                f"the document's {name} is longer than {CORE_PROPERTY_LIMIT} characters: {value[:60]!r}..."
            )
    text = {name: escape_text(value) for name, value in values.items()}
    dated = f'xsi:type="dcterms:W3CDTF">{date}'
    return (
        f"{XML_DECLARATION}<cp:coreProperties {CORE_NAMESPACES}>"
        f"<dc:title>{text['title']}</dc:title><dc:subject>{text['subject']}</dc:subject>"
        f"<dc:creator>{text['creator']}</dc:creator><cp:keywords>{text['keywords']}</cp:keywords>"
        f"<dc:description></dc:description><cp:lastModifiedBy>{text['lastModifiedBy']}</cp:lastModifiedBy>"
        f"<cp:revision>1</cp:revision><dcterms:created {dated}</dcterms:created>"
        f"<dcterms:modified {dated}</dcterms:modified><cp:category></cp:category>"
        f"<dc:language>{text['language']}</dc:language><cp:lastPrinted>{date}</cp:lastPrinted></cp:coreProperties>"
    )


def content_types_xml(defaults: dict[str, str], overrides: dict[str, str]) -> str:
    """[Content_Types].xml as python-docx writes it: defaults by extension, then overrides by part, sorted."""
    items = [f'<Default Extension="{ext}" ContentType="{defaults[ext]}"/>' for ext in sorted(defaults)]
    items += [f'<Override PartName="{name}" ContentType="{overrides[name]}"/>' for name in sorted(overrides)]
    return (
        f'{XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f"{''.join(items)}</Types>"
    )


def write_zip(members: list[tuple[str, bytes]]) -> bytes:
    """A deflated zip of `(name, data)` members in order, each with the same fixed date and attributes.

    zipfile gives every member the current time and a "made by" system that depends on the
    platform unless told otherwise; with a `ZipInfo` of our own for each member, the same
    members give the same bytes on any machine and any day.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = ZIP_CREATE_SYSTEM
            info.external_attr = ZIP_MEMBER_MODE << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def element_xml(element: Any) -> str:
    """An lxml element as XML text, without the XML declaration."""
    return str(serialize_part_xml(element).decode().split("\n", 1)[1])


def _page(base: bytes, size_mm: tuple[float, float], margins_mm: dict[str, int]) -> Page:
    """The section properties python-docx writes for this page size and our margins."""
    word: Any = docx.Document(io.BytesIO(base))
    section = word.sections[0]
    section.page_width, section.page_height = Mm(size_mm[0]), Mm(size_mm[1])
    section.top_margin, section.right_margin = Mm(margins_mm["top"]), Mm(margins_mm["right"])
    section.bottom_margin, section.left_margin = Mm(margins_mm["bottom"]), Mm(margins_mm["left"])
    xml = element_xml(section._sectPr)
    xml = re.sub(r"\sxmlns:\w+=\"[^\"]*\"", "", xml)  # declared on the document root
    opening = xml.index(">") + 1
    block_width = Emu(section.page_width - section.left_margin - section.right_margin)
    return Page(xml[:opening] + "{footer}" + xml[opening:], block_width)


def _content_types(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
    root = parse_xml(data)
    ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    defaults = {e.get("Extension"): e.get("ContentType") for e in root.iter(f"{ns}Default")}
    overrides = {e.get("PartName"): e.get("ContentType") for e in root.iter(f"{ns}Override")}
    return defaults, overrides


def _list_abstract_ids(base: bytes) -> dict[str, int]:
    """Paragraph style name -> the abstract numbering its own list numbering refers to."""
    word: Any = docx.Document(io.BytesIO(base))
    numbering = word.part.numbering_part.element
    found = {}
    for style in word.styles:
        ppr = getattr(style.element, "pPr", None)
        if ppr is None or ppr.numPr is None or ppr.numPr.numId is None:
            continue
        found[style.name] = int(numbering.num_having_numId(ppr.numPr.numId.val).abstractNumId.val)
    return found


def _footer_template() -> tuple[str, str]:
    """python-docx's default footer part split where its paragraph goes (each document writes its own)."""
    xml = serialize_part_xml(parse_xml(FooterPart._default_footer_xml())).decode()  # type: ignore[no-untyped-call]
    start, end = xml.index("<w:p>"), xml.rindex("</w:p>") + len("</w:p>")
    return xml[:start], xml[end:]
