"""The `campaign` command line: the only place that prints and chooses exit codes.

Exit codes: 0 success; 1 the input, a catalog, a document or a send failed (every problem is
listed as FILE:LINE:COL: field: message); 2 wrong command-line usage; 70 an internal error (the
traceback is saved to a file whose name is printed).
"""

from __future__ import annotations

import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from campaign import app as use_cases
from campaign.diagnostics import Diagnostic, Severity, format_all
from campaign.errors import INTERNAL_ERROR_EXIT, CampaignError

T = TypeVar("T")

cli = typer.Typer(
    name="campaign",
    help=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)

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


@cli.command()
def validate(
    campaign: CampaignDir = Path("."),
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Check campaign.yaml, the case file and recipients.yaml; list every problem with its place."""
    loaded = run(lambda: use_cases.validate(campaign))
    failing = echo_diagnostics(loaded.report.items, strict=strict)
    if failing:
        raise typer.Exit(1)
    c = loaded.campaign
    typer.echo(f"campaign: {c.settings.name}: valid ({len(c.recipients)} recipients, case {c.case.id})")


@cli.command()
def schema(
    file: Annotated[str, typer.Argument(help="Which file: campaign, case or recipients.")],
) -> None:
    """Print the JSON Schema of campaign.yaml, a case file or recipients.yaml."""
    if file not in use_cases.SCHEMAS:
        typer.echo(f"campaign: error: unknown file '{file}'; choose campaign, case or recipients", err=True)
        raise typer.Exit(2)
    sys.stdout.write(use_cases.json_schema(file))


def main() -> None:
    """Console-script entry point."""
    cli()
