"""`campaign email send`: hand the outbox to a server, each message at most once, with the ledger.

The rules, in the order they are applied to each message of the outbox:

1. The recipient must still be an email recipient at the same address (else: build the outbox again).
2. Unverified recipients are refused unless `allow_unverified`.
3. Same content (same Message-ID) already `sent`: skipped. `unknown` (the connection died after
   the final ".", the server may have it): skipped unless `resend_unknown`. `failed` (5xx): not
   retried unless `retry_failed` (the ledger notes who asked, and what it had failed with).
4. Different content from what a recipient was already sent (or may have been: `unknown`): refused
   unless `resend_changed`; then it goes as a new message with its own Message-ID.

Before any of that, the whole run is refused when recipients.yaml no longer says what it said when
the outbox was built (a recipient added, removed or changed in any way): build the outbox again.

Each transaction is bracketed by ledger commits: `sending` (with the Date header about to be sent)
on disk before the final "." of the data (made while MAIL, RCPT, DATA and the data go out:
`Ledger.start_advance`, the transport's `ready`), and the outcome after the server's reply,
committed together with the next message's `sending`. Deferred messages are retried in the same
run after the `retry_delays`, and again by the next run. A refusal of the whole session (`Delivery.session`), or
the same permanent refusal `SAME_REFUSALS_TO_STOP` times in a row, stops the run: the rest stay
`queued`. A `StopRequest` (the CLI's SIGINT and SIGTERM) lets the current message finish and be
recorded, then stops the run the same way; a second request cuts the current transaction short.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from campaign.errors import InputError, TransportError
from campaign.mail.headers import mail_address
from campaign.mail.ledger import Ledger, MessageRow, retry_note, utc_now
from campaign.mail.message import BuiltMessage
from campaign.mail.outbox import changed_recipients, load_outbox
from campaign.mail.ratelimit import RateLimiter
from campaign.mail.state import State
from campaign.mail.transports import ServerUnavailableError, Transport
from campaign.model.campaign import Campaign
from campaign.model.loaded import Loaded
from campaign.model.recipients import EmailChannel, Recipient, VerificationStatus


@dataclass(frozen=True)
class SendOptions:
    """What the user asked `send` to do."""

    only: tuple[str, ...] = ()
    """Recipient ids to send to; empty means every message in the outbox."""
    dry_run: bool = False
    allow_unverified: bool = False
    resend_unknown: bool = False
    resend_changed: bool = False
    retry_failed: bool = False
    """Send again messages a server refused permanently (5xx), e.g. after fixing the account."""
    retry_delays: tuple[float, ...] = (30.0, 120.0)
    """Seconds to wait before each new round for deferred messages within this run."""


@dataclass(frozen=True)
class MessageReport:
    """The outcome for one message."""

    recipient: str
    message_id: str
    state: State
    detail: str = ""
    refused: bool = False
    """Skipped because a rule refused it (unverified, changed, stale): the user must decide."""


@dataclass
class SendResult:
    """Everything `send` did, for the summary and the exit code."""

    reports: list[MessageReport] = field(default_factory=list)
    recovered: list[MessageRow] = field(default_factory=list)
    """Messages a killed run had left in `sending`; they are now `unknown`."""
    aborted: str | None = None
    """Why the run stopped early (the server refused the session), if it did."""
    interrupted: int | None = None
    """The signal that stopped the run (SIGINT, SIGTERM), if one did."""

    def count(self, state: State) -> int:
        return sum(1 for r in self.reports if r.state == state)

    @property
    def complete(self) -> bool:
        """True when every message is sent (now or before) and nothing was refused or aborted."""
        fine = (State.SENT, State.SKIPPED, State.WOULD_SEND)
        return (
            self.aborted is None
            and self.interrupted is None
            and all(r.state in fine and not r.refused for r in self.reports)
        )


Progress = Callable[[MessageReport, int, int], None]

SAME_REFUSALS_TO_STOP = 3
"""The same permanent refusal (code and text) this many times in a row stops the run: it is the
server or the account that is wrong, not each recipient."""
RETRY_SLICE = 0.2
"""Seconds between checks for a stop request while waiting to retry deferred messages."""


class StopRequest:
    """A request to stop sending, from a signal handler: the first lets the current message finish
    and be recorded; the second also cuts the current transaction short (`Transport.abort`)."""

    def __init__(self) -> None:
        self.signal: int | None = None
        self.transport: Transport | None = None

    def request(self, signum: int) -> None:
        """Called from a signal handler: only sets a flag, or shuts the socket on the second call."""
        if self.signal is None:
            self.signal = signum
        elif self.transport is not None:
            self.transport.abort()

    @property
    def requested(self) -> bool:
        return self.signal is not None


def plan_sends(
    messages: list[BuiltMessage], campaign: Campaign, ledger: Ledger, options: SendOptions
) -> list[tuple[BuiltMessage, MessageReport | None]]:
    """Each selected message with None (send it) or the report saying why not."""
    known = {m.recipient for m in messages}
    unknown_ids = [r for r in options.only if r not in known]
    if unknown_ids:
        raise InputError(f"--only {', '.join(unknown_ids)}: no such message in the outbox (known: {sorted(known)})")
    chosen = [m for m in messages if not options.only or m.recipient in options.only]
    recipients = {r.id: r for r in campaign.recipients}
    return [(m, _decide(m, recipients.get(m.recipient), ledger, options)) for m in chosen]


def _decide(
    message: BuiltMessage, recipient: Recipient | None, ledger: Ledger, options: SendOptions
) -> MessageReport | None:
    def skip(detail: str, *, refused: bool = False, state: State = State.SKIPPED) -> MessageReport:
        return MessageReport(message.recipient, message.message_id, state, detail, refused)

    if recipient is None or not isinstance(recipient.channel, EmailChannel):
        return skip("no longer an email recipient in recipients.yaml; run `campaign email build`", refused=True)
    address = recipient.channel.address
    # The address as written is the envelope's (the usual case): no need to convert it again.
    if address != message.envelope_to and mail_address("address", address).addr_spec != message.envelope_to:
        return skip("the address changed since the outbox was built; run `campaign email build`", refused=True)
    if recipient.verification.status is not VerificationStatus.VERIFIED and not options.allow_unverified:
        status = recipient.verification.status.value
        return skip(f"contact is {status}, not verified; check it or pass --allow-unverified", refused=True)
    history = ledger.messages(message.recipient)
    same = next((m for m in history if m.message_id == message.message_id), None)
    if same is not None:
        match same.state:
            case State.SENT:
                return skip(f"already sent ({same.updated})")
            case State.UNKNOWN | State.SENDING if not options.resend_unknown:
                return skip(
                    "an earlier attempt may have been delivered; ask the recipient, or resend with --resend-unknown",
                    state=State.UNKNOWN,
                )
            case State.FAILED if not options.retry_failed:
                last = ledger.last_attempt(same)
                reason = f"{last.code} {last.reply}" if last else ""
                return skip(
                    f"refused permanently earlier ({reason}); fix the data and build again, "
                    "or send it again with --retry-failed",
                    state=State.FAILED,
                )
        return None
    delivered = [m for m in history if m.state in (State.SENT, State.UNKNOWN, State.SENDING)]
    if delivered and not options.resend_changed:
        return skip(
            f"content changed since it was sent as {delivered[-1].message_id}; pass --resend-changed to send it",
            refused=True,
        )
    return None


def send_outbox(
    loaded: Loaded,
    out: Path,
    transport: Transport,
    options: SendOptions,
    *,
    limiter: RateLimiter | None = None,
    sleep: Callable[[float], None] = time.sleep,
    now: Callable[[], dt.datetime] = utc_now,
    progress: Progress | None = None,
    stop: StopRequest | None = None,
) -> SendResult:
    """Send what the rules allow from OUT/outbox, recording everything in the campaign's ledger."""
    messages = load_outbox(out)
    changed = changed_recipients(out, loaded.campaign)
    if changed:
        raise InputError(
            "recipients.yaml changed after `campaign email build` ("
            + "; ".join(f"{how}: {', '.join(ids)}" for how, ids in changed.items())
            + "); nothing was sent: run `campaign email build` again, review the outbox, then send"
        )
    result = SendResult()
    stop = stop or StopRequest()
    with Ledger.for_campaign(loaded.folder) as ledger, ledger.exclusive():
        if not options.dry_run:
            result.recovered = ledger.recover_interrupted()
        plan = plan_sends(messages, loaded.campaign, ledger, options)
        result.reports.extend(report for _, report in plan if report)
        to_send = [m for m, report in plan if report is None]
        if options.dry_run:
            result.reports.extend(MessageReport(m.recipient, m.message_id, State.WOULD_SEND) for m in to_send)
            return result
        run = _Run(ledger, transport, limiter or RateLimiter(None), now, progress, len(to_send), stop)
        stop.transport = transport
        try:
            run.deliver(to_send, options.retry_delays, sleep)
        except TransportError as exc:
            result.aborted = exc.message
        finally:
            stop.transport = None
            try:
                run.flush()
            finally:
                transport.close()
        result.interrupted = stop.signal
        left = "the run stopped before it; it stays queued for the next run"
        for message in to_send:
            result.reports.append(
                run.final.get(message.message_id)
                or MessageReport(message.recipient, message.message_id, State.NOT_ATTEMPTED, left)
            )
    return result


