"""The DOCX writer, checked by reading its files back with python-docx, zipfile and lxml."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from campaign.document.nodes import Document, Paragraph, Text
from campaign.writers import get_writer
from campaign.writers.docx import DocxWriter
from tests.writers.writers_support import (
    KAZAKH_LOWER,
    KAZAKH_UPPER,
    brief,
    docx_document,
    docx_text,
    letter,
    meta,
    zip_members,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def letter_docx() -> bytes:
    return get_writer("docx").write(letter())


@pytest.fixture(scope="module")
def brief_docx() -> bytes:
    return get_writer("docx").write(brief(1))


def test_real_word_styles_are_used(letter_docx: bytes) -> None:
    word = docx_document(letter_docx)
    used = {paragraph.style.name for paragraph in word.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Number", "Quote", "Note"} <= used
    assert {"Letterhead Organisation", "Address", "Date Line", "Subject", "Salutation", "Signature"} <= used
    assert [table.style.name for table in word.tables] == ["Table Grid"]
    heading = next(p for p in word.paragraphs if p.style.name == "Heading 1")
    assert heading.text == "Іс мән-жайы"


def test_ordered_lists_restart_at_their_own_start(letter_docx: bytes) -> None:
    text = docx_text(letter_docx)
    assert "1. Отменить приговор\n2. Снять запрет\n3. Third\n4. Fourth" in text


def test_fonts_declared_in_every_slot_without_theme_fonts(letter_docx: bytes) -> None:
    styles = etree.fromstring(zip_members(letter_docx)["word/styles.xml"])
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    # the Noto families the PDF's fonts are cut from: Latin, Greek and Cyrillic; CJK; Arabic script
    expected = {"ascii": "Noto Serif", "hAnsi": "Noto Serif", "eastAsia": "Noto Serif CJK SC"}
    expected["cs"] = "Noto Naskh Arabic"
    assert {slot: defaults.get(f"{W}{slot}") for slot in expected} == expected
    for rfonts in styles.iter(f"{W}rFonts"):
        assert not [name for name in rfonts.attrib if "Theme" in name or "theme" in name], etree.tostring(rfonts)
        assert rfonts.get(f"{W}hAnsi") == "Noto Serif"  # Cyrillic is drawn from the hAnsi slot
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "kk"


def test_core_properties_come_from_the_document(letter_docx: bytes) -> None:
    props = docx_document(letter_docx).core_properties
    assert props.title == "Апелляция: Жанболат Мамай"
    assert props.author == "Freedom for Kazakhstan Coalition"
    assert props.language == "kk"
    assert props.keywords == "Mamay, Art. 405"
    expected = dt.datetime(2021, 9, 10)
    assert props.created.replace(tzinfo=None) == expected and props.modified.replace(tzinfo=None) == expected
    assert all(b"python-docx" not in content for content in zip_members(letter_docx).values())


@pytest.mark.parametrize(("size", "mm"), [("A4", (210, 297)), ("Letter", (215.9, 279.4))])
def test_page_size_follows_meta(size: str, mm: tuple[float, float]) -> None:
    data = get_writer("docx").write(Document(meta(page_size=size), (Paragraph((Text("x"),)),)))
    section = docx_document(data).sections[0]
    assert (section.page_width, section.page_height) == pytest.approx((Mm(mm[0]), Mm(mm[1])), abs=Mm(0.1))


def test_brief_footer_has_page_x_of_y_fields(brief_docx: bytes) -> None:
    footer = docx_document(brief_docx).sections[0].footer
    paragraph = footer.paragraphs[0]
    fields = [f.get(qn("w:instr")).strip() for f in paragraph._p.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert "Бет" in "".join(t.text for t in paragraph._p.iter(qn("w:t")))


def test_letter_has_no_page_number_footer(letter_docx: bytes) -> None:
    assert not [name for name in zip_members(letter_docx) if name.startswith("word/footer")]


def test_kazakh_text_and_every_part_well_formed(letter_docx: bytes) -> None:
    text = docx_text(letter_docx)
    assert KAZAKH_UPPER in text and KAZAKH_LOWER in text
    for name, content in zip_members(letter_docx).items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(content)


def test_links_are_real_hyperlinks(letter_docx: bytes) -> None:
    word = docx_document(letter_docx)
    links = [link for paragraph in word.paragraphs for link in paragraph.hyperlinks]
    assert [(link.address, link.text) for link in links] == [("https://example.org/mamay?x=1&y=2", "материалы дела")]


def test_same_document_same_bytes() -> None:
    first = get_writer("docx").write(brief(1))
    second = DocxWriter().write(brief(1))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def _runs_by_word(data: bytes, words: tuple[str, ...]) -> dict[str, dict[str, str] | None]:
    """For each word, the `w:rFonts` attributes (local names) of the run holding it; None: no rFonts."""
    body = etree.fromstring(zip_members(data)["word/document.xml"])
    found: dict[str, dict[str, str] | None] = {}
    for run in body.iter(f"{W}r"):
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        fonts = run.find(f"{W}rPr/{W}rFonts")
        for word in words:
            if word in text:
                found[word] = None if fonts is None else {etree.QName(k).localname: v for k, v in fonts.attrib.items()}
    return found


def test_each_script_names_its_family_in_every_document_one_writer_writes() -> None:
    # each character's family is remembered between documents: the same text in an English
    # document, a Hebrew one (its complex-script slot is Hebrew) and the English one again
    writer = DocxWriter()
    words = ("Case", "Հայաստան", "中国", "עברית")
    paragraph = (Paragraph((Text("Case 12 Հայաստան 2021 中国 עברית end"),)),)
    english = writer.write(Document(meta(language="en-GB"), paragraph))
    hebrew = writer.write(Document(meta(language="he", direction="rtl"), paragraph))
    armenian = {"ascii": "Noto Serif Armenian", "hAnsi": "Noto Serif Armenian"}
    chinese = {"hint": "eastAsia"}
    assert _runs_by_word(english, words) == {
        "Case": None,
        "Հայաստան": armenian,
        "中国": chinese,
        "עברית": {"cs": "Noto Serif Hebrew"},
    }
    assert _runs_by_word(hebrew, words) == {"Case": None, "Հայաստան": armenian, "中国": chinese, "עברית": None}
    assert writer.write(Document(meta(language="en-GB"), paragraph)) == english
