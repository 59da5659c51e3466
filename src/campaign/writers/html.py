"""HTML writer: the markup behind every PDF, and the HTML alternative of an email.

Every piece of text is escaped (markupsafe) at the one place it enters the markup, and data
never reaches a `style` attribute, a `<style>` block or a URL attribute other than a link
checked to be http(s): the CSS is the project's own (`campaign/assets/*.css`). HTML escaping
does nothing for CSS or URLs (see the reference notes on WeasyPrint), hence those rules.

Direction: a right-to-left document gets `dir="rtl"` on `<html>` (the stylesheets mirror the
layout under `[dir=rtl]`), and every run of the other direction inside its text (a Latin name, URL
or number in Persian; a Persian name in English) is put between Unicode isolate controls
(`campaign.document.scripts.isolate`). Isolates, not `<bdi>` elements: WeasyPrint lays text out
with Pango's bidi algorithm but ignores `unicode-bidi`, and browsers honour the controls as well;
the DOCX writer puts the same controls at the same places.

Typography the stylesheets cannot do alone, in markup that adds no character to the text:
- a note call is bound to the word before it and the punctuation after it (`<span
  class="noted">`, which the stylesheet keeps on one line and never hyphenates): no call alone at
  the start of a line, no hyphen inside the word that carries it; a call after a digit is marked
  (`after-digit`) and set a little apart, so "2021¹" does not read as "20211";
- a word that is a code rather than a word of the language (letters with digits, as a SHA-256
  digest or a document number has, or a path or address: `/ \\ @ _`) is marked `literal`, which
  the stylesheet never hyphenates: a hyphen would read as part of it;
- a link whose text is a URL gets a break opportunity after each run of separators (`/ . - ? &
  = _ # ~`; `<wbr>` in an email, in the PDF the zero width space WeasyPrint would lay a `<wbr>`
  out as, see `url_text`), and is never hyphenated: it breaks where a reader expects a URL to
  break, not inside a word (the PDF's text has no character there: the font draws the zero
  width space as nothing); the link is marked `url` so that the stylesheet turns off for it the
  body's break-anywhere rule, which WeasyPrint would otherwise apply inside a piece: "&pa|ge=2".

Two variants from one translator: `media="print"` (for WeasyPrint: letterhead logo, the running
page footer with the document's reference and "page X of Y"; the stylesheets are passed to
WeasyPrint separately, pre-parsed) and `media="email"` (the screen stylesheet inlined in a
`<style>` block, no logo, no page footer).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from campaign.document.nodes import (
    AddressBlock,
    BulletList,
    DateLine,
    Document,
    DocumentMeta,
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
from campaign.document.scripts import isolate
from campaign.document.visitor import NodeVisitor
from campaign.errors import RenderError
from campaign.writers.assets import CSS_DIR

Media = Literal["print", "email"]
LogoResolver = Callable[[str], Path]
"""Turns a letterhead's logo path into an allowed file (or raises); see `AssetJail.resolve_image`."""

SCREEN_CSS_FILE = CSS_DIR / "document.css"
URL_SEPARATORS = re.compile(r"[/.\-?&=_#~]+(?=.)", re.DOTALL)
"""A run of URL separators not at the end of the text: a break opportunity goes after it."""
LOOKS_LIKE_URL = re.compile(r"^(?:https?://|www\.)\S+$|^\S*/\S*$")
"""Link text that is an address rather than words (only such text gets URL break opportunities)."""
NOTE_PUNCTUATION = re.compile(r"^[.,;:!?)\]}»”’…\"'،؛؟]+")
"""Punctuation after a note call that must not start the next line."""
MAX_BOUND_WORD = 40
"""A longer "word" before a note call is an address or a code: only its last character is bound."""
WORD = re.compile(r"\S+")
IDENTIFIER_MARKS = frozenset("/\\@_")


def is_literal(word: str) -> bool:
    """Whether `word` is a code rather than a word of the language: letters with digits (a SHA-256
    digest, a document number) or a path, an address or an identifier (`/ \\ @ _`). Hyphenating it
    would add a character that reads as part of it, so the writer marks it never to be hyphenated."""
    digit = letter = False
    for char in word:
        if char in IDENTIFIER_MARKS:
            return True
        digit = digit or char.isdigit()
        letter = letter or char.isalpha()
    return digit and letter


