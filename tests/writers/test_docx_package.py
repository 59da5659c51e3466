"""The DOCX package assembled from the prepared base: every part present, referenced and typed,
and nothing carried over from one document to the next. Read back with zipfile, lxml and python-docx."""

from __future__ import annotations

import io
import posixpath
import sys
import zipfile
from pathlib import Path

import pytest
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Mm
from lxml import etree
from PIL import Image

from campaign.document.nodes import Document, Letterhead, ListItem, OrderedList, Paragraph, Text
from campaign.writers.docx import DocxWriter
from tests.writers.writers_support import brief, docx_document, docx_text, list_starts, meta, zip_members

R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def relationships(members: dict[str, bytes], rels_name: str) -> dict[str, tuple[str, str, str | None]]:
    root = etree.fromstring(members[rels_name])
    return {
        rel.get("Id"): (rel.get("Type").rsplit("/", 1)[1], rel.get("Target"), rel.get("TargetMode"))
        for rel in root.iter(f"{PKG_RELS}Relationship")
    }


def assert_package_is_whole(data: bytes) -> None:
    """Every r:id used in document.xml exists; every internal target is a member; every member has a type."""
    members = zip_members(data)
    rels = relationships(members, "word/_rels/document.xml.rels")
    used = {
        value
        for element in etree.fromstring(members["word/document.xml"]).iter()
        for name, value in element.attrib.items()
        if name.startswith(R)
    }
    assert used <= set(rels), used - set(rels)
    for _kind, target, mode in rels.values():
        if mode != "External":
            assert posixpath.normpath(posixpath.join("word", target)) in members, target
    types = etree.fromstring(members["[Content_Types].xml"])
    defaults = {e.get("Extension") for e in types.iter(f"{TYPES}Default")}
    overrides = {e.get("PartName") for e in types.iter(f"{TYPES}Override")}
    for name in members:
        if name != "[Content_Types].xml":
            assert f"/{name}" in overrides or name.rsplit(".", 1)[1] in defaults, name


def test_logo_shown_twice_is_embedded_once_and_reads_back_18mm_high(tmp_path: Path) -> None:
    assets = tmp_path / "assets"
    assets.mkdir()
    Image.new("RGB", (40, 20), "navy").save(assets / "logo.png")
    Image.new("RGB", (30, 30), "red").save(assets / "seal.jpg")
    heads = (Letterhead("Org", ("Line",), logo="logo.png"), Letterhead("Org", ("Line",), logo="logo.png"))
    document = Document(
        meta(kind="brief"), (*heads, Letterhead("Seal", (), logo="seal.jpg"), Paragraph((Text("Body"),)))
    )
    data = DocxWriter(asset_dirs=[assets]).write(document)
    assert_package_is_whole(data)
    media = sorted(name for name in zip_members(data) if name.startswith("word/media/"))
    assert media == ["word/media/image1.png", "word/media/image2.jpg"]
    shapes = docx_document(data).inline_shapes
    assert len(shapes) == 3
    assert all(abs(shape.height - Mm(18)) < Mm(0.1) for shape in shapes)
    assert abs(shapes[0].width - Mm(36)) < Mm(0.1)  # aspect ratio kept (40 x 20 pixels)
    ids = [e.get("id") for e in etree.fromstring(zip_members(data)["word/document.xml"]).iter() if e.get("id")]
    doc_pr_ids = [i for i in ids if i != "0"]
    assert len(doc_pr_ids) == len(set(doc_pr_ids)) == 3


def test_brief_with_links_is_a_whole_package_with_its_footer() -> None:
    data = DocxWriter().write(brief(1))
    assert_package_is_whole(data)
    members = zip_members(data)
    kinds = [kind for kind, _target, _mode in relationships(members, "word/_rels/document.xml.rels").values()]
    assert kinds.count("footer") == 1 and kinds.count("hyperlink") >= 1
    footer = docx_document(data).sections[0].footer.paragraphs[0]
    # the page label against a right tab stop at the end of the text's line, after the reference's tab
    (stop,) = footer.paragraph_format.tab_stops
    text_width = docx_document(data).sections[0].page_width - Mm(22 + 25)
    assert stop.alignment == WD_TAB_ALIGNMENT.RIGHT and abs(stop.position - text_width) < Mm(0.1)
    assert footer.text.startswith("\tБет ")


def test_nothing_carries_over_between_documents() -> None:
    writer = DocxWriter()
    lists = Document(
        meta(language="ru"),
        (
            OrderedList((ListItem((Text("five"),)),), start=5),
            OrderedList((ListItem((Text("one"),)), ListItem((Text("two"),))), start=1),
        ),
    )
    plain = Document(meta(language="de"), (Paragraph((Text("plain"),)),))
    first, second, again = writer.write(lists), writer.write(plain), writer.write(lists)
    assert first == again
    assert docx_text(first) == "5. five\n1. one\n2. two"
    assert len(list_starts(docx_document(second))) < len(list_starts(docx_document(first)))
    for data, language in ((first, "ru"), (second, "de")):
        styles = etree.fromstring(zip_members(data)["word/styles.xml"])
        assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}val") == language
        assert docx_document(data).core_properties.language == language
    # every document has its own footer and its own fonts, cut to its characters
    footers = [zip_members(data)["word/footer1.xml"] for data in (first, second)]
    assert b"five" not in footers[1] and b"Page" in footers[1]
    chinese = writer.write(Document(meta(language="zh"), (Paragraph((Text("黎智英"),)),)))
    fonts = [[name for name in zip_members(data) if name.startswith("word/fonts/")] for data in (chinese, second)]
    assert len(fonts[0]) == 2 and len(fonts[1]) == 1  # Campaign Serif (for the footer), and CJK only where used


def test_zip_members_are_checked_and_have_fixed_dates_and_attributes() -> None:
    """zipfile verifies every CRC and sees the same date, compression and attributes on every member."""
    data = DocxWriter().write(brief(1))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        infos = archive.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert {(i.date_time, i.compress_type, i.external_attr >> 16, i.create_system, i.flag_bits) for i in infos} == {
            ((1980, 1, 1, 0, 0, 0), zipfile.ZIP_DEFLATED, 0o644, 0, 0)
        }
        # the XML parts compress well (the embedded fonts, already compact, much less)
        xml = [i for i in infos if not i.filename.startswith("word/fonts/")]
        assert sum(i.compress_size for i in xml) < sum(i.file_size for i in xml) / 3


def test_same_bytes_whatever_platform_the_build_runs_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """zipfile's default "made by" system follows `sys.platform`; the package must not."""
    writer = DocxWriter()
    here = writer.write(brief(1))
    monkeypatch.setattr(sys, "platform", "linux" if sys.platform == "win32" else "win32")
    assert writer.write(brief(1)) == here
