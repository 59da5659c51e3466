"""Decision support for issue 7: what would another PDF engine (Typst) give on our documents?

    .venv/bin/pip install typst==0.15.2   # not a dependency of campaign
    .venv/bin/python bench/typst_probe.py [--sample 100]

Issue 7 asks for PDFs at >= 4x the speed of LibreOffice's batch conversion; bench/run.py shows
the build on WeasyPrint at about 1x on the campaign's documents (3.8 pages on average). This
probe compares the PDF writers alone, on the same documents, against the same LibreOffice call:
- LibreOffice: one `soffice --headless --convert-to pdf` call on our DOCX files (bench/run.py's);
- WeasyPrint: the project's PDF writer, two warmed worker processes (as a build's);
- Typst: the same document model, as JSON, laid out by bench/typst/document.typ (a transcription
  of assets/document.css and print.css: same fonts, sizes, margins; a sketch, not a writer), one
  compiler per worker kept for all its documents (fonts loaded once, Typst's memo kept, as a
  worker would keep them).
Documents: a sample of the benchmark's synthetic campaign (every kind, all six languages; no two
alike) and bench/writers_speed.py's one-page letter with a postal line per letter (the kind of
letter issue 7's own figures were measured on). One more document of each set starts the
workers before the clock. Every PDF is read back: its pages counted, and the first paragraph's
first words must come out as text (a broken layout is not timed as a fast one).

Prints wall milliseconds per document, pages, and the ratio to LibreOffice. Writes only under
bench/work/ and a temporary folder.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import json
import multiprocessing
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402  (bench/run.py: the synthetic campaign and its sample)
import writers_speed  # noqa: E402  (bench/writers_speed.py: the bundled campaign's letters)
from pypdf import PdfReader  # noqa: E402

import campaign  # noqa: E402
from campaign import (  # noqa: E402
    Document,
    get_writer,
    nodes,  # noqa: E402
)

AddressBlock, Paragraph, plain_text = nodes.AddressBlock, nodes.Paragraph, nodes.plain_text

FONTS_DIR = Path(campaign.__file__).resolve().parent / "fonts"
"""The bundled fonts the PDF writer sets text in (package data)."""

TEMPLATE = Path(__file__).resolve().parent / "typst" / "document.typ"
WORKERS = 2


def as_json(node: Any) -> Any:
    """The document model as JSON values, each node tagged with its class name (`k`)."""
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        fields = {f.name: as_json(getattr(node, f.name)) for f in dataclasses.fields(node)}
        return {"k": type(node).__name__, **fields}
    if isinstance(node, tuple | list):
        return [as_json(item) for item in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    return node


class TypstWriter:
    """Typst with one compiler for every document (fonts loaded once, its caches kept)."""

    def __init__(self) -> None:
        import typst

        self.compiler = typst.Compiler(TEMPLATE, root=TEMPLATE.parent, font_paths=[FONTS_DIR], ignore_system_fonts=True)

    def write(self, document: Document) -> bytes:
        source = json.dumps(as_json(document), ensure_ascii=False)
        pdf = self.compiler.compile(sys_inputs={"document": source}, format="pdf")
        assert isinstance(pdf, bytes)
        return pdf


ENGINES: dict[str, Callable[[], Callable[[Document], bytes]]] = {
    "WeasyPrint (ours)": lambda: get_writer("pdf").write,
    "Typst": lambda: TypstWriter().write,
}
_write: Callable[[Document], bytes] | None = None
"""A worker process's engine."""


def _start_worker(engine: str, warm: Document) -> None:
    global _write
    _write = ENGINES[engine]()
    _write(warm)  # a worker's first document: fonts loaded, caches started


def _work(document: Document) -> int:
    assert _write is not None
    return len(_write(document))


