"""The strict visitor, and the exhaustiveness check: every writer handles every node class."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from campaign.document import nodes
from campaign.document.visitor import NodeVisitor, UnknownNodeError, concrete_node_classes, missing_visit_methods
from campaign.writers.docx import DocxTranslator
from campaign.writers.html import HtmlTranslator
from campaign.writers.text import TextTranslator


def test_node_classes_are_found_by_introspection() -> None:
    names = {cls.__name__ for cls in concrete_node_classes()}
    known = """Text Strong Emphasis Link FootnoteRef LineBreak Letterhead AddressBlock DateLine Title Subject
        Salutation Heading Paragraph ListItem BulletList OrderedList Quotation Table Signature Footnote Footnotes"""
    assert set(known.split()) <= names  # node types added later are found too
    assert "Document" not in names and "DocumentMeta" not in names


@pytest.mark.parametrize("translator", [TextTranslator, HtmlTranslator, DocxTranslator])
def test_every_writer_handles_every_node_class(translator: type[NodeVisitor[object]]) -> None:
    assert missing_visit_methods(translator) == []


def test_an_unknown_node_raises() -> None:
    @dataclass(frozen=True)
    class Marquee:
        text: str

    class Echo(NodeVisitor[str]):
        def visit_Text(self, node: nodes.Text) -> str:
            return node.text

    assert Echo().visit(nodes.Text("hi")) == "hi"
    with pytest.raises(UnknownNodeError, match="Echo cannot render node type 'Marquee'"):
        Echo().visit(Marquee("hello"))
    assert "Marquee" not in {cls.__name__ for cls in concrete_node_classes()}
    assert "Paragraph" in missing_visit_methods(Echo)
