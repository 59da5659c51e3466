"""Pieces every command shares: the campaign-folder option, diagnostics output, the error boundary."""

from __future__ import annotations

import datetime as dt
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from campaign.diagnostics import Diagnostic, Severity, format_all
from campaign.errors import INTERNAL_ERROR_EXIT, CampaignError

T = TypeVar("T")

CampaignDir = Annotated[
    Path,
    typer.Option("--campaign", "-c", help="Campaign folder (holds campaign.yaml).", file_okay=False),
]


def echo_diagnostics(diagnostics: list[Diagnostic], *, strict: bool = False) -> int:
    """Print errors, then warnings apart, then a count; return the number that fail the run."""
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    warnings = [d for d in diagnostics if d.severity is Severity.WARNING]
    for line in format_all(errors):
        typer.echo(line, err=True)
    if warnings:
        if errors:
            typer.echo("", err=True)
        for line in format_all(warnings):
            typer.echo(line, err=True)
    failing = len(errors) + (len(warnings) if strict else 0)
    if errors or warnings:
        typer.echo(f"{len(errors)} error(s), {len(warnings)} warning(s)", err=True)
    return failing


def parse_day(text: str, option: str) -> dt.date:
    """A YYYY-MM-DD date given on the command line; a usage error (exit 2) naming the option otherwise."""
    try:
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            return dt.date.fromisoformat(text)
        raise ValueError("not in the form YYYY-MM-DD")
    except ValueError as exc:
        raise typer.BadParameter(f"'{text}' is not a date: {exc}; write it as YYYY-MM-DD", param_hint=option) from None


def run(action: Callable[[], T]) -> T:
    """Run a use case, turning our errors into messages and exit code 1, and bugs into 70."""
    try:
        return action()
    except CampaignError as exc:
        if exc.diagnostics:
            echo_diagnostics(list(exc.diagnostics))
        else:
            typer.echo(f"campaign: error: {exc.message}", err=True)
        raise typer.Exit(exc.exit_code) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except BaseException as exc:  # noqa: BLE001 - the one place that turns bugs into a report
        with tempfile.NamedTemporaryFile("w", prefix="campaign-crash-", suffix=".log", delete=False) as log:
            traceback.print_exception(exc, file=log)
        typer.echo(
            f"campaign: internal error: {type(exc).__name__}: {exc}\n"
            f"campaign: the details are in {log.name}; please report it with that file.",
            err=True,
        )
        raise typer.Exit(INTERNAL_ERROR_EXIT) from None
