"""PDF writer: the project's HTML and CSS laid out by WeasyPrint 70.

What it guarantees, and why (see the reference notes on WeasyPrint under attack):
- Every file WeasyPrint reads goes through `JailFetcher`: only allow-listed fonts, CSS and images
  inside the package's `fonts/` and `assets/` folders and the campaign's asset folders. http(s),
  `data:`, `file:` outside those folders and symlinks out are refused, and a refusal fails the
  document (`FatalURLFetchingError` derives from BaseException, so it is caught by name).
- Text is set only in the bundled fonts: Noto families cut to fixed sets of characters (Latin,
  Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic, Chinese, Japanese and Korean; see
  `campaign.fonts.subset`), asked for in the order `campaign.fonts.families.font_stack` gives
  for the document's language and scripts (a small stylesheet per stack, cached). A character
  outside them fails the document with `RenderError` naming it, whether no font on the machine
  has it (WeasyPrint only logs a `.notdef` warning and prints a box) or Pango found it in a system
  font (the PDF would silently mix in another typeface). Any other WeasyPrint warning during a
  render fails it too.
- A right-to-left document has its page margins mirrored (the binding side is its right); the
  rest of the mirrored layout is in the stylesheets under `[dir=rtl]`, and the PDF's `/Lang`
  comes from `<html lang>`.
- The finished PDF is checked for embedded files, file-attachment annotations and images other
  than the letterhead logo before its bytes are returned.
- Same document, same bytes: creation date from `meta.date` (also `SOURCE_DATE_EPOCH` for the
  font subsetter), PDF identifier from a hash of the HTML.
- Every page carries the document's reference and "Page X of Y" (print.css); a document that
  turns out to fit on one page is laid out once more without the page label, as "Page 1 of 1"
  says nothing (CSS cannot make a margin box depend on the page count). Page margin boxes do
  not take space from the text, so the second layout breaks every line where the first did.

Done once per writer and reused for every document (`warm_up()` does it ahead of the first):
the stylesheets are parsed and the font configuration made, with the bundled fonts loaded and
Pango's font caches filled. `<ol start>` is honoured by a small cached rule (`list_start_sheet`)
instead of WeasyPrint's presentational hints. Everything else is WeasyPrint used through its
public API, with its defaults: its HTML5 parser and user-agent stylesheet, its PDF compression,
and fonts cut to the glyphs each document uses (embedding them whole makes every PDF many times
larger). Where the time of a render goes, and what was tried, is in bench/README.md.

Notes are rendered as a numbered list at the end of the document (the `Footnotes` block where the
template put it), not as page-foot notes: the DOCX gets the same list, so both formats carry the
same text in the same order, and a reference number always has its note on the same page spread
as the notes section, whatever the page breaks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from campaign.document.nodes import Document, DocumentMeta, Letterhead
from campaign.document.scripts import scripts_in
from campaign.errors import RenderError
from campaign.fonts.families import FAMILIES, Family, font_stack
from campaign.writers import PrintPage
from campaign.writers.assets import CSS_DIR, MEDIA_TYPES, AssetError, AssetJail
from campaign.writers.html import HtmlWriter

COMMON_CSS = ("fonts.css", "document.css", "print.css")
PAGE_CSS = {"A4": "page-a4.css", "Letter": "page-letter.css"}
NOTDEF_MARK = ".notdef glyph"
LIST_START = re.compile(r'<ol start="(-?\d+)">')
"""How `HtmlWriter` writes a numbered list (always with its first number); text cannot contain it, as `<` is escaped."""
MAX_CACHED_LIST_STARTS = 256
BUNDLED_FAMILIES = frozenset(family.name for family in FAMILIES)
"""The CSS families of the bundled fonts (fonts.css); text in any other family came from the system."""
RTL_PAGE_MARGINS = "22mm 25mm 24mm 22mm"
"""print.css's margins with left and right swapped."""
FOOTER_BOXES = {"ltr": ("bottom-left", "bottom-right"), "rtl": ("bottom-right", "bottom-left")}
"""The page margin boxes of the reference and of the page label (print.css's, mirrored right to left)."""


