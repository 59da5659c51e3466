"""Template Markdown to document nodes: what is supported, and that nothing else slips through."""

from __future__ import annotations

import pytest

from campaign.document import nodes as n
from campaign.errors import RenderError
from campaign.render.environment import FOOTNOTE_CLOSE, FOOTNOTE_OPEN
from campaign.render.markup import parse_blocks, parse_inline


def test_block_constructs() -> None:
    source = (
        "# One\n\n## Two\n\nA **strong** and *em* [site](https://example.org).\n\n"
        "- a\n- b\n\n3. c\n4. d\n\n> quoted\n\n| H1 | H2 |\n|----|----|\n| x | y |\n"
    )
    blocks = parse_blocks(source)
    assert blocks == (
        n.Heading(1, (n.Text("One"),)),
        n.Heading(2, (n.Text("Two"),)),
        n.Paragraph(
            (
                n.Text("A "),
                n.Strong((n.Text("strong"),)),
                n.Text(" and "),
                n.Emphasis((n.Text("em"),)),
                n.Text(" "),
                n.Link("https://example.org", (n.Text("site"),)),
                n.Text("."),
            )
        ),
        n.BulletList((n.ListItem((n.Text("a"),)), n.ListItem((n.Text("b"),)))),
        n.OrderedList((n.ListItem((n.Text("c"),)), n.ListItem((n.Text("d"),))), start=3),
        n.Quotation((n.Paragraph((n.Text("quoted"),)),)),
        n.Table(((n.Text("H1"),), (n.Text("H2"),)), (((n.Text("x"),), (n.Text("y"),)),)),
    )


def test_footnote_markers_become_references() -> None:
    blocks = parse_blocks(f"Fact{FOOTNOTE_OPEN}1{FOOTNOTE_CLOSE} and more{FOOTNOTE_OPEN}2{FOOTNOTE_CLOSE}.\n")
    assert blocks == (
        n.Paragraph((n.Text("Fact"), n.FootnoteRef(1), n.Text(" and more"), n.FootnoteRef(2), n.Text("."))),
    )


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x"])
def test_non_web_links_stay_text(url: str) -> None:
    (paragraph,) = parse_blocks(f"[x]({url})\n")
    assert paragraph == n.Paragraph((n.Text(f"[x]({url})"),))


def test_link_node_refuses_other_schemes() -> None:
    with pytest.raises(ValueError, match="only http"):
        n.Link("file:///etc/passwd", (n.Text("x"),))


@pytest.mark.parametrize(
    "source",
    ["<b>raw html</b>", "    indented code", "```\nfence\n```", "<https://example.org>"],
)
def test_unsupported_markup_is_text_or_error(source: str) -> None:
    try:
        blocks = parse_blocks(source + "\n")
    except RenderError:
        return
    for block in blocks:
        assert isinstance(block, n.Paragraph)
        assert all(isinstance(child, (n.Text, n.LineBreak)) for child in block.children)


def test_images_are_never_images() -> None:
    (paragraph,) = parse_blocks("![img](https://example.org/x.png)\n")
    assert paragraph == n.Paragraph((n.Text("!"), n.Link("https://example.org/x.png", (n.Text("img"),))))


def test_nested_list_is_refused() -> None:
    with pytest.raises(RenderError, match="nested"):
        parse_blocks("- a\n  - b\n")


def test_inline_subject() -> None:
    assert parse_inline("Appeal for **X**") == (n.Text("Appeal for "), n.Strong((n.Text("X"),)))
    with pytest.raises(RenderError):
        parse_inline("# heading\n\nparagraph")
