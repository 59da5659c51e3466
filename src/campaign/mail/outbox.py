"""`campaign email build`: the outbox for review and sending, and the postal pack for printing.

Reads what `campaign build` wrote (OUT/manifest.json and the documents beside it) and attaches
exactly the documents each recipient is owed: every document of its group, in every language of the
recipient (never another, never the pseudo-locale), in the formats the campaign attaches, each built
from the current inputs (`OwedInputs`, computed by the caller from the loaded campaign) and still
the bytes the manifest recorded. Any missing or stale file is refused, one line each with the build
command that fixes it, before anything is written. Then it writes:

- `OUT/outbox/<recipient>.eml`, one message per email recipient, exactly the bytes `send` will
  transmit (plus a Date header added at sending time);
- `OUT/outbox/outbox.mbox`, the same messages in one file to open in Thunderbird for review;
- `OUT/outbox/outbox.json`, what `send` needs: envelope, Message-ID, content and attachment hashes,
  and a hash of each email recipient's entry in recipients.yaml, so `send` refuses an outbox that
  recipients.yaml no longer agrees with;
- `OUT/postal/<recipient>.pdf`, the recipient's PDFs joined into one print-ready file, and
  `OUT/postal/postal.csv` (name, address lines, documents) for labels or mail merge.

Every file is written atomically (temporary file, then rename), never through a symlinked
`OUT/outbox` or `OUT/postal`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import mailbox
from collections.abc import Callable, Mapping
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
from campaign.manifest import MANIFEST_FILE, Entry, Manifest, read_manifest, skip_key
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

OwedInputs = Mapping[tuple[str, str, str], frozenset[str]]
"""Every document each recipient is owed, as (recipient, document, language) in reading order, with
the inputs hashes that a build from the current inputs gives it (one per `--fallback`/`--as-of`
combination the manifest shows)."""


@dataclass
class OutboxResult:
    """What `build_outbox` wrote, for the CLI's summary."""

    messages: list[BuiltMessage] = field(default_factory=list)
    postal: list[str] = field(default_factory=list)
    by_hand: list[tuple[str, str]] = field(default_factory=list)
    """Web-form recipients (id, url): nothing to write for them, they are submitted by hand."""
    nothing: list[tuple[str, str]] = field(default_factory=list)
    """Recipients (id, why) all of whose documents the build skipped on purpose."""


def build_outbox(loaded: Loaded, out: Path, cover_for: CoverFactory, owed: OwedInputs) -> OutboxResult:
    """Write the outbox and the postal pack for every recipient; InputError listing every problem."""
    campaign = loaded.campaign
    for name in (OUTBOX, POSTAL):
        _refuse_symlink(out, name)
    manifest = read_manifest(out)
    result = OutboxResult()
    problems: list[Diagnostic] = []
    postal: dict[str, bytes] = {}
    postal_entries: dict[str, list[Entry]] = {}
    for recipient in campaign.recipients:
        try:
            channel = recipient.channel
            if isinstance(channel, WebFormChannel):
                result.by_hand.append((recipient.id, channel.url))
                continue
            pdf_only = not isinstance(channel, EmailChannel)
            formats = attached_formats(on_request=campaign.settings.email.attach_docx and not pdf_only)
            entries, skipped = _owed_entries(recipient, manifest, owed, formats)
            if entries is None:
                result.nothing.append((recipient.id, skipped[0] if skipped else "no document is owed"))
                continue
            match channel:
                case EmailChannel():
                    attachments = _attachments(entries, out)
                    cover = cover_for(recipient, recipient.languages[0])
                    result.messages.append(build_message(campaign.settings, recipient, cover, attachments))
                case PostalChannel():
                    postal[recipient.id] = _join_pdfs([a.data for a in _attachments(entries, out)])
                    postal_entries[recipient.id] = entries
                case _:
                    assert_never(channel)
        except InputError as exc:
            problems.extend(exc.diagnostics or [_problem(recipient, line) for line in exc.message.splitlines()])
    if problems:
        raise InputError("the outbox cannot be built", problems)
    emailed = {r.id: recipient_digest(r) for r in campaign.recipients if isinstance(r.channel, EmailChannel)}
    _write_outbox(out / OUTBOX, result.messages, emailed)
    _write_postal(out / POSTAL, campaign, postal_entries, postal)
    result.postal = sorted(postal)
    return result


def recipient_digest(recipient: Recipient) -> str:
    """A hash of everything recipients.yaml says about a recipient."""
    return hashlib.sha256(recipient.model_dump_json().encode()).hexdigest()


