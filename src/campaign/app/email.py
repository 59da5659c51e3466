"""`campaign email build | send | status | export`: the outbox, sending it once, and the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from campaign.app.smtp import ServerChoice, resolve_server, smtp_password
from campaign.errors import InputError
from campaign.i18n.pseudo import PSEUDO_LANG
from campaign.jobs.cover import CoverEmail, cover_email
from campaign.jobs.job import SECONDS_PER_DOCUMENT, BuildOptions
from campaign.jobs.plan import input_hashes, plan_build
from campaign.jobs.pool import render_covers
from campaign.load.campaign import load_campaign
from campaign.mail.ledger import LEDGER_FILE, Ledger
from campaign.mail.message import parse_message
from campaign.mail.outbox import OutboxResult, OwedInputs, build_outbox, load_outbox
from campaign.mail.ratelimit import RateLimiter
from campaign.mail.send import Progress, SendOptions, SendResult, StopRequest, send_outbox
from campaign.mail.state import State
from campaign.mail.transports import Transport
from campaign.mail.transports.memory import MemoryTransport
from campaign.mail.transports.smtp import FINAL_TIMEOUT, SmtpTransport
from campaign.manifest import Manifest, previous_manifest
from campaign.model.loaded import Loaded
from campaign.model.recipients import EmailChannel, Recipient

__all__ = [
    "CoverEmail",
    "PlannedMessage",
    "SendRun",
    "cover_email",
    "email_build",
    "email_export",
    "email_send",
    "email_send_configured",
    "email_status",
    "owed_inputs",
]


def owed_inputs(loaded: Loaded, out: Path, manifest: Manifest | None = None) -> OwedInputs:
    """Every document each recipient is owed, with the inputs hashes a build from the current inputs
    gives it: one per `--fallback` and `--as-of` the manifest shows (a file built with them is as
    current as one built without), the plain build's first."""
    combos: list[tuple[str | None, str | None]] = [(None, None)]
    if manifest is not None:
        found = {(e.fallback_from, e.as_of) for e in manifest.entries}
        found |= {(s.fallback_from, s.as_of) for s in manifest.skipped.values()}
        combos += sorted(found - {(None, None)}, key=str)
    languages = frozenset(lang for r in loaded.campaign.recipients for lang in r.languages)
    owed: dict[tuple[str, str, str], set[str]] = {}
    for fallback, as_of in combos:
        try:
            day = dt.date.fromisoformat(as_of) if as_of else None
        except ValueError:
            continue
        shifted = loaded.as_of(day) if day else loaded
        options = BuildOptions(out=out, formats=(), fallback=fallback, as_of=day)
        incomplete = languages if fallback else frozenset()
        for job in plan_build(shifted, options, input_hashes(shifted), incomplete):
            key = (job.recipient, job.document, job.language)
            if job.language == PSEUDO_LANG or (combos.index((fallback, as_of)) and key not in owed):
                continue
            owed.setdefault(key, set()).add(job.inputs_hash)
    return {key: frozenset(hashes) for key, hashes in owed.items()}


def email_build(folder: Path, out: Path, *, seconds_per_document: int = SECONDS_PER_DOCUMENT) -> OutboxResult:
    """Write the outbox and the postal pack from what `campaign build` wrote to `out`.

    Attaches exactly what each recipient is owed (`owed_inputs`); the cover emails are rendered in
    worker processes under the documents' limits (`seconds_per_document`, the memory limit).
    """
    loaded = load_campaign(folder)
    owed = owed_inputs(loaded, out, previous_manifest(out))
    wanted = [(r.id, r.languages[0]) for r in loaded.campaign.recipients if isinstance(r.channel, EmailChannel)]
    covers = render_covers(folder, loaded, wanted, seconds_per_document)
    failed = {key: why for key, why in covers.items() if isinstance(why, str)}
    if failed:
        raise InputError(
            "the cover email could not be rendered:\n"
            + "\n".join(f"{recipient} ({lang}): {why}" for (recipient, lang), why in failed.items())
        )

    def cover_for(recipient: Recipient, lang: str) -> CoverEmail:
        cover = covers[(recipient.id, lang)]
        assert isinstance(cover, CoverEmail)
        return cover

    return build_outbox(loaded, out, cover_for, owed)


def email_send(
    folder: Path,
    out: Path,
    transport: Transport,
    options: SendOptions,
    *,
    limiter: RateLimiter | None = None,
    progress: Progress | None = None,
    stop: StopRequest | None = None,
) -> SendResult:
    """Send the outbox through `transport`, each message at most once, recording it in the ledger.

    `stop` (set from the CLI's signal handlers) ends the run after the current message."""
    loaded: Loaded = load_campaign(folder)
    return send_outbox(loaded, out, transport, options, limiter=limiter, progress=progress, stop=stop)


