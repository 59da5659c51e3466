"""`campaign preview`: every document of a build as a static site in `OUT/preview/`, to read before sending.

The preview is made from the build itself: `preview()` runs `campaign build` (which reuses every
file whose inputs did not change, through its manifest), then writes

```
OUT/preview/index.html                                  every recipient × document × language, with its status
OUT/preview/<recipient>/<document>.<lang>.html          the document's pages (PNG, by pdftoppm) and its files
OUT/preview/<recipient>/<document>.<lang>.page-N.png    page N of the PDF
OUT/preview/<recipient>/<document>.<lang>.document.html the HTML version (the HTML writer, as in an email)
OUT/preview/<recipient>/<document>.<lang>.txt           its text, from which the comparisons are made
OUT/preview/<recipient>/<document>.<a>.<b>.languages.html   language a beside language b
OUT/preview/diff/<document>.<lang>.<r1>.<r2>.html       what differs between two recipients' texts
OUT/preview/state.json                                  what each page was made from, to reuse it
```

Every link is relative, so the site opens from `file://` as well as from `--serve`; there is no
script and nothing is fetched from the network. Every text comes from case files and recipients
lists, which are untrusted: the pages are Jinja2 templates with autoescaping on, and the HTML
version is the HTML writer's, which escapes everything it writes.

`PreviewServer` serves the site on 127.0.0.1 and `Watcher` calls a rebuild whenever a file of the
campaign changes (by polling modification times: no dependency, and a campaign has few files).
"""

from __future__ import annotations

import difflib
import functools
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from jinja2 import DictLoader, Environment, StrictUndefined

from campaign.app.build import Progress, build
from campaign.errors import CampaignError, InputError
from campaign.files import write_atomically
from campaign.jobs.job import BuildOptions, BuildResult, Outcome
from campaign.jobs.pool import load_as_of
from campaign.manifest import Entry, read_manifest
from campaign.model.loaded import Loaded
from campaign.model.recipients import Recipient
from campaign.render.compose import Renderer, Skipped
from campaign.writers import get_writer

SITE_FOLDER = "preview"
STATE_FILE = "state.json"
PAGE_DPI = 96
"""Resolution of the page images: an A4 page is 794 × 1123 pixels, as a browser shows it at 100 %."""
CAMPAIGN_PARTS = ("campaign.yaml", "recipients.yaml", "cases", "letters", "evidence")
"""What a campaign folder is made of; a change to any file under these rebuilds the preview."""

Status = Literal["built", "skipped", "failed"]


@dataclass(frozen=True)
class Row:
    """One recipient × document × language of the index."""

    recipient: str
    recipient_name: str
    """The office and, where known, the person, as recipients.yaml writes them (untrusted text)."""
    document: str
    language: str
    status: Status
    reason: str = ""
    """Why the document was skipped or failed."""
    fallback_from: str | None = None
    """The language whose messages stood in for missing ones (`--fallback`), if any."""
    pages: int = 0
    files: dict[str, str] = field(default_factory=dict)
    """Format → the built file, relative to the site folder (`../uk-fs/appeal.en.pdf`)."""
    languages_page: str | None = None
    """The side-by-side page of this document with another language of the same recipient."""
    diff_page: str | None = None
    """The comparison of this document with another recipient's in the same language."""

    @property
    def stem(self) -> str:
        return f"{self.document}.{self.language}"

    @property
    def page(self) -> str:
        """The document's page, relative to the site folder."""
        return f"{self.recipient}/{self.stem}.html"


@dataclass
class PreviewResult:
    """The build's outcomes and the site made from them."""

    build: BuildResult
    site: Path
    rows: list[Row]

    @property
    def index(self) -> Path:
        return self.site / "index.html"


class ToolMissingError(CampaignError):
    """A program the preview needs (pdftoppm) is not installed."""


