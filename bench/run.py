"""The issue 7 benchmark: `campaign build` on a synthetic campaign against what users would use instead.

    .venv/bin/python bench/run.py [--quick] [--profile]

1. Generates a synthetic campaign from the bundled one (campaign.yaml, cases/, letters/ copied;
   the bundled recipients cloned with new ids and a postal line of their own, each in all six
   languages, groups and regimes kept so every document kind appears) into bench/work/
   (git-ignored), sized to ~1,000 and ~5,000 documents (documents = files written; `--quick`:
   ~200 and ~1,000).
2. Builds it with `campaign build` in a subprocess while sampling the RSS of the whole process
   tree every 50 ms: both formats (1,000 and 5,000 sets), PDF only and DOCX only (1,000 set), and
   the same command again with nothing changed (no-op rebuild); the ~1,000 build once more after
   the ~5,000 one, so the linear-cost ratio compares the large build with the mean of two small
   ones around it. `--fallback en` is passed only if `campaign i18n status` says a catalog is
   incomplete.
3. Baselines on ~100 of the same documents: naive WeasyPrint (a fresh font configuration and the
   project's stylesheets parsed per document, `HTML(string=...).write_pdf()` with default options,
   as bench/writers_speed.py does), LibreOffice (`soffice --headless --convert-to pdf` in one call
   on the build's DOCX files) and python-docx building each document from scratch. The PDF-only
   build, naive WeasyPrint and LibreOffice are measured PDF_ROUNDS (2) times, taking turns, and
   each keeps its best (every round is in results.json under `rounds`).
4. Writes bench/results.json and prints a table saying which targets of issue 7 are met. Exits 0
   whether or not they are: the figures are the result.

`--profile` instead profiles one build in-process (worker start-up and every document in the
benchmark's own process, under cProfile) and prints where the time per document goes.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import cProfile
import io
import json
import os
import platform
import pstats
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results.json"
LANGUAGES = ["en", "ru", "kk", "fr", "de", "es"]
FORMATS = ("pdf", "docx")
SAMPLE = 100
"""Documents per baseline (naive WeasyPrint, LibreOffice, python-docx)."""
PDF_ROUNDS = 2
"""The PDF-only build and its two baselines are measured this many times, taking turns, and each
keeps its best: on a shared machine a slow minute then hits all three alike, not one of them."""
POLL_SECONDS = 0.05
CAMPAIGN = [sys.executable, "-m", "campaign"]
"""`campaign` run by the interpreter running the benchmark (the project's venv)."""
CODE = WORK / "code"
"""A copy of src/ taken when the benchmark starts, imported by every build (see `freeze_code`)."""


def freeze_code() -> dict[str, Any]:
    """Copy src/campaign to bench/work/code and put it first on the import path, here and in builds.

    The code's files are among every document's inputs: in a checkout that others edit while the
    benchmark runs, a no-op rebuild would rebuild everything, and the builds would not all measure
    the same code. Returns the commit and whether src/ differed from it.
    """
    if CODE.exists():
        shutil.rmtree(CODE)
    shutil.copytree(ROOT / "src", CODE, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
    sys.path.insert(0, str(CODE))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CODE), os.environ.get("PYTHONPATH")]))

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    return {"commit": git("rev-parse", "HEAD") or None, "src_modified": bool(git("status", "--porcelain", "src"))}


# --- the synthetic campaign ------------------------------------------------------------------


def documents_per_recipient() -> list[tuple[dict[str, Any], int]]:
    """Each bundled recipient (raw YAML) with how many documents (kinds) the build writes for it.

    Counted by the project's renderer: a sanctions brief with no ground is not written.
    """
    from campaign import Renderer, load_campaign

    renderer = Renderer(load_campaign(ROOT))
    kinds = {
        r.id: len([k for k in renderer.produced(r) if k != "cover-email"]) for r in renderer.loaded.campaign.recipients
    }
    raw = yaml.safe_load((ROOT / "recipients.yaml").read_text("utf-8"))["recipients"]
    return [(entry, kinds[entry["id"]]) for entry in raw]


