"""Node classes of the document model.

Templates produce these (through `campaign.render`); writers consume them (through a strict
visitor, so a writer that meets a node type it does not know fails instead of dropping text).
Everything a writer needs is in the tree and its `DocumentMeta`; writers never see the case,
the recipient or the template.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

# --- inline nodes ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text; writers must treat it as text, never as markup."""

    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A web link; `url` is always http(s) (checked when the node is made)."""

    url: str
    children: tuple[Inline, ...]

    def __post_init__(self) -> None:
        if not self.url.startswith(("https://", "http://")):
            raise ValueError(f"only http(s) links are allowed, not {self.url!r}")


@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A reference to footnote `number` of the document's `Footnotes` block."""

    number: int


@dataclass(frozen=True, slots=True)
class LineBreak:
    pass


Inline = Text | Strong | Emphasis | Link | FootnoteRef | LineBreak

# --- block nodes ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Letterhead:
    """The sender's block at the top of the first page."""

    organisation: str
    lines: tuple[str, ...]
    """Address lines, then website and email."""
    logo: str | None = None
    """Path of a logo image inside the campaign's letters/assets folder, or None."""


@dataclass(frozen=True, slots=True)
class AddressBlock:
    """The recipient's name and address."""

    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DateLine:
    """Place and date, already formatted in the recipient's locale."""

    text: str


@dataclass(frozen=True, slots=True)
class Title:
    """The document's title (briefs and submissions)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Subject:
    """The subject line of a letter."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Salutation:
    text: str


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    """1 to 3."""
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class ListItem:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[ListItem, ...]


@dataclass(frozen=True, slots=True)
class OrderedList:
    items: tuple[ListItem, ...]
    start: int = 1


@dataclass(frozen=True, slots=True)
class Quotation:
    children: tuple[Paragraph, ...]


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[tuple[Inline, ...], ...]
    """One tuple of inlines per header cell."""
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]


@dataclass(frozen=True, slots=True)
class Signature:
    """Closing formula and who signs."""

    closing: str
    name: str
    title: str
    organisation: str


@dataclass(frozen=True, slots=True)
class Footnote:
    number: int
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Footnotes:
    """The document's notes (its sources), in number order; shown at the end or page foot."""

    heading: str
    notes: tuple[Footnote, ...]


Block = (
    Letterhead
    | AddressBlock
    | DateLine
    | Title
    | Subject
    | Salutation
    | Heading
    | Paragraph
    | BulletList
    | OrderedList
    | Quotation
    | Table
    | Signature
    | Footnotes
)


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What writers need besides the content."""

    title: str
    author: str
    """The sending organisation."""
    language: str
    """BCP 47 tag, e.g. `en-GB`, `kk`, `ru`, `fa-IR`, `zh-Hant`."""
    date: dt.date
    """The campaign date: the only date that goes into file metadata (reproducibility)."""
    kind: Literal["letter", "brief"] = "letter"
    """How the frame reads (a brief has a title and no salutation or closing formula); every
    document gets the same page footer."""
    page_size: Literal["A4", "Letter"] = "A4"
    page_label: str = "Page {page} of {pages}"
    """Translated page-number pattern; writers fill in `{page}` and `{pages}` on every page of a
    document longer than one page."""
    reference: str = ""
    """The document's reference (`document_reference`), printed in the footer of every page so a
    loose page can be told apart and a reply can quote it; empty: none."""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    direction: Literal["ltr", "rtl"] = "ltr"
    """The writing direction of the document's language; writers mark and mirror right-to-left documents."""
    scripts: tuple[str, ...] = ()
    """ISO 15924 codes of the scripts the text uses (`Latn`, `Cyrl`, `Arab`, `Hani`...), sorted;
    writers choose fonts by them. `campaign.document.scripts.scripts_of` finds them."""


def document_reference(case: str, kind: str, recipient: str, date: dt.date) -> str:
    """A short, stable reference for one document: `case/kind/recipient/date`, e.g.
    `askar-kaiyrbek/sanctions-brief/eu-hrvp/2021-09-06`.

    Made of ids only, so it reads the same in every language (a translation carries the
    reference of its original) and is the same on every rebuild.
    """
    return "/".join((case, kind, recipient, date.isoformat()))


@dataclass(frozen=True, slots=True)
class Document:
    meta: DocumentMeta
    children: tuple[Block, ...] = field(default_factory=tuple)


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text of some inlines, with footnote references as their numbers."""
    out = []
    for node in inlines:
        match node:
            case Text(text=text):
                out.append(text)
            case Strong(children=c) | Emphasis(children=c) | Link(children=c):
                out.append(plain_text(c))
            case FootnoteRef(number=n):
                out.append(str(n))
            case LineBreak():
                out.append("\n")
    return "".join(out)