def _refuse_symlink(out: Path, name: str) -> None:
    folder = out / name
    if folder.is_symlink() or (folder.exists() and folder.resolve().parent != out.resolve()):
        raise InputError(
            f"{folder} is a symbolic link; `campaign email build` writes only inside {out}: remove the link"
        )


def _problem(recipient: Recipient, message: str) -> Diagnostic:
    return Diagnostic(message, "email.outbox", SourceSpan(MANIFEST_FILE), f"recipient {recipient.id}")


def _owed_entries(
    recipient: Recipient, manifest: Manifest, owed: OwedInputs, formats: tuple[str, ...]
) -> tuple[list[Entry] | None, list[str]]:
    """The manifest entries of every file `recipient` is owed, in reading order, or None when the
    build skipped every document on purpose (with the reasons); InputError with one line per
    missing or stale file."""
    built = {entry.key: entry for entry in manifest.for_recipient(recipient.id)}
    chosen: list[Entry] = []
    skipped: list[str] = []
    problems: list[str] = []
    keys = [key for key in owed if key[0] == recipient.id]
    for key in keys:
        current = owed[key]
        _, document, language = key
        skip = manifest.skipped.get(skip_key(*key))
        if skip is not None and skip.inputs in current:
            skipped.append(skip.reason)
            continue
        fix = f"run `campaign build --recipient {recipient.id} --document {document} --lang {language}`"
        for fmt in formats:
            entry = built.get((*key, fmt))
            name = f"{recipient.id}/{document}.{language}.{fmt}"
            if entry is None:
                problems.append(f"{name} is owed but was not built; {fix}")
            elif entry.inputs not in current:
                problems.append(f"{entry.path} was built from inputs that have changed since; {fix}")
            else:
                chosen.append(entry)
    if problems:
        raise InputError("\n".join(problems))
    if keys and len(skipped) == len(keys):
        return None, skipped
    if not chosen:
        raise InputError(f"no document is owed to '{recipient.id}': check its group in campaign.yaml")
    return chosen, skipped


def _attachments(entries: list[Entry], out: Path) -> list[Attachment]:
    """The recipient's documents read from OUT, each checked against the manifest's hash."""
    attachments = []
    for entry in entries:
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


def _write_outbox(folder: Path, messages: list[BuiltMessage], emailed: dict[str, str]) -> None:
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
    index = {"messages": [_index_entry(m) for m in messages], "recipients": dict(sorted(emailed.items()))}
    write_atomically(folder / OUTBOX_INDEX, (json.dumps(index, indent=2, ensure_ascii=False) + "\n").encode())


def _index_entry(message: BuiltMessage) -> dict[str, Any]:
    entry = asdict(message)
    del entry["data"]
    entry["eml"] = f"{message.recipient}.eml"
    entry["eml_sha256"] = hashlib.sha256(message.data).hexdigest()
    return entry


def _write_postal(folder: Path, campaign: Campaign, entries: dict[str, list[Entry]], pdfs: dict[str, bytes]) -> None:
    if folder.is_dir():
        for stale in folder.glob("*.pdf"):  # a recipient no longer sent by post
            if stale.stem not in pdfs:
                stale.unlink()
    if not pdfs:
        (folder / POSTAL_CSV).unlink(missing_ok=True)
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
        documents = [f"{e.document}.{e.language}.pdf" for e in entries[recipient.id]]
        row = [recipient.id, recipient_display_name(recipient), *address, "; ".join(documents), f"{recipient.id}.pdf"]
        writer.writerow([_spreadsheet_safe(cell) for cell in row])
    write_atomically(folder / POSTAL_CSV, buffer.getvalue().encode("utf-8"))


def _spreadsheet_safe(cell: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (`=HYPERLINK(...)` in an address line)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def changed_recipients(out: Path, campaign: Campaign) -> dict[str, list[str]]:
    """How the email recipients of recipients.yaml differ from those the outbox was built for:
    {"added": [...], "changed": [...], "removed": [...]}, only the non-empty ones."""
    path = out / OUTBOX / OUTBOX_INDEX
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        built = {str(k): str(v) for k, v in dict(raw["recipients"]).items()}
    except FileNotFoundError:
        raise InputMissingError(f"{path} does not exist; run `campaign email build` first") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path} is not an outbox index written by this `campaign email build` ({exc!r})") from None
    now = {r.id: recipient_digest(r) for r in campaign.recipients if isinstance(r.channel, EmailChannel)}
    changes = {
        "added": sorted(set(now) - set(built)),
        "changed": sorted(k for k in set(now) & set(built) if now[k] != built[k]),
        "removed": sorted(set(built) - set(now)),
    }
    return {how: ids for how, ids in changes.items() if ids}


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
