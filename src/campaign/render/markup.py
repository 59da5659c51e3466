"""Template output (CommonMark + tables) to document nodes.

Markdown is what a campaigner can read and edit in a template; markdown-it-py parses it with raw
HTML, images and code blocks switched off, so the only constructs are the ones our writers know.
Any token we do not map is an error (never silently dropped text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

from campaign.document import nodes as n
from campaign.errors import RenderError
from campaign.render.environment import FOOTNOTE_CLOSE, FOOTNOTE_OPEN

_PARSER = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .enable("table")
    .disable(["image", "code", "fence", "html_block", "html_inline", "autolink", "reference", "hr", "lheading"])
)
_FOOTNOTE = re.compile(f"{FOOTNOTE_OPEN}(\\d+){FOOTNOTE_CLOSE}")


def parse_blocks(markdown: str) -> tuple[n.Block, ...]:
    """Parse a rendered template body into block nodes."""
    tokens = _PARSER.parse(markdown)
    return tuple(_Blocks(tokens).blocks())


def parse_inline(markdown: str) -> tuple[n.Inline, ...]:
    """Parse one line (a subject or title) into inline nodes."""
    blocks = parse_blocks(markdown.strip().replace("\n", " "))
    if not blocks:
        return ()
    if len(blocks) != 1 or not isinstance(blocks[0], n.Paragraph):
        raise RenderError("a subject or title must be a single line of text")
    return blocks[0].children


class _Blocks:
    """A cursor over markdown-it's flat token stream that rebuilds the block structure."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0

    def next(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expect(self, kind: str) -> Token:
        token = self.next()
        if token.type != kind:
            raise RenderError(f"unexpected markup '{token.type}' where '{kind}' was expected")
        return token

    def blocks(self, until: str | None = None) -> Iterator[n.Block]:
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if until and token.type == until:
                self.pos += 1
                return
            self.pos += 1
            yield self.block(token)
        if until:
            raise RenderError(f"unclosed markup, missing '{until}'")

    def block(self, token: Token) -> n.Block:
        match token.type:
            case "heading_open":
                level = min(int(token.tag[1]), 3)
                children = self.inline()
                self.expect("heading_close")
                return n.Heading(level, children)
            case "paragraph_open":
                children = self.inline()
                self.expect("paragraph_close")
                return n.Paragraph(children)
            case "bullet_list_open":
                return n.BulletList(self.items("bullet_list_close"))
            case "ordered_list_open":
                start = int(token.attrs.get("start", 1) or 1)
                return n.OrderedList(self.items("ordered_list_close"), start)
            case "blockquote_open":
                paragraphs = []
                for block in self.blocks("blockquote_close"):
                    if not isinstance(block, n.Paragraph):
                        raise RenderError("a quotation may contain only paragraphs")
                    paragraphs.append(block)
                return n.Quotation(tuple(paragraphs))
            case "table_open":
                return self.table()
        raise RenderError(f"markup '{token.type}' is not supported in letters")

    def items(self, close: str) -> tuple[n.ListItem, ...]:
        items: list[n.ListItem] = []
        while True:
            token = self.next()
            if token.type == close:
                return tuple(items)
            if token.type != "list_item_open":
                raise RenderError(f"unexpected markup '{token.type}' in a list")
            parts: list[n.Inline] = []
            for block in self.blocks("list_item_close"):
                if not isinstance(block, n.Paragraph):
                    raise RenderError("nested lists and other blocks inside list items are not supported")
                if parts:
                    parts.append(n.LineBreak())
                parts.extend(block.children)
            items.append(n.ListItem(tuple(parts)))

    def table(self) -> n.Table:
        header: list[tuple[n.Inline, ...]] = []
        rows: list[tuple[tuple[n.Inline, ...], ...]] = []
        row: list[tuple[n.Inline, ...]] = []
        in_head = False
        while True:
            token = self.next()
            match token.type:
                case "table_close":
                    return n.Table(tuple(header), tuple(rows))
                case "thead_open":
                    in_head = True
                case "thead_close":
                    in_head = False
                case "tr_open":
                    row = []
                case "tr_close":
                    if in_head:
                        header = row
                    else:
                        rows.append(tuple(row))
                case "th_open" | "td_open":
                    row.append(self.inline())
                case "th_close" | "td_close" | "tbody_open" | "tbody_close":
                    pass
                case other:
                    raise RenderError(f"markup '{other}' is not supported in a table")

    def inline(self) -> tuple[n.Inline, ...]:
        token = self.next()
        if token.type != "inline":
            raise RenderError(f"unexpected markup '{token.type}'")
        return _inlines(token.children or [])


def _inlines(tokens: list[Token]) -> tuple[n.Inline, ...]:
    out: list[n.Inline] = []
    stack: list[tuple[str, list[n.Inline], str]] = []
    current = out
    for token in tokens:
        match token.type:
            case "text" | "code_inline":
                current.extend(_text(token.content))
            case "softbreak":
                current.append(n.Text(" "))
            case "hardbreak":
                current.append(n.LineBreak())
            case "strong_open" | "em_open" | "link_open":
                href = str(token.attrs.get("href", "")) if token.type == "link_open" else ""
                stack.append((token.type, current, href))
                current = []
            case "strong_close" | "em_close" | "link_close":
                kind, parent, href = stack.pop()
                children = tuple(current)
                node: n.Inline
                if kind == "strong_open":
                    node = n.Strong(children)
                elif kind == "em_open":
                    node = n.Emphasis(children)
                else:
                    try:
                        node = n.Link(href, children)
                    except ValueError as exc:
                        raise RenderError(str(exc)) from None
                parent.append(node)
                current = parent
            case other:
                raise RenderError(f"inline markup '{other}' is not supported in letters")
    return _merge(out)


def _text(content: str) -> Iterator[n.Inline]:
    last = 0
    for match in _FOOTNOTE.finditer(content):
        if match.start() > last:
            yield n.Text(content[last : match.start()])
        yield n.FootnoteRef(int(match.group(1)))
        last = match.end()
    if last < len(content):
        yield n.Text(content[last:])


def _merge(inlines: list[n.Inline]) -> tuple[n.Inline, ...]:
    """Join adjacent text nodes, so writers and tests see whole sentences."""
    merged: list[n.Inline] = []
    for node in inlines:
        if isinstance(node, n.Text) and merged and isinstance(merged[-1], n.Text):
            merged[-1] = n.Text(merged[-1].text + node.text)
        else:
            merged.append(node)
    return tuple(merged)