@dataclass(frozen=True)
class PlannedMessage:
    """A message a dry run would send, as the outbox holds it."""

    recipient: str
    to: tuple[str, ...]
    """The addresses of its To header."""
    subject: str
    attachments: tuple[str, ...]
    """The attached files' names (`appeal.en.pdf`)."""


@dataclass(frozen=True)
class SendRun:
    """What `email_send_configured` did: the send's result and, for a dry run, what it would send."""

    result: SendResult
    would_send: tuple[PlannedMessage, ...] = ()


def email_send_configured(
    folder: Path,
    out: Path,
    given: ServerChoice,
    options: SendOptions,
    *,
    ask_password: Callable[[str], str] | None,
    timeout: float = 30.0,
    final_timeout: float = FINAL_TIMEOUT,
    progress: Progress | None = None,
    stop: StopRequest | None = None,
) -> SendRun:
    """`campaign email send`: the server from the command line, the environment or campaign.yaml
    (`campaign.app.smtp`), then `email_send`. A dry run connects to no server and asks for no
    password; it says what it would send to whom (`SendRun.would_send`).

    `ask_password(prompt)` asks the user when neither the environment nor the keyring has the
    password (None: there is no one to ask). `ServerSettingsError` when the settings cannot be used.
    """
    loaded = load_campaign(folder)
    server = resolve_server(given, loaded.campaign.settings.smtp, folder, dry_run=options.dry_run)
    transport: Transport
    if options.dry_run or server.host is None:
        transport = MemoryTransport()  # a dry run opens no transport
    else:
        password = smtp_password(server.user, server.host, ask=ask_password) if server.user else None
        transport = SmtpTransport(
            server.host,
            server.port,
            server.security,
            cafile=server.cafile,
            user=server.user,
            password=password,
            timeout=timeout,
            final_timeout=final_timeout,
        )
    limiter = RateLimiter(server.rate)
    result = send_outbox(loaded, out, transport, options, limiter=limiter, progress=progress, stop=stop)
    return SendRun(result, planned_messages(out, result) if options.dry_run else ())


def planned_messages(out: Path, result: SendResult) -> tuple[PlannedMessage, ...]:
    """The messages `result` would send (a dry run's), read back from the outbox, in its order."""
    wanted = {r.message_id for r in result.reports if r.state is State.WOULD_SEND}
    planned = []
    for message in load_outbox(out):
        if message.message_id not in wanted:
            continue
        headers = parse_message(message.data)
        to = headers["To"]
        addresses = tuple(a.addr_spec for a in to.addresses) if to is not None else (message.envelope_to,)
        attachments = tuple(a.filename for a in message.attachments)
        planned.append(PlannedMessage(message.recipient, addresses, str(headers["Subject"] or ""), attachments))
    return tuple(planned)


@dataclass(frozen=True)
class StatusRow:
    """A recipient's latest message in the ledger."""

    recipient: str
    state: str
    message_id: str
    content_sha256: str
    updated: str
    code: int | None
    reply: str | None


def email_status(folder: Path) -> list[StatusRow]:
    """Each recipient's latest message: state, Message-ID, time and the server's last reply."""
    if not (folder / LEDGER_FILE).exists():
        return []
    with Ledger.read_only_for_campaign(folder) as ledger:
        latest = {message.recipient: message for message in ledger.messages()}
        rows = []
        for recipient, message in sorted(latest.items()):
            attempt = ledger.last_attempt(message)
            rows.append(
                StatusRow(
                    recipient,
                    message.state.value,
                    message.message_id,
                    message.content_sha256,
                    message.updated,
                    attempt.code if attempt else None,
                    attempt.reply if attempt else None,
                )
            )
        return rows


EXPORT_COLUMNS = (
    "recipient",
    "message_id",
    "content_sha256",
    "attachments",
    "started",
    "finished",
    "state",
    "code",
    "reply",
    "note",
)


def email_export(folder: Path) -> list[tuple[str, ...]]:
    """The audit trail, one row per attempt (columns: EXPORT_COLUMNS)."""
    if not (folder / LEDGER_FILE).exists():
        return []
    with Ledger.read_only_for_campaign(folder) as ledger:
        return [
            (
                attempt.recipient,
                attempt.message_id,
                attempt.content_sha256,
                "; ".join(f"{a.filename} sha256:{a.sha256}" for a in attempt.attachments),
                attempt.started,
                attempt.finished or "",
                attempt.state.value,
                str(attempt.code) if attempt.code is not None else "",
                attempt.reply or "",
                attempt.note or "",
            )
            for attempt in ledger.attempts()
        ]
