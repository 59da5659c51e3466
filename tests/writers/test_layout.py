"""Acceptance (issue 15): the pages look professional, checked on every document we ship.

Every document of the bundled campaign (English for every recipient, and Russian with English
for the messages its catalog still lacks) and of every example in `examples/` (at its own
campaign date) is laid out as PDF in this process, and read back with poppler's text positions
(`pdftotext -raw -bbox`: every word with its box, in the order the PDF draws them, which is the
order of the text). The document model says what each block's text is; each block is found in
that order, so the checks know on which page every heading, table row, signature and note
starts and ends:

- every page carries the document's reference and "Page X of Y" with the right X and Y in its
  footer (a one-page document: the reference alone);
- no heading is the last thing on a page, nor split across two;
- no table row is split across pages, a table that runs onto another page repeats its header
  row there, and no header row is left at the foot of a page without a row under it;
- the last page holds more than the signature, and more than notes: the signature comes with
  the last lines of the text, the notes start on the page where the text ends, and a notes list
  running onto a last page of its own brings two notes at least, never one alone;
- no code (a SHA-256 digest, a file's path) is hyphenated.

Each check is shown to fail (`test_each_check_fails_on_a_bad_layout`) on PDFs laid out with the
rule that prevents its fault overridden.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from weasyprint import CSS

from campaign.document import nodes as n
from campaign.load.campaign import load_campaign
from campaign.render.compose import Rendered, Renderer
from campaign.writers import get_writer
from campaign.writers.html import page_label_parts
from campaign.writers.pdf import PdfWriter
from tests.campaign_support import ROOT

EXAMPLES = sorted(folder for folder in (ROOT / "examples").iterdir() if (folder / "campaign.yaml").is_file())
FOOTER_ZONE = 24 * 72 / 25.4
"""print.css's bottom margin (24 mm) in points: the page footer is drawn there, the text never is."""
IGNORED = re.compile("[\\s\u00ad\u200b-\u200f\u2010\u2011\u2066-\u2069-]")
"""What text matching ignores: white space, hyphens (a hyphenated word is cut by one), format controls."""
MARKERS = re.compile(r"(•|\d+\.)*")
"""What may come between two blocks' texts: list bullets and numbers (drawn by CSS, not in the model)."""


# --- reading a PDF back ---------------------------------------------------------------------


@dataclasses.dataclass
class Page:
    number: int
    height: float
    words: list[tuple[str, float, float]]
    """Every word (text, x, y of its top), in drawing order."""

    @property
    def footer(self) -> str:
        return squash("".join(text for text, _, y in self.words if y > self.height - FOOTER_ZONE))

    @property
    def text(self) -> str:
        return squash("".join(text for text, _, y in self.words if y <= self.height - FOOTER_ZONE))


def squash(text: str) -> str:
    return IGNORED.sub("", text)


def read_pages(pdf: bytes) -> list[Page]:
    """The PDF's pages and words, as poppler reads them (`pdftotext`, installed by setup.sh)."""
    done = subprocess.run(["pdftotext", "-raw", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True)
    pages = []
    for number, page in enumerate(re.findall(r"<page [^>]*>.*?</page>", done.stdout.decode(), re.DOTALL), 1):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        words = [
            (html.unescape(text), float(x), float(y))
            for x, y, text in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page)
        ]
        pages.append(Page(number, height, logical_order(words)))
    return pages


RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
"""A letter of a right-to-left script (Hebrew, Arabic and its extensions and presentation forms)."""


