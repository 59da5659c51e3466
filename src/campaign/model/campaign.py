"""`campaign.yaml`: who is writing, on which date, about which case, to which groups."""

from __future__ import annotations

import enum
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from campaign.model.case import Case
from campaign.model.common import Bool, Date, Frozen, Id, Int, Lang, Text, Url, language_script
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


class SmtpSecurity(enum.Enum):
    """How `campaign email send` protects the connection, as its flags name it."""

    STARTTLS = "starttls"
    """Connect in plain text, then upgrade with STARTTLS (usually port 587); fail if not offered."""
    SSL = "ssl"
    """TLS from the first byte (usually port 465)."""
    INSECURE_PLAIN = "insecure-plain"
    """No TLS, even to another machine (`--insecure`); never with a user and password."""


_RATE = re.compile(r"\s*([1-9][0-9]{0,5})\s*(?:/\s*min)?\s*")
"""`20/min` or `20`: at most that many messages a minute."""


def parse_rate(text: str) -> int:
    """Messages a minute from `20/min` (or `20`); ValueError otherwise."""
    match = _RATE.fullmatch(text)
    if not match:
        raise ValueError("write the rate as N/min, for example 20/min")
    return int(match.group(1))


def _rate(value: Any) -> Any:
    return parse_rate(value) if isinstance(value, str) else value


def _port(value: int) -> int:
    if not 1 <= value <= 65535:
        raise ValueError(f"{value} is not a port; a port is a number from 1 to 65535 (587 for STARTTLS, 465 for SSL)")
    return value


Port = Annotated[Int, AfterValidator(_port)]
Rate = Annotated[int, BeforeValidator(_rate)]


class SmtpSettings(Frozen):
    """The mail server `campaign email send` uses when neither its options nor the `CAMPAIGN_SMTP_*`
    variables say otherwise. Never the password: it comes from `CAMPAIGN_SMTP_PASSWORD`, the
    system keyring or a prompt (a `password:` key is an error)."""

    host: str | None = Field(default=None, pattern=r"^[A-Za-z0-9.:\[\]-]{1,253}$")
    """The server's host name or IP address (`--smtp-host`)."""
    port: Port | None = None
    """Its port (`--smtp-port`); by default 25, 587 with STARTTLS or 465 with SSL."""
    user: str | None = Field(default=None, min_length=1, max_length=254)
    """The login (`--user`); none: send without logging in."""
    security: SmtpSecurity | None = None
    """`starttls`, `ssl` or `insecure-plain` (`--starttls`, `--ssl`, `--insecure`); none: plain
    text to this machine only."""
    cafile: str | None = Field(default=None, min_length=1)
    """A PEM file of the CA to trust, relative to the campaign folder (`--cafile`)."""
    rate: Rate | None = Field(default=None, ge=1)
    """At most this many messages a minute, written `20/min` (`--rate`)."""


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
    smtp: SmtpSettings = Field(default=SmtpSettings(), exclude=True)
    """The mail server to send through; left out of the settings' hash (`model_dump`), as it
    changes no document."""
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
