"""A campaign as loaded and cross-checked: the value every use case works from.

The loader (`campaign.load`) makes it; rendering, building and mail only read it, so none of them
needs the loader. It is a plain value: shifting the date of a campaign (`build --as-of`) is a copy
with another date, which keeps everything else (regimes, forms of address) as loaded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from campaign.diagnostics import Report
from campaign.model.campaign import Campaign
from campaign.model.forms import FormsOfAddress
from campaign.model.regime import RegimesFile

STANDARD_LETTERS = Path(__file__).resolve().parents[1] / "letters"
"""The letters the package ships: templates, their shared macros, the catalogs of every language,
the sanctions regimes and the forms of address. A campaign without a `letters/` folder of its own
writes with these; `campaign init` copies them into a new campaign so they can be changed."""
TEMPLATE_SUFFIX = ".md.j2"
"""A document kind is a template `letters/<kind>.md.j2`; files starting with `_` are not documents."""
COVER_DOCUMENT = "cover-email"
"""The kind whose template is the email that carries the other documents (never a file of its own)."""


@dataclass(frozen=True)
class Loaded:
    """A campaign with its reference data and the report of what was found wrong or doubtful."""

    campaign: Campaign
    report: Report
    folder: Path
    """The campaign folder (holds campaign.yaml)."""
    forms: FormsOfAddress
    """Salutations and closings: the campaign's `letters/forms-of-address.yaml` or the bundled table."""
    regimes: RegimesFile | None = None
    """Sanctions regimes from `letters/regimes.yaml`, when the campaign has one."""
    kinds: tuple[str, ...] = ()
    """The document kinds the campaign's templates offer (`letters/<kind>.md.j2`), sorted."""
    evidence: Mapping[str, str] = field(default_factory=dict)
    """SHA-256 of each local copy of a source (`evidence/...`), for the evidence annex."""

    @property
    def letters(self) -> Path:
        """The folder of templates, catalogs and regimes the campaign writes with."""
        return letters_folder(self.folder)

    def as_of(self, day: dt.date) -> Loaded:
        """The same campaign written on `day` instead of its own date; nothing else changes."""
        settings = self.campaign.settings.model_copy(update={"date": day})
        return dataclasses.replace(self, campaign=self.campaign.model_copy(update={"settings": settings}))


def letters_folder(folder: Path) -> Path:
    """The campaign's own `letters/` if it has one, else the standard letters (`STANDARD_LETTERS`)."""
    own = folder / "letters"
    return own if own.is_dir() else STANDARD_LETTERS


def shown_letters(letters: Path, folder: Path) -> str:
    """How diagnostics name a letters folder: `letters` in a campaign, `campaign/letters` for the standard one."""
    if letters.resolve() == STANDARD_LETTERS:
        return "campaign/letters"
    try:
        return str(letters.relative_to(folder))
    except ValueError:
        return letters.name
