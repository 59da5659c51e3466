"""The recipients list: who gets which documents, in which language, through which channel."""

from __future__ import annotations

import enum
from typing import Annotated, Literal

from pydantic import Field

from campaign.model.common import Date, Frozen, Gender, Id, Jurisdiction, Lang, LocaleTag, Url


class VerificationStatus(enum.Enum):
    """How far a contact was checked (see the README before sending to anything but verified)."""

    VERIFIED = "verified"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"


class Verification(Frozen):
    """Where a contact comes from and when it was checked."""

    status: VerificationStatus
    source: Url | None = None
    checked: Date | None = None
    note: str | None = None


class Person(Frozen):
    """The office holder a letter is addressed to, where known."""

    name: str
    honorific: str | None = None
    """Styling before the name on the address block, e.g. 'The Rt Hon', 'The Honourable'."""
    post_nominals: str | None = None
    """Letters after the name, e.g. 'MP', 'P.C., M.P.'."""
    gender: Gender = Gender.UNKNOWN


class EmailChannel(Frozen):
    kind: Literal["email"]
    address: str = Field(max_length=254)


class PostalChannel(Frozen):
    kind: Literal["postal"]


class WebFormChannel(Frozen):
    kind: Literal["web-form"]
    url: Url


Channel = Annotated[EmailChannel | PostalChannel | WebFormChannel, Field(discriminator="kind")]


class Recipient(Frozen):
    """One official or body that receives letters."""

    id: Id
    """Stable key used in file names and the send ledger; never change it once sent."""
    jurisdiction: Jurisdiction
    institution: str
    office: str
    """The post or body written to, e.g. 'Secretary of State'."""
    person: Person | None = None
    title: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9-]*$")
    """Form-of-address key, e.g. `minister`, `secretary-of-state`, `special-rapporteur`."""
    salutation: dict[Lang, str] = Field(default_factory=dict)
    """Explicit salutation per language; overrides the one derived from title and gender."""
    closing: dict[Lang, str] = Field(default_factory=dict)
    """Explicit closing per language, to match an explicit salutation."""
    languages: tuple[Lang, ...] = Field(min_length=1)
    """Languages to write in, first preferred."""
    locale: LocaleTag
    """Formatting locale for dates and numbers, e.g. en_GB vs en_US."""
    channel: Channel
    postal_address: tuple[str, ...] = ()
    """Address lines for the letter's address block and for postal sending."""
    group: Id
    """Recipient group in campaign.yaml; it decides which documents are sent."""
    documents: tuple[Id, ...] = ()
    """Documents for this recipient only; replaces the group's list when given."""
    regime: Id | None = None
    """Sanctions regime for the sanctions brief, e.g. `us-glomag`, `eu-ghr`, `uk-ghr`, `ca-magnitsky`."""
    verification: Verification


class RecipientsFile(Frozen):
    """The whole of `recipients.yaml`."""

    recipients: tuple[Recipient, ...] = Field(min_length=1)
