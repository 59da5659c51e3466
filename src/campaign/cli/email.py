"""`campaign email`: build the outbox, send it through SMTP with a ledger, and report the audit trail."""

from __future__ import annotations

import typer

email_app = typer.Typer(
    help="Build the email outbox and postal pack, send through SMTP exactly once, and show the ledger.",
    no_args_is_help=True,
)
