"""The DOCX writer, checked by reading its files back with python-docx, zipfile and lxml."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from fontTools.ttLib import TTFont
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
    libreoffice_pdfs,
    meta,
    zip_members,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
UNRELATED_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
"""A face of no family the documents name (fonts-dejavu-core, installed by `setup.sh`)."""


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
    # the PDF's own families, embedded in the document: Latin, Greek and Cyrillic; CJK; Arabic script
    expected = {"ascii": "Campaign Serif", "hAnsi": "Campaign Serif", "eastAsia": "Campaign Serif CJK"}
    expected["cs"] = "Campaign Naskh Arabic"
    assert {slot: defaults.get(f"{W}{slot}") for slot in expected} == expected
    for rfonts in styles.iter(f"{W}rFonts"):
        assert not [name for name in rfonts.attrib if "Theme" in name or "theme" in name], etree.tostring(rfonts)
        assert rfonts.get(f"{W}hAnsi") == "Campaign Serif"  # Cyrillic is drawn from the hAnsi slot
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


def test_every_document_has_its_reference_and_page_x_of_y_in_the_footer() -> None:
    data = get_writer("docx").write(letter(reference="mamay/appeal/kz-gp/2021-09-10"))
    paragraph = docx_document(data).sections[0].footer.paragraphs[0]
    fields = [f.get(qn("w:instr")).strip() for f in paragraph._p.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert paragraph.text == "mamay/appeal/kz-gp/2021-09-10\tPage  of "  # the numbers are the fields'


def style_properties(data: bytes) -> dict[str, etree._Element]:
    """Each paragraph style's name -> its `w:pPr` (an empty element where it has none)."""
    styles = etree.fromstring(zip_members(data)["word/styles.xml"])
    found = {}
    for style in styles.iter(f"{W}style"):
        ppr = style.find(f"{W}pPr")
        found[style.find(f"{W}name").get(f"{W}val")] = ppr if ppr is not None else etree.Element(f"{W}pPr")
    return found


def test_page_break_rules_as_in_the_pdf(letter_docx: bytes) -> None:
    """Headings and the lines before the closing stay with what follows; rows never split; header
    rows repeat; the closing stays with the signature; widow and orphan control everywhere."""
    styles = style_properties(letter_docx)
    for name in ("heading 1", "heading 2", "heading 3", "Title", "Subject", "Salutation", "Closing", "Notes Heading"):
        assert styles[name].find(f"{W}keepNext") is not None, name
    for name in ("Closing", "Signature", "Note"):
        assert styles[name].find(f"{W}keepLines") is not None, name
    assert styles["Normal"].find(f"{W}widowControl") is not None
    body = etree.fromstring(zip_members(letter_docx)["word/document.xml"]).find(f"{W}body")
    rows = list(body.iter(f"{W}tr"))
    assert rows and all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
    assert [row.find(f"{W}trPr/{W}tblHeader") is not None for row in rows] == [True, False, False]
    paragraphs = list(body.iter(f"{W}p"))
    closing = next(i for i, p in enumerate(paragraphs) if "".join(p.itertext()) == "С уважением,")
    assert paragraphs[closing - 1].find(f"{W}pPr/{W}keepNext") is not None  # the last lines of the text


def test_letterhead_rule_and_hyphenation(letter_docx: bytes) -> None:
    styles = style_properties(letter_docx)
    rule = styles["Letterhead"].find(f"{W}pBdr/{W}bottom")
    assert rule is not None and rule.get(f"{W}val") == "single"
    assert styles["Notes Heading"].find(f"{W}pBdr/{W}top") is not None
    settings = etree.fromstring(zip_members(letter_docx)["word/settings.xml"])
    assert settings.find(f"{W}autoHyphenation") is not None
    for name in ("heading 1", "Address", "Signature"):
        assert styles[name].find(f"{W}suppressAutoHyphens") is not None, name
    assert styles["Normal"].find(f"{W}suppressAutoHyphens") is None


