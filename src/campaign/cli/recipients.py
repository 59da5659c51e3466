"""`campaign recipients import | export`: recipients.yaml from and to a spreadsheet."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Annotated

import typer

from campaign.app import recipients as sheets
from campaign.cli.common import CampaignDir, echo_diagnostics, run

recipients_app = typer.Typer(
    name="recipients",
    help="Import recipients from a spreadsheet (.csv or .xlsx) into recipients.yaml, or export them to one.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@recipients_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A .csv (UTF-8; comma or semicolon) or .xlsx file.")],
    campaign: CampaignDir = Path("."),
    mapping: Annotated[
        list[str],
        typer.Option(
            "--map",
            metavar="COLUMN=FIELD",
            help="Read COLUMN into FIELD, e.g. 'E-mail=channel.address'; 'COLUMN=' leaves it out (repeatable).",
        ),
    ] = [],  # noqa: B006
) -> None:
    """Add the sheet's new recipients to recipients.yaml and update the existing ones (matched by id).

    The first row names the columns after the fields of recipients.yaml: id, jurisdiction,
    institution.en, institution.fr, office.en, person.name, person.gender, title, languages
    (en, fr), locale, channel.address (an email address; channel.kind: email, postal or
    web-form, channel.url), postal_address (one line per line of the cell), group, documents,
    regime, mandate, verification.status, verification.source, verification.checked, ... An empty
    cell leaves the field as it is. The comments and order of recipients.yaml are kept. Every
    problem is listed as FILE:ROW:COLUMN, with the checks of `campaign validate`, and nothing is
    written if any row is wrong.
    """
    try:
        parsed = sheets.parse_mapping(mapping)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--map") from None
    result = run(lambda: sheets.import_recipients(campaign, file, parsed))
    echo_diagnostics(result.warnings)
    parts = [f"{len(result.added)} added", f"{len(result.updated)} updated", f"{len(result.unchanged)} unchanged"]
    state = "written" if result.written else "unchanged"
    typer.echo(f"{campaign / 'recipients.yaml'}: {', '.join(parts)} ({state})")
    if result.other_errors:
        typer.echo(
            f"note: the campaign has {result.other_errors} other error(s), not in {file}; run: campaign validate",
            err=True,
        )


@recipients_app.command("export")
def export_command(
    file: Annotated[
        Path | None,
        typer.Argument(metavar="[FILE]", help="A .csv or .xlsx file to write; default: CSV on standard output."),
    ] = None,
    campaign: CampaignDir = Path("."),
) -> None:
    """Write recipients.yaml as a sheet, one row per recipient, the columns `recipients import` reads."""
    header, rows = run(lambda: sheets.export_recipients(campaign, file))
    if file is None:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    else:
        typer.echo(f"{file}: {len(rows)} recipient(s), {len(header)} columns")
