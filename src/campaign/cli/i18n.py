"""`campaign i18n`: extract, update, compile and check the letter catalogs (`sync`: all but compile).

Adding a language: `campaign i18n update --lang it` creates its catalog, translators fill
`letters/locale/it/LC_MESSAGES/letters.po`, and `campaign i18n status` exits 0 once nothing is
fuzzy, empty, partly translated or wrongly placeholdered.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from campaign.app import i18n as workflow
from campaign.cli.common import CampaignDir, diagnostics_json, echo_diagnostics, run
from campaign.i18n.catalogs import SOURCE_LANG, catalog_languages, po_path
from campaign.model.loaded import letters_folder

i18n_app = typer.Typer(
    name="i18n",
    help=(
        "Translation catalogs of the letters: extract the messages, update and compile the catalogs, "
        "and check that every language is complete (exit 1 if a declared language is not)."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)

Languages = Annotated[
    list[str] | None,
    typer.Option("--lang", "-l", help="Language to work on (repeatable); default: all the campaign's."),
]


@i18n_app.command()
def extract(campaign: CampaignDir = Path(".")) -> None:
    """Write letters/locale/letters.pot from the templates and the messages code translates."""
    written = run(lambda: workflow.extract(letters_folder(campaign)))
    state = "written" if written.changed else "up to date"
    typer.echo(f"{written.file}: {written.messages} messages, {state}")


@i18n_app.command()
def update(campaign: CampaignDir = Path("."), lang: Languages = None) -> None:
    """Bring each catalog in line with the template; create missing catalogs."""

    def action() -> list[workflow.Written]:
        return workflow.update(letters_folder(campaign), workflow.translated_languages(campaign, lang or ()))

    for written in run(action):
        state = "updated" if written.changed else "up to date"
        typer.echo(f"{written.file}: {written.messages} messages, {state}")
    typer.echo("next: translate the new and fuzzy entries, then run: campaign i18n status")


@i18n_app.command()
def sync(campaign: CampaignDir = Path("."), lang: Languages = None) -> None:
    """After a template change: extract, update every catalog, then show the status (one command).

    A message that comes back to a template gets its old translation back from the obsolete
    (#~) entries; a similar one gets it as a fuzzy suggestion to review. Exits 1 while a
    declared language is incomplete; every problem is listed as FILE:LINE: message.
    """
    result = run(lambda: workflow.sync(campaign, lang or ()))
    template = result.template
    typer.echo(f"{template.file}: {template.messages} messages, {'written' if template.changed else 'up to date'}")
    for written in result.catalogs:
        typer.echo(f"{written.file}: {written.messages} messages, {'updated' if written.changed else 'up to date'}")
    for line in _table(result.status, letters_folder(campaign)):
        typer.echo(line)
    echo_diagnostics(list(result.status.problems))
    if result.status.failed:
        typer.echo("next: translate the new and fuzzy entries (remove '#, fuzzy' once checked), then run sync again")
        raise typer.Exit(1)


@i18n_app.command(name="compile")
def compile_(campaign: CampaignDir = Path("."), lang: Languages = None) -> None:
    """Write .mo files for other gettext tools (builds read the .po files directly)."""

    def action() -> list[workflow.Written]:
        letters = letters_folder(campaign)
        langs = lang or catalog_languages(letters)
        return workflow.compile_catalogs(letters, langs)

    for written in run(action):
        typer.echo(f"{written.file}: {written.messages} usable messages")


@i18n_app.command()
def status(
    campaign: CampaignDir = Path("."),
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the counts and every problem as JSON (schema in the README).")
    ] = False,
) -> None:
    """Count translated, fuzzy, untranslated and obsolete messages per language.

    Exits 1 if a language that campaign.yaml declares is incomplete or has no catalog, or if the
    template is out of date; every problem is listed as FILE:LINE: message.
    """
    report = run(lambda: workflow.status(campaign))
    if as_json:
        typer.echo(json.dumps(_status_json(report, letters_folder(campaign)), indent=2, ensure_ascii=False))
        if report.failed:
            raise typer.Exit(1)
        return
    for line in _table(report, letters_folder(campaign)):
        typer.echo(line)
    echo_diagnostics(list(report.problems))
    if report.failed:
        raise typer.Exit(1)


def _state(row: workflow.LanguageRow, letters: Path) -> str:
    if row.status is None:
        # No counts: either there is no file, or it could not be read (the error says where).
        return "unreadable" if po_path(letters, row.lang).is_file() else "no catalog"
    return "complete" if row.complete else "incomplete"


def _status_json(report: workflow.StatusReport, letters: Path) -> dict[str, object]:
    languages = []
    for row in report.rows:
        counts = row.status
        languages.append(
            {
                "lang": row.lang,
                "declared": row.declared,
                "state": _state(row, letters),
                "translated": counts.translated if counts else None,
                "fuzzy": counts.fuzzy if counts else None,
                "untranslated": counts.untranslated if counts else None,
                "obsolete": counts.obsolete if counts else None,
            }
        )
    return {
        "complete": not report.failed,
        "source": SOURCE_LANG,
        "languages": languages,
        "diagnostics": diagnostics_json(list(report.problems)),
    }


def _table(report: workflow.StatusReport, letters: Path) -> list[str]:
    header = ("language", "translated", "fuzzy", "untranslated", "obsolete", "state")
    rows = [header, (SOURCE_LANG, "-", "-", "-", "-", "source")]
    for row in report.rows:
        state = _state(row, letters)
        if not row.declared:
            state += " (not declared)"
        counts = (
            (str(row.status.translated), str(row.status.fuzzy), str(row.status.untranslated), str(row.status.obsolete))
            if row.status
            else ("-", "-", "-", "-")
        )
        rows.append((row.lang, *counts, state))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows]