def preview(folder: Path, options: BuildOptions, on_outcome: Progress | None = None) -> PreviewResult:
    """Build (or reuse) every document `options` asks for, then write the preview site in `OUT/preview/`.

    Raises what `build` raises (an incomplete catalog, a campaign that does not load) before
    writing anything; a document that fails is listed as failed, with the reason.
    """
    result = build(folder, options, on_outcome)
    manifest = read_manifest(options.out)
    out = options.out.resolve()
    site = out / SITE_FOLDER
    site.mkdir(parents=True, exist_ok=True)
    state_path = site / STATE_FILE
    try:
        state: dict[str, Any] = json.loads(state_path.read_text(encoding="utf-8"))["documents"]
    except (OSError, ValueError, KeyError, TypeError):
        state = {}
    loaded = load_as_of(folder, options.as_of)
    recipients = {r.id: r for r in loaded.campaign.recipients}
    entries: dict[tuple[str, str, str], dict[str, Entry]] = {}
    for entry in manifest.entries:
        entries.setdefault((entry.recipient, entry.document, entry.language), {})[entry.format] = entry
    pages = _Pages(loaded, site)
    rows: list[Row] = []
    new_state: dict[str, Any] = dict(state)  # keeps what a preview of other recipients made, for the next one
    for outcome in result.outcomes:
        job = outcome.job
        key = f"{job.recipient}/{job.document}/{job.language}"
        name = _recipient_name(recipients.get(job.recipient))
        files = entries.get((job.recipient, job.document, job.language), {})
        if outcome.error or outcome.skipped or "pdf" not in files:
            rows.append(_unbuilt_row(outcome, name))
            continue
        pdf = files["pdf"]
        made = pages.document_files(job.recipient, job.document, job.language, job.fallback, pdf, out, state.get(key))
        new_state[key] = made
        rows.append(
            Row(
                job.recipient,
                name,
                job.document,
                job.language,
                "built",
                fallback_from=pdf.fallback_from,
                pages=int(made["pages"]),
                files={fmt: f"../{entry.path}" for fmt, entry in sorted(files.items())},
            )
        )
    rows = _link_comparisons(rows, site)
    env = _environment()
    for row in rows:
        if row.status == "built":
            _write_page(site / row.page, env, "document.html", row=row, root="../", campaign=manifest.campaign)
    counts = {status: sum(1 for r in rows if r.status == status) for status in ("built", "skipped", "failed")}
    _write_page(
        site / "index.html", env, "index.html", rows=rows, counts=counts, campaign=manifest.campaign, date=manifest.date
    )
    write_atomically(state_path, (json.dumps({"documents": new_state}, indent=1, sort_keys=True) + "\n").encode())
    return PreviewResult(result, site, rows)


def _unbuilt_row(outcome: Outcome, name: str) -> Row:
    job = outcome.job
    if outcome.error:
        return Row(job.recipient, name, job.document, job.language, "failed", outcome.error, job.fallback)
    reason = outcome.skipped or "not in the manifest (the build recorded no file)"
    return Row(job.recipient, name, job.document, job.language, "skipped", reason, job.fallback)


def _recipient_name(recipient: Recipient | None) -> str:
    if recipient is None:
        return ""
    office = recipient.office if isinstance(recipient.office, str) else next(iter(recipient.office.values()), "")
    institution = (
        recipient.institution
        if isinstance(recipient.institution, str)
        else next(iter(recipient.institution.values()), "")
    )
    parts = [recipient.person.name] if recipient.person else []
    parts += [office, institution]
    return ", ".join(p for p in parts if p)


class _Pages:
    """Makes each built document's page images, HTML version and text, reusing those of an
    unchanged PDF (same inputs, same bytes) from the previous preview."""

    def __init__(self, loaded: Loaded, site: Path) -> None:
        self.loaded = loaded
        self.site = site
        self.recipients = {r.id: r for r in loaded.campaign.recipients}
        self._renderer: Renderer | None = None

    @property
    def renderer(self) -> Renderer:
        if self._renderer is None:
            self._renderer = Renderer(self.loaded)
        return self._renderer

    def document_files(
        self,
        recipient: str,
        document: str,
        lang: str,
        fallback: str | None,
        pdf: Entry,
        out: Path,
        previous: dict[str, Any] | None,
    ) -> dict[str, Any]:
        folder = self.site / recipient
        stem = f"{document}.{lang}"
        wanted = {"inputs": pdf.inputs, "pdf": pdf.sha256}
        if previous and all(previous.get(k) == v for k, v in wanted.items()):
            count = int(previous.get("pages", 0))
            kept = [folder / f"{stem}.document.html", folder / f"{stem}.txt"]
            kept += [folder / f"{stem}.page-{n}.png" for n in range(1, count + 1)]
            if count and all(path.is_file() for path in kept):
                return previous
        folder.mkdir(parents=True, exist_ok=True)
        count = page_images(out / pdf.path, folder, stem)
        rendered = self.renderer.render(self.recipients[recipient], document, lang, fallback)
        if isinstance(rendered, Skipped):  # the build wrote it, so only a changed campaign gets here
            raise InputError(f"{recipient}/{document}.{lang}: the campaign changed during the preview; run it again")
        write_atomically(folder / f"{stem}.document.html", get_writer("html").write(rendered.document))
        write_atomically(folder / f"{stem}.txt", get_writer("text").write(rendered.document))
        return {**wanted, "pages": count}


