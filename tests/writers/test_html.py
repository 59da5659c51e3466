"""The HTML writer's two variants and the plain-text writer."""

from __future__ import annotations

from typing import Literal

import pytest
from lxml import etree

from campaign.document.nodes import Document, FootnoteRef, Link, Paragraph, Text
from campaign.writers.assets import CSS_DIR
from campaign.writers.html import HtmlWriter
from campaign.writers.text import TextWriter
from tests.writers.writers_support import brief, letter, meta


def parse(html: str) -> etree._Element:
    return etree.fromstring(html.encode(), etree.HTMLParser())


def test_email_variant_inlines_the_screen_css_and_has_no_page_footer() -> None:
    tree = parse(HtmlWriter(media="email").render(brief(1)))
    styles = list(tree.iter("style"))
    assert len(styles) == 1
    assert styles[0].text == (CSS_DIR / "document.css").read_text(encoding="utf-8")
    assert "url(" not in styles[0].text
    assert not tree.xpath("//*[@class='page-footer']")


def test_print_variant_has_the_page_footer_and_reference_on_every_document() -> None:
    brief_tree = parse(HtmlWriter(media="print").render(brief(1, reference="mamay/brief/kz/2021-09-10")))
    footer = brief_tree.xpath("//div[@class='page-footer']")[0]
    assert "".join(footer.itertext()) == "Бет  / "  # the numbers come from CSS counters
    assert "".join(brief_tree.xpath("//div[@class='page-reference']")[0].itertext()) == "mamay/brief/kz/2021-09-10"
    assert list(brief_tree.iter("style")) == []
    assert parse(HtmlWriter(media="print").render(letter())).xpath("//*[@class='page-footer']")
    assert not parse(HtmlWriter(media="email").render(letter())).xpath("//*[@class='page-footer']")


def test_head_carries_the_metadata() -> None:
    tree = parse(HtmlWriter().render(letter()))
    assert tree.get("lang") == "kk"
    assert tree.findtext(".//title") == "Апелляция: Жанболат Мамай"
    metas = {m.get("name"): m.get("content") for m in tree.iter("meta") if m.get("name")}
    assert metas["author"] == "Freedom for Kazakhstan Coalition"
    assert metas["dcterms.created"] == "2021-09-10"
    assert metas["keywords"] == "Mamay, Art. 405"


def test_footnote_calls_link_to_their_notes() -> None:
    tree = parse(HtmlWriter().render(letter()))
    targets = [a.get("href") for a in tree.xpath("//sup[@class='footnote-ref']/a")]
    assert targets == ["#note-1", "#note-2"]
    assert [note.get("id") for note in tree.xpath("//p[@class='note']")] == ["note-1", "note-2"]


def test_plain_text_layout() -> None:
    text = TextWriter().render(letter())
    assert "2 года и 2 месяца[1]" in text
    assert "• Судья Ғалым\n" in text
    assert "3. Third\n4. Fourth" in text
    assert "материалы дела <https://example.org/mamay?x=1&y=2>" in text
    assert "21.06.2021 | Алматинский городской суд | 1 год 6 месяцев" in text
    assert text.endswith("[2] European Parliament resolution of 11 February 2021.\n")


def test_note_calls_are_bound_to_their_word_and_set_apart_after_a_digit() -> None:
    inlines = (Text("Sentenced in 2021"), FootnoteRef(1), Text(", upheld on appeal"), FootnoteRef(2), Text("."))
    paragraph = Paragraph(inlines)
    tree = parse(HtmlWriter(media="print").render(Document(meta(language="en-GB"), (paragraph,))))
    noted = tree.xpath("//span[@class='noted']")
    assert ["".join(span.itertext()) for span in noted] == ["20211,", "appeal2."]  # word, call, punctuation
    assert [sup.get("class") for sup in tree.iter("sup")] == ["footnote-ref after-digit", "footnote-ref"]


@pytest.mark.parametrize("media", ["print", "email"])
def test_a_url_as_link_text_breaks_only_after_its_separators(media: Literal["print", "email"]) -> None:
    """In an email a `<wbr>` after each run of separators; for WeasyPrint, which lays a `<wbr>`
    out as a zero width space, that character itself, in the link's one text."""
    url = "https://example.org/a-b/c?d=1&e=2"
    tree = parse(HtmlWriter(media=media).render(Document(meta(), (Paragraph((Link(url, (Text(url),)),)),))))
    (link,) = tree.iter("a")
    if media == "print":
        assert not list(link.iter("wbr"))
        pieces = link.text.split("\u200b")
    else:
        assert "\u200b" not in link.text
        pieces = [link.text, *(wbr.tail for wbr in link.iter("wbr"))]
    assert pieces == ["https://", "example.", "org/", "a-", "b/", "c?", "d=", "1&", "e=", "2"]
    assert link.get("class") == "url"