def checked_link(url: str) -> str:
    """`url` if it is an absolute http(s) URL with a host, else RenderError (defence in depth)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in url for c in "\"'<> \n\t\\"):
        raise RenderError(f"refusing link target {url[:200]!r}: only plain http(s) URLs are allowed")
    return url


def page_label_parts(label: str) -> list[tuple[str, str | None]]:
    """Split a page label such as 'Page {page} of {pages}' into (text, field) pairs.

    Only the fields `page` and `pages` are allowed; anything else is a catalog mistake.
    """
    try:
        parsed = list(string.Formatter().parse(label))
    except ValueError as error:
        raise RenderError(f"page label {label!r} is not a valid pattern: {error}") from error
    parts: list[tuple[str, str | None]] = []
    for literal, field, spec, conversion in parsed:
        if field is not None and (field not in ("page", "pages") or spec or conversion):
            raise RenderError(f"page label {label!r}: only {{page}} and {{pages}} may be used, not {{{field}}}")
        parts.append((literal, field))
    return parts


class HtmlTranslator(NodeVisitor[Markup]):
    """Turns nodes into escaped HTML fragments."""

    def __init__(self, media: Media, logo_resolver: LogoResolver | None, direction: str = "ltr") -> None:
        self.media = media
        self.logo_resolver = logo_resolver
        self.direction = direction
        """The document's direction: runs of the other one are isolated."""

    def text(self, text: str) -> Markup:
        """`text` escaped, with its runs of the other direction isolated."""
        return escape(isolate(text, self.direction))

    def inlines(self, children: tuple[Inline, ...]) -> Markup:
        """The inlines' markup, with each run of note calls bound to the word before it and the
        punctuation after it (see the module's docstring)."""
        if not any(isinstance(child, FootnoteRef) for child in children):
            return Markup("").join(self.visit_all(children))
        items = list(children)
        parts: list[Markup] = []
        index = 0
        while index < len(items):
            node = items[index]
            if not isinstance(node, FootnoteRef):
                parts.append(self.visit(node))
                index += 1
                continue
            end = index
            while end < len(items) and isinstance(items[end], FootnoteRef):
                end += 1
            word, before = "", items[index - 1] if index else None
            if isinstance(before, Text) and isolate(before.text, self.direction) == before.text:
                # (text with runs of the other direction keeps its isolates whole: nothing is split off)
                word = bound_word(before.text)
                if word:
                    parts[-1] = self.visit_Text(Text(before.text[: len(before.text) - len(word)]))
            after = ""
            following = items[end] if end < len(items) else None
            if isinstance(following, Text) and "\n" not in following.text:
                match = NOTE_PUNCTUATION.match(following.text)
                if match:
                    after = match.group()
                    items[end] = Text(following.text[len(after) :])
            calls = Markup("").join(
                self.note_call(ref, after_digit=i == 0 and word[-1:].isdigit())
                for i, ref in enumerate(items[index:end])
                if isinstance(ref, FootnoteRef)
            )
            parts.append(Markup('<span class="noted">%s%s%s</span>') % (self.text(word), calls, self.text(after)))
            index = end
        return Markup("").join(parts)

    def note_call(self, node: FootnoteRef, *, after_digit: bool = False) -> Markup:
        number = int(node.number)
        classes = Markup("footnote-ref after-digit" if after_digit else "footnote-ref")
        return Markup('<sup class="%s"><a href="#note-%d">%d</a></sup>') % (classes, number, number)

    def lines(self, lines: Iterable[str]) -> Markup:
        return Markup("<br/>").join(self.text(line) for line in lines)

    # inlines
    def visit_Text(self, node: Text) -> Markup:
        text = isolate(node.text, self.direction)
        parts, start = [], 0
        for match in WORD.finditer(text):
            if is_literal(match.group()):
                literal = Markup('<span class="literal">%s</span>') % match.group()
                parts += [escape(text[start : match.start()]), literal]
                start = match.end()
        parts.append(escape(text[start:]))
        return Markup("").join(parts).replace("\n", Markup("<br/>"))

    def visit_Strong(self, node: Strong) -> Markup:
        return Markup("<strong>%s</strong>") % self.inlines(node.children)

    def visit_Emphasis(self, node: Emphasis) -> Markup:
        return Markup("<em>%s</em>") % self.inlines(node.children)

    def visit_Link(self, node: Link) -> Markup:
        only = node.children[0] if len(node.children) == 1 else None
        if isinstance(only, Text) and LOOKS_LIKE_URL.match(only.text):
            return Markup('<a class="url" href="%s">%s</a>') % (checked_link(node.url), self.url_text(only.text))
        return Markup('<a href="%s">%s</a>') % (checked_link(node.url), self.inlines(node.children))

    def url_text(self, text: str) -> Markup:
        """A URL as text, with a break opportunity after each run of separators: `<wbr>` in an
        email; for WeasyPrint the zero width space that its stylesheet lays a `<wbr>` out as
        (html5_ua.css: `wbr::before { content: "\\200B" }`), written in the text, which breaks
        the lines at the same places without an element and a pseudo-element per break (those
        made the PDF of a document with a dozen URLs a third slower). The URL is isolated whole,
        before it is cut: pieces isolated one by one would be set right to left in a right-to-left
        paragraph ("eu/ .example //:https"), their separators left outside as neutrals."""
        text = isolate(text, self.direction)
        pieces, start = [], 0
        for match in URL_SEPARATORS.finditer(text):
            pieces.append(escape(text[start : match.end()]))
            start = match.end()
        pieces.append(escape(text[start:]))
        return (Markup("\u200b") if self.media == "print" else Markup("<wbr/>")).join(pieces)

    def visit_FootnoteRef(self, node: FootnoteRef) -> Markup:
        return Markup('<span class="noted">%s</span>') % self.note_call(node)

    def visit_LineBreak(self, node: LineBreak) -> Markup:
        return Markup("<br/>")

    # blocks
    def visit_Letterhead(self, node: Letterhead) -> Markup:
        logo = Markup("")
        if node.logo is not None and self.media == "print":
            if self.logo_resolver is None:
                raise RenderError("this document has a logo but the writer was given no asset folders")
            logo = Markup('<img class="logo" src="%s" alt=""/>') % self.logo_resolver(node.logo).as_uri()
        return Markup(
            '<header class="letterhead">%s<p class="organisation">%s</p><p class="letterhead-lines">%s</p></header>'
        ) % (logo, self.text(node.organisation), self.lines(node.lines))

    def visit_AddressBlock(self, node: AddressBlock) -> Markup:
        return Markup('<p class="address">%s</p>') % self.lines(node.lines)

    def visit_DateLine(self, node: DateLine) -> Markup:
        return Markup('<p class="date">%s</p>') % self.text(node.text)

    def visit_Title(self, node: Title) -> Markup:
        return Markup('<h1 class="title">%s</h1>') % self.inlines(node.children)

    def visit_Subject(self, node: Subject) -> Markup:
        return Markup('<p class="subject">%s</p>') % self.inlines(node.children)

    def visit_Salutation(self, node: Salutation) -> Markup:
        return Markup('<p class="salutation">%s</p>') % self.text(node.text)

    def visit_Heading(self, node: Heading) -> Markup:
        if node.level not in (1, 2, 3):
            raise RenderError(f"heading level must be 1 to 3, not {node.level!r}")
        tag = Markup(f"h{node.level + 1}")  # h1 is the document title
        return Markup("<%s>%s</%s>") % (tag, self.inlines(node.children), tag)

    def visit_Paragraph(self, node: Paragraph) -> Markup:
        return Markup("<p>%s</p>") % self.inlines(node.children)

    def visit_ListItem(self, node: ListItem) -> Markup:
        return Markup("<li>%s</li>") % self.inlines(node.children)

    def visit_BulletList(self, node: BulletList) -> Markup:
        return Markup("<ul>%s</ul>") % Markup("").join(self.visit_all(node.items))

    def visit_OrderedList(self, node: OrderedList) -> Markup:
        return Markup('<ol start="%d">%s</ol>') % (int(node.start), Markup("").join(self.visit_all(node.items)))

    def visit_Quotation(self, node: Quotation) -> Markup:
        return Markup("<blockquote>%s</blockquote>") % Markup("").join(self.visit_all(node.children))

    def visit_Table(self, node: Table) -> Markup:
        head = Markup("")
        if node.header:
            cells = Markup("").join(Markup("<th>%s</th>") % self.inlines(cell) for cell in node.header)
            head = Markup("<thead><tr>%s</tr></thead>") % cells
        rows = Markup("").join(
            Markup("<tr>%s</tr>") % Markup("").join(Markup("<td>%s</td>") % self.inlines(cell) for cell in row)
            for row in node.rows
        )
        return Markup("<table>%s<tbody>%s</tbody></table>") % (head, rows)

    def visit_Signature(self, node: Signature) -> Markup:
        signer = self.lines(line for line in (node.name, node.title, node.organisation) if line)
        if not node.closing:  # a brief closes without a formula
            return Markup('<div class="signature"><p class="signer">%s</p></div>') % signer
        return Markup('<div class="signature"><p class="closing">%s</p><p class="signer">%s</p></div>') % (
            self.text(node.closing),
            signer,
        )

    def visit_Footnote(self, node: Footnote) -> Markup:
        number = int(node.number)
        return Markup('<p class="note" id="note-%d"><span class="note-number">%d.</span> %s</p>') % (
            number,
            number,
            self.inlines(node.children),
        )

    def visit_Footnotes(self, node: Footnotes) -> Markup:
        return Markup('<section class="notes"><h2 class="notes-heading">%s</h2>%s</section>') % (
            self.text(node.heading),
            Markup("").join(self.visit_all(node.notes)),
        )


