"""One email per recipient: the cover text in their language, their documents attached.

The message is built with `EmailMessage`, `Address` objects and the SMTP policy, and every value
that becomes a header is checked by `campaign.mail.headers` first. Everything about the message is
deterministic (MIME boundaries included), so its bytes, its content hash and its Message-ID are the
same each time the same content is built: the ledger compares hashes to know whether what is about
to be sent differs from what was sent. The Date header is not part of it: it is added at the moment
of sending (see `campaign.mail.send`).
"""

from __future__ import annotations

import email.policy
import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import Parser
from typing import Protocol

from campaign.errors import InputError
from campaign.mail.headers import LIBRARY_VERIFIES_HEADERS, MailAddress, check_header, mail_address
from campaign.model.campaign import CampaignFile
from campaign.model.recipients import Recipient
from campaign.writers import attached_formats, output_format

_POLICY = email.policy.SMTP.clone(cte_type="7bit")
"""CRLF line ends and 7-bit bodies (quoted-printable or base64), which every server accepts."""
_UTF8_POLICY = email.policy.SMTPUTF8
"""For a non-ASCII local part only: raw UTF-8 headers, sent with the SMTPUTF8 extension."""
if LIBRARY_VERIFIES_HEADERS:  # pragma: no cover - absent on 3.11.7, present on newer Pythons
    _POLICY = _POLICY.clone(verify_generated_headers=True)
    _UTF8_POLICY = _UTF8_POLICY.clone(verify_generated_headers=True)

