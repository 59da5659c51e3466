"""Forms of address: the salutation and closing of a letter, per language, title and gender.

The table is data (`forms-of-address.yaml`, bundled with the package or a campaign's own in
`letters/`); `campaign.load.forms` reads and checks it, `campaign.i18n.address` picks a formula for
one letter.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from campaign.model.common import Frozen, Lang, Url
from campaign.model.recipients import VerificationStatus

FORMS_FILE = "forms-of-address.yaml"

GenderKey = Literal["female", "male", "unknown", "any"]
TitleKey = str


class Formula(Frozen):
    """One salutation with its matching closing."""

    salutation: str = Field(min_length=1)
    closing: str = Field(min_length=1)
    status: VerificationStatus
    """verified (official protocol guide), secondary (style guides, derived), unverified (needs a native speaker)."""
    source: Url | None = None
    note: str | None = None


class FormsOfAddress(Frozen):
    """The whole of `forms-of-address.yaml`."""

    fallback: dict[Lang, Formula] = Field(min_length=1)
    """The neutral formal formula of each language, used when no title entry fits."""
    titles: dict[Lang, dict[str, dict[GenderKey, Formula]]] = Field(default_factory=dict)
    """language → title key (as in recipients.yaml) → gender (or `any`) → formula."""

    @model_validator(mode="after")
    def _every_language_has_a_fallback(self) -> FormsOfAddress:
        missing = sorted(set(self.titles) - set(self.fallback))
        if missing:
            raise ValueError(f"languages {', '.join(missing)} have titles but no 'fallback' formula; add one each")
        return self
