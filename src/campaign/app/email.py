"""`campaign email build | send | status | export`: the outbox, sending it once, and the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from campaign.errors import RenderError
from campaign.load.campaign import load_campaign
from campaign.mail.ledger import LEDGER_FILE, Ledger
from campaign.mail.outbox import OutboxResult, build_outbox
from campaign.mail.ratelimit import RateLimiter
from campaign.mail.send import Progress, SendOptions, SendResult, send_outbox
from campaign.mail.transports import Transport
from campaign.model.loaded import COVER_DOCUMENT, Loaded
from campaign.model.recipients import Recipient
from campaign.render.compose import Renderer, Skipped
from campaign.writers import get_writer


@dataclass(frozen=True)
class CoverEmail:
    """What the mail builder puts in a message besides the attachments."""

    subject: str
    text: str
    html: str


def cover_email(renderer: Renderer, recipient: Recipient, lang: str) -> CoverEmail:
    """Render the `cover-email` template for `recipient` in `lang`: one source, a text and an HTML body."""
    rendered = renderer.render(recipient, COVER_DOCUMENT, lang)
    if isinstance(rendered, Skipped):
        raise RenderError(f"the cover email for {recipient.id} was skipped: {rendered.reason}")
    if not rendered.subject:
        raise RenderError(f"letters/{COVER_DOCUMENT}.md.j2 must set 'subject'")
    text = get_writer("text").write(rendered.document).decode("utf-8")
    html = get_writer("html", renderer.asset_dirs).write(rendered.document).decode("utf-8")
    return CoverEmail(rendered.subject, text, html)


def email_build(folder: Path, out: Path) -> OutboxResult:
    """Write the outbox and the postal pack from what `campaign build` wrote to `out`."""
    loaded = load_campaign(folder)
    renderer = Renderer(loaded)
    return build_outbox(loaded, out, lambda recipient, lang: cover_email(renderer, recipient, lang))


def email_send(
    folder: Path,
    out: Path,
    transport: Transport,
    options: SendOptions,
    *,
    limiter: RateLimiter | None = None,
    progress: Progress | None = None,
) -> SendResult:
    """Send the outbox through `transport`, each message at most once, recording it in the ledger."""
    loaded: Loaded = load_campaign(folder)
    return send_outbox(loaded, out, transport, options, limiter=limiter, progress=progress)


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
    with Ledger.for_campaign(folder) as ledger:
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
)


def email_export(folder: Path) -> list[tuple[str, ...]]:
    """The audit trail, one row per attempt (columns: EXPORT_COLUMNS)."""
    if not (folder / LEDGER_FILE).exists():
        return []
    with Ledger.for_campaign(folder) as ledger:
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
            )
            for attempt in ledger.attempts()
        ]