def embedded_fonts(data: bytes) -> dict[tuple[str, str], TTFont]:
    """(family, face) -> the embedded font, de-obfuscated as ECMA-376 Part 1, 17.8.1 says: the
    first 32 bytes XORed with the font key's 16 bytes, taken from its last hex pair to its first."""
    members = zip_members(data)
    rels = etree.fromstring(members["word/_rels/fontTable.xml.rels"])
    targets = {rel.get("Id"): "word/" + rel.get("Target") for rel in rels}
    fonts = {}
    for font in etree.fromstring(members["word/fontTable.xml"]).iter(f"{W}font"):
        for embed in font:
            if not etree.QName(embed).localname.startswith("embed"):
                continue
            key = bytes.fromhex(embed.get(f"{W}fontKey").strip("{}").replace("-", ""))[::-1]
            obfuscated = members[targets[embed.get(f"{R}id")]]
            head = bytes(byte ^ key[index % 16] for index, byte in enumerate(obfuscated[:32]))
            face = etree.QName(embed).localname.removeprefix("embed")
            fonts[(font.get(f"{W}name"), face)] = TTFont(io.BytesIO(head + obfuscated[32:]))
    return fonts


def test_the_fonts_the_document_uses_are_embedded(letter_docx: bytes) -> None:
    members = zip_members(letter_docx)
    settings = etree.fromstring(members["word/settings.xml"])
    assert settings.find(f"{W}embedTrueTypeFonts") is not None
    types = etree.fromstring(members["[Content_Types].xml"])
    defaults = {d.get("Extension"): d.get("ContentType") for d in types if d.get("Extension")}
    assert defaults["odttf"] == "application/vnd.openxmlformats-officedocument.obfuscatedFont"
    fonts = embedded_fonts(letter_docx)
    # the text's faces: regular, bold (headings, header cells), italic (Heading 3, emphasis),
    # bold italic (the title's emphasis)
    assert set(fonts) == {("Campaign Serif", face) for face in ("Regular", "Bold", "Italic", "BoldItalic")}
    text = docx_text(letter_docx)
    for (family, _face), font in fonts.items():
        assert font["name"].getDebugName(1) == family  # the bundled name, which no installed font has
        assert font["OS/2"].fsType == 0  # installable: Word and LibreOffice load it
    regular = fonts[("Campaign Serif", "Regular")].getBestCmap()
    assert {char for char in text if not char.isspace()} <= {chr(code) for code in regular}


def test_documents_that_differ_by_a_thin_space_or_a_tab_embed_the_same_fonts() -> None:
    """A face is cut once per worker for the documents of one language and scripts: a thin space
    (a number's thousands) or a tab in one of them, which any document may hold, does not make
    another cut, and the embedded face still draws the thin space."""
    documents = [
        Document(meta(language="en", scripts=("Latn",)), (Paragraph((Text(text),)),))
        for text in ("Sentenced to 5 years", "Sentenced to 5\u2009years\tin 2021")
    ]
    fonts = []
    for document in documents:
        data = get_writer("docx").write(document)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            fonts.append(sorted(package.read(name) for name in package.namelist() if name.startswith("word/fonts/")))
    assert fonts[0] and fonts[0] == fonts[1]
    regular = embedded_fonts(get_writer("docx").write(documents[1]))[("Campaign Serif", "Regular")]
    assert 0x2009 in regular.getBestCmap()


def test_a_document_carries_only_the_families_its_text_needs() -> None:
    fonts = embedded_fonts(get_writer("docx").write(Document(meta(), (Paragraph((Text("Алматы 黎智英"),)),))))
    assert set(fonts) == {("Campaign Serif", "Regular"), ("Campaign Serif CJK", "Regular")}
    cjk = fonts[("Campaign Serif CJK", "Regular")].getBestCmap()
    assert {ord(char) for char in "黎智英"} <= set(cjk) and len(cjk) < 200  # only the characters it sets


