"""Pieces every command shares: the campaign-folder option, diagnostics output, the error boundary."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from campaign.diagnostics import Diagnostic, Severity, format_all
from campaign.errors import INTERNAL_ERROR_EXIT, CampaignError

T = TypeVar("T")

CampaignDir = Annotated[
    Path,
    typer.Option("--campaign", "-c", help="Campaign folder (holds campaign.yaml).", file_okay=False),
]

# What build and preview choose the same way (preview builds first).
OnlyRecipients = Annotated[list[str], typer.Option("--recipient", "-r", help="Only this recipient id (repeatable).")]
OnlyDocuments = Annotated[list[str], typer.Option("--document", "-d", help="Only this document kind (repeatable).")]
InLanguages = Annotated[
    list[str], typer.Option("--lang", "-l", help="Build in this language instead of the recipients' own (repeatable).")
]
Jobs = Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (default: all cores).")]
Fallback = Annotated[
    str | None,
    typer.Option(
        "--fallback",
        help="Use this language for messages missing from an incomplete catalog; recorded in manifest.json.",
    ),
]
AsOf = Annotated[
    str | None, typer.Option("--as-of", help="Write as of this date (YYYY-MM-DD) instead of the campaign date.")
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


def diagnostics_json(diagnostics: list[Diagnostic]) -> list[dict[str, object]]:
    """The diagnostics as `--json` prints them (schema in the README): sorted, duplicates removed."""
    seen: set[str] = set()
    out: list[dict[str, object]] = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        if d.format() in seen:
            continue
        seen.add(d.format())
        span = d.span
        out.append(
            {
                "severity": d.severity.value,
                "code": d.code,
                "message": d.message,
                "file": span.file if span else None,
                "line": span.line if span and span.line else None,
                "column": span.column if span and span.column else None,
                "field": d.field or None,
            }
        )
    return out


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
    except (typer.Exit, typer.Abort, typer.BadParameter, KeyboardInterrupt):
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


# conventions every command shares: -h, one error style, plain metavars --------------------

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
"""`-h` as well as `--help`, on every command (subcommands inherit it from the root's context)."""

METAVARS = {
    "campaign": "DIR",
    "out": "DIR",
    "recipient": "ID",
    "only": "ID",
    "document": "KIND",
    "lang": "LANG",
    "fallback": "LANG",
    "fmt": "FORMAT",
    "jobs": "N",
    "as_of": "DATE",
    "smtp_host": "HOST",
    "smtp_port": "PORT",
    "cafile": "FILE",
    "user": "USER",
    "rate": "N/min",
    "timeout": "SECONDS",
    "retry_after": "SECONDS",
}
"""What an option's value is, as help shows it (Typer would show `<list[str]>`, `<int range>`)."""


def plain_metavars(command: Any) -> None:
    """Show every option of `command` and its subcommands with a plain metavar (ID, LANG, N, ...).

    Typer 0.2x prints an option's Python type (`<list[str]>`) and ignores `metavar`; the one hook
    is the option's `display_type`, replaced here on each instance (typer is bounded in
    pyproject.toml; tests/cli/test_conventions.py fails if a new version prints types again).
    Typer's click (vendored) is not public API, so the commands are read by duck typing.
    """
    for param in command.params:
        if getattr(param, "param_type_name", "") != "option" or getattr(param, "is_flag", False):
            continue
        name = param.metavar or METAVARS.get(param.name or "") or str(param.name or "value").upper()
        param.metavar = name
        if hasattr(param, "display_type"):
            param.display_type = lambda ctx, shown=name: shown
    for sub in getattr(command, "commands", {}).values():
        plain_metavars(sub)


class CampaignGroup(TyperGroup):
    """The root command: plain metavars in help, and usage errors in the one error style."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_metavars(self)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.Abort:
            typer.echo("campaign: error: aborted", err=True)
            sys.exit(1)
        except typer.TyperException as exc:  # click's ClickException and UsageError, as Typer ships them
            error: Any = exc
            if type(exc).__name__ == "NoArgsIsHelpError":  # `campaign` alone: the help, as click shows it
                error.show()
                sys.exit(error.exit_code)
            ctx = getattr(error, "ctx", None)
            hint = f" (see: {ctx.command_path} -h)" if ctx is not None else ""
            typer.echo(f"campaign: error: {error.format_message()}{hint}", err=True)
            sys.exit(getattr(error, "exit_code", 2))
        sys.exit(code if isinstance(code, int) else 0)