def bound_word(text: str) -> str:
    """The end of `text` that a note call after it is bound to: its last word (its last character
    if the word is longer than `MAX_BOUND_WORD`), or "" if the text ends with a space."""
    if not text or text[-1].isspace():
        return ""
    word = text.split()[-1]
    return word if len(word) <= MAX_BOUND_WORD else word[-1:]


def page_footer(meta: DocumentMeta) -> Markup:
    """The running page footer: the document's reference, then the page label's text with empty
    spans that CSS fills with counters (print.css places them; the PDF writer drops the label
    from a document of one page)."""
    spans = {"page": Markup('<span class="page-number"></span>'), "pages": Markup('<span class="page-count"></span>')}
    parts = page_label_parts(meta.page_label)
    label = Markup("").join(
        escape(isolate(literal, meta.direction)) + (spans[field] if field else Markup("")) for literal, field in parts
    )
    reference = Markup('<div class="page-reference">%s</div>') % isolate(meta.reference, meta.direction)
    return reference + Markup('<div class="page-footer">%s</div>') % label


def head(meta: DocumentMeta, style: Markup) -> Markup:
    """`<head>`: title, author, keywords and dates that WeasyPrint copies into the PDF metadata."""
    date = meta.date.isoformat()
    parts = [
        Markup('<meta charset="utf-8"/>'),
        Markup("<title>%s</title>") % meta.title,
        Markup('<meta name="author" content="%s"/>') % meta.author,
        Markup('<meta name="dcterms.created" content="%s"/>') % date,
        Markup('<meta name="dcterms.modified" content="%s"/>') % date,
    ]
    if meta.keywords:
        parts.append(Markup('<meta name="keywords" content="%s"/>') % ", ".join(meta.keywords))
    if meta.subject:
        parts.append(Markup('<meta name="description" content="%s"/>') % meta.subject)
    return Markup("<head>%s%s</head>") % (Markup("").join(parts), style)