class JailFetcher(URLFetcher):  # type: ignore[misc]  # weasyprint is untyped
    """A WeasyPrint URL fetcher that serves only files the asset jail allows.

    `fail_on_errors=True` makes WeasyPrint stop at the first refusal (with
    `FatalURLFetchingError`) instead of logging it and leaving the resource out.
    """

    def __init__(self, jail: AssetJail) -> None:
        super().__init__(timeout=2, allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=True)
        self.jail = jail
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        try:
            path = self.jail.resolve_url(url)
        except AssetError as error:
            self.refused.append(url[:200])
            raise ValueError(error.message) from None
        media_type = MEDIA_TYPES[path.suffix.lower()]
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": media_type})


class LogCapture(logging.Handler):
    """Collects the messages of WeasyPrint's logger during one render."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def captured_weasyprint_log() -> Iterator[LogCapture]:
    """Attach a `LogCapture` to the `weasyprint` logger for the duration of the block."""
    logger = logging.getLogger("weasyprint")
    capture = LogCapture()
    previous_level = logger.level
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)  # an app that silenced WeasyPrint must not hide missing glyphs
    logger.addHandler(capture)
    try:
        yield capture
    finally:
        logger.removeHandler(capture)
        logger.setLevel(previous_level)


@contextmanager
def source_date_epoch(date: dt.date) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH to midnight UTC of `date` (read by the font subsetter), then restore it.

    It changes the process environment: render from one thread per process (the build uses processes).
    """
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(date, dt.time(), dt.UTC).timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def check_log(messages: Sequence[str], meta: DocumentMeta) -> None:
    """Fail on a missing glyph (naming the character) or any other WeasyPrint warning."""
    for message in messages:
        if NOTDEF_MARK in message:
            detail = message.split("unsupported by fonts:", 1)[-1].strip()
            raise RenderError(f"{meta.title}: no font has the character {detail}; it would print as a box")
    if messages:
        raise RenderError(f"{meta.title}: the PDF renderer warned: {messages[0]}")


def describe_characters(characters: set[str]) -> str:
    """`"α" (U+03B1), "β" (U+03B2)`: each character shown and named by code point, sorted."""
    return ", ".join(f'"{char}" (U+{ord(char):04X})' for char in sorted(characters))


def foreign_font_characters(document: Any) -> dict[str, set[str]]:
    """The characters a rendered WeasyPrint document set in a font other than the bundled family.

    Pango falls back to any font on the machine that has a character the bundled fonts lack;
    WeasyPrint does not warn about it. Its `Font` objects (one per face used) tell the family and
    which text each glyph came from. Whitespace is left out: a space next to such a character is
    often set in the same fallback font.
    """
    foreign: dict[str, set[str]] = {}
    for font in document.fonts.values():
        if font.family not in BUNDLED_FAMILIES:
            characters = {char for text in font.to_unicode.values() for char in text if not char.isspace()}
            foreign.setdefault(font.family, set()).update(characters)
    return {family: characters for family, characters in foreign.items() if characters}


def check_fonts(foreign: dict[str, set[str]], meta: DocumentMeta) -> None:
    """Fail if any text was set in a system font instead of the bundled one."""
    if foreign:
        characters = set().union(*foreign.values())
        families = ", ".join(f'"{family}"' for family in sorted(foreign))
        raise RenderError(
            f"{meta.title}: the bundled fonts have no {describe_characters(characters)}; it would print in "
            f"the machine's font {families}. Use other characters, or add these to a set in "
            "campaign/fonts/subset.py and run: python -m campaign.fonts.subset"
        )