def clone_recipients(target_files: int, formats: int = len(FORMATS)) -> tuple[list[dict[str, Any]], int]:
    """Bundled recipients cloned in turn (new ids, every language of LANGUAGES) until `target_files`
    files. A clone whose institution or office is missing a language keeps its address block in
    its first language (`address_language`), as a campaigner would for a letter in another language.

    Each round's clones get their own first postal line, so no two documents are the same (as
    no two real recipients are): nothing can be served twice from a cache of layouts.

    Returns the recipients and the number of files a build in `formats` formats writes.
    """
    bundled = documents_per_recipient()
    recipients: list[dict[str, Any]] = []
    files = 0
    round_ = 0
    while files < target_files:
        for entry, kinds in bundled:
            if files >= target_files:
                break
            clone = {
                **copy.deepcopy(entry),
                "id": f"{entry['id']}-{round_:04d}",
                "languages": list(LANGUAGES),
                "postal_address": [f"P.O. Box {1000 + round_}", *entry.get("postal_address", [])],
            }
            named = [entry.get("institution"), entry.get("office")]
            if not all(isinstance(v, dict) and set(LANGUAGES) <= set(v) for v in named):
                clone.setdefault("address_language", entry["languages"][0])
            recipients.append(clone)
            files += kinds * len(LANGUAGES) * formats
        round_ += 1
    return recipients, files


def make_campaign(folder: Path, target_files: int) -> int:
    """Write a synthetic campaign of about `target_files` files (both formats) into `folder`."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copy2(ROOT / "campaign.yaml", folder / "campaign.yaml")
    for name in ("cases", "letters", "evidence"):  # without letters/ of its own: the standard letters
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    recipients, files = clone_recipients(target_files)
    text = yaml.safe_dump({"recipients": recipients}, allow_unicode=True, sort_keys=False, width=200)
    (folder / "recipients.yaml").write_text(text, "utf-8")
    return files


def needs_fallback(folder: Path) -> bool:
    """True if `campaign i18n status` reports an incomplete catalog (exit 1)."""
    status = subprocess.run([*CAMPAIGN, "i18n", "status", "--campaign", str(folder)], capture_output=True, text=True)
    if status.returncode not in (0, 1):
        raise SystemExit(f"bench: campaign i18n status failed ({status.returncode}): {status.stderr.strip()[-500:]}")
    return status.returncode == 1


# --- building with the process tree's memory sampled -----------------------------------------


def _children_map() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss(pid: int) -> tuple[int, int]:
    """(RSS in kB summed over `pid` and all its descendants, number of processes)."""
    try:
        import psutil  # type: ignore[import-untyped]
    except ImportError:
        children = _children_map()
        pids, todo = [], [pid]
        while todo:
            current = todo.pop()
            pids.append(current)
            todo.extend(children.get(current, ()))
        return sum(_rss_kb(p) for p in pids), len(pids)
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, 0
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += proc.memory_info().rss // 1024
    return total, len(procs)


@dataclass
class Run:
    """One `campaign build`: wall time, files written, peak RSS of its process tree."""

    seconds: float
    cpu_seconds: float
    """User + system CPU time of the whole process tree (steadier than wall time on a busy machine)."""
    written: int
    reused: int
    peak_rss_mb: float
    max_processes: int
    command: list[str] = field(default_factory=list)


def run_build(campaign: Path, out: Path, extra: list[str], fresh: bool = True) -> Run:
    """Run `campaign build` and sample its process tree's RSS every 50 ms until it exits."""
    if fresh and out.exists():
        shutil.rmtree(out)
    command = [*CAMPAIGN, "build", "--campaign", str(campaign), "--out", str(out), *extra]
    peak = [0, 0]
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, env={**os.environ, "CI": "1"})
        while process.poll() is None:
            rss, count = tree_rss(process.pid)
            peak = [max(peak[0], rss), max(peak[1], count)]
            time.sleep(POLL_SECONDS)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        stdout.seek(0)
        stderr.seek(0)
        said = stdout.read().decode(errors="replace")
        errors = stderr.read().decode(errors="replace")
    if process.returncode != 0:
        tail = "\n".join(line for line in errors.splitlines() if not line.startswith("["))[-2000:]
        raise SystemExit(f"bench: {' '.join(command)} exited {process.returncode}:\n{said}{tail}")
    match = re.search(r"built (\d+) file\(s\), reused (\d+) unchanged", said)
    if not match:
        raise SystemExit(f"bench: no summary line in the output of {' '.join(command)}:\n{said}")
    return Run(seconds, cpu, int(match[1]), int(match[2]), peak[0] / 1024, peak[1], command)


# --- baselines on a sample of the same documents ---------------------------------------------


@dataclass(frozen=True)
class Sample:
    """A document of the synthetic campaign chosen for the baselines."""

    recipient: str
    kind: str
    language: str