class HtmlWriter:
    """Writes a document as a complete HTML page (UTF-8)."""

    def __init__(
        self, media: Media = "email", logo_resolver: LogoResolver | None = None, asset_dirs: Sequence[Path] = ()
    ) -> None:
        """`media="email"` (the registry's `html`) leaves the logo out, so `asset_dirs` is unused;
        `media="print"` needs `logo_resolver` for documents with a logo (the PDF writer passes its jail's)."""
        self.media: Media = media
        self.logo_resolver = logo_resolver
        self._screen_css: Markup | None = None

    def screen_style(self) -> Markup:
        """The project's screen stylesheet as a `<style>` block (constant; no data in it)."""
        if self._screen_css is None:
            self._screen_css = Markup("<style>%s</style>") % Markup(SCREEN_CSS_FILE.read_text(encoding="utf-8"))
        return self._screen_css

    def render(self, document: Document) -> str:
        """The HTML page for `document` as text."""
        meta = document.meta
        translator = HtmlTranslator(self.media, self.logo_resolver, meta.direction)
        body = Markup("").join(translator.visit_all(document.children))
        if self.media == "print":
            body = page_footer(meta) + body
        style = self.screen_style() if self.media == "email" else Markup("")
        classes = Markup("kind-%s page-%s") % (meta.kind, meta.page_size.lower())
        direction = Markup(' dir="rtl"') if meta.direction == "rtl" else Markup("")
        page = Markup('<!DOCTYPE html>\n<html lang="%s"%s>%s<body class="%s">%s</body></html>') % (
            meta.language,
            direction,
            head(meta, style),
            classes,
            body,
        )
        return str(page)

    def write(self, document: Document) -> bytes:
        return self.render(document).encode("utf-8")

    def warm_up(self) -> None:
        """Read the screen stylesheet once."""
        self.screen_style()
