"""Rendering jobs in worker processes, each under a memory limit and a per-document alarm.

Workers are separate processes for speed (one per core) and for safety: a hostile document that
would take all memory or hang the layout fails alone, with a message, and the build goes on.
A worker is forked with the campaign the build already loaded and the renderer made for it, warms
its writers before its first document (so start-up does not count against the first document's
budget), and keeps them for every document it renders. What every worker would make alike is made
once in the parent before the fork and inherited (copy on write): the DOCX writer's styled base
document and the font cuts the documents of the build's languages share (`_warm_before_fork`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import os
import resource
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from campaign.errors import CampaignError
from campaign.files import write_atomically
from campaign.jobs.cover import CoverEmail, cover_email
from campaign.jobs.job import BuildOptions, Job, Outcome
from campaign.jobs.plan import output_path
from campaign.load.campaign import load_campaign
from campaign.manifest import Entry
from campaign.model.loaded import TEMPLATE_SUFFIX, Loaded
from campaign.model.recipients import Recipient
from campaign.render.compose import Renderer, Skipped
from campaign.writers import get_writer

MEMORY_LIMIT_BYTES = 2 * 1024**3
"""Address-space cap for a worker: a huge image or a bomb fails its document, not the machine."""
MAX_CHUNK = 4
"""Jobs handed to a worker at once: small, so no core idles while the other finishes a long chunk."""


def load_as_of(folder: Path, as_of: dt.date | None) -> Loaded:
    """The campaign in `folder`, written as of `as_of` when given."""
    return load_campaign(folder, as_of)


@dataclass
class _Worker:
    """What one worker process keeps between documents."""

    renderer: Renderer
    recipients: dict[str, Recipient]
    seconds: int


_worker: dict[str, Any] = {}
"""The worker's state (`_Worker` under "state"), and, in the parent, the campaign a fork inherits."""


def _init_worker(
    folder: str, as_of: dt.date | None, limit_memory: bool, seconds: int, formats: tuple[str, ...]
) -> None:
    """Set the worker's limits, take or load the campaign, and warm the renderer and writers.

    Everything made here lives as long as the worker, so it is frozen out of the garbage
    collector: each full collection would otherwise walk the whole loaded campaign again.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if limit_memory:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = MEMORY_LIMIT_BYTES if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT_BYTES, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    inherited = _worker.pop("inherited", None)
    if inherited is not None and inherited[:2] == (folder, as_of):
        _prepare(inherited[2], seconds, formats, inherited[3])
    else:
        _prepare(load_as_of(Path(folder), as_of), seconds, formats)
    gc.collect()
    gc.freeze()


def _prepare(loaded: Loaded, seconds: int, formats: tuple[str, ...], renderer: Renderer | None = None) -> None:
    """Make this process's renderer (or take the parent's) and warm its writers before the first document."""
    renderer = renderer if renderer is not None else Renderer(loaded)
    for fmt in formats:
        get_writer(fmt, renderer.asset_dirs).warm_up()
    _worker["state"] = _Worker(renderer, {r.id: r for r in loaded.campaign.recipients}, seconds)


class _DocumentTimeoutError(BaseException):  # noqa: N818 - not an Exception on purpose
    """Raised by the alarm inside the libraries' code: a BaseException, so that no library's own
    `except Exception` can swallow it and let an over-budget document finish."""


def _alarm(signum: int, frame: Any) -> None:
    raise _DocumentTimeoutError()


def render_job(job: Job, out: str) -> Outcome:
    """Render one job in a worker and write its files; every failure stays inside the outcome."""
    state: _Worker = _worker["state"]
    result = _limited(lambda deadline: _render(job, Path(out), state, deadline), state.seconds)
    return result if isinstance(result, Outcome) else Outcome(job, error=result)


def _limited(action: Any, seconds: int) -> Any:
    """`action(deadline)` under the per-document alarm; what went wrong as a string otherwise."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    deadline = time.monotonic() + seconds
    signal.alarm(seconds)
    try:
        return action(deadline)
    except _DocumentTimeoutError:
        return f"took longer than {seconds} s; the document is too large"
    except MemoryError:
        return "needed more than the memory limit; the document is too large"
    except RecursionError:
        return "is nested too deeply to lay out"
    except CampaignError as exc:
        return "; ".join(d.format() for d in exc.diagnostics) or exc.message
    except BaseException as exc:  # noqa: BLE001 - WeasyPrint's fatal fetch error is a BaseException
        return f"{type(exc).__name__}: {exc}"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def render_cover(recipient: str, lang: str) -> CoverEmail | str:
    """The cover email of `recipient` in `lang`, rendered in a worker under the document limits;
    what went wrong as a string otherwise."""
    state: _Worker = _worker["state"]

    def render(deadline: float) -> CoverEmail:
        cover = cover_email(state.renderer, state.recipients[recipient], lang)
        if time.monotonic() > deadline:
            raise _DocumentTimeoutError()
        return cover

    result: CoverEmail | str = _limited(render, state.seconds)
    return result


