"""`campaign email`: build the outbox, send it through SMTP with a ledger, and report the audit trail."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import re
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from campaign.app.email import EXPORT_COLUMNS, email_build, email_export, email_send, email_status
from campaign.cli.common import CampaignDir, run
from campaign.mail.outbox import OUTBOX, OUTBOX_MBOX, POSTAL, POSTAL_CSV
from campaign.mail.ratelimit import RateLimiter
from campaign.mail.send import MessageReport, SendOptions, SendResult, StopRequest
from campaign.mail.state import State
from campaign.mail.transports.smtp import FINAL_TIMEOUT, Security, SmtpTransport, is_loopback

PASSWORD_VARIABLE = "CAMPAIGN_SMTP_PASSWORD"

email_app = typer.Typer(
    help="Build the email outbox and postal pack, send through SMTP exactly once, and show the ledger.",
    no_args_is_help=True,
)

OutDir = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", help="Output folder of `campaign build` (default: out/ in the campaign folder).", file_okay=False
    ),
]


@email_app.command("build")
def build_command(campaign: CampaignDir = Path("."), out: OutDir = None) -> None:
    """Write OUT/outbox (one .eml per email recipient, outbox.mbox to review) and OUT/postal (PDFs, postal.csv).

    Attaches exactly the documents each recipient is owed, built from the current inputs; refuses,
    listing each missing or stale file, when any is not.
    """
    out = out or campaign / "out"
    result = run(lambda: email_build(campaign, out))
    typer.echo(f"outbox: {len(result.messages)} message(s) -> {out / OUTBOX / OUTBOX_MBOX} (review it before sending)")
    if result.postal:
        typer.echo(f"postal: {len(result.postal)} letter(s) -> {out / POSTAL / POSTAL_CSV}")
    for recipient, url in result.by_hand:
        typer.echo(f"by hand: {recipient}: submit through {url}")
    for recipient, why in result.nothing:
        typer.echo(f"nothing to send: {recipient}: every document was skipped ({why})")


def _parse_rate(rate: str | None) -> int | None:
    if rate is None:
        return None
    match = re.fullmatch(r"\s*([1-9][0-9]{0,5})\s*(?:/\s*min)?\s*", rate)
    if not match:
        raise typer.BadParameter("write the rate as N/min, for example 20/min", param_hint="--rate")
    return int(match.group(1))


@email_app.command("send")
def send_command(
    campaign: CampaignDir = Path("."),
    out: OutDir = None,
    smtp_host: Annotated[
        str | None, typer.Option("--smtp-host", envvar="CAMPAIGN_SMTP_HOST", help="Mail server host name.")
    ] = None,
    smtp_port: Annotated[
        int | None,
        typer.Option(
            "--smtp-port", envvar="CAMPAIGN_SMTP_PORT", min=1, max=65535, help="Port (default 25, 587 or 465)."
        ),
    ] = None,
    starttls: Annotated[
        bool,
        typer.Option("--starttls", envvar="CAMPAIGN_SMTP_STARTTLS", help="Upgrade with STARTTLS; fail if not offered."),
    ] = False,
    use_ssl: Annotated[bool, typer.Option("--ssl", help="Connect with TLS from the start (port 465).")] = False,
    insecure: Annotated[
        bool,
        typer.Option("--insecure", help="Allow plain text (no TLS) to a server that is not this machine."),
    ] = False,
    cafile: Annotated[
        Path | None,
        typer.Option("--cafile", help="PEM file of the CA to trust (default: the system's).", dir_okay=False),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            envvar="CAMPAIGN_SMTP_USER",
            help=f"Log in as this user; password from ${PASSWORD_VARIABLE} or a prompt.",
        ),
    ] = None,
    rate: Annotated[str | None, typer.Option("--rate", help="At most N messages a minute, e.g. 20/min.")] = None,
    only: Annotated[
        list[str], typer.Option("--recipient", "--only", "-r", help="Only this recipient id (repeatable).")
    ] = [],  # noqa: B006
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be sent; send nothing.")] = False,
    allow_unverified: Annotated[
        bool, typer.Option("--allow-unverified", help="Also send to contacts not marked verified.")
    ] = False,
    resend_unknown: Annotated[
        bool, typer.Option("--resend-unknown", help="Resend messages whose delivery is unknown (may duplicate).")
    ] = False,
    resend_changed: Annotated[
        bool, typer.Option("--resend-changed", help="Send a changed message to someone already sent the old one.")
    ] = False,
    retry_failed: Annotated[
        bool,
        typer.Option(
            "--retry-failed", help="Send again messages the server refused permanently (recorded in the ledger)."
        ),
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds for connecting and for each whole reply.")
    ] = 30.0,
    final_timeout: Annotated[
        float,
        typer.Option("--final-timeout", min=0.1, help="Seconds for the reply after the end of a message's data."),
    ] = FINAL_TIMEOUT,
    retry_after: Annotated[
        list[float],
        typer.Option("--retry-after", min=0, help="Seconds before each retry of deferred messages (default 30 120)."),
    ] = [],  # noqa: B006
) -> None:
    """Send the outbox through SMTP, each message at most once; exit 0 only when every message is sent.

    Sent messages are never sent again. A message whose delivery is unknown (the connection died
    after the end of the data was sent) is resent only with --resend-unknown; one the server refused
    permanently only with --retry-failed. A refusal of the whole session (sender, authentication,
    policy, quota) stops the run and leaves the rest queued. SIGINT or SIGTERM lets the message
    being sent finish and be recorded, then stops (exit 130 or 143); a second one cuts it short.
    The ledger is <campaign>/.campaign-ledger.sqlite.
    """
    out = out or campaign / "out"
    if starttls and use_ssl:
        raise typer.BadParameter("choose --starttls or --ssl, not both", param_hint="--starttls/--ssl")
    if smtp_host is None and not dry_run:
        raise typer.BadParameter("give the mail server with --smtp-host", param_hint="--smtp-host")
    security = Security.STARTTLS if starttls else Security.SSL if use_ssl else Security.NONE
    remote = smtp_host is not None and not is_loopback(smtp_host)
    if security is Security.NONE and remote and user:
        raise typer.BadParameter(
            "refusing to send a password in clear text; add --starttls or --ssl", param_hint="--user"
        )
    if security is Security.NONE and remote and not insecure:
        raise typer.BadParameter(
            f"{smtp_host} is not this machine: add --starttls or --ssl, or --insecure to send the "
            "letters in clear text",
            param_hint="--smtp-host",
        )
    per_minute = _parse_rate(rate)
    password = _password(user) if user and not dry_run else None
    transport = SmtpTransport(
        smtp_host or "",
        smtp_port,
        security,
        cafile=cafile,
        user=user,
        password=password,
        timeout=timeout,
        final_timeout=final_timeout,
    )
    options = SendOptions(
        only=tuple(only),
        dry_run=dry_run,
        allow_unverified=allow_unverified,
        resend_unknown=resend_unknown,
        resend_changed=resend_changed,
        retry_failed=retry_failed,
        retry_delays=tuple(retry_after) if retry_after else SendOptions.retry_delays,
    )
    progress = _Progress()
    stop = StopRequest()
    try:
        with _stop_on_signals(stop):
            result = run(
                lambda: email_send(
                    campaign,
                    out,
                    transport,
                    options,
                    limiter=RateLimiter(per_minute),
                    progress=progress.update,
                    stop=stop,
                )
            )
    finally:
        progress.close()
    _echo_result(result)
    if result.interrupted is not None:
        raise typer.Exit(128 + result.interrupted)
    if not result.complete:
        raise typer.Exit(1)


@contextmanager
def _stop_on_signals(stop: StopRequest) -> Iterator[None]:
    """SIGINT and SIGTERM ask the run to stop after the current message (a second one cuts it short)."""
    handled = (signal.SIGINT, signal.SIGTERM)
    previous = {}
    try:
        for signum in handled:
            previous[signum] = signal.signal(signum, lambda signum, frame: stop.request(signum))
    except ValueError:  # not the main thread: no handlers, no stop
        pass
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _password(user: str) -> str:
    """From the environment, or asked for; never a command-line flag (it would show in `ps`)."""
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        if not sys.stdin.isatty():
            raise typer.BadParameter(f"set {PASSWORD_VARIABLE} (no terminal to ask for it)", param_hint="--user")
        password = str(typer.prompt(f"SMTP password for {user}", hide_input=True))
    return password


def _echo_result(result: SendResult) -> None:
    if result.recovered:
        ids = ", ".join(m.recipient for m in result.recovered)
        typer.echo(f"an earlier run stopped while sending to: {ids}; their delivery is now 'unknown'", err=True)
    for report in result.reports:
        if report.state not in (State.SENT, State.SKIPPED) or report.refused:
            typer.echo(f"{report.recipient}: {report.state.value}: {report.detail}", err=True)
    if result.aborted:
        typer.echo(f"campaign: error: {result.aborted}", err=True)
    if result.interrupted is not None:
        name = signal.Signals(result.interrupted).name
        typer.echo(f"campaign: stopped by {name}; the messages not yet sent stay queued", err=True)
    unknown = [r.recipient for r in result.reports if r.state is State.UNKNOWN]
    if unknown:
        typer.echo(
            f"delivery unknown (the server may have them; ask before --resend-unknown): {', '.join(unknown)}", err=True
        )
    shown = (State.SENT, State.DEFERRED, State.FAILED, State.UNKNOWN, State.SKIPPED)
    summary = ", ".join(f"{result.count(state)} {state.value}" for state in shown)
    refused = sum(1 for r in result.reports if r.refused)
    extra = [f"{refused} refused"] if refused else []
    extra += [f"{n} {state.value}" for state in (State.WOULD_SEND, State.NOT_ATTEMPTED) if (n := result.count(state))]
    typer.echo(summary + "".join(f", {e}" for e in extra))


class _Progress:
    """A rich progress bar on a terminal; one line per message when output is piped."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.task: Any = None
        if sys.stderr.isatty() and not os.environ.get("CI"):
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(TextColumn("sending"), BarColumn(), MofNCompleteColumn(), transient=True)
            self.bar.start()

    def update(self, report: MessageReport, done: int, total: int) -> None:
        if self.bar is None:
            typer.echo(f"[{done}/{total}] {report.state.value} {report.recipient}", err=True)
            return
        if self.task is None:
            self.task = self.bar.add_task("send", total=total)
        self.bar.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@email_app.command("status")
def status_command(
    campaign: CampaignDir = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Show each recipient's latest message in the ledger: state, Message-ID, time, the server's last reply."""
    rows = run(lambda: email_status(campaign))
    if as_json:
        typer.echo(json.dumps([dataclasses.asdict(row) for row in rows], indent=2, ensure_ascii=False))
        return
    if not rows:
        typer.echo("nothing has been sent for this campaign yet")
        return
    for row in rows:
        reply = f"{row.code or ''} {row.reply or ''}".strip()
        typer.echo(f"{row.recipient:<24} {row.state:<9} {row.updated}  {row.message_id}  {reply}")


@email_app.command("export")
def export_command(
    campaign: CampaignDir = Path("."),
    as_csv: Annotated[
        bool, typer.Option("--csv", help="CSV on standard output (the default and only format).", show_default=False)
    ] = True,
) -> None:
    """Print the audit trail as CSV, one row per attempt: when, which message and attachments, what the server said."""
    rows = run(lambda: email_export(campaign))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(rows)