def read_back(pdf: bytes, document: Document) -> int:
    """Page count of `pdf`, after checking that the first paragraph's first words come out as text."""
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())
    first = next(plain_text(b.children) for b in document.children if isinstance(b, Paragraph))
    words = " ".join(first.split()[:3])
    if words not in text:
        raise SystemExit(f"typst_probe: {words!r} not found in a PDF's text")
    return len(reader.pages)


def pages(engine: str, documents: list[Document], warm: Document) -> float:
    """Average page count of the engine's PDFs (each read back), made in this process."""
    write = ENGINES[engine]()
    write(warm)
    return sum(read_back(write(d), d) for d in documents) / len(documents)


def workers_ms(engine: str, documents: list[Document], warm: Document) -> float:
    """Wall ms per document with WORKERS warmed worker processes (as a build's)."""
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing of this process's threads
    with ProcessPoolExecutor(WORKERS, context, initializer=_start_worker, initargs=(engine, warm)) as pool:
        list(pool.map(_work, [warm] * WORKERS))  # the workers started before the clock
        start = time.perf_counter()
        list(pool.map(_work, documents, chunksize=4))
        return (time.perf_counter() - start) / len(documents) * 1000


def libreoffice_ms(documents: list[Document]) -> float | None:
    """Wall ms per document of one `soffice --convert-to pdf` call on our DOCX files (bench/run.py)."""
    docx = get_writer("docx")
    with tempfile.TemporaryDirectory(prefix="typst-probe-") as folder:
        sample = []
        for number, document in enumerate(documents):
            item = run.Sample(f"r{number:04d}", "letter", "xx")
            (Path(folder) / item.recipient).mkdir()
            (Path(folder) / item.recipient / "letter.xx.docx").write_bytes(docx.write(document))
            sample.append(item)
        rate, state = run.libreoffice(Path(folder), sample)
    if rate is None:
        print(f"  LibreOffice: {state}")
        return None
    return 1000 / rate


def distinct_letters(count: int) -> list[Document]:
    """writers_speed.py's short letters (dates differ), each with a postal line of its own."""
    letters = writers_speed.variants(writers_speed.campaign_documents("appeal"), count)
    return [
        dataclasses.replace(
            letter,
            children=tuple(
                AddressBlock((f"P.O. Box {1000 + number}", *block.lines)) if isinstance(block, AddressBlock) else block
                for block in letter.children
            ),
        )
        for number, letter in enumerate(letters)
    ]


def compare(name: str, documents: list[Document], warm: Document) -> None:
    """Print, per engine: pages, wall ms per document with two workers, and the ratio to LibreOffice."""
    print(f"\n{name}: {len(documents)} documents; {WORKERS} worker processes; LibreOffice: one batch call")
    lo = libreoffice_ms(documents)
    if lo is not None:
        print(f"  {'LibreOffice batch':<20} {lo:7.1f} ms/document")
    for engine in ENGINES:
        ms = workers_ms(engine, documents, warm)
        count = pages(engine, documents, warm)
        ratio = f"{lo / ms:5.2f}x LibreOffice" if lo else ""
        print(f"  {engine:<20} {ms:7.1f} ms/document  {count:4.2f} pages  {ms / count:5.1f} ms/page  {ratio}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=100, help="documents sampled from the synthetic campaign")
    args = parser.parse_args(argv)
    try:
        import typst  # noqa: F401
    except ImportError:
        raise SystemExit("typst_probe: install Typst first: .venv/bin/pip install typst==0.15.2") from None
    print(f"Typst {metadata.version('typst')}")

    folder = run.WORK / "campaign-probe"
    run.make_campaign(folder, 2000)
    fallback = "en" if run.needs_fallback(folder) else None
    *sampled, warm = run.render_sample(folder, run.choose_sample(folder, args.sample + 1), fallback)
    compare("sampled campaign documents", sampled, warm)
    letters = distinct_letters(args.sample + 1)
    compare("short letter (bench/writers_speed.py)", letters[1:], letters[0])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
