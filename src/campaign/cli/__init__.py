"""The `campaign` command line: the only place that prints and chooses exit codes.

Exit codes: 0 success; 1 the input, a catalog, a document or a send failed (every problem is
listed as FILE:LINE:COL: field: message); 2 wrong command-line usage; 70 an internal error (the
traceback is saved to a file whose name is printed).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from campaign.app import validate as use_cases
from campaign.cli.build import build_command
from campaign.cli.common import (
    CONTEXT_SETTINGS,
    CampaignDir,
    CampaignGroup,
    diagnostics_json,
    echo_diagnostics,
    parse_day,
    run,
)
from campaign.cli.init import init_command
from campaign.cli.preview import preview_command
from campaign.diagnostics import Diagnostic, Severity
from campaign.errors import InputError
from campaign.version import __version__

__all__ = ["cli", "echo_diagnostics", "main", "run"]

cli = typer.Typer(
    name="campaign",
    help=(
        "Turn one case file and one recipients list into every appeal letter, sanctions brief and UN "
        "communication, per recipient and language, as DOCX and PDF, and send them by email.\n\n"
        + (__doc__.split("\n\n", 1)[1] if __doc__ else "")
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,  # --install-completion and --show-completion for bash, zsh, fish and PowerShell
    rich_markup_mode=None,
    cls=CampaignGroup,
    context_settings=CONTEXT_SETTINGS,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"campaign {__version__}")
        raise typer.Exit()


@cli.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Turn one case file and one recipients list into every appeal letter, sanctions brief and UN
    communication, per recipient and language, as DOCX and PDF, and send them by email."""


@cli.command()
def validate(
    campaign: CampaignDir = Path("."),
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Check as of this date (YYYY-MM-DD) instead of the campaign date.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the result and every diagnostic as JSON (schema in the README).")
    ] = False,
) -> None:
    """Check the campaign as a build would, without writing anything; list every problem with its place.

    Checks campaign.yaml, the case file and recipients.yaml, the translation catalogs of every
    letter language, and renders every document each recipient would get, so a template or data
    mistake is reported at its file and line. Exit 0 means `campaign build` writes every document.
    """
    day = parse_day(as_of, "--as-of") if as_of else None
    if as_json:
        _validate_json(campaign, day, strict)
        return
    loaded = run(lambda: use_cases.validate(campaign, day))
    failing = echo_diagnostics(loaded.report.items, strict=strict)
    if failing:
        raise typer.Exit(1)
    c = loaded.campaign
    typer.echo(f"campaign: {c.settings.name}: valid ({len(c.recipients)} recipients, case {c.case.id})")


def _validate_json(campaign: Path, day: dt.date | None, strict: bool) -> None:
    diagnostics: list[Diagnostic] = []
    name: str | None = None
    count: int | None = None

    def action() -> None:
        nonlocal name, count
        try:
            loaded = use_cases.validate(campaign, day)
        except InputError as exc:
            diagnostics.extend(exc.diagnostics)
            return
        diagnostics.extend(loaded.report.items)
        name, count = loaded.campaign.settings.name, len(loaded.campaign.recipients)

    run(action)
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    valid = errors == 0 and not (strict and warnings)
    document = {
        "valid": valid,
        "campaign": name,
        "recipients": count,
        "errors": errors,
        "warnings": warnings,
        "diagnostics": diagnostics_json(diagnostics),
    }
    typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
    if not valid:
        raise typer.Exit(1)


@cli.command()
def schema(
    file: Annotated[str, typer.Argument(help="Which file: campaign, case or recipients.")],
) -> None:
    """Print the JSON Schema of campaign.yaml, a case file or recipients.yaml."""
    if file not in use_cases.SCHEMAS:
        typer.echo(f"campaign: error: unknown file '{file}'; choose campaign, case or recipients", err=True)
        raise typer.Exit(2)
    sys.stdout.write(use_cases.json_schema(file))


cli.command(name="build")(build_command)
cli.command(name="init")(init_command)
cli.command(name="preview")(preview_command)


def main() -> None:
    """Console-script entry point."""
    cli()


from campaign.cli.email import email_app  # noqa: E402 - sub-apps register after the core commands

cli.add_typer(email_app, name="email")

from campaign.cli.i18n import i18n_app  # noqa: E402 - sub-apps register after the core commands

cli.add_typer(i18n_app, name="i18n")

from campaign.cli.recipients import recipients_app  # noqa: E402 - sub-apps register after the core commands

cli.add_typer(recipients_app, name="recipients")
