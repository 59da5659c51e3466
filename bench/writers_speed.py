"""Per-document time of the writers, and of our PDF writer against naive WeasyPrint (prints figures).

    .venv/bin/python bench/writers_speed.py [--count N] [--rounds R] [--workers W] [--json FILE]

PDF, apples to apples (same HTML from `HtmlWriter(media="print")`, same stylesheets, same fonts;
naive passes `presentational_hints=True`, which the project's HTML needs for `<ol start>` when no
other rule gives it, while our writer adds a small cached rule per list start instead):
- naive: what a first WeasyPrint user writes, per document: a new `FontConfiguration`, the
  project's stylesheets parsed, `HTML(string=...).write_pdf(...)` with default options (fonts
  subset per document, default URL fetcher);
- naive (full fonts): the same with the full DejaVu Serif faces, as the project shipped before
  the fixed subset (figure from issue 7);
- ours: `get_writer("pdf")` as the build calls it: one warm writer per process, many documents.
Each figure is the best of R interleaved rounds of N different documents (dates differ), wall
clock; with --workers, also the throughput of that many worker processes (ms per document).
Also which font subsetter WeasyPrint uses (HarfBuzz-subset if the library loads, else fontTools).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "writers"))

from writers_support import brief, letter  # noqa: E402

from campaign.document.nodes import Document, Paragraph, Text  # noqa: E402
from campaign.writers import get_writer  # noqa: E402
from campaign.writers.assets import CSS_DIR, FONTS_DIR  # noqa: E402
from campaign.writers.html import HtmlWriter  # noqa: E402
from campaign.writers.pdf import COMMON_CSS, PAGE_CSS  # noqa: E402

FULL_FACES = {
    ("normal", "normal"): "DejaVuSerif.ttf",
    ("bold", "normal"): "DejaVuSerif-Bold.ttf",
    ("normal", "italic"): "DejaVuSerif-Italic.ttf",
    ("bold", "italic"): "DejaVuSerif-BoldItalic.ttf",
}


def variants(make: Callable[..., Document], count: int) -> list[Document]:
    """`count` documents that differ (dates), so nothing can be cached between them."""
    base = make()
    meta = base.meta
    return [
        Document(
            type(meta)(
                **{
                    **{f: getattr(meta, f) for f in meta.__dataclass_fields__},
                    "date": dt.date(2021, 1, 1) + dt.timedelta(days=n),
                }
            ),
            base.children,
        )
        for n in range(count)
    ]


def one_page_letter() -> Document:
    """The sample letter cut to one page: letterhead, address, date, subject, three paragraphs, signature."""
    full = letter()
    head = full.children[:6]
    body = tuple(Paragraph((Text("Қазақстан Республикасы, Жанболат Мамай ісі. " * 5),)) for _ in range(3))
    return Document(full.meta, head + body + full.children[-2:-1])


def full_fonts_css(folder: Path) -> Path:
    """A fonts.css naming the full DejaVu Serif faces (the project's fonts before the fixed subset)."""
    rules = [
        f'@font-face {{ font-family: "Campaign Serif"; src: url({(FONTS_DIR / name).as_uri()}); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for (weight, style), name in FULL_FACES.items()
    ]
    path = folder / "fonts-full.css"
    path.write_text("\n".join(rules), "utf-8")
    return path


def naive_pdf(document: Document, fonts_css: Path) -> bytes:
    """Naive WeasyPrint: everything made afresh for the one document, default options."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    html = HtmlWriter(media="print").render(document)
    font_config = FontConfiguration()
    paths = [fonts_css, *(CSS_DIR / name for name in COMMON_CSS[1:]), CSS_DIR / PAGE_CSS[document.meta.page_size]]
    sheets = [CSS(filename=str(path), font_config=font_config) for path in paths]
    data: bytes = HTML(string=html, base_url=CSS_DIR.as_uri() + "/").write_pdf(
        stylesheets=sheets, font_config=font_config, presentational_hints=True
    )
    return data


def ours_pdf(document: Document) -> bytes:
    """The project's writer as the build calls it (one per process, reused)."""
    return get_writer("pdf").write(document)


def time_per_doc(run: Callable[[Document], bytes], documents: list[Document]) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds per document (CPU time is steadier on a shared machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    for document in documents:
        run(document)
    return (
        (time.perf_counter() - wall) / len(documents) * 1000,
        (time.process_time() - cpu) / len(documents) * 1000,
    )


def best_interleaved(
    runs: dict[str, Callable[[Document], bytes]], documents: list[Document], rounds: int
) -> dict[str, tuple[float, float]]:
    """Best wall and CPU ms/doc of each run over `rounds` rounds, the runs taking turns (fair on a busy machine)."""
    best = {name: (float("inf"), float("inf")) for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            wall, cpu = time_per_doc(run, documents)
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    return best


def _warm_worker() -> None:
    get_writer("pdf").warm_up()


def _naive_subset(document: Document) -> bytes:
    return naive_pdf(document, CSS_DIR / COMMON_CSS[0])


def pool_ms_per_doc(run: Callable[[Document], bytes], documents: list[Document], workers: int) -> float:
    """Throughput of `workers` processes (each warmed like a build worker), in ms per document."""
    with ProcessPoolExecutor(workers, initializer=_warm_worker) as pool:
        list(pool.map(run, documents[:workers]))  # start the workers before the clock
        start = time.perf_counter()
        list(pool.map(run, documents, chunksize=max(1, len(documents) // (workers * 4))))
        return (time.perf_counter() - start) / len(documents) * 1000


def font_subsetter() -> str:
    """Which library WeasyPrint subsets fonts with (the test in weasyprint/pdf/fonts.py, Font.subset)."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return "harfbuzz" if harfbuzz_subset is not None and harfbuzz.hb_version_atleast(4, 1, 0) else "fonttools"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="0: skip the multi-process figures")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--pdf-only", action="store_true", help="skip the docx, html and text writers")
    args = parser.parse_args()

    import weasyprint

    results: dict[str, object] = {"weasyprint": weasyprint.__version__, "font_subsetter": font_subsetter()}
    get_writer("pdf").warm_up()
    with tempfile.TemporaryDirectory() as folder:
        full_css = full_fonts_css(Path(folder))
        for label, make in (("one_page", one_page_letter), ("brief", brief)):
            count = args.count if label == "one_page" else max(1, args.count // 3)
            best = best_interleaved(
                {
                    "naive": _naive_subset,
                    "naive_full_fonts": lambda d: naive_pdf(d, full_css),
                    "ours": ours_pdf,
                },
                variants(make, count),
                args.rounds,
            )
            for name, (wall, cpu) in best.items():
                results[f"pdf_{label}_{name}_ms"] = round(wall, 2)
                results[f"pdf_{label}_{name}_cpu_ms"] = round(cpu, 2)
            for clock, index in (("", 0), ("_cpu", 1)):
                ours = best["ours"][index]
                results[f"pdf_{label}_ratio{clock}"] = round(best["naive"][index] / ours, 2)
                results[f"pdf_{label}_ratio_vs_full_fonts{clock}"] = round(best["naive_full_fonts"][index] / ours, 2)
    if args.workers:
        documents = variants(one_page_letter, args.count * args.workers)
        naive = pool_ms_per_doc(_naive_subset, documents, args.workers)
        ours = pool_ms_per_doc(ours_pdf, documents, args.workers)
        results[f"pdf_one_page_naive_{args.workers}_workers_ms"] = round(naive, 2)
        results[f"pdf_one_page_ours_{args.workers}_workers_ms"] = round(ours, 2)
        results[f"pdf_one_page_{args.workers}_workers_ratio"] = round(naive / ours, 2)
    for writer_name in () if args.pdf_only else ("docx", "html", "text"):
        writer = get_writer(writer_name)
        writer.warm_up()
        for label, make in (("one_page", one_page_letter), ("letter", letter), ("brief", brief)):
            timing = best_interleaved({writer_name: writer.write}, variants(make, args.count), args.rounds)
            results[f"{writer_name}_{label}_ms"] = round(timing[writer_name][0], 2)
    width = max(len(key) for key in results)
    for key, figure in results.items():
        print(f"{key:<{width}}  {figure}")
    print(json.dumps(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
