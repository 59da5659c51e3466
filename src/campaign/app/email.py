"""`campaign email build | send | status | export`: the outbox, sending it once, and the audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from campaign.errors import InputError
from campaign.i18n.pseudo import PSEUDO_LANG
from campaign.jobs.cover import CoverEmail, cover_email
from campaign.jobs.job import SECONDS_PER_DOCUMENT, BuildOptions
from campaign.jobs.plan import input_hashes, plan_build
from campaign.jobs.pool import render_covers
from campaign.load.campaign import load_campaign
from campaign.mail.ledger import LEDGER_FILE, Ledger
from campaign.mail.outbox import OutboxResult, OwedInputs, build_outbox
from campaign.mail.ratelimit import RateLimiter
from campaign.mail.send import Progress, SendOptions, SendResult, StopRequest, send_outbox
from campaign.mail.transports import Transport
from campaign.manifest import Manifest, previous_manifest
from campaign.model.loaded import Loaded
from campaign.model.recipients import EmailChannel, Recipient

__all__ = ["CoverEmail", "cover_email", "email_build", "email_export", "email_send", "email_status", "owed_inputs"]


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