def page_images(pdf: Path, folder: Path, stem: str) -> int:
    """Write `folder/<stem>.page-N.png` for every page of `pdf` (pdftoppm); return the page count.

    Images of pages the PDF no longer has are removed.
    """
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise ToolMissingError(
            "pdftoppm is not installed; it draws the page images (Debian: apt install poppler-utils, or ./setup.sh)"
        )
    with tempfile.TemporaryDirectory(dir=folder, prefix=".pages-") as work:
        done = subprocess.run(
            [tool, "-r", str(PAGE_DPI), "-png", str(pdf), str(Path(work) / "page")],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise CampaignError(f"pdftoppm could not read {pdf}: {done.stderr.strip()}")
        # pdftoppm pads the page number to the width of the page count (page-01.png); sort numerically
        made = sorted(Path(work).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        for number, image in enumerate(made, start=1):
            os.replace(image, folder / f"{stem}.page-{number}.png")
    for stale in folder.glob(f"{stem}.page-*.png"):
        if int(stale.stem.rsplit("-", 1)[1]) > len(made):
            stale.unlink()
    return len(made)


def _link_comparisons(rows: list[Row], site: Path) -> list[Row]:
    """Write the side-by-side and the difference pages; return the rows with links to them.

    A recipient's document in one language is set beside the same document in its first built
    language (the first one beside the second); a recipient's document is compared with the first
    recipient's in the same language (the first with the second).
    """
    env = _environment()
    built = [r for r in rows if r.status == "built"]
    by_document: dict[tuple[str, str], list[Row]] = {}
    by_language: dict[tuple[str, str], list[Row]] = {}
    for row in built:
        by_document.setdefault((row.recipient, row.document), []).append(row)
        by_language.setdefault((row.document, row.language), []).append(row)
    languages_page: dict[int, str] = {}
    for group in by_document.values():
        for i, row in enumerate(group):
            if len(group) < 2:
                break
            first, other = (group[0], row) if i else (group[0], group[1])
            name = f"{row.recipient}/{row.document}.{first.language}.{other.language}.languages.html"
            languages_page[id(row)] = name
            _write_page(site / name, env, "languages.html", left=first, right=other, root="../")
    diff_page: dict[int, str] = {}
    texts: dict[str, list[str]] = {}
    for group in by_language.values():
        for i, row in enumerate(group):
            if len(group) < 2:
                break
            first, other = (group[0], row) if i else (group[0], group[1])
            name = f"diff/{row.document}.{row.language}.{first.recipient}.{other.recipient}.html"
            diff_page[id(row)] = name
            lines = compare_blocks(_blocks(site, first, texts), _blocks(site, other, texts))
            changed = sum(1 for line in lines if line.kind != "equal")
            _write_page(
                site / name, env, "diff.html", left=first, right=other, lines=lines, changed=changed, root="../"
            )
    return [replace(r, languages_page=languages_page.get(id(r)), diff_page=diff_page.get(id(r))) for r in rows]


def _blocks(site: Path, row: Row, cache: dict[str, list[str]]) -> list[str]:
    path = site / row.recipient / f"{row.stem}.txt"
    if row.page not in cache:
        text = path.read_text(encoding="utf-8")
        blocks = (block.strip() for block in text.split("\n\n"))
        cache[row.page] = [
            "\n".join(" ".join(line.split()) for line in block.splitlines()) for block in blocks if block
        ]
    return cache[row.page]


@dataclass(frozen=True)
class DiffLine:
    """One row of a comparison: a block of text on either side, and whether they differ."""

    kind: Literal["equal", "replace", "delete", "insert"]
    left: str
    right: str


def compare_blocks(left: list[str], right: list[str]) -> list[DiffLine]:
    """The two documents' blocks (paragraphs, address lines) aligned, with what differs marked."""
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        a, b = left[i1:i2], right[j1:j2]
        if tag == "equal":
            lines += [DiffLine("equal", x, x) for x in a]
        elif tag == "replace":
            for k in range(max(len(a), len(b))):
                x = a[k] if k < len(a) else ""
                y = b[k] if k < len(b) else ""
                lines.append(DiffLine("replace" if x and y else "delete" if x else "insert", x, y))
        elif tag == "delete":
            lines += [DiffLine("delete", x, "") for x in a]
        else:
            lines += [DiffLine("insert", "", y) for y in b]
    return lines


def _write_page(path: Path, env: Environment, template: str, **context: Any) -> None:
    write_atomically(path, env.get_template(template).render(**context).encode("utf-8"))


@functools.cache
def _environment() -> Environment:
    """The preview's own page templates, with every value escaped (names come from untrusted files)."""
    return Environment(loader=DictLoader(_TEMPLATES), autoescape=True, undefined=StrictUndefined)


_STYLE = """<style>
body { font-family: sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; text-align: start; vertical-align: top; }
.built { color: #155724; } .skipped { color: #6c5a00; } .failed { color: #a00; font-weight: bold; }
.reason { font-size: 0.9em; max-width: 40em; } .links { white-space: nowrap; }
td.recipient { max-width: 24em; }
.pages img { display: block; border: 1px solid #999; margin: 0 0 1em; box-shadow: 2px 2px 4px #ccc; }
.side { display: flex; gap: 1em; } .side iframe { flex: 1; height: 85vh; border: 1px solid #999; }
.diff td { width: 50%; white-space: pre-line; } .diff .delete, .diff .replace .l { background: #fdd; }
.diff .insert, .diff .replace .r { background: #dfd; }
</style>"""

_TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{% block title %}{% endblock %}</title>"""
    + _STYLE
    + """</head><body>{% block body %}{% endblock %}</body></html>
""",
    "index.html": """{% extends "base.html" %}
{% block title %}Preview: {{ campaign }}{% endblock %}
{% block body %}
<h1>Preview: {{ campaign }}</h1>
<p>Letters dated {{ date }}: <span class="built">{{ counts.built }} built</span>,
<span class="skipped">{{ counts.skipped }} skipped</span>,
<span class="{{ "failed" if counts.failed }}">{{ counts.failed }} failed</span>.</p>
<table id="documents">
<thead><tr><th>Recipient</th><th>Document</th><th>Language</th><th>Status</th><th>Files</th><th>Compare</th></tr></thead>
<tbody>
{% for row in rows %}
<tr class="document" data-recipient="{{ row.recipient }}" data-document="{{ row.document }}"
 data-language="{{ row.language }}" data-status="{{ row.status }}">
{% if loop.first or loop.previtem.recipient != row.recipient %}
<td class="recipient" rowspan="{{ rows | selectattr("recipient", "eq", row.recipient) | list | length }}">
<b>{{ row.recipient }}</b><br>{{ row.recipient_name }}</td>{% endif %}
<td>{% if row.status == "built" %}<a class="open" href="{{ row.page }}">{{ row.document }}</a>
{% else %}{{ row.document }}{% endif %}</td>
<td>{{ row.language }}</td>
<td class="{{ row.status }}">{{ row.status }}
{% if row.status == "built" %} ({{ row.pages }} page{{ "s" if row.pages != 1 }}){% endif %}
{% if row.fallback_from %}<br><span class="fallback">fallback: {{ row.fallback_from }}</span>{% endif %}
{% if row.reason %}<div class="reason">{{ row.reason }}</div>{% endif %}</td>
<td class="links">{% for fmt, href in row.files.items() %}<a href="{{ href }}">{{ fmt }}</a> {% endfor %}
{% if row.status == "built" %}<a href="{{ row.recipient }}/{{ row.stem }}.document.html">html</a>{% endif %}</td>
<td class="links">
{% if row.languages_page %}<a class="languages" href="{{ row.languages_page }}">languages</a> {% endif %}
{% if row.diff_page %}<a class="diff" href="{{ row.diff_page }}">other recipient</a>{% endif %}</td>
</tr>
{% endfor %}
</tbody></table>
{% endblock %}
""",
    "document.html": """{% extends "base.html" %}
{% block title %}{{ row.recipient }}: {{ row.document }} ({{ row.language }}){% endblock %}
{% block body %}
<p><a href="{{ root }}index.html">All documents</a></p>
<h1>{{ row.document }} ({{ row.language }}) for {{ row.recipient }}</h1>
<p>{{ row.recipient_name }}</p>
{% if row.fallback_from %}
<p class="fallback">Messages missing from the {{ row.language }} catalog are in {{ row.fallback_from }}.</p>{% endif %}
<p>{% for fmt, href in row.files.items() %}<a href="{{ root }}{{ href }}">{{ fmt }}</a> {% endfor %}
<a href="{{ row.stem }}.document.html">html</a>
{% if row.languages_page %}<a href="{{ root }}{{ row.languages_page }}">languages side by side</a>{% endif %}
{% if row.diff_page %}<a href="{{ root }}{{ row.diff_page }}">compared with another recipient</a>{% endif %}</p>
<div class="pages">
{% for n in range(1, row.pages + 1) %}<img src="{{ row.stem }}.page-{{ n }}.png" alt="page {{ n }}">
{% endfor %}</div>
{% endblock %}
""",
    "languages.html": """{% extends "base.html" %}
{% block title %}{{ left.recipient }}: {{ left.document }}, {{ left.language }} and {{ right.language }}{% endblock %}
{% block body %}
<p><a href="{{ root }}index.html">All documents</a></p>
<h1>{{ left.document }} for {{ left.recipient }}: {{ left.language }} and {{ right.language }}</h1>
<div class="side">
<iframe title="{{ left.language }}" src="{{ left.stem }}.document.html"></iframe>
<iframe title="{{ right.language }}" src="{{ right.stem }}.document.html"></iframe>
</div>
{% endblock %}
""",
    "diff.html": """{% extends "base.html" %}
{% block title %}{{ left.document }} ({{ left.language }}): {{ left.recipient }} and {{ right.recipient }}{% endblock %}
{% block body %}
<p><a href="{{ root }}index.html">All documents</a></p>
<h1>{{ left.document }} ({{ left.language }}): what differs between {{ left.recipient }} and {{ right.recipient }}</h1>
<p>{{ changed }} of {{ lines | length }} blocks differ (highlighted).</p>
<table class="diff">
<thead><tr><th><a href="{{ root }}{{ left.page }}">{{ left.recipient }}</a></th>
<th><a href="{{ root }}{{ right.page }}">{{ right.recipient }}</a></th></tr></thead>
<tbody>
{% for line in lines %}
<tr class="{{ line.kind }}"><td class="l">{{ line.left }}</td><td class="r">{{ line.right }}</td></tr>
{% endfor %}</tbody></table>
{% endblock %}
""",
}


def campaign_files(folder: Path) -> dict[Path, int]:
    """Every file of the campaign in `folder` with its modification time, to notice a change."""
    found: dict[Path, int] = {}
    for part in CAMPAIGN_PARTS:
        path = folder / part
        candidates: Iterable[Path] = path.rglob("*") if path.is_dir() else [path]
        for candidate in candidates:
            try:
                if candidate.is_file():
                    found[candidate] = candidate.stat().st_mtime_ns
            except OSError:
                continue
    return found


class Watcher:
    """Calls `rebuild` in a thread of its own each time a file of the campaign changes.

    `on_error` receives what `rebuild` raised (a campaign being edited is often broken for a
    while); the watcher goes on watching.
    """

    def __init__(
        self,
        folder: Path,
        rebuild: Callable[[], object],
        on_error: Callable[[BaseException], object],
        interval: float = 0.5,
    ) -> None:
        self.folder = folder
        self.rebuild = rebuild
        self.on_error = on_error
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="campaign-preview-watch", daemon=True)
        self._seen = campaign_files(folder)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            now = campaign_files(self.folder)
            if now == self._seen:
                continue
            self._seen = now
            try:
                self.rebuild()
            except Exception as exc:  # noqa: BLE001 - reported, and the next change is watched for
                self.on_error(exc)

    def __enter__(self) -> Watcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        # A rebuild in progress is not waited for (Ctrl-C means stop now): its files are written
        # whole or not at all, and the thread is a daemon.
        self._stop.set()
        self._thread.join(timeout=self.interval * 2)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        """No line per request: the terminal shows rebuilds."""


class PreviewServer:
    """Serves the output folder on 127.0.0.1 (only this machine) in a thread; port 0 picks a free one.

    The whole output folder, not only the site: the site links to the PDF and DOCX files beside it
    (`../uk-fs/appeal.en.pdf`). `url` is the site's index.
    """

    def __init__(self, out: Path, port: int = 0) -> None:
        handler = functools.partial(_QuietHandler, directory=str(out))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        # Ctrl-C must not wait for a browser's kept-open connection: request threads do not block the stop.
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="campaign-preview-http", daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/{SITE_FOLDER}/"

    def __enter__(self) -> PreviewServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join()
