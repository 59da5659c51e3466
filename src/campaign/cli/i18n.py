"""`campaign i18n`: extract, update, compile and check the letter catalogs."""

from __future__ import annotations

import typer

i18n_app = typer.Typer(
    name="i18n",
    help="Translation catalogs of the letters: extract, update, compile, status.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
