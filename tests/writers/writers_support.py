"""Builders of hand-made documents and readers of produced files, shared by the writer tests.

Everything here reads files back with independent libraries (pypdf, python-docx, lxml, zipfile):
never with the writers' own code.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import docx
import pypdf
from docx.oxml.ns import qn

from campaign.document.nodes import (
    AddressBlock,
    Block,
    BulletList,
    DateLine,
    Document,
    DocumentMeta,
    Emphasis,
    Footnote,
    FootnoteRef,
    Footnotes,
    Heading,
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

KAZAKH_UPPER = "ӘҒҚҢӨҰҮҺІ"
KAZAKH_LOWER = "әғқңөұүһі"
CAMPAIGN_DATE = dt.date(2021, 9, 10)


def meta(**changes: Any) -> DocumentMeta:
    values: dict[str, Any] = {
        "title": "Апелляция: Жанболат Мамай",
        "author": "Freedom for Kazakhstan Coalition",
        "language": "kk",
        "date": CAMPAIGN_DATE,
        "keywords": ("Mamay", "Art. 405"),
        "subject": "Release appeal",
    }
    values.update(changes)
    return DocumentMeta(**values)


def every_node_blocks(extra_paragraphs: int = 0) -> tuple[Block, ...]:
    """Blocks using every node class once at least, with Kazakh and Russian text."""
    body: list[Block] = [
        Letterhead("Коалиция «Свобода»", ("ул. Абая 1, Алматы", "https://example.org", "info@example.org")),
        AddressBlock(("Генеральному прокурору", "Республики Казахстан", "Астана")),
        DateLine("Алматы, 10 сентября 2021 г."),
        Title((Text("Жанболат Мамай ісі бойынша "), Emphasis((Text("өтініш"),)))),
        Subject((Text("Re: "), Strong((Text("ст. 405 ч. 1 и 2 УК РК"),)))),
        Salutation("Құрметті Бас прокурор!"),
        Heading(1, (Text("Іс мән-жайы"),)),
        Paragraph(
            (
                Text(f"Қазақ әріптері: {KAZAKH_UPPER} {KAZAKH_LOWER}. "),
                Text("Приговор от 2 сентября 2021 года: 2 года и 2 месяца"),
                FootnoteRef(1),
                Text(". Подробнее: "),
                Link("https://example.org/mamay?x=1&y=2", (Text("материалы дела"),)),
                Text("."),
                LineBreak(),
                Text("Партия «Көше» запрещена"),
                FootnoteRef(2),
                Text("."),
            )
        ),
        Heading(2, (Text("Судьи апелляционной инстанции"),)),
        BulletList(tuple(ListItem((Text(name),)) for name in ("Судья Әлібек", "Судья Ғалым", "Судья Құрманғазы"))),
        Heading(3, (Text("Требования"),)),
        OrderedList((ListItem((Text("Отменить приговор"),)), ListItem((Text("Снять запрет"),)))),
        OrderedList((ListItem((Text("Third"),)), ListItem((Text("Fourth"),))), start=3),
        Quotation((Paragraph((Text("Every one has the right to freedom of opinion and expression."),)),)),
        Table(
            ((Text("Дата"),), (Text("Суд"),), (Text("Итог"),)),
            (
                ((Text("21.06.2021"),), (Text("Алматинский городской суд"),), (Text("1 год 6 месяцев"),)),
                ((Text("02.09.2021"),), (Text("Апелляционная коллегия"),), (Text("2 года 2 месяца"),)),
            ),
        ),
    ]
    body.extend(Paragraph((Text(f"Абзац {n}: " + "Қазақстан Республикасы " * 12),)) for n in range(extra_paragraphs))
    body += [
        Signature("С уважением,", "Айгерім Сәрсенбаева", "Координатор", "Коалиция «Свобода»"),
        Footnotes(
            "Дереккөздер",
            (
                Footnote(1, (Text("Постановление апелляционной коллегии, 2 сентября 2021."),)),
                Footnote(2, (Text("European Parliament resolution of 11 February 2021."),)),
            ),
        ),
    ]
    return tuple(body)


def letter(**meta_changes: Any) -> Document:
    return Document(meta(**meta_changes), every_node_blocks())


def brief(pages_of_text: int = 3, **meta_changes: Any) -> Document:
    """A brief long enough to run over several pages."""
    changes = {"kind": "brief", "page_label": "Бет {page} / {pages}", **meta_changes}
    return Document(meta(**changes), every_node_blocks(extra_paragraphs=12 * pages_of_text))


# --- reading back ----------------------------------------------------------------------------


def pdf_reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def pdf_page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in pdf_reader(data).pages]


def squash(text: str) -> str:
    """Text with all whitespace removed: line breaks and spacing differ between formats."""
    return re.sub(r"\s+", "", text)


def pdf_body_text(data: bytes, page_label: str | None = None, repeated: tuple[str, ...] = ()) -> str:
    """The PDF's text without the running page-number lines and, at the top of a page after the
    first, the `repeated` lines (a table's header row, drawn again on each page the table runs onto)."""
    pattern = None
    if page_label:
        pattern = re.compile(re.escape(page_label).replace(r"\{page\}", r"\d+").replace(r"\{pages\}", r"\d+"))
    lines = []
    for number, text in enumerate(pdf_page_texts(data)):
        page = [line for line in text.splitlines() if not (pattern and pattern.fullmatch(line.strip()))]
        if number and page and squash(page[0]) in map(squash, repeated):
            page = page[1:]
        lines += page
    return "\n".join(lines)


def docx_document(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def list_starts(word: Any) -> dict[int, int]:
    """numId -> first number, read from numbering.xml (startOverride, else the abstract level's start)."""
    numbering = word.part.numbering_part.element
    abstract_starts = {
        int(a.get(qn("w:abstractNumId"))): int(a.find(qn("w:lvl")).find(qn("w:start")).get(qn("w:val")))
        for a in numbering.iter(qn("w:abstractNum"))
    }
    starts = {}
    for num in numbering.iter(qn("w:num")):
        override = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        abstract = int(num.find(qn("w:abstractNumId")).get(qn("w:val")))
        starts[int(num.get(qn("w:numId")))] = (
            int(override.get(qn("w:val"))) if override is not None else abstract_starts[abstract]
        )
    return starts


def paragraph_num_id(paragraph: Any) -> int:
    """The numbering instance of a list paragraph: its own numPr, else its style's."""
    for ppr in (paragraph._p.pPr, paragraph.style.element.pPr):
        num_id = None if ppr is None or ppr.numPr is None else ppr.numPr.numId
        if num_id is not None:
            return int(num_id.val)
    raise AssertionError(f"list paragraph without numbering: {paragraph.text!r}")


def docx_text(data: bytes) -> str:
    """Body text in reading order, list numbers and bullets as Word would show them."""
    word = docx_document(data)
    starts = list_starts(word)
    counters: dict[int, int] = {}
    out = []
    for block in word.iter_inner_content():
        if hasattr(block, "rows"):
            out += [cell.text for row in block.rows for cell in row.cells]
            continue
        text = block.text
        if block.style.name == "List Bullet":
            text = "• " + text
        elif block.style.name == "List Number":
            num_id = paragraph_num_id(block)
            counters[num_id] = counters.get(num_id, starts[num_id] - 1) + 1
            text = f"{counters[num_id]}. {text}"
        out.append(text)
    return "\n".join(out)


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def pdf_objects(data: bytes) -> list[Any]:
    """Every indirect object of the PDF, resolved."""
    reader = pdf_reader(data)
    found = []
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            found.append(reader.get_object(number))
        except Exception:  # noqa: BLE001 - free object numbers
            continue
    return [obj for obj in found if obj is not None]


def pdf_dicts(data: bytes) -> list[dict[str, Any]]:
    return [obj for obj in pdf_objects(data) if isinstance(obj, dict)]


def pdf_images(data: bytes) -> list[dict[str, Any]]:
    return [obj for obj in pdf_dicts(data) if obj.get("/Subtype") == "/Image"]


def pdf_has_attachments(data: bytes) -> bool:
    reader = pdf_reader(data)
    names = reader.trailer["/Root"].get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        return True
    return any(
        obj.get("/Subtype") == "/FileAttachment" or obj.get("/Type") in ("/EmbeddedFile", "/Filespec")
        for obj in pdf_dicts(data)
    )


# --- direction and LibreOffice ----------------------------------------------------------------

FORMAT_CHARACTERS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
"""Zero-width and direction controls that text extraction may report as characters of their own."""


def pdf_words(data: bytes, folder: Path) -> list[tuple[str, float, float]]:
    """Every word poppler finds on the first page, `(text, x_min, y_min)`, direction controls removed.

    poppler (`pdftotext -bbox`, from poppler-utils, installed by setup.sh) gives each word's box,
    so the visual order of a line can be read from the x positions whatever order the PDF's
    content stream or an extractor's bidi guess puts the words in.
    """
    path = folder / "words.pdf"
    path.write_bytes(data)
    done = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, check=True)
    words = []
    for match in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', done.stdout.decode()):
        text = FORMAT_CHARACTERS.sub("", html.unescape(match.group(3)))
        if text:
            words.append((text, float(match.group(1)), float(match.group(2))))
    return words


def same_word(seen: str, expected: str) -> bool:
    """poppler writes a right-to-left word in the order of its glyphs on the page, i.e. reversed."""
    return seen in (expected, expected[::-1])


def visual_line(words: list[tuple[str, float, float]], anchor: str) -> list[str]:
    """The words of the line that holds `anchor`, left to right as they are drawn."""
    y = next(y for text, _, y in words if same_word(text, anchor))
    line = sorted((x, text) for text, x, top in words if abs(top - y) < 3)
    return [text for _, text in line]


def expected_visual_order(logical: str, direction: str) -> list[str]:
    """The words of one line of `logical` text as a reader expects to see them, left to right.

    In right-to-left text the words come right to left, except that a run of left-to-right words
    (a name, a URL, a number) keeps its own order; in left-to-right text a run of right-to-left
    words comes right to left.
    """

    def other_direction(word: str) -> bool:
        classes = [unicodedata.bidirectional(c) for c in word]
        strong = next((c for c in classes if c in ("L", "R", "AL")), None)
        if direction == "rtl":
            return strong == "L" or (strong is None and word[:1].isascii() and word[:1].isdigit())
        return strong in ("R", "AL")

    units: list[list[str]] = []  # runs of the other direction grouped; each word of the text's own alone
    previous_other = False
    for word in logical.split():
        other = other_direction(word)
        if other and previous_other:
            units[-1].append(word)
        else:
            units.append([word])
        previous_other = other
    if direction == "rtl":
        return [word for unit in reversed(units) for word in unit]
    return [word for unit in units for word in (reversed(unit) if other_direction(unit[0]) else unit)]


def libreoffice_pdfs(docx_files: dict[str, bytes], folder: Path, env: dict[str, str] | None = None) -> dict[str, bytes]:
    """Each DOCX opened in LibreOffice (headless, installed by `setup.sh --test`) and saved as PDF,
    by name; in the environment `env` if given."""
    sources = []
    for name, data in docx_files.items():
        sources.append(folder / f"{name}.docx")
        sources[-1].write_bytes(data)
    profile = (folder / "profile").as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    arguments = [*command, "--outdir", str(folder), *map(str, sources)]
    done = subprocess.run(arguments, capture_output=True, timeout=240, env=env)
    assert done.returncode == 0, done.stderr
    return {name: (folder / f"{name}.pdf").read_bytes() for name in docx_files}
