"""Sending 1,000 messages to a local SMTP server: `campaign email send` against a plain smtplib loop.

    .venv/bin/python bench/send_throughput.py [--count N] [--rounds R] [--side both|campaign|smtplib]

Prepares once, in bench/work/send-throughput/ (git-ignored): a campaign from the skeleton of
`campaign init` with COUNT verified email recipients, each owed one appeal in English, built with
`campaign.build` (PDF) and put in an outbox with `campaign.email_build` (about two minutes the
first time; reused while the count is the same). Then, against an aiosmtpd server (the `Sink`
handler, in its own process on 127.0.0.1), it times in turn, ROUNDS times each:

- campaign: `campaign.email_send` with a fresh ledger: loading the campaign and the outbox, the
  rules, the ledger (one commit per message, fsync'd, made while MAIL, RCPT, DATA and the data go
  out and waited for before the final "."), one SMTP transaction per message;
- smtplib: one `smtplib.SMTP` connection and `sendmail(from, to, bytes)` for each .eml file of the
  same outbox, read from disk in the loop; no ledger, no checks.

Prints each round (wall time, and the CPU time of this process and of the server's during it), the
medians and their ratio (target: campaign <= 1.5 x smtplib), and writes
bench/work/send_throughput.json. `--side campaign` or `--side smtplib` times one side only (for a
whole-process A/B from outside).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import smtplib
import socket
import statistics
import subprocess
import sys
import time
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

import yaml

import campaign

WORK = Path(__file__).resolve().parent / "work"
FOLDER = WORK / "send-throughput"
OUT = FOLDER / "out"
RESULTS = WORK / "send_throughput.json"
LEDGER = FOLDER / ".campaign-ledger.sqlite"
TARGET = 1.5


def recipient(index: int) -> dict[str, Any]:
    return {
        "id": f"r{index:05d}",
        "jurisdiction": "EU",
        "institution": f"Institution {index}",
        "office": "Member",
        "person": {"name": f"Member Number {index}", "gender": "unknown"},
        "languages": ["en"],
        "locale": "en_GB",
        "channel": {"kind": "email", "address": f"member.{index}@example.org"},
        "group": "officials",
        "verification": {"status": "verified", "source": "https://example.org/directory", "checked": "2025-02-01"},
    }


def prepare(count: int) -> None:
    """The campaign, its build and its outbox, unless a finished one for `count` is there."""
    marker = FOLDER / "prepared.json"
    if marker.exists() and json.loads(marker.read_text("utf-8")).get("count") == count:
        return
    if FOLDER.exists():
        shutil.rmtree(FOLDER)
    WORK.mkdir(parents=True, exist_ok=True)
    campaign.init_campaign(FOLDER)
    recipients = {"recipients": [recipient(i) for i in range(count)]}
    (FOLDER / "recipients.yaml").write_text(yaml.safe_dump(recipients, allow_unicode=True, sort_keys=False), "utf-8")
    print(f"preparing: building {count} PDFs and the outbox (once) ...", flush=True)
    result = campaign.build(FOLDER, campaign.BuildOptions(out=OUT, formats=("pdf",)))
    if result.failed:
        raise SystemExit(f"bench: the build failed: {result.failed[0].error}")
    campaign.email_build(FOLDER, OUT)
    marker.write_text(json.dumps({"count": count}), "utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server() -> tuple[subprocess.Popen[bytes], int]:
    """aiosmtpd with its Sink handler (accepts and forgets), in a process of its own."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink", "-l", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("bench: the aiosmtpd server did not start")


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of another process so far (Linux /proc; 0.0 where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text("ascii").rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def with_campaign(port: int) -> float:
    for leftover in FOLDER.glob(".campaign-ledger.sqlite*"):
        leftover.unlink()
    transport = campaign.SmtpTransport("127.0.0.1", port, campaign.Security.NONE, timeout=30)
    start = time.perf_counter()
    result = campaign.email_send(FOLDER, OUT, transport, campaign.SendOptions(retry_delays=()))
    elapsed = time.perf_counter() - start
    sent = sum(1 for r in result.reports if r.state.value == "sent")
    if not result.complete or sent != len(result.reports):
        raise SystemExit(f"bench: campaign sent {sent} of {len(result.reports)}")
    return elapsed


def with_smtplib(port: int) -> float:
    files = sorted((OUT / "outbox").glob("*.eml"))
    headers = BytesHeaderParser()
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        for path in files:
            data = path.read_bytes()
            message = headers.parsebytes(data)
            smtp.sendmail(str(message["From"]), [str(message["To"])], data)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--side", choices=("both", "campaign", "smtplib"), default="both")
    args = parser.parse_args()
    prepare(args.count)
    server, port = start_server()
    timings: dict[str, list[float]] = {"campaign": [], "smtplib": []}
    cpu_times: dict[str, list[float]] = {"campaign": [], "smtplib": []}
    server_cpu_times: dict[str, list[float]] = {"campaign": [], "smtplib": []}
    try:
        sides = ("campaign", "smtplib") if args.side == "both" else (args.side,)
        for round_ in range(args.rounds):
            for side in sides:
                cpu, server_cpu = time.process_time(), process_cpu(server.pid)
                seconds = with_campaign(port) if side == "campaign" else with_smtplib(port)
                cpu, server_cpu = time.process_time() - cpu, process_cpu(server.pid) - server_cpu
                timings[side].append(seconds)
                cpu_times[side].append(cpu)
                server_cpu_times[side].append(server_cpu)
                print(
                    f"round {round_ + 1}: {side:<8} {seconds:.3f} s ({args.count / seconds:.0f} messages/s),"
                    f" CPU {cpu:.3f} s, server CPU {server_cpu:.3f} s",
                    flush=True,
                )
    finally:
        server.terminate()
        server.wait(10)
    figures: dict[str, Any] = {
        "count": args.count,
        "rounds": args.rounds,
        "timings": timings,
        "cpu": cpu_times,
        "server_cpu": server_cpu_times,
    }
    for side, values in timings.items():
        if values:
            figures[f"{side}_median_s"] = statistics.median(values)
            figures[f"{side}_median_cpu_s"] = statistics.median(cpu_times[side])
    if args.side == "both":
        ratio = figures["campaign_median_s"] / figures["smtplib_median_s"]
        figures["ratio"] = ratio
        figures["cpu_ratio"] = figures["campaign_median_cpu_s"] / figures["smtplib_median_cpu_s"]
        figures["target"] = TARGET
        verdict = "met" if ratio <= TARGET else "MISSED"
        print(f"median: campaign {figures['campaign_median_s']:.3f} s, smtplib {figures['smtplib_median_s']:.3f} s")
        print(
            f"median CPU of this process: campaign {figures['campaign_median_cpu_s']:.3f} s,"
            f" smtplib {figures['smtplib_median_cpu_s']:.3f} s ({figures['cpu_ratio']:.2f}x)"
        )
        print(f"campaign / smtplib = {ratio:.2f}x (target <= {TARGET}x: {verdict})")
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", "utf-8")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