def logical_order(words: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    """The words with each right-to-left run of a line in reading order.

    The PDF draws glyphs from left to right, so poppler gives a right-to-left word with its
    letters reversed, and the words of a right-to-left run (a name in Arabic script in an
    English table cell) last first: each run of right-to-left words on one line is turned
    round, word and letters. (Enough for the documents checked here, whose paragraphs run left
    to right; a right-to-left paragraph would also need its runs reordered.)"""

    def right_to_left(word: str) -> bool:
        letters = [char for char in word if char.isalpha()]
        return bool(letters) and all(RIGHT_TO_LEFT.match(char) for char in letters)

    ordered: list[tuple[str, float, float]] = []
    run: list[tuple[str, float, float]] = []
    for word in [*words, ("", 0.0, -1.0)]:
        if run and (not right_to_left(word[0]) or word[2] != run[0][2]):
            ordered += [(text[::-1], x, y) for text, x, y in reversed(run)]
            run = []
        if right_to_left(word[0]):
            run.append(word)
        elif word[2] >= 0:
            ordered.append(word)
    return ordered


# --- the document model's blocks, in reading order ------------------------------------------


@dataclasses.dataclass(frozen=True)
class Unit:
    """A piece of the document whose place in the PDF a check needs."""

    kind: str
    """heading, header (a table's header row), row, signature, notes-heading, note, or text."""
    text: str
    """As the PDF's text should read it, squashed."""
    table: int = -1
    """For header and row: which table of the document."""


def units(document: n.Document) -> Iterator[Unit]:
    tables = 0
    for block in document.children:
        match block:
            case n.Letterhead(organisation=organisation, lines=lines):
                yield Unit("text", squash(organisation + "".join(lines)))
            case n.AddressBlock(lines=lines):
                yield Unit("text", squash("".join(lines)))
            case n.DateLine(text=text) | n.Salutation(text=text):
                yield Unit("text", squash(text))
            case n.Title(children=children) | n.Heading(children=children):
                yield Unit("heading", squash(n.plain_text(children)))
            case n.Subject(children=children) | n.Paragraph(children=children):
                yield Unit("text", squash(n.plain_text(children)))
            case n.BulletList(items=items) | n.OrderedList(items=items):
                for item in items:
                    yield Unit("text", squash(n.plain_text(item.children)))
            case n.Quotation(children=paragraphs):
                for paragraph in paragraphs:
                    yield Unit("text", squash(n.plain_text(paragraph.children)))
            case n.Table(header=header, rows=rows):
                if header:
                    yield Unit("header", squash("".join(n.plain_text(cell) for cell in header)), tables)
                for row in rows:
                    yield Unit("row", squash("".join(n.plain_text(cell) for cell in row)), tables)
                tables += 1
            case n.Signature(closing=closing, name=name, title=title, organisation=organisation):
                yield Unit("signature", squash(closing + name + title + organisation))
            case n.Footnotes(heading=heading, notes=notes):
                yield Unit("notes-heading", squash(heading))
                for note in notes:
                    yield Unit("note", squash(f"{note.number}.{n.plain_text(note.children)}"))
            case _:
                raise AssertionError(f"the layout test does not know {type(block).__name__}")


@dataclasses.dataclass(frozen=True)
class Placed:
    unit: Unit
    first: int
    """The page its text starts on (1-based)."""
    last: int
    """The page its text ends on."""
    starts_page: bool
    """Nothing of the text comes before it on its first page."""
    ends_page: bool
    """Nothing of the text comes after it on its last page."""
    header_before: bool = False
    """A row: its table's header row was drawn again just before it (a repeated header)."""


def place(document: n.Document, pages: list[Page]) -> list[Placed]:
    """Every unit of `document` found in the PDF's text, in order, with the pages it lies on.

    Between two units only list markers may come, or a table's repeated header row before a
    row; anything else (a block missing, out of order, or split so that its text is not in one
    piece, as a table row split across pages is: part of each cell on each page) fails.
    """
    texts = [page.text for page in pages]
    stream = "".join(texts)
    ends = []
    total = 0
    for text in texts:
        total += len(text)
        ends.append(total)

    def page_of(offset: int) -> int:
        return next(number for number, end in enumerate(ends, 1) if offset < end)

    placed: list[Placed] = []
    cursor = 0
    headers: dict[int, str] = {}
    for unit in units(document):
        if not unit.text:
            continue
        start = stream.find(unit.text, cursor)
        end = start + len(unit.text)
        gap = stream[cursor:start] if start >= 0 else ""
        header = headers.get(unit.table, "") if unit.kind == "row" else ""
        repeated = bool(header) and header in gap
        if repeated:
            gap = gap.replace(header, "", 1)
        if (start < 0 or MARKERS.fullmatch(gap) is None) and header:
            # a row split across pages has its table's header row drawn again inside its text
            window = stream[cursor:]
            cut = window.find(header)
            joined = window[:cut] + window[cut + len(header) :] if cut >= 0 else ""
            inside = joined.find(unit.text)
            if cut >= 0 and inside >= 0 and inside < cut < inside + len(unit.text):
                gap, start = joined[:inside], cursor + inside
                end = start + len(unit.text) + len(header)
        if start < 0 or MARKERS.fullmatch(gap) is None:
            seen = stream[cursor : cursor + 80]
            raise LayoutError(f"{unit.kind} {unit.text[:60]!r} is not where it belongs (found {seen!r})")
        if unit.kind == "header":
            headers[unit.table] = unit.text
        first, last = page_of(start), page_of(end - 1)
        placed.append(
            Placed(
                unit,
                first,
                last,
                starts_page=start == (ends[first - 2] if first > 1 else 0),
                ends_page=end == ends[last - 1],
                header_before=repeated,
            )
        )
        cursor = end
    return placed


class LayoutError(AssertionError):
    """The PDF's text could not be matched with the document's blocks."""


# --- the checks -----------------------------------------------------------------------------


def footer_problems(document: n.Document, pages: list[Page]) -> list[str]:
    """Each page's footer must hold the reference and "Page X of Y" (X its number, Y the count)."""
    meta = document.meta
    count = len(pages)
    problems = []
    for page in pages:
        label = "".join(
            literal + ({"page": str(page.number), "pages": str(count)}[field] if field else "")
            for literal, field in page_label_parts(meta.page_label)
        )
        expected = squash(meta.reference) + (squash(label) if count > 1 else "")
        if page.footer != expected:
            problems.append(f"page {page.number}: footer {page.footer!r}, expected {expected!r}")
    return problems


def heading_problems(placed: list[Placed]) -> list[str]:
    problems = []
    for item in placed:
        if item.unit.kind in ("heading", "notes-heading"):
            if item.first != item.last:
                problems.append(f"heading {item.unit.text!r} is split across pages {item.first} and {item.last}")
            elif item.ends_page:
                problems.append(f"heading {item.unit.text!r} is the last line of page {item.last}")
    return problems


def table_problems(placed: list[Placed]) -> list[str]:
    problems = []
    for index, item in enumerate(placed):
        kind = item.unit.kind
        if kind == "row" and item.first != item.last:
            problems.append(f"table row {item.unit.text[:50]!r} is split across pages {item.first} and {item.last}")
        previous = placed[index - 1] if index else None
        continued = previous is not None and previous.unit.kind == "row" and previous.last < item.first
        if kind == "row" and continued and not item.header_before:
            problems.append(f"the table goes on to page {item.first} without its header row")
        if kind == "header":
            following = placed[index + 1] if index + 1 < len(placed) else None
            if following is not None and following.unit.kind == "row" and following.first != item.last:
                problems.append(f"a table's header row is alone at the foot of page {item.last}")
    return problems


def last_page_problems(placed: list[Placed], pages: list[Page]) -> list[str]:
    """The last page must hold some of the text before the signature, or else be the second page
    of a notes list that began with the text and bring at least two notes."""
    last = len(pages)
    if last == 1:
        return []
    signature = next((item for item in placed if item.unit.kind == "signature"), None)
    heading = next((item for item in placed if item.unit.kind == "notes-heading"), None)
    notes_on_last = [item for item in placed if item.unit.kind == "note" and item.first == last]
    if signature is not None and signature.first == last and signature.starts_page:
        return [f"the last page (page {last}) starts with the signature: it is cut off from the text"]
    if signature is not None and signature.first < last:
        if heading is not None and heading.first == last:
            return [f"the last page (page {last}) holds only the notes: they start on a page of their own"]
        if heading is not None and len(notes_on_last) < 2:
            return [f"the last page (page {last}) holds only {len(notes_on_last)} note"]
        if heading is None:
            return [f"the last page (page {last}) comes after the signature"]
    return []


def hyphenation_problems(pages: list[Page]) -> list[str]:
    """A code (a word with a digit, or a path: a SHA-256 digest, a file in `evidence/`) is never
    hyphenated: the hyphen WeasyPrint adds (U+2010; the text's own hyphens are U+002D) would read
    as part of it."""
    return [
        f"page {page.number}: the code {word!r} is hyphenated"
        for page in pages
        for word, _, _ in page.words
        if word.endswith("\u2010") and re.search(r"[\d/\\@_]", word)
    ]


def layout_problems(document: n.Document, pdf: bytes) -> list[str]:
    pages = read_pages(pdf)
    try:
        placed = place(document, pages)
    except LayoutError as error:
        return [str(error)]
    return [
        *footer_problems(document, pages),
        *heading_problems(placed),
        *table_problems(placed),
        *last_page_problems(placed, pages),
        *hyphenation_problems(pages),
    ]


# --- every document we ship -----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Built:
    name: str
    document: n.Document
    pdf: bytes


def render_all(folder: Path, lang: str | None = None, fallback: str | None = None) -> list[Built]:
    """Every document of the campaign in `folder` for every recipient, in `lang` or the
    recipient's first language, laid out as PDF by the writer the build uses."""
    loaded = load_campaign(folder)
    renderer = Renderer(loaded)
    writer = get_writer("pdf", renderer.asset_dirs)
    built = []
    for recipient in loaded.campaign.recipients:
        language = lang or recipient.languages[0]
        for kind in renderer.produced(recipient):
            if kind == "cover-email":
                continue
            rendered = renderer.render(recipient, kind, language, fallback)
            if isinstance(rendered, Rendered):
                name = f"{folder.name}/{recipient.id}/{kind}.{language}"
                built.append(Built(name, rendered.document, writer.write(rendered.document)))
    return built


@pytest.fixture(scope="module")
def shipped() -> list[Built]:
    documents = render_all(ROOT, "en") + render_all(ROOT, "ru", fallback="en")
    for folder in EXAMPLES:
        documents += render_all(folder)
    return documents


def test_every_bundled_and_example_document_is_laid_out(shipped: list[Built]) -> None:
    names = {built.name.split("/")[0] for built in shipped}
    assert names == {ROOT.name, *(folder.name for folder in EXAMPLES)}
    assert len(EXAMPLES) >= 5
    kinds = {built.name.split("/")[2].split(".")[0] for built in shipped}
    assert {"appeal", "sanctions-brief", "un-communication"} <= kinds
    assert sum(1 for built in shipped if built.name.endswith(".ru")) >= 10


def test_pages_look_professional(shipped: list[Built]) -> None:
    problems = {built.name: layout_problems(built.document, built.pdf) for built in shipped}
    assert {name: found for name, found in problems.items() if found} == {}


def test_briefs_open_and_close_as_briefs(shipped: list[Built]) -> None:
    """A brief has a title and no salutation; it ends with the signer, without a closing formula."""
    briefs = [built for built in shipped if built.document.meta.kind == "brief"]
    letters = [built for built in shipped if built.document.meta.kind == "letter"]
    assert briefs and letters
    signatures = [block for built in letters for block in built.document.children if isinstance(block, n.Signature)]
    closings = {signature.closing for signature in signatures}
    assert closings and "" not in closings
    for built in briefs:
        text = squash("".join(page.text for page in read_pages(built.pdf)))
        assert not any(isinstance(block, n.Salutation) for block in built.document.children), built.name
        assert not [closing for closing in closings if squash(closing) in text], built.name
        date = next(block for block in built.document.children if isinstance(block, n.DateLine))
        assert squash(date.text) in read_pages(built.pdf)[0].text, built.name


# --- each check fails on a bad layout -------------------------------------------------------


class OverridingWriter(PdfWriter):
    """The project's PDF writer with one more stylesheet after its own (a rule overridden)."""

    def __init__(self, css: str) -> None:
        super().__init__()
        self.extra = css

    def stylesheets(self, html: str, meta: n.DocumentMeta) -> list[Any]:
        return [*super().stylesheets(html, meta), CSS(string=self.extra, font_config=self.resources().font_config)]


def meta(**changes: Any) -> n.DocumentMeta:
    values: dict[str, Any] = {
        "title": "Layout",
        "author": "Steppe Rights Watch",
        "language": "en-GB",
        "date": dt.date(2021, 9, 6),
        "reference": "layout-case/appeal/uk-fs/2021-09-06",
    }
    return n.DocumentMeta(**(values | changes))


def text(words: int, seed: int) -> n.Paragraph:
    vocabulary = ("the", "court", "sentenced", "activist", "detention")
    vocabulary += ("appeal", "prosecutor", "evidence", "hearing", "lawyer")
    return n.Paragraph((n.Text(" ".join(vocabulary[(seed * 7 + i * 3) % 10] for i in range(words)) + "."),))


def sample(sections: int = 8, rows: int = 14, notes: int = 6) -> n.Document:
    """A document of several pages with headings, a long table of tall rows, exhibits with a
    file's path and SHA-256 digest at many places on the line, a signature and notes."""
    blocks: list[n.Block] = [n.DateLine("6 September 2021"), n.Salutation("Dear Foreign Secretary,")]
    for index in range(sections):
        blocks += [n.Heading(1, (n.Text(f"Section {index + 1}"),)), text(40 + 23 * index, index)]
    cell = "conviction upheld on appeal with a ban on public activity for five years"
    blocks.append(
        n.Table(
            ((n.Text("Date"),), (n.Text("Court"),), (n.Text("Outcome"),)),
            tuple(((n.Text(f"{day} June 2021"),), (n.Text(f"court {day}"),), (n.Text(cell),)) for day in range(rows)),
        )
    )
    digest = "108ee4ab5bea2e2ef2a751f5950016ff054e13882933c186430e3a167195d14b"
    for exhibit in range(1, 9):
        copy = f"Exhibit {exhibit}. {'Detention ' * exhibit}Copy: evidence/appeal-{exhibit}.txt, SHA-256 {digest}."
        blocks.append(n.Paragraph((n.Text(copy),)))
    blocks += [
        text(60, 99),
        n.Signature("Yours sincerely,", "Dana Example", "Director", "Steppe Rights Watch"),
        n.Footnotes("Sources", tuple(n.Footnote(i, (n.Text(f"Source number {i}."),)) for i in range(1, notes + 1))),
    ]
    return n.Document(meta(), tuple(blocks))


@pytest.mark.parametrize(
    ("rule", "fault"),
    [
        ("", None),
        ("@page { @bottom-right { content: none } }", "footer"),
        (".page-footer .page-count::before { content: counter(page) }", "footer"),
        ("@page { @bottom-left { content: none } }", "footer"),
        ("h2 { break-after: page }", "is the last line of page"),
        ("tr { break-inside: auto } td { line-height: 2.6 }", "table row"),
        ("thead { display: table-row-group }", "without its header row"),
        (".signature { break-before: page }", "starts with the signature"),
        (".notes { break-before: page }", "holds only the notes"),
        (".note:last-child { break-before: page }", "holds only 1 note"),
        (".literal { hyphens: auto }", "is hyphenated"),
    ],
    ids=["as-shipped", "no-label", "wrong-count", "no-reference", "heading", "row", "header"]
    + ["signature", "notes", "note", "code"],
)
def test_each_check_fails_on_a_bad_layout(rule: str, fault: str | None) -> None:
    document = sample()
    pdf = OverridingWriter(rule).write(document)
    problems = layout_problems(document, pdf)
    if fault is None:
        assert problems == [] and len(read_pages(pdf)) >= 3
    else:
        assert [problem for problem in problems if fault in problem], problems


def test_a_header_row_alone_at_the_foot_of_a_page_is_found() -> None:
    document = sample(sections=1, rows=3)
    # (WeasyPrint never breaks between a repeated header group and the first row, so the header is made a plain row)
    pdf = OverridingWriter("thead { display: table-row-group } thead tr { break-after: page }").write(document)
    assert [problem for problem in layout_problems(document, pdf) if "header row is alone" in problem]


def test_text_out_of_order_or_missing_is_found() -> None:
    document = sample(sections=2, rows=2, notes=2)
    pdf = get_writer("pdf").write(document)
    missing = dataclasses.replace(document, children=(*document.children[:3], text(12, 5), *document.children[3:]))
    assert [problem for problem in layout_problems(missing, pdf) if "is not where it belongs" in problem]


def test_a_one_page_document_has_its_reference_and_no_page_label() -> None:
    document = n.Document(meta(), (n.Paragraph((n.Text("One page."),)),))
    pdf = get_writer("pdf").write(document)
    pages = read_pages(pdf)
    assert len(pages) == 1 and footer_problems(document, pages) == []
    assert pages[0].footer == squash(document.meta.reference)