def pdf_problems(pdf: Any, allowed_images: int) -> list[str]:
    """What is wrong in a finished pydyf PDF: embedded files, attachments, unexpected images."""
    problems = []
    names = pdf.catalog.get("Names") or {}
    if "EmbeddedFiles" in names:
        problems.append("it has embedded files")
    images = 0
    for obj in pdf.objects:
        extra = getattr(obj, "extra", None)
        fields = extra if isinstance(extra, dict) else obj if isinstance(obj, dict) else {}
        subtype = fields.get("Subtype")
        if subtype == "/FileAttachment" or fields.get("Type") in ("/EmbeddedFile", "/Filespec"):
            problems.append("it has a file attachment")
        elif subtype == "/Image":
            images += 1
    if images > allowed_images:
        problems.append(f"it has {images} images, expected at most {allowed_images}")
    return problems


@dataclass(frozen=True)
class _Resources:
    """What is parsed once per writer and shared by every document it renders."""

    font_config: FontConfiguration
    common: tuple[CSS, ...]
    pages: dict[str, CSS]


class PdfWriter:
    """Writes a document as PDF; reuse one instance for many documents (see `warm_up`)."""

    def __init__(self, asset_dirs: Sequence[Path] = ()) -> None:
        """`asset_dirs`: the campaign's folders of images (e.g. `letters/assets`) a logo may come from."""
        self.jail = AssetJail.for_campaign(asset_dirs)
        self.html_writer = HtmlWriter(media="print", logo_resolver=self.jail.resolve_image)
        self._resources: _Resources | None = None
        self._list_starts: dict[int, CSS] = {}
        self._font_sheets: dict[tuple[tuple[Family, ...], str], CSS] = {}
        self._single_page_sheets: dict[str, CSS] = {}

    def resources(self) -> _Resources:
        """The font configuration and parsed stylesheets, created on first use."""
        if self._resources is None:
            font_config = FontConfiguration()
            fetcher = JailFetcher(self.jail)

            def load(name: str) -> CSS:
                path = CSS_DIR / name
                return CSS(filename=str(path), url_fetcher=fetcher, font_config=font_config)

            try:
                with captured_weasyprint_log() as log:
                    common = tuple(load(name) for name in COMMON_CSS)
                    pages = {size: load(name) for size, name in PAGE_CSS.items()}
            except FatalURLFetchingError as error:
                raise RenderError(f"the project's stylesheets could not be loaded: {error}") from error
            if log.messages:
                raise RenderError(f"the project's stylesheets are broken: {log.messages[0]}")
            self._resources = _Resources(font_config, common, pages)
        return self._resources

    def warm_up(self) -> None:
        """Parse the stylesheets and load the fonts now, so the first document is not slower."""
        self.resources()

    def list_start_sheet(self, start: int) -> CSS:
        """The rule that makes `<ol start="N">` count from N, as WeasyPrint's presentational hints would.

        WeasyPrint honours `start` only with `presentational_hints=True`, which also matches its whole
        hints stylesheet (some 70 attribute rules, none of which our HTML can trigger) against every
        element of every document. These rules are the same declarations the hints would add
        (css-lists-3 UA sheet), with zero specificity via `:where`, as hints have; the tests check
        the numbers read back from the PDF.
        """
        sheet = self._list_starts.get(start)
        if sheet is None:
            rule = (
                f':where(ol[start="{start}"]) {{ counter-reset: list-item {start}; counter-increment: list-item -1 }}'
            )
            sheet = CSS(string=rule, font_config=self.resources().font_config)
            if len(self._list_starts) < MAX_CACHED_LIST_STARTS:
                self._list_starts[start] = sheet
        return sheet

    def font_sheet(self, meta: DocumentMeta) -> CSS:
        """The document's font families in order (and, right to left, its mirrored margins), cached per stack.

        The page label and the reference are text too, though not in the document's nodes: their scripts count.
        """
        scripts = (*meta.scripts, *sorted(scripts_in(meta.page_label + meta.reference)))
        stack = font_stack(meta.language, scripts)
        key = (stack, meta.direction)
        sheet = self._font_sheets.get(key)
        if sheet is None:
            families = ", ".join(f'"{family.name}"' for family in stack)
            rule = f"body, .page-footer, .page-reference {{ font-family: {families} }}"
            if meta.direction == "rtl":
                reference, label = FOOTER_BOXES["rtl"]
                rule += (
                    f" @page {{ margin: {RTL_PAGE_MARGINS};"
                    f" @{reference} {{ content: element(page-reference); font-size: 8pt; color: #555 }}"
                    f" @{label} {{ content: element(page-footer); font-size: 8.5pt; color: #444 }} }}"
                )
            sheet = CSS(string=rule, font_config=self.resources().font_config)
            self._font_sheets[key] = sheet  # a few stacks at most: one per language and mix of scripts
        return sheet

    def single_page_sheet(self, direction: str) -> CSS:
        """The rule that leaves the page label out of a document of one page."""
        sheet = self._single_page_sheets.get(direction)
        if sheet is None:
            box = FOOTER_BOXES["rtl" if direction == "rtl" else "ltr"][1]
            sheet = CSS(string=f"@page {{ @{box} {{ content: none }} }}", font_config=self.resources().font_config)
            self._single_page_sheets[direction] = sheet
        return sheet

    def print_page(self, document: Document) -> PrintPage:
        """The HTML and the stylesheet files `write` lays out for `document` (see `PrintPage`)."""
        files = (*COMMON_CSS, PAGE_CSS[document.meta.page_size])
        return PrintPage(
            self.html_writer.render(document), tuple(CSS_DIR / name for name in files), CSS_DIR.as_uri() + "/"
        )

    def write(self, document: Document) -> bytes:
        """The PDF bytes of `document`; raises RenderError (never a partial or unsafe PDF)."""
        html = self.html_writer.render(document)
        logos = sum(1 for block in document.children if isinstance(block, Letterhead) and block.logo)
        return self.write_html(html, document.meta, allowed_images=logos)

    def stylesheets(self, html: str, meta: DocumentMeta) -> list[CSS]:
        """The parsed stylesheets for one document: the common ones, its page size, its lists' starts."""
        resources = self.resources()
        starts = sorted({int(value) for value in LIST_START.findall(html)})
        return [
            *resources.common,
            resources.pages[meta.page_size],
            self.font_sheet(meta),
            *(self.list_start_sheet(start) for start in starts),
        ]

    def write_html(self, html: str, meta: DocumentMeta, allowed_images: int = 0) -> bytes:
        """Lay out `html` (made by `HtmlWriter(media="print")`) and return the checked PDF bytes."""
        resources = self.resources()
        stylesheets = self.stylesheets(html, meta)
        fetcher = JailFetcher(self.jail)
        problems: list[str] = []
        foreign: dict[str, set[str]] = {}

        def finish(document: Any, pdf: Any) -> None:
            foreign.update(foreign_font_characters(document))
            problems.extend(pdf_problems(pdf, allowed_images))

        try:
            with captured_weasyprint_log() as log, source_date_epoch(meta.date):
                source = HTML(string=html, base_url=CSS_DIR.as_uri() + "/", url_fetcher=fetcher)
                rendered = source.render(stylesheets=stylesheets, font_config=resources.font_config)
                if len(rendered.pages) == 1:
                    one_page = [*stylesheets, self.single_page_sheet(meta.direction)]
                    rendered = source.render(stylesheets=one_page, font_config=resources.font_config)
                data: bytes = rendered.write_pdf(
                    finisher=finish, pdf_identifier=hashlib.sha256(html.encode()).hexdigest()[:32].encode()
                )
        except FatalURLFetchingError as error:
            refused = fetcher.refused[0] if fetcher.refused else str(error)
            raise RenderError(
                f"{meta.title}: refused to read {refused!r}: only the campaign's asset files are allowed"
            ) from None
        check_log(log.messages, meta)
        check_fonts(foreign, meta)
        if problems:
            raise RenderError(f"{meta.title}: unsafe PDF refused: {'; '.join(problems)}")
        return data
