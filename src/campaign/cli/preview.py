"""`campaign preview`: build, then write (and with --serve, serve and keep up to date) the preview site."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Annotated

import typer

from campaign.app.preview import PreviewResult, PreviewServer, Watcher, preview
from campaign.cli.common import CampaignDir, echo_diagnostics, parse_day, run
from campaign.errors import CampaignError
from campaign.jobs.job import BuildOptions


def preview_command(
    campaign: CampaignDir = Path("."),
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Output folder (default: out/ in the campaign folder); the site is OUT/preview.",
            file_okay=False,
        ),
    ] = None,
    recipient: Annotated[
        list[str], typer.Option("--recipient", "-r", help="Only this recipient id (repeatable).")
    ] = [],  # noqa: B006
    document: Annotated[list[str], typer.Option("--document", "-d", help="Only this document kind (repeatable).")] = [],  # noqa: B006
    lang: Annotated[
        list[str],
        typer.Option("--lang", "-l", help="Build in this language instead of the recipients' own (repeatable)."),
    ] = [],  # noqa: B006
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (default: all cores).")] = 0,
    fallback: Annotated[
        str | None,
        typer.Option("--fallback", help="Use this language for messages missing from an incomplete catalog."),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Write as of this date (YYYY-MM-DD) instead of the campaign date.")
    ] = None,
    serve: Annotated[
        bool, typer.Option("--serve", help="Serve the site on 127.0.0.1 and rebuild it when a campaign file changes.")
    ] = False,
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port for --serve (0: any free port).")] = 8000,
) -> None:
    """Build every document, then write a site to read them in a browser: OUT/preview/index.html.

    The index lists every recipient, document and language with its status (built, skipped or
    failed, and why; the fallback language); each document has its page images, its HTML version,
    the same document in another language side by side, and what differs from another recipient's.
    It needs no network and opens from the file system. With --serve, Ctrl-C stops the server.
    """
    day: dt.date | None = parse_day(as_of, "--as-of") if as_of else None
    out = out or campaign / "out"  # where build and email put it
    options = BuildOptions(
        out=out,
        recipients=tuple(recipient),
        documents=tuple(document),
        languages=tuple(lang),
        jobs=jobs,
        fallback=fallback,
        as_of=day,
    )
    result = run(lambda: preview(campaign, options))
    _summary(result)
    for language, why in result.build.held_back.items():
        typer.echo(f"held back every letter in '{language}': {why}", err=True)
    if not serve:
        if result.build.failed or result.build.held_back:
            raise typer.Exit(1)
        return

    def rebuild() -> None:
        typer.echo("campaign: a file changed; rebuilding", err=True)
        _summary(preview(campaign, options))

    def report(exc: BaseException) -> None:
        if isinstance(exc, CampaignError) and exc.diagnostics:
            echo_diagnostics(list(exc.diagnostics))
        elif isinstance(exc, CampaignError):
            typer.echo(f"campaign: error: {exc.message}", err=True)
        else:
            typer.echo(f"campaign: error: {type(exc).__name__}: {exc}", err=True)
        typer.echo("campaign: the preview shows the last good build; fix the files and save again", err=True)

    try:
        server = PreviewServer(result.site.parent, port)
    except OSError as exc:
        typer.echo(f"campaign: error: cannot serve on 127.0.0.1:{port} ({exc.strerror}); try --port 0", err=True)
        raise typer.Exit(1) from None
    with server, Watcher(campaign, rebuild, report):
        typer.echo(f"serving {server.url} (Ctrl-C stops)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            typer.echo("stopped", err=True)


def _summary(result: PreviewResult) -> None:
    for row in result.rows:
        if row.status == "failed":
            typer.echo(f"failed {row.recipient}/{row.document}.{row.language}: {row.reason}", err=True)
    counts = {s: sum(1 for r in result.rows if r.status == s) for s in ("built", "skipped", "failed")}
    typer.echo(
        f"preview: {counts['built']} built, {counts['skipped']} skipped, {counts['failed']} failed -> {result.index}"
    )
