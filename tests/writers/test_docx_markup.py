"""Untrusted text through the DOCX body markup, checked by reading the files back with python-docx and lxml."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn
from lxml import etree

from campaign.document.nodes import (
    AddressBlock,
    Document,
    Emphasis,
    Footnote,
    FootnoteRef,
    Footnotes,
    Heading,
    LineBreak,
    Link,
    Paragraph,
    Signature,
    Strong,
    Table,
    Text,
)
from campaign.errors import RenderError
from campaign.writers import get_writer
from tests.writers.writers_support import docx_document, meta, zip_members

HOSTILE = [
    "a < b && c > d",
    "]]> after a CDATA end",
    "<![CDATA[ x ]]>",
    '<w:r><w:t>injected</w:t></w:r>"',
    "&amp; stays &amp;, &#x41; stays &#x41;",
    "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>&e;",
    "'single' and \"double\" quotes",
    "emoji 🎉 and astral 𝔘",
]


def write(*blocks: object, **meta_changes: object) -> bytes:
    return get_writer("docx").write(Document(meta(**meta_changes), tuple(blocks)))  # type: ignore[arg-type]


def test_hostile_text_is_read_back_literally_in_every_place_text_goes() -> None:
    data = write(
        *(Paragraph((Text(value),)) for value in HOSTILE),
        Heading(2, (Strong((Emphasis((Text(HOSTILE[0]),)),)),)),
        AddressBlock(tuple(HOSTILE)),
        Table(((Text(HOSTILE[1]),),), (((Link("https://example.org/?a=1&b=2", (Text(HOSTILE[2]),)),),),)),
        Signature(HOSTILE[3], HOSTILE[4], HOSTILE[5], HOSTILE[6]),
        Footnotes(HOSTILE[7], (Footnote(1, (Text(HOSTILE[3]),)),)),
        title=HOSTILE[5],
        author=HOSTILE[3],
        subject=HOSTILE[1],
        keywords=(HOSTILE[0], HOSTILE[2]),
    )
    word = docx_document(data)
    texts = [p.text for p in word.paragraphs]
    for value in HOSTILE:
        assert value in texts
    assert "\n".join(HOSTILE) in texts  # the address block: one paragraph, lines broken with <w:br/>
    assert HOSTILE[0] in texts and f"1.\t{HOSTILE[3]}" in texts
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert cells == [HOSTILE[1], HOSTILE[2]]
    assert [link.address for p in word.tables[0].rows[1].cells[0].paragraphs for link in p.hyperlinks] == [
        "https://example.org/?a=1&b=2"
    ]
    props = word.core_properties
    assert (props.title, props.author, props.subject) == (HOSTILE[5], HOSTILE[3], HOSTILE[1])
    assert props.keywords == f"{HOSTILE[0]}, {HOSTILE[2]}"
    body = etree.fromstring(zip_members(data)["word/document.xml"]).find(qn("w:body"))
    assert {e.tag for e in body.iter() if "injected" in (e.text or "")} == {qn("w:t")}
    assert not [t for t in body.iter(qn("w:t")) if t.text == "injected"]  # markup in text stays text
    assert not list(body.iter(etree.Entity))


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x1f", "\ufffe", "\uffff", "\ud800"])
def test_characters_xml_cannot_hold_are_refused_with_their_code_point(char: str) -> None:
    with pytest.raises(RenderError, match=f"U\\+{ord(char):04X}"):
        write(Paragraph((Text(f"before{char}after"),)))
    with pytest.raises(RenderError, match=f"U\\+{ord(char):04X}"):
        write(Paragraph((Text("body"),)), title=f"title {char}")


def test_tabs_line_breaks_and_edge_spaces_survive() -> None:
    data = write(Paragraph((Text("  lead"), Text("\tafter tab"), LineBreak(), Text("trail  "), Text(""))))
    paragraph = docx_document(data).paragraphs[0]
    assert paragraph.text == "  lead\tafter tab\ntrail  "
    run_children = [child.tag for run in paragraph._p.iter(qn("w:r")) for child in run]
    assert run_children.count(qn("w:tab")) == 1 and run_children.count(qn("w:br")) == 1


def test_formatting_of_runs_reads_back() -> None:
    data = write(
        Paragraph(
            (
                Strong((Text("bold "), Emphasis((Text("both"),)))),
                Emphasis((Text("italic"),)),
                Link("https://example.org/a", (Strong((Text("linked"),)), FootnoteRef(2))),
                FootnoteRef(3),
            )
        )
    )
    runs = docx_document(data).paragraphs[0]._p.iter(qn("w:r"))
    seen = []
    for run in runs:
        rpr = run.find(qn("w:rPr"))
        text = "".join(t.text for t in run.iter(qn("w:t")))
        flags = set() if rpr is None else {child.tag.split("}")[1] for child in rpr}
        seen.append((text, flags))
    assert seen == [
        ("bold ", {"b"}),
        ("both", {"b", "i"}),
        ("italic", {"i"}),
        ("linked", {"b", "color", "u"}),
        ("2", {"color", "u", "vertAlign"}),
        ("3", {"vertAlign"}),
    ]


def test_links_get_one_relationship_per_address_and_nested_links_keep_text_order() -> None:
    data = write(
        Paragraph((Link("https://example.org/1", (Text("one"),)), Link("https://example.org/1", (Text("again"),)))),
        Paragraph(
            (
                Link(
                    "https://example.org/outer",
                    (Text("outer "), Link("https://example.org/inner", (Text("inner"),)), Text(" outer again")),
                ),
            )
        ),
    )
    word = docx_document(data)
    first, second = word.paragraphs
    assert [(link.address, link.text) for link in first.hyperlinks] == [
        ("https://example.org/1", "one"),
        ("https://example.org/1", "again"),
    ]
    assert len({link._hyperlink.rId for link in first.hyperlinks}) == 1
    assert second.text == "outer inner outer again"
    assert [link.address for link in second.hyperlinks] == [
        "https://example.org/outer",
        "https://example.org/inner",
        "https://example.org/outer",
    ]


def test_core_property_over_word_limit_is_refused() -> None:
    with pytest.raises(RenderError, match="title is longer than 255"):
        write(Paragraph((Text("x"),)), title="x" * 256)
