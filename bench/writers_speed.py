"""Per-document time of each writer on a one-page letter and a three-page brief (prints figures).

    .venv/bin/python bench/writers_speed.py [--count N]

Warm writers (one process, stylesheets and fonts loaded once), best of two runs of N documents;
also the naive WeasyPrint baseline (`HTML(string=...).write_pdf()` per document, default
options) on the same HTML, and which font subsetter WeasyPrint uses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "writers"))

from writers_support import brief, letter  # noqa: E402

from campaign.document.nodes import Document, Paragraph, Text  # noqa: E402
from campaign.writers import get_writer  # noqa: E402
from campaign.writers.html import HtmlWriter  # noqa: E402


def best_ms_per_doc(run: Callable[[Document], bytes], documents: list[Document]) -> float:
    timings = []
    for _ in range(2):
        start = time.perf_counter()
        for document in documents:
            run(document)
        timings.append((time.perf_counter() - start) / len(documents) * 1000)
    return min(timings)


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=30)
    args = parser.parse_args()

    import weasyprint
    from weasyprint.text.ffi import harfbuzz_subset

    results: dict[str, object] = {
        "weasyprint": weasyprint.__version__,
        "font_subsetter": "harfbuzz" if harfbuzz_subset is not None else "fonttools",
    }
    for writer_name in ("pdf", "docx", "html", "text"):
        writer = get_writer(writer_name)
        writer.warm_up()
        for label, make in (("one_page", one_page_letter), ("letter", letter), ("brief", brief)):
            results[f"{writer_name}_{label}_ms"] = round(best_ms_per_doc(writer.write, variants(make, args.count)), 2)
    print_html = HtmlWriter(media="print")
    for label, make in (("one_page", one_page_letter), ("letter", letter), ("brief", brief)):
        docs = variants(make, args.count)
        results[f"naive_weasyprint_{label}_ms"] = round(
            best_ms_per_doc(lambda d: weasyprint.HTML(string=print_html.render(d)).write_pdf(), docs), 2
        )
    width = max(len(key) for key in results)
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