COVER_FORMATS = ("text", "html")


def render_covers(
    folder: Path, loaded: Loaded, wanted: list[tuple[str, str]], seconds: int, jobs: int = 0
) -> dict[tuple[str, str], CoverEmail | str]:
    """The cover email of each (recipient, language) in `wanted`, each rendered in a worker process
    under the memory limit and the alarm of `seconds`, as a document is; an error string for each
    that failed."""
    if not wanted:
        return {}
    workers = max(1, min(jobs or os.cpu_count() or 1, len(wanted)))
    setup = (str(folder), None, True, seconds, COVER_FORMATS)
    _worker["inherited"] = (str(folder), None, loaded, None)
    try:
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=setup) as pool:
            ids, langs = zip(*wanted, strict=True)
            chunks = max(1, min(MAX_CHUNK, len(wanted) // (workers * MAX_CHUNK)))
            return dict(zip(wanted, pool.map(render_cover, ids, langs, chunksize=chunks), strict=True))
    finally:
        _worker.pop("inherited", None)


def _render(job: Job, out: Path, state: _Worker, deadline: float) -> Outcome:
    renderer = state.renderer
    rendered = renderer.render(state.recipients[job.recipient], job.document, job.language, job.fallback)
    if isinstance(rendered, Skipped):
        return Outcome(job, skipped=rendered.reason)
    outputs = []
    for fmt in job.formats:
        data = get_writer(fmt, renderer.asset_dirs).write(rendered.document)
        if time.monotonic() > deadline:  # in case the alarm landed where it could not interrupt
            raise _DocumentTimeoutError()
        path = output_path(out, job, fmt)
        write_atomically(path, data)
        relative = str(path.relative_to(out.resolve()))
        sha = hashlib.sha256(data).hexdigest()
        outputs.append(
            Entry(
                job.recipient, job.document, job.language, fmt, relative, sha, len(data), job.inputs_hash, job.fallback
            )
        )
    return Outcome(job, tuple(outputs))


def _warm_before_fork(renderer: Renderer, jobs: list[Job]) -> None:
    """Make in this process what every worker would otherwise make for itself, alike, before or
    with its first documents; the workers forked afterwards inherit it (copy on write):

    - the renderer's compiled templates (the letters' `*.md.j2`: the documents' and what they
      import) and the catalogs of the jobs' languages;
    - the DOCX writer's base document and the font cuts shared by the documents of the languages
      the DOCX jobs are in (`DocxWriter.warm`): writers are kept per process and asset folders,
      so a worker's `get_writer` finds this one.

    A template that does not compile is left for the workers, which fail each of its documents
    with the template's own message, as without this.
    """
    for name in renderer.env.list_templates(filter_func=lambda name: name.endswith(TEMPLATE_SUFFIX)):
        with contextlib.suppress(Exception):  # reported per document by the workers, which compile it again
            renderer.env.get_template(name)
    for lang, fallback in dict.fromkeys((job.language, job.fallback) for job in jobs):
        with contextlib.suppress(Exception):  # likewise: the workers report a catalog that does not load
            renderer.with_fallback(lang, fallback) if fallback else renderer.translations(lang)
    languages = [job.language for job in jobs if "docx" in job.formats]
    if not languages:
        return
    from campaign.writers.docx import DocxWriter  # python-docx and fontTools: only for a DOCX build

    writer = get_writer("docx", renderer.asset_dirs)
    writer.warm_up()
    if isinstance(writer, DocxWriter):
        writer.warm(languages)


def run_jobs(folder: Path, jobs: list[Job], options: BuildOptions, loaded: Loaded) -> Iterator[Outcome]:
    """Run `jobs` in worker processes (or in this one, `options.in_process`), yielding outcomes in job order."""
    if not jobs:
        return
    if options.in_process:
        _prepare(loaded, options.seconds_per_document, tuple(options.formats))
        try:
            yield from (render_job(job, str(options.out)) for job in jobs)
        finally:
            _worker.pop("state", None)
        return
    workers = options.jobs or os.cpu_count() or 1
    workers = max(1, min(workers, len(jobs)))
    chunks = max(1, min(MAX_CHUNK, len(jobs) // (workers * MAX_CHUNK)))
    setup = (str(folder), options.as_of, True, options.seconds_per_document, tuple(options.formats))
    renderer = Renderer(loaded)
    if workers > 1:  # one worker would make it all once anyway, and only what its documents use
        _warm_before_fork(renderer, jobs)
    _worker["inherited"] = (str(folder), options.as_of, loaded, renderer)  # seen by workers the pool forks
    try:
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=setup) as pool:
            yield from pool.map(render_job, jobs, [str(options.out)] * len(jobs), chunksize=chunks)
    finally:
        _worker.pop("inherited", None)
