"""The recipients list: who gets which documents, in which language, through which channel."""

from __future__ import annotations

import enum
from typing import Annotated, Literal

from pydantic import Field

from campaign.model.common import Bool, Date, Frozen, Gender, Id, Jurisdiction, Lang, LocaleTag, Url
from campaign.model.filings import Mandate


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


LocalText = Annotated[str | dict[Lang, Annotated[str, Field(min_length=1)]], Field(union_mode="left_to_right")]
"""A name as the recipient's office writes it: one text, or one per letter language
(`{en: Council of the European Union, fr: Conseil de l'Union européenne}`)."""


class Recipient(Frozen):
    """One official or body that receives letters."""

    id: Id
    """Stable key used in file names and the send ledger; never change it once sent."""
    jurisdiction: Jurisdiction
    institution: LocalText
    office: LocalText
    """The post or body written to, e.g. 'Secretary of State'."""
    address_language: Lang | None = None
    """Write the address block in this language whatever the letter's language (e.g. `en` for a
    body that uses its English name everywhere). Without it, a letter in a language needs the
    institution and office in that language."""
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
    mandate: Mandate | None = None
    """The UN special procedure this recipient is (needed for a `un-communication`): `wgad` gets
    the Working Group's questionnaire, the others a joint communication of the mandates concerned."""
    confidential: Bool = False
    """Send this recipient the confidential version of its documents (identity documents,
    addresses, protected sources, the submitter's contact). Everyone else gets the public one."""
    verification: Verification

    def institution_in(self, lang: str) -> str:
        """The institution as a letter in `lang` writes it in its address block."""
        return _local(self.institution, self.address_language or lang, self.languages[0])

    def office_in(self, lang: str) -> str:
        """The office as a letter in `lang` writes it in its address block."""
        return _local(self.office, self.address_language or lang, self.languages[0])

    def has_address_in(self, lang: str) -> bool:
        """True when a letter in `lang` can write this recipient's address block in its own language
        (or the recipient keeps one `address_language` everywhere)."""
        if self.address_language:
            return True
        # one text (not a mapping) is written in the recipient's first language
        return all(
            lang in value if isinstance(value, dict) else lang == self.languages[0]
            for value in (self.institution, self.office)
        )

    def missing_address_languages(self) -> tuple[str, ...]:
        """The languages this recipient's address block lacks for its letters (validate reports them)."""
        wanted = (self.address_language,) if self.address_language else self.languages
        missing: list[str] = []
        for value in (self.institution, self.office):
            if isinstance(value, str):
                if len(wanted) > 1:  # one text for letters in several languages: in which one?
                    missing.extend(lang for lang in wanted[1:] if lang not in missing)
                continue
            missing.extend(lang for lang in wanted if lang not in value and lang not in missing)
        return tuple(missing)


def _local(value: str | dict[str, str], lang: str, first: str) -> str:
    """The form of `value` for `lang`; a single text counts as the recipient's first language."""
    if isinstance(value, str):
        return value
    return value.get(lang) or value.get(first) or next(iter(value.values()))


class RecipientsFile(Frozen):
    """The whole of `recipients.yaml`."""

    recipients: tuple[Recipient, ...] = Field(min_length=1)
