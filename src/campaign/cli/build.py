"""`campaign build`: every document for every recipient, with a progress bar and a summary."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, TaskID

from campaign.app.build import build
from campaign.cli.common import CampaignDir, parse_day, run
from campaign.jobs.job import BuildOptions, BuildResult, Outcome
from campaign.writers import built_formats


def build_command(
    campaign: CampaignDir = Path("."),
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Output folder (default: out/ in the campaign folder).", file_okay=False),
    ] = None,
    recipient: Annotated[
        list[str], typer.Option("--recipient", "-r", help="Only this recipient id (repeatable).")
    ] = [],  # noqa: B006
    document: Annotated[list[str], typer.Option("--document", "-d", help="Only this document kind (repeatable).")] = [],  # noqa: B006
    lang: Annotated[
        list[str],
        typer.Option("--lang", "-l", help="Build in this language instead of the recipients' own (repeatable)."),
    ] = [],  # noqa: B006
    fmt: Annotated[
        list[str],
        typer.Option("--format", "-f", help=f"{' or '.join(built_formats())} (repeatable; default: all of them)."),
    ] = [],  # noqa: B006
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (default: all cores).")] = 0,
    fallback: Annotated[
        str | None,
        typer.Option(
            "--fallback",
            help="Use this language for messages missing from an incomplete catalog; recorded in manifest.json.",
        ),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Write as of this date (YYYY-MM-DD) instead of the campaign date.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the summary as one JSON object (schema in the README).")
    ] = False,
) -> None:
    """Render every document each recipient should get, as PDF and DOCX, into OUT with manifest.json."""
    known = built_formats()
    for f in fmt:
        if f not in known:
            typer.echo(f"campaign: error: --format must be {' or '.join(known)}, not '{f}'", err=True)
            raise typer.Exit(2)
    day: dt.date | None = parse_day(as_of, "--as-of") if as_of else None
    out = out or campaign / "out"
    options = BuildOptions(
        out=out,
        recipients=tuple(recipient),
        documents=tuple(document),
        languages=tuple(lang),
        formats=tuple(fmt) or known,
        jobs=jobs,
        fallback=fallback,
        as_of=day,
    )
    progress = _Progress()
    try:
        result = run(lambda: build(campaign, options, progress.update))
    finally:
        progress.close()
    for outcome in result.skipped:
        if not outcome.reused:
            typer.echo(f"skipped {_label(outcome)}: {outcome.skipped}", err=True)
    for outcome in result.failed:
        typer.echo(f"failed {_label(outcome)}: {outcome.error}", err=True)
    for removed in result.removed:
        typer.echo(f"removed {out}/{removed} (no longer in recipients.yaml)", err=True)
    for language, why in result.held_back.items():
        typer.echo(f"held back every letter in '{language}': {why}", err=True)
    if as_json:
        typer.echo(json.dumps(_summary(result, out), ensure_ascii=False))
    else:
        typer.echo(
            f"built {len(result.written)} file(s), reused {len(result.reused)} unchanged, "
            f"skipped {len(result.skipped)} document(s), {len(result.failed)} failed -> {out}/manifest.json"
        )
    if result.failed or result.held_back:
        raise typer.Exit(1)


def _summary(result: BuildResult, out: Path) -> dict[str, object]:
    """What `build --json` prints: counts, and every skipped, failed and held-back item with why."""
    return {
        "manifest": str(out / "manifest.json"),
        "built": len(result.written),
        "reused": len(result.reused),
        "skipped": [{"document": _label(o), "reason": o.skipped} for o in result.skipped],
        "failed": [{"document": _label(o), "error": o.error} for o in result.failed],
        "held_back": [{"language": lang, "reason": why} for lang, why in result.held_back.items()],
        "removed": result.removed,
    }


def _label(outcome: Outcome) -> str:
    job = outcome.job
    return f"{job.recipient}/{job.document}.{job.language}"


class _Progress:
    """A rich progress bar on a terminal; nothing (the summary suffices) when output is piped."""

    def __init__(self) -> None:
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        if sys.stderr.isatty() and not os.environ.get("CI"):
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("building"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True
            )
            self.bar.start()

    def update(self, outcome: Outcome, done: int, total: int) -> None:
        if self.bar is None:
            state = "failed" if outcome.error else "skipped" if outcome.skipped else "built"
            typer.echo(f"[{done}/{total}] {state} {_label(outcome)}", err=True)
            return
        if self.task is None:
            self.task = self.bar.add_task("build", total=total)
        self.bar.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
