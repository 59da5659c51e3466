"""`campaign.yaml`: who is writing, on which date, about which case, to which groups."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from campaign.model.case import Case
from campaign.model.common import Bool, Date, Frozen, Id, Lang, Text, Url, language_script
from campaign.model.recipients import Recipient

NameScript = Literal["native", "latin"]


class Organisation(Frozen):
    """The sending organisation, shown in every letterhead and used as the email sender."""

    name: str
    address: tuple[str, ...] = Field(min_length=1)
    website: Url
    email: str = Field(max_length=254)
    reply_to: str | None = Field(default=None, max_length=254)
    logo: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_./-]+\.(png|jpg|jpeg|svg)$")
    """An image in the campaign's `letters/assets/` folder, e.g. `letters/assets/logo.png`."""


class Signatory(Frozen):
    name: str
    title: Text


class Group(Frozen):
    """A set of recipients who receive the same documents."""

    documents: tuple[Id, ...] = Field(min_length=1)


class EmailSettings(Frozen):
    attach_docx: Bool = False


class CampaignFile(Frozen):
    """The whole of `campaign.yaml`."""

    name: str
    date: Date
    """The date letters are written on; facts after it are not used."""
    organisation: Organisation
    signatory: Signatory
    languages: tuple[Lang, ...] = Field(min_length=1)
    """Languages the campaign declares; each must have a complete catalog."""
    cases: tuple[Id, ...] = Field(min_length=1, max_length=1)
    """Case ids, read from `cases/<id>.yaml` (one case per campaign for now)."""
    groups: dict[Id, Group] = Field(min_length=1)
    email: EmailSettings = EmailSettings()
    names: dict[Lang, NameScript] = Field(default_factory=dict)
    """How letters in a language write people's names: `native` (the case file's form in the
    language's own script, required) or `latin`. By default a language written in the Latin script
    uses the Latin form and any other (Russian, Arabic, Chinese...) needs a native form."""

    def native_names(self, lang: str) -> bool:
        """Whether letters in `lang` name people in a native-script form from the case file."""
        chosen = self.names.get(lang)
        if chosen is not None:
            return chosen == "native"
        return language_script(lang) != "Latn"


class Campaign(Frozen):
    """Everything loaded and cross-checked: the campaign, its case and its recipients."""

    settings: CampaignFile
    case: Case
    recipients: tuple[Recipient, ...]

    def documents_for(self, recipient: Recipient) -> tuple[str, ...]:
        if recipient.documents:
            return recipient.documents
        return self.settings.groups[recipient.group].documents
