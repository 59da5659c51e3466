"""Plain-text writer: the email body, and a readable dump of a document for tests and diffs.

Blocks are separated by one blank line; lists get `•` or `N.` markers; a footnote reference is
written `[N]` so a reader of the plain email can still find the source in the notes at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from campaign.document.nodes import (
    AddressBlock,
    BulletList,
    DateLine,
    Document,
    Emphasis,
    Footnote,
    FootnoteRef,
    Footnotes,
    Heading,
    Inline,
    Letterhead,
    LineBreak,
    Link,
    ListItem,
    OrderedList,
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
from campaign.document.visitor import NodeVisitor


class TextTranslator(NodeVisitor[str]):
    """Turns each node into its plain text; a block's text has no trailing newline."""

    def inlines(self, children: tuple[Inline, ...]) -> str:
        return "".join(self.visit_all(children))

    # inlines
    def visit_Text(self, node: Text) -> str:
        return node.text

    def visit_Strong(self, node: Strong) -> str:
        return self.inlines(node.children)

    def visit_Emphasis(self, node: Emphasis) -> str:
        return self.inlines(node.children)

    def visit_Link(self, node: Link) -> str:
        text = self.inlines(node.children)
        return text if text == node.url else f"{text} <{node.url}>"

    def visit_FootnoteRef(self, node: FootnoteRef) -> str:
        return f"[{node.number}]"

    def visit_LineBreak(self, node: LineBreak) -> str:
        return "\n"

    # blocks
    def visit_Letterhead(self, node: Letterhead) -> str:
        return "\n".join((node.organisation, *node.lines))

    def visit_AddressBlock(self, node: AddressBlock) -> str:
        return "\n".join(node.lines)

    def visit_DateLine(self, node: DateLine) -> str:
        return node.text

    def visit_Title(self, node: Title) -> str:
        return self.inlines(node.children)

    def visit_Subject(self, node: Subject) -> str:
        return self.inlines(node.children)

    def visit_Salutation(self, node: Salutation) -> str:
        return node.text

    def visit_Heading(self, node: Heading) -> str:
        return self.inlines(node.children)

    def visit_Paragraph(self, node: Paragraph) -> str:
        return self.inlines(node.children)

    def visit_ListItem(self, node: ListItem) -> str:
        return self.inlines(node.children)

    def visit_BulletList(self, node: BulletList) -> str:
        return "\n".join(f"• {self.visit(item)}" for item in node.items)

    def visit_OrderedList(self, node: OrderedList) -> str:
        return "\n".join(f"{n}. {self.visit(item)}" for n, item in enumerate(node.items, node.start))

    def visit_Quotation(self, node: Quotation) -> str:
        paragraphs = (self.visit(p) for p in node.children)
        return "\n\n".join("\n".join(f"    {line}" for line in p.split("\n")) for p in paragraphs)

    def visit_Table(self, node: Table) -> str:
        rows = (node.header, *node.rows) if node.header else node.rows
        return "\n".join(" | ".join(self.inlines(cell) for cell in row) for row in rows)

    def visit_Signature(self, node: Signature) -> str:
        opening = (node.closing, "") if node.closing else ()
        return "\n".join((*opening, node.name, *(x for x in (node.title, node.organisation) if x)))

    def visit_Footnote(self, node: Footnote) -> str:
        return f"[{node.number}] {self.inlines(node.children)}"

    def visit_Footnotes(self, node: Footnotes) -> str:
        return "\n".join((node.heading, *(self.visit(note) for note in node.notes)))


class TextWriter:
    """Writes a document as UTF-8 plain text."""

    def __init__(self, asset_dirs: Sequence[Path] = ()) -> None:
        """`asset_dirs` is accepted for a uniform constructor; plain text has no images."""

    def render(self, document: Document) -> str:
        """The document's text (blocks separated by blank lines, ending in one newline)."""
        translator = TextTranslator()
        return "\n\n".join(translator.visit_all(document.children)) + "\n"

    def write(self, document: Document) -> bytes:
        return self.render(document).encode("utf-8")

    def warm_up(self) -> None:
        """Nothing to prepare; present so every writer has the same interface."""