def with_date(data: bytes, when: dt.datetime) -> bytes:
    """The outbox bytes with the Date header of the moment of sending in front."""
    return b"Date: " + email.utils.format_datetime(when).encode("ascii") + b"\r\n" + data


class _Run:
    """One run's sending loop: rounds over the pending messages until none is deferred."""

    def __init__(
        self,
        ledger: Ledger,
        transport: Transport,
        limiter: RateLimiter,
        now: Callable[[], dt.datetime],
        progress: Progress | None,
        total: int,
        stop: StopRequest,
    ) -> None:
        self.ledger = ledger
        self.transport = transport
        self.limiter = limiter
        self.now = now
        self.progress = progress
        self.total = total
        self.stop = stop
        self.final: dict[str, MessageReport] = {}
        self.rows: dict[str, MessageRow] = {}
        self.notes: dict[str, str] = {}
        self.pending: tuple[MessageRow, State, int | None, str | None] | None = None
        """The last outcome, committed with the next message's `sending` (or by `flush`)."""
        self.refusals: list[tuple[int | None, str]] = []

    def deliver(
        self, messages: list[BuiltMessage], retry_delays: tuple[float, ...], sleep: Callable[[float], None]
    ) -> None:
        for row in self.ledger.queue_all(messages):
            self.rows[row.message_id] = row
            if row.state is State.FAILED:
                self.notes[row.message_id] = retry_note(self.ledger.last_attempt(row))
        pending = self._round(messages)
        for delay in retry_delays:
            if not pending or self.stop.requested:
                return
            self.flush()
            self._pause(delay, sleep)
            if self.stop.requested:
                return
            pending = self._round(pending)

    def _pause(self, delay: float, sleep: Callable[[float], None]) -> None:
        """Wait `delay` seconds, in slices, so that a stop request is not kept waiting."""
        left = delay
        while left > 0 and not self.stop.requested:
            step = min(left, RETRY_SLICE)
            sleep(step)
            left -= step

    def flush(self) -> None:
        """Commit the outcome not yet committed, if any."""
        if self.pending is not None:
            self.ledger.advance(self.pending, None)
            self.pending = None

    def _round(self, messages: list[BuiltMessage]) -> list[BuiltMessage]:
        """Try each message once; return those to try again (deferred, or not reached)."""
        again: list[BuiltMessage] = []
        for index, message in enumerate(messages):
            if self.stop.requested:
                return again + messages[index:]
            row = self.rows[message.message_id]
            try:
                self.transport.open()
            except ServerUnavailableError as exc:
                self.flush()
                if row.state is State.UNKNOWN:  # still unknown: it may have arrived before; nothing changed
                    self._report(MessageReport(message.recipient, message.message_id, State.NOT_ATTEMPTED, exc.message))
                else:
                    self.rows[message.message_id] = self.ledger.move(row, State.DEFERRED, reply=exc.message)
                    report = MessageReport(message.recipient, message.message_id, State.DEFERRED, exc.message)
                    self._report(report)
                return again + messages[index:]
            self.limiter.acquire()
            when = self.now()
            # The commit (the last outcome, this message `sending`) goes to disk while the server
            # hears MAIL, RCPT, DATA and the data; the transport waits for it before the final ".".
            commit = self.ledger.start_advance(
                self.pending, row, at=when, note=self.notes.pop(message.message_id, None)
            )
            try:
                delivery = self.transport.send(
                    message.envelope_from,
                    message.envelope_to,
                    with_date(message.data, when),
                    smtputf8=message.smtputf8,
                    ready=commit.result,
                )
            finally:
                if commit.exception() is None:  # waits for the commit; if it failed, `flush` tries again
                    self.pending = None
            started = commit.result()
            assert started is not None
            row = started
            self.pending = (row, delivery.state, delivery.code, delivery.reply)
            self.rows[message.message_id] = dataclasses.replace(row, state=delivery.state)
            detail = f"{delivery.code or ''} {delivery.reply}".strip()
            self._report(MessageReport(message.recipient, message.message_id, delivery.state, detail))
            if delivery.session is not None:
                self.flush()
                raise TransportError(
                    f"the mail server refused the session ({detail}); {delivery.session}. "
                    "Nothing more was sent: the messages not yet sent stay queued for the next run"
                )
            self._check_repeated_refusal(delivery.state, delivery.code, delivery.reply)
            if delivery.state is State.DEFERRED:
                again.append(message)
        return again

    def _check_repeated_refusal(self, state: State, code: int | None, reply: str) -> None:
        if state is not State.FAILED:
            self.refusals.clear()
            return
        self.refusals.append((code, reply))
        last = self.refusals[-SAME_REFUSALS_TO_STOP:]
        if len(last) == SAME_REFUSALS_TO_STOP and len(set(last)) == 1:
            self.flush()
            raise TransportError(
                f"the mail server refused {SAME_REFUSALS_TO_STOP} messages in a row with the same reply "
                f"({code or ''} {reply}); that is the server or the account, not the recipients. Nothing more "
                "was sent: fix it, then `campaign email send --retry-failed` (the rest stay queued)"
            )

    def _report(self, report: MessageReport) -> None:
        self.final[report.message_id] = report
        if self.progress:
            self.progress(report, len(self.final), self.total)