_NAME_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,62}$")
"""An id or a language tag (`zh-Hant`) as part of a generated file name."""
_TOP_HEADERS = ["From", "Reply-To", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type"]
_PART_HEADERS = {"content-type", "content-transfer-encoding", "content-disposition", "mime-version"}


class CoverMessage(Protocol):
    """The cover email in one language, as `campaign.render.cover_email` returns it."""

    @property
    def subject(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def html(self) -> str: ...


@dataclass(frozen=True)
class Attachment:
    """A document to attach; its file name is generated from ids, never taken from data."""

    document: str
    language: str
    format: str
    data: bytes

    @property
    def filename(self) -> str:
        """`<document>.<language>.<format>`, e.g. `appeal.ru.pdf`."""
        for part in (self.document, self.language):
            if not _NAME_PART.match(part):
                raise InputError(f"'{part}' cannot be used in an attachment file name")
        attachable = attached_formats(on_request=True)
        if self.format not in attachable:
            raise InputError(f"'{self.format}' is not an attachable format ({' or '.join(attachable)})")
        return f"{self.document}.{self.language}.{self.format}"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class AttachmentRecord:
    """What the ledger and the outbox keep about an attachment."""

    filename: str
    sha256: str
    bytes: int


@dataclass(frozen=True)
class BuiltMessage:
    """A message ready to review and send, with what the ledger needs to know about it."""

    recipient: str
    message_id: str
    content_sha256: str
    """Hash of everything that makes up the message except Message-ID and Date."""
    envelope_from: str
    envelope_to: str
    smtputf8: bool
    """The server must offer SMTPUTF8 (a non-ASCII local part in an address)."""
    attachments: tuple[AttachmentRecord, ...]
    data: bytes
    """The whole message with CRLF line ends and no Date header (the `.eml` file)."""


def recipient_display_name(recipient: Recipient) -> str:
    """The name shown in To: the person when known, otherwise the office."""
    return recipient.person.name if recipient.person else recipient.office_in(recipient.languages[0])


def build_message(
    settings: CampaignFile,
    recipient: Recipient,
    cover: CoverMessage,
    attachments: Sequence[Attachment],
) -> BuiltMessage:
    """Build the message for one email recipient; InputError if anything is unsafe in a header."""
    if recipient.channel.kind != "email":
        raise InputError(f"recipient '{recipient.id}' is not reached by email (channel {recipient.channel.kind})")
    org = settings.organisation
    where = f"recipient '{recipient.id}':"
    sender = mail_address("organisation.email", org.email)
    reply_to = mail_address("organisation.reply_to", org.reply_to) if org.reply_to else None
    to = mail_address(f"{where} channel.address", recipient.channel.address)
    sender_name = check_header("organisation.name", org.name)
    to_name = check_header(f"{where} name", recipient_display_name(recipient))
    subject = check_header(f"{where} cover email subject", cover.subject)
    if not subject.strip():
        raise InputError(f"{where} the cover email has an empty subject")
    files = [(a.filename, output_format(a.format).media_type, a) for a in attachments]
    content = _content_hash(sender, sender_name, reply_to, to, to_name, cover, [(n, t, a.sha256) for n, t, a in files])
    message_id = f"<{_slug(settings.name)}.{recipient.id}.{content[:16]}@{sender.domain}>"
    utf8 = any(a.smtputf8 for a in (sender, reply_to, to) if a)

    msg = EmailMessage(policy=_UTF8_POLICY if utf8 else _POLICY)
    msg["From"] = _address(sender_name, sender)
    if reply_to:
        msg["Reply-To"] = _address(sender_name, reply_to)
    msg["To"] = _address(to_name, to)
    msg["Subject"] = subject
    msg["Message-ID"] = message_id
    msg.set_content(cover.text)
    msg.add_alternative(cover.html, subtype="html")
    for filename, content_type, attachment in files:
        maintype, _, subtype = content_type.partition("/")
        msg.add_attachment(attachment.data, maintype=maintype, subtype=subtype, filename=filename)
    _fix_boundaries(msg, content)
    data, parsed = _generate(msg, subject)
    _check_generated(parsed, subject=subject, to=to.addr_spec, reply_to=reply_to is not None)
    return BuiltMessage(
        recipient=recipient.id,
        message_id=message_id,
        content_sha256=content,
        envelope_from=sender.addr_spec,
        envelope_to=to.addr_spec,
        smtputf8=utf8,
        attachments=tuple(AttachmentRecord(n, a.sha256, len(a.data)) for n, _, a in files),
        data=data,
    )


def _generate(msg: EmailMessage, subject: str) -> tuple[bytes, EmailMessage]:
    """The message's bytes, and the message read back from them (for `_check_generated`).

    Python's header folder can double a space where it folds a long subject before an encoded
    word ("abogados  – Toomaj Salehi"); such a subject is written unfolded instead (one line of
    at most 998 characters, as RFC 5322 allows), so that it reads back as written. Bodies were
    encoded when they were set and are not rewrapped.
    """
    data = msg.as_bytes()
    parsed = parse_message(data)
    if str(parsed["Subject"]) != subject:
        data = msg.as_bytes(policy=msg.policy.clone(max_line_length=998))
        parsed = parse_message(data)
    return data, parsed


def _address(name: str, address: MailAddress) -> Address:
    """An Address from its parts: 3.11's parser refuses a non-ASCII local part even under SMTPUTF8."""
    local, _, domain = address.addr_spec.rpartition("@")
    return Address(display_name=name, username=local, domain=domain)


def _content_hash(
    sender: MailAddress,
    sender_name: str,
    reply_to: MailAddress | None,
    to: MailAddress,
    to_name: str,
    cover: CoverMessage,
    files: list[tuple[str, str, str]],
) -> str:
    """A hash of what the reader gets; the same content always gives the same hash."""
    content = {
        "v": 1,
        "from": [sender_name, sender.addr_spec],
        "reply_to": reply_to.addr_spec if reply_to else None,
        "to": [to_name, to.addr_spec],
        "subject": cover.subject,
        "text": cover.text,
        "html": cover.html,
        "attachments": files,
    }
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _slug(name: str) -> str:
    """The campaign name as a Message-ID-safe word (ASCII letters, digits and hyphens)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:32].strip("-")
    return slug or "campaign"


def _fix_boundaries(msg: EmailMessage, content: str) -> None:
    """Deterministic MIME boundaries; `=_` cannot occur in base64 or quoted-printable text."""
    for index, part in enumerate(msg.walk()):
        if part.is_multipart():
            part.set_boundary(f"=_{content[:32]}.{index}")


def parse_message(data: bytes) -> EmailMessage:
    """Read a message back; raw UTF-8 headers (SMTPUTF8 messages) are read as text, not bytes,
    since the bytes parser would leave them as undecodable surrogates."""
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        message = Parser(policy=email.policy.default).parsestr(data.decode("utf-8"))
    else:
        message = Parser(policy=email.policy.default).parsestr(text)
    assert isinstance(message, EmailMessage)
    return message


def _check_generated(parsed: EmailMessage, *, subject: str, to: str, reply_to: bool) -> None:
    """Refuse the message's bytes, as read back, unless they hold exactly the headers we wrote.

    A second guard after `check_header`, for whatever the library might still do on a Python
    without `verify_generated_headers`.
    """
    expected = [h for h in _TOP_HEADERS if reply_to or h != "Reply-To"]
    problems = []
    if sorted(parsed.keys()) != sorted(expected):
        problems.append(f"headers {parsed.keys()} instead of {expected}")
    if str(parsed["Subject"]) != subject:
        problems.append("the Subject does not read back as written")
    to_header = parsed["To"]
    if len(to_header.addresses) != 1 or to_header.addresses[0].addr_spec != to:
        problems.append("the To header does not read back as one address")
    for part in parsed.walk():
        if part is not parsed and {k.lower() for k in part} - _PART_HEADERS:
            problems.append(f"a MIME part has unexpected headers {part.keys()}")
    if problems:
        raise InputError("refusing a message the mail library did not write as asked: " + "; ".join(problems))
