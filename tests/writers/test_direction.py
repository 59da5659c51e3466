"""Right to left and mixed directions in the PDF and the DOCX (issue 14).

A Persian letter quotes a Latin name, a URL and a number; an English brief quotes a Persian and
a Chinese name. The PDF's text, extracted, reads in logical order; the PDF, and the DOCX opened in
LibreOffice and saved as PDF, show each line's words in the order a reader expects, read from
the words' positions on the page (poppler's `pdftotext -bbox`).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from campaign.document.nodes import (
    AddressBlock,
    Block,
    BulletList,
    DateLine,
    Document,
    Footnote,
    FootnoteRef,
    Footnotes,
    Link,
    ListItem,
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
from campaign.document.scripts import scripts_of
from campaign.writers import get_writer
from campaign.writers.html import HtmlWriter
from tests.writers.writers_support import (
    FORMAT_CHARACTERS,
    expected_visual_order,
    libreoffice_pdfs,
    meta,
    pdf_reader,
    pdf_words,
    squash,
    visual_line,
    zip_members,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FA_LINE = "ما درباره Jimmy Lai نامه نوشتیم و نشانی https://example.org/case/ را در سال 2021 دیدیم."
"""Persian quoting a Latin name, a URL (its final slash is the URL's) and a number."""
EN_LINE = "Letters for Toomaj Salehi known as توماج صالحی and Jimmy Lai known as 黎智英 reached us."
"""English quoting a Persian and a Chinese name."""
REFERENCE = "tomaj-salehi/brief/un-wgad/2021-09-10"


def document(language: str, direction: str, blocks: tuple[Block, ...], **changes: object) -> Document:
    return Document(meta(language=language, direction=direction, scripts=scripts_of(blocks), **changes), blocks)


def persian_letter() -> Document:
    blocks: tuple[Block, ...] = (
        AddressBlock(("گروه کاری بازداشت خودسرانه", "Palais des Nations", "Geneva")),
        DateLine("تهران، ۱۹ شهریور ۱۴۰۰"),
        Subject((Text("درباره "), Strong((Text("Jimmy Lai"),)))),
        Salutation("خانم‌ها و آقایان،"),
        Paragraph((Text(FA_LINE),)),
        BulletList((ListItem((Text("آزادی فوری"),)), ListItem((Text("دسترسی به وکیل"),)))),
        Quotation((Paragraph((Text("هر کس حق آزادی عقیده و بیان دارد."), FootnoteRef(1))),)),
        Table(((Text("تاریخ"),), (Text("دادگاه"),)), (((Text("2021-09-10"),), (Text("دادگاه انقلاب"),)),)),
        Signature("با احترام،", "مریم", "هماهنگ‌کننده", "ائتلاف آزادی"),
        Footnotes("منابع", (Footnote(1, (Text("Amnesty International, 2021."),)),)),
    )
    label = "صفحه {page} از {pages}"
    return document("fa-IR", "rtl", blocks, kind="brief", page_label=label, title="نامه", reference=REFERENCE)


def english_brief() -> Document:
    blocks: tuple[Block, ...] = (
        Title((Text("Sanctions brief"),)),
        Paragraph((Text(EN_LINE),)),
        Paragraph((Text("Greek Ελλάδα, Armenian Հայաստան, Georgian საქართველო, Hebrew עברית."),)),
    )
    return document("en-GB", "ltr", blocks, kind="brief", page_label="Page {page} of {pages}", title="Brief")


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {"fa": get_writer("pdf").write(persian_letter()), "en": get_writer("pdf").write(english_brief())}


@pytest.fixture(scope="module")
def docxs() -> dict[str, bytes]:
    return {"fa": get_writer("docx").write(persian_letter()), "en": get_writer("docx").write(english_brief())}


@pytest.fixture(scope="module")
def libreoffice(docxs: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return libreoffice_pdfs(docxs, tmp_path_factory.mktemp("libreoffice"))


def extracted(data: bytes, folder: Path) -> str:
    """The PDF's text as poppler extracts it (logical order), without direction controls or white space."""
    path = folder / "text.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    return squash(FORMAT_CHARACTERS.sub("", text))


def in_order(text: str, *pieces: str) -> bool:
    positions = [text.find(squash(piece)) for piece in pieces]
    return -1 not in positions and positions == sorted(positions)


def test_the_persian_pdf_text_reads_in_logical_order(pdfs: dict[str, bytes], tmp_path: Path) -> None:
    text = extracted(pdfs["fa"], tmp_path)
    assert squash(FA_LINE) in text
    assert in_order(text, "Palais des Nations", "Geneva", "درباره", "Jimmy Lai", "منابع", "Amnesty International, 2021")


def test_the_english_pdf_text_reads_in_logical_order(pdfs: dict[str, bytes], tmp_path: Path) -> None:
    assert squash(EN_LINE) in extracted(pdfs["en"], tmp_path)


LINES = [("fa", FA_LINE, "rtl", "https://example.org/case/"), ("en", EN_LINE, "ltr", "Toomaj")]
"""Document, its mixed line, the line's direction, and a word found on that line only."""


@pytest.mark.parametrize(("name", "line", "direction", "anchor"), LINES)
def test_pdf_lines_show_in_visual_order(
    pdfs: dict[str, bytes], tmp_path: Path, name: str, line: str, direction: str, anchor: str
) -> None:
    expected = expected_visual_order(line, direction)
    seen = visual_line(pdf_words(pdfs[name], tmp_path), anchor)
    assert len(seen) == len(expected), seen
    assert all(map(_same, seen, expected)), (seen, expected)


@pytest.mark.parametrize(("name", "line", "direction", "anchor"), LINES)
def test_docx_lines_show_in_visual_order_in_libreoffice(
    libreoffice: dict[str, bytes], tmp_path: Path, name: str, line: str, direction: str, anchor: str
) -> None:
    expected = expected_visual_order(line, direction)
    seen = visual_line(pdf_words(libreoffice[name], tmp_path), anchor)
    assert len(seen) == len(expected), seen
    assert all(map(_same, seen, expected)), (seen, expected)


def _same(seen: str, expected: str) -> bool:
    return seen in (expected, expected[::-1])


def test_the_persian_page_is_mirrored(pdfs: dict[str, bytes], tmp_path: Path) -> None:
    """Text starts at the right margin, the date and the bullets sit on the other sides, the
    reference at the right of the footer; read from the words' positions on the A4 page (595 pt wide)."""
    words = pdf_words(pdfs["fa"], tmp_path)

    def x_of(word: str) -> float:
        return next(x for text, x, _ in words if text in (word, word[::-1]))

    bullet = x_of("•")
    assert x_of("Geneva") > 595 / 2 and x_of("Palais") > 595 / 2  # the address block on the right
    assert x_of("تهران،") < 595 / 3  # the date on the left
    assert bullet > x_of("فوری")  # the bullet to the right of its item
    assert x_of(REFERENCE) > 595 / 2  # the reference at the binding side, the right
    assert not [text for text, _, _ in words if "صفحه" in text]  # no "page 1 of 1"


def test_the_persian_page_footer_is_mirrored(tmp_path: Path) -> None:
    """In a right-to-left document of several pages the reference is at the right, the page label at the left."""
    letter = persian_letter()
    longer = (*letter.children[:-2], *(Paragraph((Text(FA_LINE),)) for _ in range(40)), *letter.children[-2:])
    words = pdf_words(get_writer("pdf").write(Document(letter.meta, longer)), tmp_path)
    label = [x for text, x, y in words if text in ("صفحه", "صفحه"[::-1]) and y > 780]
    assert len(label) == 1 and label[0] < 595 / 2
    assert next(x for text, x, y in words if text == REFERENCE and y > 780) > 595 / 2


def test_pdf_carries_the_language(pdfs: dict[str, bytes]) -> None:
    assert pdf_reader(pdfs["fa"]).trailer["/Root"]["/Lang"] == "fa-IR"
    assert pdf_reader(pdfs["en"]).trailer["/Root"]["/Lang"] == "en-GB"


def test_html_isolates_runs_of_the_other_direction() -> None:
    html = HtmlWriter(media="email").render(persian_letter())
    assert '<html lang="fa-IR" dir="rtl">' in html
    assert "\u2066Jimmy Lai\u2069" in html and "\u2066https://example.org/case/\u2069" in html
    assert "\u20662021\u2069" in html
    english = HtmlWriter(media="email").render(english_brief())
    assert "\u2067توماج صالحی\u2069" in english and '<html lang="en-GB">' in english


# --- DOCX markup ------------------------------------------------------------------------------

RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "color", "sz", "szCs", "u", "vertAlign", "rtl", "cs", "lang"]
"""The order of the run properties we write, as CT_RPr in the WordprocessingML schema has them."""
PPR_ORDER = ["pStyle", "keepNext", "numPr", "bidi", "spacing", "ind", "jc"]


def body(data: bytes) -> etree._Element:
    return etree.fromstring(zip_members(data)["word/document.xml"]).find(f"{W}body")


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


def test_right_to_left_docx_marks_paragraphs_runs_and_tables(docxs: dict[str, bytes]) -> None:
    root = body(docxs["fa"])
    paragraphs = list(root.iter(f"{W}p"))
    assert paragraphs and all(p.find(f"{W}pPr/{W}bidi") is not None for p in paragraphs)
    assert root.find(f"{W}tbl/{W}tblPr/{W}bidiVisual") is not None
    runs = list(root.iter(f"{W}r"))
    persian = [r for r in runs if re.search("[\u0600-\u06ff]", "".join(r.itertext()))]
    latin = [r for r in runs if re.search("[A-Za-z]", "".join(r.itertext()))]
    assert persian and latin
    for run in persian:
        assert run.find(f"{W}rPr/{W}rtl") is not None and run.find(f"{W}rPr/{W}cs") is not None
    for run in latin:
        assert run.find(f"{W}rPr/{W}rtl") is None, "".join(run.itertext())
    bold_persian = [r for r in persian if r.find(f"{W}rPr/{W}b") is not None]
    assert all(r.find(f"{W}rPr/{W}bCs") is not None for r in bold_persian)
    checked = [*((r.find(f"{W}rPr"), RPR_ORDER) for r in runs), *((p.find(f"{W}pPr"), PPR_ORDER) for p in paragraphs)]
    for element, order in checked:
        if element is not None:
            names = [local(child) for child in element]
            assert names == sorted(names, key=order.index), names


def test_left_to_right_docx_marks_only_the_persian_run(docxs: dict[str, bytes]) -> None:
    root = body(docxs["en"])
    assert all(p.find(f"{W}pPr/{W}bidi") is None for p in root.iter(f"{W}p"))
    rtl_runs = ["".join(r.itertext()) for r in root.iter(f"{W}r") if r.find(f"{W}rPr/{W}rtl") is not None]
    assert [FORMAT_CHARACTERS.sub("", text) for text in rtl_runs] == ["توماج صالحی", "עברית"]
    hebrew = next(r for r in root.iter(f"{W}r") if "עברית" in "".join(r.itertext()))
    assert hebrew.find(f"{W}rPr/{W}rFonts").get(f"{W}cs") == "Campaign Serif Hebrew"
    chinese = next(r for r in root.iter(f"{W}r") if "黎智英" in "".join(r.itertext()))
    assert chinese.find(f"{W}rPr/{W}rFonts").get(f"{W}hint") == "eastAsia"


def styles_defaults(data: bytes) -> etree._Element:
    styles = etree.fromstring(zip_members(data)["word/styles.xml"])
    return styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")


def test_docx_languages_and_font_slots() -> None:
    zh = Document(meta(language="zh-Hant-TW", scripts=("Hani",)), (Paragraph((Text("黎智英先生"),)),))
    fa = persian_letter()
    expectations = [
        (zh, {"val": "zh-Hant-TW", "eastAsia": "zh-Hant-TW", "bidi": None}, "Campaign Naskh Arabic"),
        (fa, {"val": "fa-IR", "eastAsia": None, "bidi": "fa-IR"}, "Campaign Naskh Arabic"),
        (
            Document(meta(language="he", direction="rtl", scripts=("Hebr",)), (Paragraph((Text("שלום"),)),)),
            {"val": "he", "eastAsia": None, "bidi": "he"},
            "Campaign Serif Hebrew",
        ),
    ]
    for doc, lang, complex_font in expectations:
        defaults = styles_defaults(get_writer("docx").write(doc))
        assert {slot: defaults.find(f"{W}lang").get(f"{W}{slot}") for slot in lang} == lang
        fonts = defaults.find(f"{W}rFonts")
        assert fonts.get(f"{W}eastAsia") == "Campaign Serif CJK"
        assert fonts.get(f"{W}cs") == complex_font and fonts.get(f"{W}ascii") == "Campaign Serif"


def test_every_style_has_complex_script_sizes_and_weights(docxs: dict[str, bytes]) -> None:
    styles = etree.fromstring(zip_members(docxs["fa"])["word/styles.xml"])
    for rpr in styles.iter(f"{W}rPr"):
        for tag, twin in (("b", "bCs"), ("i", "iCs"), ("sz", "szCs")):
            element = rpr.find(f"{W}{tag}")
            if element is not None:
                assert rpr.find(f"{W}{twin}") is not None and rpr.find(f"{W}{twin}").attrib == element.attrib


def test_a_url_broken_in_a_right_to_left_paragraph_reads_left_to_right_on_each_line(tmp_path: Path) -> None:
    """The URL is one left-to-right run: on each line its piece is drawn in its own order,
    "https://example.org/...", never its pieces in right-to-left order ("org/ .example //:https")."""
    url = "https://www.example.org/reports/2021/kazakhstan-political-prisoners/appeal-court-decision-of-the-instance"
    paragraph = Paragraph((Text("برای جزئیات به نشانی "), Link(url, (Text(url),)), Text(" مراجعه کنید.")))
    words = pdf_words(get_writer("pdf").write(document("fa-IR", "rtl", (paragraph, paragraph))), tmp_path)
    lines: dict[float, list[tuple[float, str]]] = {}
    for text, x, y in words:
        if text.isascii():
            lines.setdefault(y, []).append((x, text))
    pieces = ["".join(text for _, text in sorted(line)).strip(".") for line in lines.values()]
    assert len(pieces) >= 3 and pieces[0].startswith("https://"), pieces
    assert all(piece in url for piece in pieces), pieces