def test_a_rarer_ideograph_is_set_and_embedded_in_the_cjk_supplement() -> None:
    """丌 (GB 2312 level 2) is in the supplement's file, not the first CJK family's: its run names
    the supplement in the East Asian slot, and that family's cut carries it."""
    data = get_writer("docx").write(Document(meta(), (Paragraph((Text("黎智英 丌亓"),)),)))
    fonts = embedded_fonts(data)
    cjk_families = {family for family, _face in fonts} - {"Campaign Serif"}  # Campaign Serif: the page footer
    assert cjk_families == {"Campaign Serif CJK", "Campaign Serif CJK Supplement"}
    assert {ord(c) for c in "黎智英"} <= set(fonts[("Campaign Serif CJK", "Regular")].getBestCmap())
    assert {ord(c) for c in "丌亓"} <= set(fonts[("Campaign Serif CJK Supplement", "Regular")].getBestCmap())
    assert _runs_by_word(data, ("黎智英", "丌亓")) == {
        "黎智英": {"hint": "eastAsia"},
        "丌亓": {"eastAsia": "Campaign Serif CJK Supplement", "hint": "eastAsia"},
    }
    assert docx_text(data).replace(" ", "") == "黎智英丌亓"


def test_an_arabic_name_embeds_the_letters_of_arabic_persian_and_urdu_not_the_whole_block() -> None:
    """A campaigner can type any letter of the languages written in the script of the text (the
    face is cut to them), but the face does not carry the letters of every language the Unicode
    block serves (Sindhi's, Pashto's...), which would double its size."""
    name = "كريم ماسيموف"
    document = Document(meta(scripts=("Arab", "Latn")), (Paragraph((Text(f"Karim Massimov ({name})"),)),))
    fonts = embedded_fonts(get_writer("docx").write(document))
    arabic = {chr(code) for code in fonts[("Campaign Naskh Arabic", "Regular")].getBestCmap()}
    assert set(name) - {" "} <= arabic
    assert set("ابتثجحخدذرزسشصضطظعغفقكلمنهويپچژکگیٹڈڑںھہے٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹،؛؟") <= arabic
    assert not set("ٺٻڀڃڄڇڊڌڍڎڏړڕږڗښڛڜڝڞڟڠڡڢڣڤڥڦڧڨڪګڬڭڮڰڱڲڳڴڵڶڷڸڹڻڼڽڿۄۅۆۇۈۉۊۋۍێۏېۑ") & arabic


@pytest.fixture(scope="module")
def without_installed_fonts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment in which LibreOffice finds no font but one unrelated face (it will not start
    with none): a fontconfig of its own, with a home and font folder of its own."""
    home = tmp_path_factory.mktemp("no-fonts")
    (home / "fonts").mkdir()
    shutil.copy(UNRELATED_FONT, home / "fonts")
    folders = f"<dir>{home / 'fonts'}</dir><cachedir>{home / 'cache'}</cachedir>"
    (home / "fonts.conf").write_text(f'<?xml version="1.0"?><fontconfig>{folders}</fontconfig>')
    return {"HOME": str(home), "FONTCONFIG_FILE": str(home / "fonts.conf")}


def test_libreoffice_sets_the_docx_in_its_embedded_fonts_when_none_is_installed(
    letter_docx: bytes, without_installed_fonts: dict[str, str], tmp_path: Path
) -> None:
    environment = {**os.environ, **without_installed_fonts}
    listed = subprocess.run(["fc-list"], env=environment, capture_output=True, check=True).stdout.decode()
    assert "Noto" not in listed and "Campaign" not in listed and listed.strip()
    pdf = libreoffice_pdfs({"letter": letter_docx}, tmp_path, env=environment)["letter"]
    (tmp_path / "seen.pdf").write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(tmp_path / "seen.pdf")], capture_output=True, check=True).stdout.decode()
    names = {re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in fonts.splitlines()[2:]}
    assert {"CampaignSerif-Regular", "CampaignSerif-Bold", "CampaignSerif-Italic"} <= names, fonts


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
    armenian = {"ascii": "Campaign Serif Armenian", "hAnsi": "Campaign Serif Armenian"}
    chinese = {"hint": "eastAsia"}
    assert _runs_by_word(english, words) == {
        "Case": None,
        "Հայաստան": armenian,
        "中国": chinese,
        "עברית": {"cs": "Campaign Serif Hebrew"},
    }
    assert _runs_by_word(hebrew, words) == {"Case": None, "Հայաստան": armenian, "中国": chinese, "עברית": None}
    assert writer.write(Document(meta(language="en-GB"), paragraph)) == english
