"""`campaign init DIR`: start a new campaign from a commented, fictional example."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from campaign.app.init import init_campaign
from campaign.cli.common import run
from campaign.errors import InputMissingError


def init_command(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            help="The new campaign folder; it must not exist yet, or be empty.",
            show_default=False,
        ),
    ],
) -> None:
    """Create a new campaign folder DIR from a commented example that validates and builds as it is.

    DIR gets campaign.yaml, cases/example.yaml (a fictional person), recipients.yaml (two
    fictional recipients, one by email and one by post) and letters/ with an appeal letter
    template and the cover email. The comments in each file say what every key means and which
    values it takes. Nothing is written if DIR exists and is not empty.

    Next: edit the three YAML files, then run `campaign validate -c DIR` and
    `campaign build -c DIR`.
    """
    written = run(lambda: _init(folder))
    typer.echo(f"created {folder}/ with {len(written)} files:")
    for path in written:
        typer.echo(f"  {path}")
    typer.echo(f"next: edit the YAML files, then run: campaign validate -c {folder}")


def _init(folder: Path) -> list[str]:
    """`init_campaign`, with a folder the system will not let us create reported as the user's error."""
    try:
        return init_campaign(folder)
    except OSError as exc:
        raise InputMissingError(
            f"cannot create the campaign folder {folder} ({exc.strerror or exc}); choose a place you can write to"
        ) from None
