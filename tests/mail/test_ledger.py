"""The ledger: one transition table checked as a whole, commits that survive, crash recovery."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
import threading
from pathlib import Path

import pytest

from campaign.mail.ledger import LEDGER_FILE, SCHEMA_VERSION, Ledger, LedgerError, check_transition
from campaign.mail.message import AttachmentRecord, BuiltMessage
from campaign.mail.state import STORED, TRANSITIONS, State

ALL_PAIRS = list(itertools.product(sorted(STORED, key=list(State).index), repeat=2))
"""Every pair of states the ledger stores; the report-only states are tested apart."""


def message(recipient: str = "uk-fcdo", content: str = "c1") -> BuiltMessage:
    return BuiltMessage(
        recipient=recipient,
        message_id=f"<{recipient}.{content}@example.org>",
        content_sha256=content * 32,
        envelope_from="appeals@example.org",
        envelope_to=f"{recipient}@example.org",
        smtputf8=False,
        attachments=(AttachmentRecord("appeal.en.pdf", "ab" * 32, 1234),),
        data=b"",
    )


def put_in(ledger: Ledger, state: State, built: BuiltMessage) -> None:
    """Bring a message to `state` through legal moves only."""
    row = ledger.queue(built)
    path = {
        State.QUEUED: [],
        State.SENDING: [State.SENDING],
        State.SENT: [State.SENDING, State.SENT],
        State.DEFERRED: [State.DEFERRED],
        State.FAILED: [State.SENDING, State.FAILED],
        State.UNKNOWN: [State.SENDING, State.UNKNOWN],
    }[state]
    for step in path:
        row = ledger.move(row, step)


def test_the_table_is_exactly_the_documented_moves() -> None:
    assert {
        (State.QUEUED, State.SENDING),
        (State.QUEUED, State.DEFERRED),
        (State.SENDING, State.SENT),
        (State.SENDING, State.DEFERRED),
        (State.SENDING, State.FAILED),
        (State.SENDING, State.UNKNOWN),
        (State.DEFERRED, State.SENDING),
        (State.DEFERRED, State.DEFERRED),
        (State.UNKNOWN, State.SENDING),
        (State.FAILED, State.SENDING),
    } == TRANSITIONS
    assert not any((State.SENT, new) in TRANSITIONS for new in State), "sent is final"
    failed = {new for new in State if (State.FAILED, new) in TRANSITIONS}
    assert failed == {State.SENDING}, "failed goes only back to sending, on request (--retry-failed)"


@pytest.mark.parametrize(("old", "new"), ALL_PAIRS, ids=[f"{a.value}->{b.value}" for a, b in ALL_PAIRS])
def test_every_pair_is_allowed_or_refused_by_the_ledger(tmp_path: Path, old: State, new: State) -> None:
    with Ledger(tmp_path / LEDGER_FILE) as ledger:
        built = message()
        put_in(ledger, old, built)
        row = ledger.message(built.message_id)
        assert row is not None and row.state is old
        if (old, new) in TRANSITIONS:
            check_transition(old, new)
            assert ledger.move(row, new).state is new
        else:
            with pytest.raises(LedgerError, match=f"cannot go from {old.value} to {new.value}"):
                check_transition(old, new)
            with pytest.raises(LedgerError):
                ledger.move(row, new)
            after = ledger.message(built.message_id)
            assert after is not None and after.state is old, "a refused move changes nothing"


@pytest.mark.parametrize("new", sorted(set(State) - STORED, key=list(State).index), ids=lambda s: s.value)
def test_report_only_states_are_never_stored(tmp_path: Path, new: State) -> None:
    assert not new.stored
    assert not any(new in pair for pair in TRANSITIONS)
    with Ledger(tmp_path / LEDGER_FILE) as ledger:
        row = ledger.queue(message())
        with pytest.raises(LedgerError, match=f"cannot go from queued to {new.value}"):
            ledger.move(row, new)


def test_attempts_record_the_date_sent_and_the_reply(tmp_path: Path) -> None:
    started = dt.datetime(2021, 9, 10, 8, 0, tzinfo=dt.UTC)
    finished = started + dt.timedelta(seconds=2)
    with Ledger(tmp_path / LEDGER_FILE) as ledger:
        row = ledger.queue(message())
        row = ledger.move(row, State.SENDING, at=started)
        ledger.move(row, State.SENT, at=finished, code=250, reply="2.0.0 OK: queued")
    with Ledger(tmp_path / LEDGER_FILE) as reopened:
        (attempt,) = reopened.attempts()
        assert (attempt.started, attempt.finished) == ("2021-09-10T08:00:00+00:00", "2021-09-10T08:00:02+00:00")
        assert (attempt.state, attempt.code, attempt.reply) == (State.SENT, 250, "2.0.0 OK: queued")
        assert attempt.attachments == (AttachmentRecord("appeal.en.pdf", "ab" * 32, 1234),)
        (row,) = reopened.messages()
        assert row.state is State.SENT


def test_each_move_is_committed_before_it_returns(tmp_path: Path) -> None:
    path = tmp_path / LEDGER_FILE
    with Ledger(path) as ledger:
        row = ledger.queue(message())
        ledger.move(row, State.SENDING)
        # Another connection (as after a crash) sees the state at once.
        other = sqlite3.connect(path)
        assert other.execute("SELECT state FROM messages").fetchall() == [("sending",)]
        other.close()


def test_a_message_left_sending_becomes_unknown(tmp_path: Path) -> None:
    with Ledger(tmp_path / LEDGER_FILE) as ledger:
        put_in(ledger, State.SENDING, message("uk-fcdo"))
        put_in(ledger, State.SENT, message("kz-mfa"))
    with Ledger(tmp_path / LEDGER_FILE) as ledger:
        recovered = ledger.recover_interrupted()
        assert [m.recipient for m in recovered] == ["uk-fcdo"]
        states = {m.recipient: m.state for m in ledger.messages()}
        assert states == {"uk-fcdo": State.UNKNOWN, "kz-mfa": State.SENT}
        attempt = [a for a in ledger.attempts() if a.recipient == "uk-fcdo"][-1]
        assert attempt.state is State.UNKNOWN
        assert attempt.reply is not None and "stopped during the SMTP transaction" in attempt.reply


def test_queueing_the_same_message_twice_keeps_one_row(tmp_path: Path) -> None:
    with Ledger(tmp_path / LEDGER_FILE) as ledger:
        first = ledger.queue(message())
        put_in(ledger, State.SENT, message())
        again = ledger.queue(message())
        assert again.id == first.id and again.state is State.SENT
        assert len(ledger.messages()) == 1


def test_schema_version_and_wal(tmp_path: Path) -> None:
    path = tmp_path / LEDGER_FILE
    Ledger(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    with pytest.raises(LedgerError, match="newer version of campaign"):
        Ledger(path)


def test_two_sending_runs_cannot_hold_the_lock(tmp_path: Path) -> None:
    busy = pytest.raises(LedgerError, match="another `campaign email send` is running")
    # In this order: the first run holds the lock while the second tries to take it.
    first, second = Ledger(tmp_path / LEDGER_FILE), Ledger(tmp_path / LEDGER_FILE)
    with first, second, first.exclusive(), busy, second.exclusive():
        pass
    with Ledger(tmp_path / LEDGER_FILE) as third, third.exclusive():
        pass


def test_a_commit_in_the_background_records_the_outcome_and_the_next_sending_together(tmp_path: Path) -> None:
    """`start_advance` returns before its commit is made (here another connection holds the write
    lock); `result()` returns once both moves are on disk, and any other use of the ledger waits."""
    path = tmp_path / LEDGER_FILE
    with Ledger(path) as ledger:
        first, second = ledger.queue_all([message("uk-fcdo"), message("kz-mfa")])
        first = ledger.move(first, State.SENDING)
        blocker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        blocker.execute("BEGIN IMMEDIATE")
        commit = ledger.start_advance(
            (first, State.SENT, 250, "OK"), second, at=dt.datetime(2021, 9, 10, tzinfo=dt.UTC)
        )
        assert not commit.done()  # the write lock is held elsewhere: nothing could be committed yet
        releaser = threading.Timer(0.3, blocker.execute, ("COMMIT",))
        releaser.start()
        # Reading waits for the commit in flight: it sees both moves, never one without the other.
        assert {m.recipient: m.state for m in ledger.messages()} == {"uk-fcdo": State.SENT, "kz-mfa": State.SENDING}
        started = commit.result()
        releaser.join()
        blocker.close()
        assert started is not None and started.state is State.SENDING
    other = sqlite3.connect(path)
    rows = other.execute("SELECT m.recipient, a.state, a.started FROM attempts a JOIN messages m ON m.id = a.message")
    attempts = {recipient: (state, started) for recipient, state, started in rows.fetchall()}
    assert attempts["kz-mfa"] == ("sending", "2021-09-10T00:00:00+00:00")
    assert attempts["uk-fcdo"][0] == "sent"
    other.close()


def test_a_failed_background_commit_raises_from_its_result_and_moves_nothing(tmp_path: Path) -> None:
    with Ledger(tmp_path / LEDGER_FILE) as ledger:
        first, second = ledger.queue_all([message("uk-fcdo"), message("kz-mfa")])
        first = ledger.move(first, State.SENDING)
        sent = ledger.move(second, State.SENDING)
        sent = ledger.move(sent, State.SENT)
        commit = ledger.start_advance((first, State.SENT, 250, "OK"), sent)  # sent -> sending is refused
        with pytest.raises(LedgerError, match="cannot go from sent to sending"):
            commit.result()
        # Rolled back as a whole: the outcome of the first message was not recorded either.
        assert {m.recipient: m.state for m in ledger.messages()} == {"uk-fcdo": State.SENDING, "kz-mfa": State.SENT}
        # The ledger is still usable: the outcome can be committed on its own.
        assert ledger.advance((first, State.SENT, 250, "OK"), None) is None
        recorded = ledger.message(first.message_id)
        assert recorded is not None and recorded.state is State.SENT
