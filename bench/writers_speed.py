"""Per-document time of the writers, and of our PDF writer against naive WeasyPrint (prints figures).

    .venv/bin/python bench/writers_speed.py [--count N] [--rounds R] [--workers W] [--json FILE]

The documents are the bundled campaign's own, rendered through the public API: `short` are its
appeal letters (2-3 pages), `brief` its sanctions briefs (4-6 pages); each copy gets another date,
so nothing can be cached between them.

PDF, apples to apples (same HTML and stylesheets, from `campaign.print_page`; naive passes
`presentational_hints=True`, which the project's HTML needs for `<ol start>` when no other rule
gives it, while our writer adds a small cached rule per list start instead):
- naive: what a first WeasyPrint user writes, per document: a new `FontConfiguration`, the
  project's stylesheets parsed, `HTML(string=...).write_pdf(...)` with default options;
- ours: `campaign.get_writer("pdf")` as the build calls it: one warm writer per process, many documents.
Each figure is the best of R interleaved rounds of N different documents, wall clock and CPU; with
--workers, also the throughput of that many worker processes (ms per document). Also which font
subsetter WeasyPrint uses (HarfBuzz-subset if the library loads, else fontTools).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import campaign
from campaign import Document, get_writer, print_page

ROOT = Path(__file__).resolve().parent.parent
"""The repository root: the bundled campaign."""


def campaign_documents(kind: str) -> list[Document]:
    """Every `kind` document of the bundled campaign in English (skipped ones left out)."""
    loaded = campaign.load_campaign(ROOT)
    renderer = campaign.Renderer(loaded)
    documents = []
    for recipient in loaded.campaign.recipients:
        if kind in renderer.produced(recipient):
            rendered = renderer.render(recipient, kind, "en")
            if isinstance(rendered, campaign.Rendered):
                documents.append(rendered.document)
    return documents


def variants(base: list[Document], count: int) -> list[Document]:
    """`count` documents cycling through `base`, each with a date of its own."""
    return [
        Document(dataclasses.replace(doc.meta, date=dt.date(2021, 1, 1) + dt.timedelta(days=n)), doc.children)
        for n, doc in ((n, base[n % len(base)]) for n in range(count))
    ]


def naive_pdf(document: Document) -> bytes:
    """Naive WeasyPrint: everything made afresh for the one document, default options."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    page = print_page(document)
    font_config = FontConfiguration()
    sheets = [CSS(filename=str(path), font_config=font_config) for path in page.stylesheets]
    data: bytes = HTML(string=page.html, base_url=page.base_url).write_pdf(
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
    samples = {"short": campaign_documents("appeal"), "brief": campaign_documents("sanctions-brief")}
    for label, base in samples.items():
        count = args.count if label == "short" else max(1, args.count // 3)
        best = best_interleaved({"naive": naive_pdf, "ours": ours_pdf}, variants(base, count), args.rounds)
        for name, (wall, cpu) in best.items():
            results[f"pdf_{label}_{name}_ms"] = round(wall, 2)
            results[f"pdf_{label}_{name}_cpu_ms"] = round(cpu, 2)
        for clock, index in (("", 0), ("_cpu", 1)):
            results[f"pdf_{label}_ratio{clock}"] = round(best["naive"][index] / best["ours"][index], 2)
    if args.workers:
        documents = variants(samples["short"], args.count * args.workers)
        naive = pool_ms_per_doc(naive_pdf, documents, args.workers)
        ours = pool_ms_per_doc(ours_pdf, documents, args.workers)
        results[f"pdf_short_naive_{args.workers}_workers_ms"] = round(naive, 2)
        results[f"pdf_short_ours_{args.workers}_workers_ms"] = round(ours, 2)
        results[f"pdf_short_{args.workers}_workers_ratio"] = round(naive / ours, 2)
    for writer_name in () if args.pdf_only else ("docx", "html", "text"):
        writer = get_writer(writer_name)
        writer.warm_up()
        for label, base in samples.items():
            timing = best_interleaved({writer_name: writer.write}, variants(base, args.count), args.rounds)
            results[f"{writer_name}_{label}_ms"] = round(timing[writer_name][0], 2)
    width = max(len(key) for key in results)
    for key, figure in results.items():
        print(f"{key:<{width}}  {figure}")
    print(json.dumps(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
