"""The PDF writer, checked by reading its files back with pypdf."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess

import pytest

from campaign.document.nodes import (
    BulletList,
    Document,
    Emphasis,
    Footnote,
    FootnoteRef,
    Footnotes,
    Heading,
    Inline,
    Link,
    ListItem,
    OrderedList,
    Paragraph,
    Quotation,
    Strong,
    Table,
    Text,
)
from campaign.errors import RenderError
from campaign.writers import get_writer
from campaign.writers.pdf import PdfWriter
from tests.writers.writers_support import (
    KAZAKH_LOWER,
    KAZAKH_UPPER,
    brief,
    letter,
    meta,
    pdf_body_text,
    pdf_dicts,
    pdf_page_texts,
    pdf_reader,
    squash,
)

A4_POINTS = (595.28, 841.89)
LETTER_POINTS = (612.0, 792.0)


@pytest.fixture(scope="module")
def letter_pdf() -> bytes:
    return get_writer("pdf").write(letter())


@pytest.fixture(scope="module")
def brief_pdf() -> bytes:
    return get_writer("pdf").write(brief())


def test_metadata_title_author_language_keywords_date(letter_pdf: bytes) -> None:
    reader = pdf_reader(letter_pdf)
    info = reader.metadata
    assert info is not None
    assert info.title == "Апелляция: Жанболат Мамай"
    assert info.author == "Freedom for Kazakhstan Coalition"
    assert info["/Keywords"] == "Mamay, Art. 405"
    assert info["/CreationDate"].startswith("D:20210910")
    assert reader.trailer["/Root"]["/Lang"] == "kk"


@pytest.mark.parametrize(("size", "points"), [("A4", A4_POINTS), ("Letter", LETTER_POINTS)])
def test_page_size_follows_meta(size: str, points: tuple[float, float]) -> None:
    data = get_writer("pdf").write(Document(meta(page_size=size), (Paragraph((Text("x"),)),)))
    box = pdf_reader(data).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(points, abs=0.5)


def test_fonts_are_the_bundled_family_and_embedded(letter_pdf: bytes) -> None:
    fonts = [obj for obj in pdf_dicts(letter_pdf) if obj.get("/Type") == "/FontDescriptor"]
    assert fonts, "no font descriptors found"
    for descriptor in fonts:
        assert "/FontFile2" in descriptor, descriptor["/FontName"]
    # WeasyPrint names a font loaded through @font-face after its CSS family: these are the bundled
    # files, not a system font of the same design
    names = {re.sub(r"^/[A-Z]{6}\+", "", d["/FontName"]) for d in fonts}
    assert names == {"Campaign-Serif", "Campaign-Serif-Bold", "Campaign-Serif-Italic", "Campaign-Serif-Bold-Italic"}


def test_kazakh_and_russian_text_come_back(letter_pdf: bytes) -> None:
    text = squash(pdf_body_text(letter_pdf))
    assert KAZAKH_UPPER in text and KAZAKH_LOWER in text
    assert squash("Приговор от 2 сентября 2021 года: 2 года и 2 месяца") in text


def test_brief_pages_are_numbered_page_x_of_y(brief_pdf: bytes) -> None:
    pages = pdf_page_texts(brief_pdf)
    assert len(pages) >= 3
    for number, text in enumerate(pages, 1):
        assert f"Бет {number} / {len(pages)}" in text


def test_every_page_of_a_letter_carries_its_reference_and_page_x_of_y() -> None:
    reference = "mamay/appeal/kz-mfa/2021-09-10"
    pages = pdf_page_texts(get_writer("pdf").write(letter(reference=reference)))
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in text and reference in text


def test_a_one_page_document_carries_its_reference_without_page_x_of_1() -> None:
    reference = "mamay/appeal/kz-mfa/2021-09-10"
    document = Document(meta(reference=reference), (Paragraph((Text("One page."),)),))
    (text,) = pdf_page_texts(get_writer("pdf").write(document))
    assert reference in text and "Page" not in text


def test_every_footnote_number_resolves_to_a_note(brief_pdf: bytes) -> None:
    document = brief()
    refs = {
        n.number
        for block in document.children
        if isinstance(block, Paragraph)
        for n in block.children
        if isinstance(n, FootnoteRef)
    }
    text = pdf_body_text(brief_pdf, document.meta.page_label)
    notes_part = text[text.rindex("Дереккөздер") :]
    found = {int(n) for n in re.findall(r"^(\d+)\.", notes_part, re.MULTILINE)}
    assert refs == found == {1, 2}
    # the superscript numbers are links to the notes, inside the document
    links = [a for a in pdf_dicts(brief_pdf) if a.get("/Subtype") == "/Link"]
    internal = [a for a in links if "/Dest" in a or a.get("/A", {}).get("/S") == "/GoTo"]
    assert len(internal) == 2


def test_same_document_same_bytes_and_environment_restored() -> None:
    before = os.environ.get("SOURCE_DATE_EPOCH")
    first = get_writer("pdf").write(brief())
    second = PdfWriter().write(brief())  # a fresh writer, fresh font configuration
    assert first == second
    assert os.environ.get("SOURCE_DATE_EPOCH") == before


def inline_styles() -> Document:
    """Bold, italic and links inside every kind of block that has inline text (the letter sets them in bold blocks)."""
    styled = (
        Text("plain "),
        Strong((Text("bold "), Emphasis((Text("both"),)))),
        Text(" "),
        Emphasis((Text("italic"),)),
        Text(" "),
        Link("https://example.org/", (Text("link"),)),
        FootnoteRef(1),
    )
    return Document(
        meta(),
        (
            Heading(1, styled),
            Paragraph(styled),
            BulletList((ListItem(styled),)),
            Quotation((Paragraph(styled),)),
            Table((styled, styled), ((styled, styled),)),
            Footnotes("Notes", (Footnote(1, styled),)),
        ),
    )


def test_bold_italic_and_links_come_back_from_every_kind_of_block() -> None:
    """`inline_styles` has its styled run in 9 places: heading, paragraph, list item, quotation, 4 cells, note."""
    data = get_writer("pdf").write(inline_styles())
    links = [a for a in pdf_dicts(data) if a.get("/Subtype") == "/Link"]
    uris = [a["/A"]["/URI"] for a in links if "/URI" in a.get("/A", {})]
    assert uris == ["https://example.org/"] * 9
    assert len(links) - len(uris) == 9  # each note number links to its note
    descriptors = [d for d in pdf_dicts(data) if d.get("/Type") == "/FontDescriptor"]
    fonts = {re.sub(r"^/[A-Z]{6}\+", "", d["/FontName"]) for d in descriptors}
    assert fonts == {"Campaign-Serif", "Campaign-Serif-Bold", "Campaign-Serif-Italic", "Campaign-Serif-Bold-Italic"}
    assert squash(pdf_body_text(data)).count(squash("plain bold both italic link1")) == 9


def test_different_campaign_date_changes_the_metadata() -> None:
    import datetime as dt

    data = get_writer("pdf").write(Document(meta(date=dt.date(2022, 6, 1)), (Paragraph((Text("x"),)),)))
    assert pdf_reader(data).metadata["/CreationDate"].startswith("D:20220601")


@pytest.mark.parametrize("char", ["\U0001f44d", "\U00020000"], ids=["thumbs-up", "cjk-ext-b"])
def test_a_character_no_font_has_fails_the_document(char: str) -> None:
    document = Document(meta(), (Paragraph((Text(f"ok {char} ok"),)),))
    with pytest.raises(RenderError, match=f"U\\+{ord(char):04X}"):
        get_writer("pdf").write(document)


def test_a_long_word_wraps_instead_of_being_clipped() -> None:
    word = "KZ" + "7" * 2998
    data = get_writer("pdf").write(Document(meta(), (Paragraph((Text(word),)),)))
    lines = [line for text in pdf_page_texts(data) for line in text.splitlines() if line.strip()]
    assert len(lines) >= 10  # wrapped into many lines, none wider than the page
    assert squash("".join(lines)) == word


def test_unknown_page_label_field_is_an_error() -> None:
    document = dataclasses.replace(brief(1), meta=meta(kind="brief", page_label="Page {page} of {total}"))
    with pytest.raises(RenderError, match="total"):
        get_writer("pdf").write(document)


def test_a_missing_glyph_is_caught_even_when_the_app_silenced_weasyprint() -> None:
    import logging

    logger = logging.getLogger("weasyprint")
    logger.setLevel(logging.CRITICAL)
    try:
        with pytest.raises(RenderError, match="U\\+1F44D"):
            get_writer("pdf").write(Document(meta(), (Paragraph((Text("\U0001f44d"),)),)))
        assert logger.level == logging.CRITICAL
    finally:
        logger.setLevel(logging.NOTSET)


def test_numbered_lists_count_from_their_start_even_zero_and_negative() -> None:
    def numbered(start: int, *items: str) -> OrderedList:
        return OrderedList(tuple(ListItem((Text(item),)) for item in items), start=start)

    document = Document(
        meta(),
        (
            numbered(1, "один", "два"),
            numbered(3, "Third", "Fourth"),
            numbered(0, "zero"),
            numbered(-2, "minus two", "minus one"),
            numbered(3, "again three"),
            Paragraph((Text('<ol start="9"> is text'),)),
        ),
    )
    lines = [line.strip() for line in pdf_page_texts(get_writer("pdf").write(document))[0].splitlines()]
    assert lines == [
        "1. один",
        "2. два",
        "3. Third",
        "4. Fourth",
        "0. zero",
        "-2. minus two",
        "-1. minus one",
        "3. again three",
        '<ol start="9"> is text',
    ]


URL = "https://www.example.org/reports/2021/kazakhstan-political-prisoners/appeal-court-decision?lang=en&page=2"
URL_SEPARATORS = "/.-?&=_#~"
DIGEST = "108ee4ab5bea2e2ef2a751f5950016ff054e13882933c186430e3a167195d14b"


@pytest.fixture(scope="module")
def typography_lines() -> list[str]:
    """The lines of an English paragraph that runs a long URL and words carrying note calls to
    every position of the line (each repeat starts a little further on), with a file's path and
    SHA-256 digest as an evidence annex prints them, as poppler reads them."""
    words = "the internationally recognised characteristics of unconstitutional administrative proceedings"
    parts: list[Inline] = []
    for index in range(14):
        parts += [Text("x" * 2 * index + f" {words} see "), Link(URL, (Text(URL),)), Text(" as of 2021")]
        parts += [FootnoteRef(1), Text(", then incomprehensibility"), FootnoteRef(2), Text(". ")]
        parts += [Text(f"Copy: evidence/unconstitutional_administrative.txt, SHA-256 {DIGEST}. ")]
    notes = Footnotes("Notes", (Footnote(1, (Text("One."),)), Footnote(2, (Text("Two."),))))
    pdf = get_writer("pdf").write(Document(meta(language="en-GB"), (Paragraph(tuple(parts)), notes)))
    done = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode().splitlines()


def test_urls_break_only_after_separators(typography_lines: list[str]) -> None:
    breaks = 0
    for line, following in zip(typography_lines, typography_lines[1:], strict=False):
        if not line.split() or not following.split():
            continue
        end, start = line.split()[-1], following.split()[0]
        if (end + start).removesuffix(".") in URL and not URL.endswith(end):  # the URL runs on
            breaks += 1
            assert end[-1] in URL_SEPARATORS, (line, following)
    assert breaks >= 10  # the URL was broken, often


def test_text_is_hyphenated_but_never_a_word_with_a_note_call(typography_lines: list[str]) -> None:
    hyphenated = [line for line in typography_lines if line.endswith("\u2010")]
    assert hyphenated  # WeasyPrint's hyphen, from the English dictionary
    text = "\n".join(typography_lines)
    assert text.count("incomprehensibility") == 14  # bound to its note call: never cut


def test_a_digest_or_a_path_is_never_hyphenated(typography_lines: list[str]) -> None:
    """Hyphenation is on in this paragraph (the test above), but a code is not a word: a hyphen
    would read as part of it. The digest fits on a line, so it is never cut; the path may break
    after its separators, as a URL does, but never with a hyphen added."""
    hyphenated = [line.split()[-1] for line in typography_lines if line.endswith("\u2010")]
    assert hyphenated and not [word for word in hyphenated if DIGEST.startswith(word[:-1]) or "/" in word]
    assert "\n".join(typography_lines).count(DIGEST) == 14
    joined = " ".join(typography_lines).replace("/ ", "/").replace("_ ", "_")
    assert joined.count("unconstitutional_administrative.txt") == 14
