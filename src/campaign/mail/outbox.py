"""`campaign email build`: the outbox for review and sending, and the postal pack for printing.

Reads what `campaign build` wrote (OUT/manifest.json and the documents beside it), checks every
document against the hash the manifest recorded, and writes:

- `OUT/outbox/<recipient>.eml`, one message per email recipient, exactly the bytes `send` will
  transmit (plus a Date header added at sending time);
- `OUT/outbox/outbox.mbox`, the same messages in one file to open in Thunderbird for review;
- `OUT/outbox/outbox.json`, what `send` needs: envelope, Message-ID, content and attachment hashes;
- `OUT/postal/<recipient>.pdf`, the recipient's PDFs joined into one print-ready file, and
  `OUT/postal/postal.csv` (name, address lines, documents) for labels or mail merge.

Every file is written atomically (temporary file, then rename).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import mailbox
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, assert_never

from campaign.diagnostics import Diagnostic, SourceSpan
from campaign.errors import InputError, InputMissingError
from campaign.files import atomic_path, write_atomically
from campaign.mail.message import (
    Attachment,
    AttachmentRecord,
    BuiltMessage,
    CoverMessage,
    build_message,
    recipient_display_name,
)
from campaign.manifest import MANIFEST_FILE, Entry, read_manifest
from campaign.model.campaign import Campaign
from campaign.model.loaded import Loaded
from campaign.model.recipients import EmailChannel, PostalChannel, Recipient, WebFormChannel
from campaign.writers import attached_formats

OUTBOX = "outbox"
OUTBOX_INDEX = "outbox.json"
OUTBOX_MBOX = "outbox.mbox"
POSTAL = "postal"
POSTAL_CSV = "postal.csv"

CoverFactory = Callable[[Recipient, str], CoverMessage]
"""Gives the cover message for a recipient in a language (the lead's `campaign.render.cover_email`)."""


@dataclass
class OutboxResult:
    """What `build_outbox` wrote, for the CLI's summary."""

    messages: list[BuiltMessage] = field(default_factory=list)
    postal: list[str] = field(default_factory=list)
    by_hand: list[tuple[str, str]] = field(default_factory=list)
    """Web-form recipients (id, url): nothing to write for them, they are submitted by hand."""
    nothing: list[tuple[str, str]] = field(default_factory=list)
    """Recipients (id, why) all of whose documents the build skipped on purpose."""


def build_outbox(loaded: Loaded, out: Path, cover_for: CoverFactory) -> OutboxResult:
    """Write the outbox and the postal pack for every recipient; InputError listing every problem."""
    campaign = loaded.campaign
    manifest = read_manifest(out)
    entries = list(manifest.entries)
    result = OutboxResult()
    problems: list[Diagnostic] = []
    postal: dict[str, bytes] = {}
    for recipient in campaign.recipients:
        reasons = manifest.skipped_for(recipient.id)
        if reasons and not manifest.for_recipient(recipient.id):
            result.nothing.append((recipient.id, reasons[0]))
            continue
        try:
            channel = recipient.channel
            match channel:
                case EmailChannel():
                    attachments = _attachments(campaign, recipient, entries, out)
                    cover = cover_for(recipient, recipient.languages[0])
                    result.messages.append(build_message(campaign.settings, recipient, cover, attachments))
                case PostalChannel():
                    postal[recipient.id] = _join_pdfs(
                        [a.data for a in _attachments(campaign, recipient, entries, out, pdf_only=True)]
                    )
                case WebFormChannel():
                    result.by_hand.append((recipient.id, channel.url))
                case _:
                    assert_never(channel)
        except InputError as exc:
            problems.extend(exc.diagnostics or [_problem(recipient, exc.message)])
    if problems:
        raise InputError("the outbox cannot be built", problems)
    _write_outbox(out / OUTBOX, result.messages)
    _write_postal(out / POSTAL, campaign, entries, postal)
    result.postal = sorted(postal)
    return result


def _problem(recipient: Recipient, message: str) -> Diagnostic:
    return Diagnostic(message, "email.outbox", SourceSpan(MANIFEST_FILE), f"recipient {recipient.id}")


def _ordered(campaign: Campaign, recipient: Recipient, entries: list[Entry]) -> list[Entry]:
    """The recipient's files in reading order: documents as listed, their languages first preferred."""
    documents = campaign.documents_for(recipient)
    languages = recipient.languages

    def key(entry: Entry) -> tuple[int, str, int, str, bool]:
        doc = documents.index(entry.document) if entry.document in documents else len(documents)
        lang = languages.index(entry.language) if entry.language in languages else len(languages)
        return (doc, entry.document, lang, entry.language, entry.format != "pdf")

    return sorted((e for e in entries if e.recipient == recipient.id), key=key)


def _attachments(
    campaign: Campaign, recipient: Recipient, entries: list[Entry], out: Path, *, pdf_only: bool = False
) -> list[Attachment]:
    """The recipient's documents read from OUT, each checked against the manifest's hash."""
    formats = attached_formats(on_request=campaign.settings.email.attach_docx and not pdf_only)
    chosen = [e for e in _ordered(campaign, recipient, entries) if e.format in formats]
    if not any(e.format == formats[0] for e in chosen):
        raise InputError(
            f"no {formats[0].upper()} was built for '{recipient.id}'; run `campaign build` (with --format {formats[0]})"
        )
    built = {(e.document, e.language, e.format) for e in chosen}
    for document, language in dict.fromkeys((e.document, e.language) for e in chosen):
        for fmt in formats:
            if (document, language, fmt) not in built:
                raise InputError(
                    f"campaign.yaml asks to attach {fmt.upper()}, but {document}.{language}.{fmt} was not built "
                    f"for '{recipient.id}'; run `campaign build` with --format {fmt} too"
                )
    attachments = []
    for entry in chosen:
        path = (out / entry.path).resolve()
        if not path.is_relative_to(out.resolve()):
            raise InputError(f"manifest path '{entry.path}' leaves the output folder")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read {entry.path} ({exc.strerror}); run `campaign build` again") from None
        if hashlib.sha256(data).hexdigest() != entry.sha256:
            raise InputError(f"{entry.path} changed since `campaign build` wrote it; run `campaign build` again")
        attachments.append(Attachment(entry.document, entry.language, entry.format, data))
    return attachments


def _join_pdfs(parts: list[bytes]) -> bytes:
    """One print-ready PDF from the recipient's documents, in order."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _write_outbox(folder: Path, messages: list[BuiltMessage]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    keep = {f"{m.recipient}.eml" for m in messages}
    for stale in folder.glob("*.eml"):
        if stale.name not in keep:
            stale.unlink()
    for message in messages:
        write_atomically(folder / f"{message.recipient}.eml", message.data)
    with atomic_path(folder / OUTBOX_MBOX) as temporary:
        box = mailbox.mbox(temporary)
        for message in messages:
            box.add(message.data.replace(b"\r\n", b"\n"))
        box.close()
    index = {"messages": [_index_entry(m) for m in messages]}
    write_atomically(folder / OUTBOX_INDEX, (json.dumps(index, indent=2, ensure_ascii=False) + "\n").encode())


def _index_entry(message: BuiltMessage) -> dict[str, Any]:
    entry = asdict(message)
    del entry["data"]
    entry["eml"] = f"{message.recipient}.eml"
    entry["eml_sha256"] = hashlib.sha256(message.data).hexdigest()
    return entry


def _write_postal(folder: Path, campaign: Campaign, entries: list[Entry], pdfs: dict[str, bytes]) -> None:
    if not pdfs:
        return
    for recipient_id, data in pdfs.items():
        write_atomically(folder / f"{recipient_id}.pdf", data)
    recipients = [r for r in campaign.recipients if r.id in pdfs]
    lines = max(len(r.postal_address) for r in recipients)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["recipient", "name", *(f"address_{i + 1}" for i in range(lines)), "documents", "pdf"])
    for recipient in recipients:
        address = list(recipient.postal_address) + [""] * (lines - len(recipient.postal_address))
        documents = [
            f"{e.document}.{e.language}.pdf" for e in _ordered(campaign, recipient, entries) if e.format == "pdf"
        ]
        row = [recipient.id, recipient_display_name(recipient), *address, "; ".join(documents), f"{recipient.id}.pdf"]
        writer.writerow([_spreadsheet_safe(cell) for cell in row])
    write_atomically(folder / POSTAL_CSV, buffer.getvalue().encode("utf-8"))


def _spreadsheet_safe(cell: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (`=HYPERLINK(...)` in an address line)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def load_outbox(out: Path) -> list[BuiltMessage]:
    """The messages `email build` wrote, each `.eml` checked against the hash in outbox.json."""
    folder = out / OUTBOX
    path = folder / OUTBOX_INDEX
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        messages = []
        for entry in raw["messages"]:
            data = (folder / Path(entry["eml"]).name).read_bytes()
            if hashlib.sha256(data).hexdigest() != entry["eml_sha256"]:
                raise InputError(f"{folder / entry['eml']} changed since `campaign email build`; build it again")
            attachments = tuple(AttachmentRecord(**a) for a in entry["attachments"])
            fields = {k: entry[k] for k in ("recipient", "message_id", "content_sha256", "envelope_from")}
            messages.append(
                BuiltMessage(
                    **fields,
                    envelope_to=entry["envelope_to"],
                    smtputf8=bool(entry["smtputf8"]),
                    attachments=attachments,
                    data=data,
                )
            )
        return messages
    except FileNotFoundError as exc:
        raise InputMissingError(f"{exc.filename} does not exist; run `campaign email build` first") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path} is not an outbox index written by `campaign email build` ({exc!r})") from None
