"""The exception tree of `campaign`, and the exit code of each branch.

```
CampaignError                 1   root; carries diagnostics (file:line:col messages)
├── InputError                1   case, recipients, campaign or template data is wrong
├── InputMissingError         1   a file or folder that must exist does not
├── CatalogError              1   a translation catalog is missing or incomplete
├── RenderError               1   one document could not be produced
└── TransportError            1   mail could not be handed to the server
```
Every command exits 0 on success, 1 on any of the above, 2 on a usage error (Typer's own), and
70 on an unexpected internal error (the traceback is saved to a file, never printed).
Only the CLI turns these into exit codes; nothing below it prints or exits.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from campaign.diagnostics import Diagnostic

INTERNAL_ERROR_EXIT = 70


class CampaignError(Exception):
    """Root of every error `campaign` raises on purpose; the CLI catches exactly this."""

    exit_code = 1

    def __init__(self, message: str, diagnostics: Iterable[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)


class InputError(CampaignError):
    """The user's data or templates are wrong; `diagnostics` say where and how to fix them."""


class InputMissingError(CampaignError):
    """A file or folder that the campaign needs does not exist or cannot be read."""


class CatalogError(CampaignError):
    """A letter language has no catalog, or its catalog is incomplete."""


class RenderError(CampaignError):
    """A document could not be rendered (budget exceeded, missing glyph, writer failure)."""


class TransportError(CampaignError):
    """The mail server could not be reached or refused the session before any message."""