def choose_sample(campaign: Path, count: int) -> list[Sample]:
    """`count` documents spread evenly over the campaign (every kind and language appears)."""
    from campaign import Renderer, load_campaign

    renderer = Renderer(load_campaign(campaign))
    every = [
        Sample(r.id, kind, lang)
        for r in renderer.loaded.campaign.recipients
        for kind in renderer.produced(r)
        if kind != "cover-email"
        for lang in r.languages
    ]
    step = max(1, len(every) // count)
    return every[::step][:count]


def render_sample(campaign: Path, sample: list[Sample], fallback: str | None) -> list[Any]:
    """The project's document model of each sampled document (what the writers receive)."""
    from campaign import Renderer, Skipped, load_campaign

    renderer = Renderer(load_campaign(campaign))
    recipients = {r.id: r for r in renderer.loaded.campaign.recipients}
    documents = []
    for item in sample:
        rendered = renderer.render(recipients[item.recipient], item.kind, item.language, fallback)
        if isinstance(rendered, Skipped):
            raise SystemExit(f"bench: sampled document {item} was skipped: {rendered.reason}")
        documents.append(rendered.document)
    return documents


def font_subsetter() -> str:
    """Which library WeasyPrint subsets fonts with (the test in weasyprint/pdf/fonts.py, as writers_speed.py)."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return "harfbuzz" if harfbuzz_subset is not None and harfbuzz.hb_version_atleast(4, 1, 0) else "fonttools"


def naive_weasyprint(documents: list[Any], campaign: Path) -> tuple[float, float]:
    """PDFs per second, naive WeasyPrint, one document at a time in this process.

    The HTML is the project's (`HtmlWriter(media="print")`, logo included); per document a new
    `FontConfiguration`, the project's stylesheets parsed (same fonts, so same subsetter), then
    `HTML(string=html).write_pdf()` with default options except `presentational_hints=True`
    (the project's HTML needs it for `<ol start>`), as bench/writers_speed.py's naive baseline.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from campaign import load_campaign, print_page

    assets = load_campaign(campaign).letters / "assets"  # the campaign's own letters, or the standard ones
    pages = [print_page(d, [assets]) for d in documents]
    start, cpu = time.perf_counter(), time.process_time()
    for page in pages:
        font_config = FontConfiguration()
        sheets = [CSS(filename=str(path), font_config=font_config) for path in page.stylesheets]
        HTML(string=page.html, base_url=page.base_url).write_pdf(
            stylesheets=sheets, font_config=font_config, presentational_hints=True
        )
    return len(pages) / (time.perf_counter() - start), (time.process_time() - cpu) / len(pages) * 1000


def _docx_runs(paragraph: Any, children: tuple[Any, ...], bold: bool = False, italic: bool = False) -> None:
    from campaign import nodes as n

    for child in children:
        if isinstance(child, n.Text):
            run = paragraph.add_run(child.text)
            run.bold, run.italic = bold or None, italic or None
        elif isinstance(child, n.Strong):
            _docx_runs(paragraph, child.children, True, italic)
        elif isinstance(child, n.Emphasis):
            _docx_runs(paragraph, child.children, bold, True)
        elif isinstance(child, n.Link):
            _docx_runs(paragraph, child.children, bold, italic)
        elif isinstance(child, n.FootnoteRef):
            paragraph.add_run(str(child.number)).font.superscript = True
        elif isinstance(child, n.LineBreak):
            paragraph.add_run().add_break()


def _docx_block(doc: Any, block: Any) -> None:
    """One block of the document model as python-docx calls, with the default template's styles."""
    from campaign import nodes as n

    if isinstance(block, n.Letterhead):
        doc.add_paragraph().add_run(block.organisation).bold = True
        doc.add_paragraph("\n".join(block.lines))
    elif isinstance(block, n.AddressBlock):
        doc.add_paragraph("\n".join(block.lines))
    elif isinstance(block, (n.DateLine, n.Salutation)):
        doc.add_paragraph(block.text)
    elif isinstance(block, n.Title):
        _docx_runs(doc.add_paragraph(style="Title"), block.children)
    elif isinstance(block, n.Subject):
        _docx_runs(doc.add_paragraph(), block.children, bold=True)
    elif isinstance(block, n.Heading):
        _docx_runs(doc.add_heading(level=min(block.level, 9)), block.children)
    elif isinstance(block, n.Paragraph):
        _docx_runs(doc.add_paragraph(), block.children)
    elif isinstance(block, (n.BulletList, n.OrderedList)):
        style = "List Bullet" if isinstance(block, n.BulletList) else "List Number"
        for item in block.items:
            _docx_runs(doc.add_paragraph(style=style), item.children)
    elif isinstance(block, n.Quotation):
        for paragraph in block.children:
            _docx_runs(doc.add_paragraph(style="Quote"), paragraph.children)
    elif isinstance(block, n.Table):
        table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
        for r, row in enumerate((block.header, *block.rows)):
            for c, cell in enumerate(row):
                _docx_runs(table.cell(r, c).paragraphs[0], cell, bold=r == 0)
    elif isinstance(block, n.Signature):
        doc.add_paragraph(block.closing)
        doc.add_paragraph("\n".join((block.name, block.title, block.organisation)))
    elif isinstance(block, n.Footnotes):
        doc.add_heading(block.heading, level=2)
        for note in block.notes:
            paragraph = doc.add_paragraph(f"{note.number}. ")
            _docx_runs(paragraph, note.children)
    else:
        raise SystemExit(f"bench: python-docx baseline has no rule for {type(block).__name__}")


def python_docx(documents: list[Any]) -> float:
    """DOCX per second, python-docx building each document from scratch (default template)."""
    import docx

    start = time.perf_counter()
    for document in documents:
        doc = docx.Document()
        doc.core_properties.title = document.meta.title
        doc.core_properties.author = document.meta.author
        for block in document.children:
            _docx_block(doc, block)
        doc.save(io.BytesIO())
    return len(documents) / (time.perf_counter() - start)


def pages_per_pdf(out: Path, sample: list[Sample]) -> float | None:
    """Average page count of the sample's PDFs (pdfinfo from poppler-utils), None without pdfinfo."""
    if not shutil.which("pdfinfo"):
        return None
    counts = []
    for item in sample:
        info = subprocess.run(
            ["pdfinfo", str(out / item.recipient / f"{item.kind}.{item.language}.pdf")], capture_output=True, text=True
        ).stdout
        found = re.search(r"^Pages:\s+(\d+)", info, re.M)
        if found:
            counts.append(int(found[1]))
    return round(sum(counts) / len(counts), 2) if counts else None


def soffice_version() -> str | None:
    """`LibreOffice 7.4.7.2 ...`, or None if soffice is not installed."""
    if not shutil.which("soffice"):
        return None
    done = subprocess.run(["soffice", "--version"], capture_output=True, text=True, timeout=120)
    return done.stdout.strip() or None


def libreoffice(out: Path, sample: list[Sample]) -> tuple[float | None, str]:
    """PDFs per second of ONE `soffice --headless --convert-to pdf` call on the sample's DOCX files.

    A throw-away user profile is created by converting one file first (not timed): the first
    start of a new profile is a one-off cost a user would not pay on every batch.
    """
    if not shutil.which("soffice"):
        return None, "absent: soffice not found (bench/setup.sh could not install libreoffice-writer)"
    with tempfile.TemporaryDirectory(prefix="bench-lo-") as folder:
        base = Path(folder)
        sources, pdfs, profile = base / "docx", base / "pdf", base / "profile"
        sources.mkdir()
        for item in sample:
            source = out / item.recipient / f"{item.kind}.{item.language}.docx"
            shutil.copy2(source, sources / f"{item.recipient}__{item.kind}.{item.language}.docx")
        files = sorted(str(p) for p in sources.iterdir())
        command = [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ]
        subprocess.run([*command, str(base / "warm"), files[0]], capture_output=True, timeout=300)
        start = time.perf_counter()
        done = subprocess.run([*command, str(pdfs), *files], capture_output=True, text=True, timeout=1800)
        seconds = time.perf_counter() - start
        converted = len(list(pdfs.glob("*.pdf"))) if pdfs.exists() else 0
    if converted != len(files):
        return None, f"absent: soffice converted {converted} of {len(files)} files: {done.stderr.strip()[-300:]}"
    return converted / seconds, "present"


# --- the run ----------------------------------------------------------------------------------


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def sizes(quick: bool) -> tuple[int, int]:
    return (200, 1000) if quick else (1000, 5000)


def measure(quick: bool, budget: float) -> dict[str, Any]:
    """Every figure of the benchmark, as written to results.json.

    The large build comes last, so that if the machine is too slow for the time budget only its
    figures are late; the log says beforehand when it is expected to exceed the budget.
    """
    started = time.perf_counter()
    small, large = sizes(quick)
    campaign_small, campaign_large = WORK / f"campaign-{small}", WORK / f"campaign-{large}"
    planned_small = make_campaign(campaign_small, small)
    planned_large = make_campaign(campaign_large, large)
    fallback = needs_fallback(campaign_small)
    extra = ["--fallback", "en"] if fallback else []
    log(f"synthetic campaigns: {planned_small} and {planned_large} files planned; fallback: {fallback}")
    load_before = os.getloadavg()

    both = run_build(campaign_small, WORK / f"out-{small}", extra)
    log(f"build {both.written} files: {both.seconds:.1f} s, peak {both.peak_rss_mb:.0f} MB")
    noop = noop_rebuild(campaign_small, WORK / f"out-{small}", extra)
    docx = run_build(campaign_small, WORK / f"out-{small}-docx", [*extra, "--format", "docx"])
    log(f"DOCX only, {docx.written} files: {docx.seconds:.1f} s")
    jobs_same, jobs_seconds = same_bytes_whatever_jobs(campaign_small, extra)

    sample = choose_sample(campaign_small, SAMPLE)
    documents = render_sample(campaign_small, sample, "en" if fallback else None)
    pdf_runs, naive_runs, lo_runs = [], [], []
    for _ in range(PDF_ROUNDS):
        pdf_run = run_build(campaign_small, WORK / f"out-{small}-pdf", [*extra, "--format", "pdf"])
        pdf_runs.append(pdf_run)
        log(f"PDF only, {pdf_run.written} files: {pdf_run.seconds:.1f} s ({pdf_run.max_processes} processes)")
        naive_runs.append(naive_weasyprint(documents, campaign_small))
        log(f"naive WeasyPrint: {naive_runs[-1][0]:.1f} PDF/s ({naive_runs[-1][1]:.0f} ms CPU per PDF)")
        lo_runs.append(libreoffice(WORK / f"out-{small}", sample))
        log(f"LibreOffice: {lo_runs[-1][0] and round(lo_runs[-1][0], 1)} PDF/s ({lo_runs[-1][1]})")
    pdf = min(pdf_runs, key=lambda run: run.seconds)
    naive, naive_cpu_ms = max(naive_runs)
    lo_rate, lo_state = max(lo_runs, key=lambda found: found[0] or 0.0)
    pages = pages_per_pdf(WORK / f"out-{small}", sample)
    pydocx = python_docx(documents)
    log(f"python-docx: {pydocx:.1f} DOCX/s")

    expected = both.seconds * planned_large / max(1, both.written)
    elapsed = time.perf_counter() - started
    if elapsed + expected > budget:
        log(f"the {planned_large}-file build is expected to take ~{expected:.0f} s, beyond the {budget:.0f} s budget")
    big = run_build(campaign_large, WORK / f"out-{large}", extra)
    log(f"build {big.written} files: {big.seconds:.1f} s, peak {big.peak_rss_mb:.0f} MB")
    big_noop = noop_rebuild(campaign_large, WORK / f"out-{large}", extra)
    both_after = run_build(campaign_small, WORK / f"out-{small}-after", extra)
    log(f"build {both_after.written} files again, after the large one: {both_after.seconds:.1f} s")
    results = report(
        quick=quick,
        runs={
            "both": both,
            "noop": noop,
            "pdf": pdf,
            "docx": docx,
            "big": big,
            "big_noop": big_noop,
            "both_after": both_after,
        },
        fallback=fallback,
        baselines={"naive": naive, "libreoffice": lo_rate, "python_docx": pydocx},
        libreoffice_state=lo_state,
        jobs_same=jobs_same,
    )
    results["naive_weasyprint_cpu_ms_per_pdf"] = round(naive_cpu_ms, 1)
    results["pdf_cpu_ms_per_pdf"] = round(pdf.cpu_seconds / pdf.written * 1000, 1)
    results["docx_cpu_ms_per_docx"] = round(docx.cpu_seconds / docx.written * 1000, 1)
    results["ratios"]["pdf_vs_naive_weasyprint_cpu"] = round(naive_cpu_ms / results["pdf_cpu_ms_per_pdf"], 2)
    results["pages_per_pdf"] = pages
    results["jobs_seconds"] = jobs_seconds
    results["ratios"]["jobs_2_vs_jobs_1_speed"] = round(jobs_seconds["1"] / jobs_seconds["2"], 2)
    results["rounds"] = {
        "pdf_per_s": [round(run.written / run.seconds, 1) for run in pdf_runs],
        "naive_weasyprint_pdf_per_s": [round(rate, 1) for rate, _ in naive_runs],
        "libreoffice_pdf_per_s": [rate and round(rate, 1) for rate, _ in lo_runs],
    }
    results["load_average_1min"] = {"start": round(load_before[0], 2), "end": round(os.getloadavg()[0], 2)}
    return results


def _manifest_inputs(out: Path) -> dict[str, str]:
    try:
        return dict(json.loads((out / "manifest.json").read_text("utf-8"))["inputs"])
    except (OSError, ValueError, KeyError):
        return {}


def noop_rebuild(campaign: Path, out: Path, extra: list[str], attempts: int = 2) -> Run:
    """The same build command again, nothing changed: everything should be reused.

    If files are rebuilt, the log names the inputs whose hashes changed and the rebuild is tried
    once more; the result keeps `written`, so a real miss stays visible in results.json.
    """
    for attempt in range(1, attempts + 1):
        before = _manifest_inputs(out)
        run = run_build(campaign, out, extra, fresh=False)
        log(f"no-op rebuild: reused {run.reused}, built {run.written} files in {run.seconds:.2f} s")
        if run.written == 0:
            break
        after = _manifest_inputs(out)
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        log(f"no-op rebuild attempt {attempt} rebuilt files; changed input hashes: {changed or 'none'}")
    return run


def same_bytes_whatever_jobs(campaign: Path, extra: list[str]) -> tuple[bool, dict[str, float]]:
    """Build the first few recipients with --jobs 1 and --jobs 2: do the manifests' hashes agree?

    Also returns each build's seconds: how much a second worker gives on this machine.
    """
    from campaign import load_campaign

    ids = [r.id for r in load_campaign(campaign).campaign.recipients[:6]]
    picks = [arg for rid in ids for arg in ("--recipient", rid)]
    hashes, seconds = [], {}
    for jobs in (1, 2):
        out = WORK / f"out-jobs-{jobs}"
        seconds[str(jobs)] = round(run_build(campaign, out, [*extra, *picks, "--jobs", str(jobs)]).seconds, 2)
        entries = json.loads((out / "manifest.json").read_text("utf-8"))["entries"]
        hashes.append([(e["path"], e["sha256"]) for e in entries])
    log(f"--jobs 1 vs --jobs 2: {len(hashes[0])} files, identical: {hashes[0] == hashes[1]}, seconds: {seconds}")
    return bool(hashes[0]) and hashes[0] == hashes[1], seconds


def report(
    quick: bool,
    runs: dict[str, Run],
    fallback: bool,
    baselines: dict[str, float | None],
    libreoffice_state: str,
    jobs_same: bool,
) -> dict[str, Any]:
    import docx  # noqa: F401 - only its version is read
    import weasyprint

    both, noop, pdf, docx_run, big, big_noop = (runs[k] for k in ("both", "noop", "pdf", "docx", "big", "big_noop"))
    pdf_per_s = pdf.written / pdf.seconds
    docx_per_s = docx_run.written / docx_run.seconds
    noop_per_1000 = noop.seconds / (noop.reused + noop.written) * 1000
    # The small build ran before and after the large one: their mean brackets the large build's
    # minutes, so a machine that slows down (or speeds up) meanwhile does not bend the ratio.
    small_seconds = (both.seconds + runs["both_after"].seconds) / 2
    linear = (big.seconds / big.written) / (small_seconds / both.written) * 5
    naive, lo_rate, pydocx = baselines["naive"], baselines["libreoffice"], baselines["python_docx"]
    small, large = sizes(quick)
    results: dict[str, Any] = {
        "quick": quick,
        "documents": big.written,
        "documents_1000": both.written,
        "documents_5000": big.written,
        "sizes_asked": [small, large],
        "seconds_1000": round(small_seconds, 2),
        "seconds_5000": round(big.seconds, 2),
        "pdf_per_s": round(pdf_per_s, 1),
        "docx_per_s": round(docx_per_s, 1),
        "pdf_documents": pdf.written,
        "docx_documents": docx_run.written,
        "naive_weasyprint_pdf_per_s": round(naive, 1) if naive else None,
        "libreoffice_pdf_per_s": round(lo_rate, 1) if lo_rate else None,
        "libreoffice": libreoffice_state,
        "python_docx_per_s": round(pydocx, 1) if pydocx else None,
        "baseline_sample": SAMPLE,
        "noop_rebuild_s_per_1000": round(noop_per_1000, 3),
        "noop_rebuild_seconds_1000": round(noop.seconds, 2),
        "noop_rebuild_seconds_5000": round(big_noop.seconds, 2),
        "noop_rebuild_s_per_1000_from_5000": round(big_noop.seconds / (big_noop.reused + big_noop.written) * 1000, 3),
        "peak_rss_mb": round(big.peak_rss_mb, 1),
        "peak_rss_mb_1000": round(both.peak_rss_mb, 1),
        "processes_max": max(r.max_processes for r in runs.values()),
        "jobs_identical_bytes": jobs_same,
        "font_subsetter": font_subsetter(),
        "fallback": fallback,
        "versions": {
            "weasyprint": weasyprint.__version__,
            "python-docx": metadata.version("python-docx"),
            "libreoffice": soffice_version(),
            "python": platform.python_version(),
            "campaign": metadata.version("campaign"),
        },
        "cpu_count": os.cpu_count(),
        "builds": {
            name: {
                "seconds": round(run.seconds, 2),
                "cpu_seconds": round(run.cpu_seconds, 2),
                "written": run.written,
                "reused": run.reused,
                "peak_rss_mb": round(run.peak_rss_mb, 1),
                "max_processes": run.max_processes,
                "args": [arg.replace(f"{ROOT}/", "") for arg in run.command[3:]],
            }
            for name, run in runs.items()
        },
        "ratios": {
            "pdf_vs_naive_weasyprint": ratio(pdf_per_s, naive),
            "pdf_vs_libreoffice": ratio(pdf_per_s, lo_rate),
            "docx_vs_python_docx": ratio(docx_per_s, pydocx),
            "time_5000_vs_1000": round(big.seconds / small_seconds, 2),
            "time_5000_vs_1000_per_document": round(linear, 2),
        },
    }
    results["targets"] = {
        "pdf_ge_4x_libreoffice": bool(lo_rate) and pdf_per_s >= 4 * (lo_rate or 0),
        "pdf_ge_2_5x_naive_weasyprint": bool(naive) and pdf_per_s >= 2.5 * (naive or 0),
        "docx_ge_100_per_s": docx_per_s >= 100,
        "noop_rebuild_lt_2s_per_1000": noop_per_1000 < 2 and noop.written == 0,
        "peak_rss_lt_400mb_at_5000": big.peak_rss_mb < 400 and not quick,
        "linear_5000_le_5_5x_1000": linear <= 5.5,
        "jobs_identical_bytes": jobs_same,
    }
    return results


TARGET_LINES = {
    "pdf_ge_4x_libreoffice": ("PDF vs LibreOffice batch", "pdf_vs_libreoffice", ">= 4x"),
    "pdf_ge_2_5x_naive_weasyprint": ("PDF vs naive WeasyPrint", "pdf_vs_naive_weasyprint", ">= 2.5x"),
    "docx_ge_100_per_s": ("DOCX per second", "docx_per_s", ">= 100"),
    "noop_rebuild_lt_2s_per_1000": ("no-op rebuild, s per 1,000", "noop_rebuild_s_per_1000", "< 2"),
    "peak_rss_lt_400mb_at_5000": ("peak RSS (MB), 5,000 build", "peak_rss_mb", "< 400"),
    "linear_5000_le_5_5x_1000": ("time 5,000 / 1,000 (per doc)", "time_5000_vs_1000_per_document", "<= 5.5"),
    "jobs_identical_bytes": ("--jobs 1 and 2 same bytes", "jobs_identical_bytes", "identical"),
}


def table(results: dict[str, Any]) -> str:
    """The figures and the targets as a Markdown table (also pasted into bench/README.md)."""
    small, large = results["sizes_asked"]
    rows = [
        ("documents (files) built", f"{results['documents_1000']} / {results['documents_5000']}"),
        (f"seconds, ~{small:,} / ~{large:,} documents", f"{results['seconds_1000']} / {results['seconds_5000']}"),
        ("PDF per second (campaign build, PDF only)", results["pdf_per_s"]),
        ("naive WeasyPrint PDF per second", results["naive_weasyprint_pdf_per_s"]),
        ("LibreOffice batch PDF per second", results["libreoffice_pdf_per_s"] or results["libreoffice"]),
        ("DOCX per second (campaign build, DOCX only)", results["docx_per_s"]),
        ("python-docx from scratch, DOCX per second", results["python_docx_per_s"]),
        ("no-op rebuild, seconds per 1,000 documents", results["noop_rebuild_s_per_1000"]),
        (f"peak RSS of the process tree, MB (~{large:,} build)", results["peak_rss_mb"]),
        (
            "CPU ms per PDF: campaign build / naive WeasyPrint",
            f"{results.get('pdf_cpu_ms_per_pdf')} / {results.get('naive_weasyprint_cpu_ms_per_pdf')}",
        ),
        ("pages per PDF (sample)", results.get("pages_per_pdf")),
        ("font subsetter / fallback", f"{results['font_subsetter']} / {results['fallback']}"),
    ]
    lines = ["| figure | value |", "|---|---|", *(f"| {a} | {b} |" for a, b in rows)]
    lines += ["", "| target | measured | wanted | met |", "|---|---|---|---|"]
    for key, (label, source, wanted) in TARGET_LINES.items():
        measured = results["ratios"].get(source, results.get(source))
        met = "yes" if results["targets"][key] else "**NO**"
        lines.append(f"| {label} | {measured} | {wanted} | {met} |")
    versions = ", ".join(f"{k} {v}" for k, v in results["versions"].items())
    lines += ["", f"{results['cpu_count']} CPUs; {versions}"]
    return "\n".join(lines)


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# --- profile ----------------------------------------------------------------------------------

PROFILE_ENTRIES = {
    "catalog check (incomplete_languages, main process)": "plan.py:incomplete_languages",
    "load campaign (load_campaign, all calls)": "campaign.py:load_campaign",
    "renderer and writers warmed (_prepare)": "pool.py:_prepare",
    "writer creation (get_writer, imports)": "writers/__init__.py:get_writer",
    "PDF resources (fonts, stylesheets, once)": "pdf.py:resources",
    "template render (Renderer.render)": "compose.py:render",
    "HTML writer (HtmlWriter.render)": "html.py:render",
    "WeasyPrint layout (HTML.render)": "weasyprint/__init__.py:render",
    "write_pdf (Document.write_pdf)": "document.py:write_pdf",
    "PDF checks (foreign_font_characters)": "pdf.py:foreign_font_characters",
    "PDF checks (pdf_problems)": "pdf.py:pdf_problems",
    "PDF writer total (PdfWriter.write)": "pdf.py:write",
    "DOCX writer (DocxWriter.write)": "docx.py:write",
    "input hashes (input_hashes)": "plan.py:input_hashes",
    "output sha256 (hexdigest)": "<method 'hexdigest' of '_hashlib.HASH' objects>",
    "atomic writes (write_atomically)": "files.py:write_atomically",
    "manifest (write_manifest)": "manifest.py:write_manifest",
    "one job in all (render_job)": "pool.py:render_job",
}


def cumulative(stats: pstats.Stats, wanted: str) -> tuple[float, int]:
    """Cumulative seconds and primitive calls of the functions matching `file:name` (summed)."""
    total, calls = 0.0, 0
    for (filename, _line, name), (primitive, _n, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if (":" in wanted and f"{filename}:{name}".endswith(wanted)) or name == wanted:
            total += ct
            calls += primitive
    return total, calls


def profile(quick_size: int, jobs_profile: Path) -> None:
    """Profile a build of ~`quick_size` files in this process (one worker's work done inline)."""
    import campaign as c

    campaign = WORK / f"campaign-profile-{quick_size}"
    make_campaign(campaign, quick_size)
    fallback = "en" if needs_fallback(campaign) else None
    out = WORK / "out-profile"
    if out.exists():
        shutil.rmtree(out)
    options = c.BuildOptions(out=out, fallback=fallback, jobs=1, in_process=True)  # `--jobs 1`, minus the fork
    profiler = cProfile.Profile()
    start = time.perf_counter()
    result = profiler.runcall(c.build, campaign, options)
    seconds = time.perf_counter() - start
    profiler.dump_stats(str(jobs_profile))
    stats = pstats.Stats(profiler)
    files = len(result.written)
    documents = len([o for o in result.outcomes if o.outputs])
    print(f"in-process build of {files} files ({documents} documents x PDF and DOCX): {seconds:.1f} s")
    print(f"(profile in {jobs_profile}; cumulative ms per document, i.e. per PDF+DOCX pair, under cProfile)")
    for label, wanted in PROFILE_ENTRIES.items():
        total, calls = cumulative(stats, wanted)
        print(f"  {label:<45} {total / documents * 1000:8.2f} ms  ({calls} calls, {total:.2f} s)")
    stats.sort_stats("cumulative").print_stats(35)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="~200 and ~1,000 documents instead of ~1,000 and ~5,000")
    parser.add_argument("--profile", action="store_true", help="profile an in-process build instead (no results)")
    parser.add_argument("--budget", type=float, default=900, help="seconds the run should fit in (warns only)")
    parser.add_argument("--json", type=Path, default=RESULTS, help=f"where to write the results (default {RESULTS})")
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    if args.profile:
        freeze_code()
        profile(200 if args.quick else 1000, Path(tempfile.gettempdir()) / "b.prof")
        return 0
    started = time.perf_counter()
    code = freeze_code()
    results = measure(args.quick, args.budget)
    results["code"] = code
    results["benchmark_seconds"] = round(time.perf_counter() - started, 1)
    args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    print(table(results))
    missed = [key for key, met in results["targets"].items() if not met]
    print(f"\ntargets missed: {', '.join(missed) if missed else 'none'}; results in {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
