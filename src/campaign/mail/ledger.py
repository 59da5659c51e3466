"""The send ledger: who was sent what, when, and what their server answered. SQLite, in the campaign folder.

It lives beside campaign.yaml (`.campaign-ledger.sqlite`, ignored by git), not in `out/`, which is
disposable. Two tables, schema version in `PRAGMA user_version`:

```
messages  id, recipient, message_id (unique), content_sha256, envelope_to, attachments (JSON:
          filename, sha256, bytes), state, created, updated
attempts  id, message -> messages.id, started (= the Date header sent), finished, state,
          code (the server's reply code, if any), reply (its text, or what went wrong),
          note (who asked for a retry of a failed message, and what it had failed with)
```

Message states and the only moves between them are in `campaign.mail.state`. Every move goes
through `Ledger._move`, which checks it against `TRANSITIONS`, inside a transaction that is
committed before the move is reported made (`move`, `advance`, the result of `start_advance`). A
row still in `sending` when a run starts belongs to a run that died mid-transaction: it becomes
`unknown`.

A run queues its messages in one transaction and records each outcome in the same commit as the
next message's `sending` (`Ledger.advance`): one disk flush per message instead of two. That
commit waits for the disk (an fsync, 4-5 ms on this project's machines), so `Ledger.start_advance`
makes it in a worker thread while the sender talks to the server (MAIL, RCPT, DATA and the data
itself), and the sender waits for it before the data's final "." (the byte after which the server
may keep the message). One commit at most is in flight; every other method of the ledger first
waits for it, so the connection is never used from two threads at once.

WAL journal with `synchronous=FULL`: each commit is flushed to the disk before it counts as made.
What holds, for a process killed at any moment (SIGKILL) and for a power cut alike (given a disk
that keeps what it said it flushed):

- a message whose final "." went to the server is `sending` or later on disk, never `queued`:
  it is not sent again without `--resend-unknown`;
- an outcome, once committed, is never lost; one not yet committed (the server answered, the next
  commit was not made) leaves its message in `sending`, which the next run turns into `unknown`,
  never into `sent` or back to `queued`;
- the `queued` rows are committed before the first message goes.

`synchronous=NORMAL` (in WAL mode, no flush at each commit; measured ~0.1 ms a commit instead of
4-5 ms) keeps every commit through a killed process, but a power cut can take back the last
commits, a `sending` among them: a message already sent would be `queued` again and sent twice.
So FULL stays, and its cost is hidden behind the SMTP dialogue instead.

`email status` and `email export` open the ledger read-only (`Ledger.read_only`): they work while a
send runs and never change the file.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import json
import sqlite3
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType

from campaign.errors import CampaignError
from campaign.mail.message import AttachmentRecord, BuiltMessage
from campaign.mail.state import TRANSITIONS, State

LEDGER_FILE = ".campaign-ledger.sqlite"
SCHEMA_VERSION = 2


class LedgerError(CampaignError):
    """The ledger refused a move, is locked by another run, or was written by a newer version."""


def check_transition(old: State, new: State) -> None:
    """The one check every state change goes through."""
    if (old, new) not in TRANSITIONS or not new.stored:
        raise LedgerError(f"a message cannot go from {old.value} to {new.value}")


@dataclass(frozen=True)
class MessageRow:
    """One message as the ledger knows it."""

    id: int
    recipient: str
    message_id: str
    content_sha256: str
    envelope_to: str
    attachments: tuple[AttachmentRecord, ...]
    state: State
    created: str
    updated: str


@dataclass(frozen=True)
class AttemptRow:
    """One try at handing a message to the server (or at reaching it)."""

    recipient: str
    message_id: str
    content_sha256: str
    attachments: tuple[AttachmentRecord, ...]
    started: str
    finished: str | None
    state: State
    code: int | None
    reply: str | None
    note: str | None = None


_SCHEMA = """
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL,
    message_id TEXT NOT NULL UNIQUE,
    content_sha256 TEXT NOT NULL,
    envelope_to TEXT NOT NULL,
    attachments TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'deferred', 'failed', 'unknown')),
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX messages_recipient ON messages (recipient);
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    message INTEGER NOT NULL REFERENCES messages (id),
    started TEXT NOT NULL,
    finished TEXT,
    state TEXT NOT NULL,
    code INTEGER,
    reply TEXT,
    note TEXT
);
CREATE INDEX attempts_message ON attempts (message);
"""

_MIGRATIONS = {1: "ALTER TABLE attempts ADD COLUMN note TEXT"}
"""The statement that brings a ledger from each schema version to the next."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _stamp(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).isoformat(timespec="seconds")


class Ledger:
    """The ledger of one campaign folder; use as a context manager."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._worker: ThreadPoolExecutor | None = None
        self._in_flight: Future[MessageRow | None] | None = None
        try:
            if read_only:
                self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
                version = self._db.execute("PRAGMA user_version").fetchone()[0]
                self._check_version(version)
                self._note = "a.note" if version >= 2 else "NULL"
            else:
                # check_same_thread: `start_advance` commits from a worker thread, one use at a time.
                self._db = sqlite3.connect(path, isolation_level=None, timeout=10, check_same_thread=False)
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = FULL")
                self._db.execute("PRAGMA foreign_keys = ON")
                self._migrate()
                self._note = "a.note"
        except sqlite3.Error as exc:
            raise _ledger_error(path, exc) from None

    @classmethod
    def for_campaign(cls, folder: Path) -> Ledger:
        return cls(folder / LEDGER_FILE)

    @classmethod
    def read_only_for_campaign(cls, folder: Path) -> Ledger:
        """The ledger opened for reading only: no lock taken, nothing written, works during a send."""
        return cls(folder / LEDGER_FILE, read_only=True)

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._settle()
        if self._worker is not None:
            self._worker.shutdown()
            self._worker = None
        self._db.close()

    def _settle(self) -> None:
        """Wait for the commit `start_advance` left in flight, if any (its caller gets its outcome)."""
        if self._in_flight is not None:
            wait([self._in_flight])
            self._in_flight = None

    def _check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise LedgerError(f"{self.path} was written by a newer version of campaign (schema {version})")

    def _migrate(self) -> None:
        with self._transaction():  # IMMEDIATE: two first runs cannot both create the tables
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            self._check_version(version)
            if version == 0:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
            else:
                for step in range(version, SCHEMA_VERSION):
                    self._db.execute(_MIGRATIONS[step])
            if version != SCHEMA_VERSION:
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _transaction(self, *, settle: bool = True) -> Iterator[None]:
        if settle:
            self._settle()
        if self.read_only:
            raise LedgerError(f"{self.path} is open for reading only")
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _ledger_error(self.path, exc) from None
        try:
            yield
        except BaseException as exc:
            self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise _ledger_error(self.path, exc) from None
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise _ledger_error(self.path, exc) from None

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the campaign's send lock: two `send` runs at once could send a message twice."""
        with open(self.path.with_name(self.path.name + ".lock"), "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise LedgerError("another `campaign email send` is running for this campaign") from None
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    # --- reading -------------------------------------------------------------------------------

    def _query(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        self._settle()
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            raise _ledger_error(self.path, exc) from None

    def messages(self, recipient: str | None = None) -> list[MessageRow]:
        """Messages in the order they were queued, optionally for one recipient."""
        sql = "SELECT * FROM messages" + (" WHERE recipient = ?" if recipient else "") + " ORDER BY id"
        return [_message_row(row) for row in self._query(sql, (recipient,) if recipient else ())]

    def message(self, message_id: str) -> MessageRow | None:
        rows = self._query("SELECT * FROM messages WHERE message_id = ?", (message_id,))
        return _message_row(rows[0]) if rows else None

    @property
    def _attempts_sql(self) -> str:
        return f"""SELECT m.recipient, m.message_id, m.content_sha256, m.attachments,
                          a.started, a.finished, a.state, a.code, a.reply, {self._note}
                   FROM attempts a JOIN messages m ON m.id = a.message"""

    def attempts(self) -> list[AttemptRow]:
        """Every attempt, oldest first: the audit trail."""
        return [_attempt_row(r) for r in self._query(self._attempts_sql + " ORDER BY a.id")]

    def last_attempt(self, message: MessageRow) -> AttemptRow | None:
        rows = self._query(self._attempts_sql + " WHERE a.message = ? ORDER BY a.id DESC LIMIT 1", (message.id,))
        return _attempt_row(rows[0]) if rows else None

    # --- writing -------------------------------------------------------------------------------

    def queue(self, built: BuiltMessage, at: dt.datetime | None = None) -> MessageRow:
        """The ledger row for a message about to be sent: the existing one, or a new `queued` one."""
        return self.queue_all([built], at)[0]

    def queue_all(self, messages: list[BuiltMessage], at: dt.datetime | None = None) -> list[MessageRow]:
        """The ledger rows for messages about to be sent (existing ones, or new `queued` ones), in one commit."""
        stamp = _stamp(at or utc_now())
        with self._transaction():
            for built in messages:
                attachments = json.dumps([a.__dict__ for a in built.attachments], ensure_ascii=False)
                self._db.execute(
                    "INSERT OR IGNORE INTO messages (recipient, message_id, content_sha256, envelope_to, attachments,"
                    " state, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        built.recipient,
                        built.message_id,
                        built.content_sha256,
                        built.envelope_to,
                        attachments,
                        State.QUEUED.value,
                        stamp,
                        stamp,
                    ),
                )
        rows = []
        for built in messages:
            row = self.message(built.message_id)
            assert row is not None
            rows.append(row)
        return rows

    def move(
        self,
        message: MessageRow,
        new: State,
        *,
        at: dt.datetime | None = None,
        code: int | None = None,
        reply: str | None = None,
    ) -> MessageRow:
        """Change a message's state, record the attempt, and commit; LedgerError if the move is illegal.

        Entering `sending` opens an attempt (its time is the Date header sent); leaving it closes that
        attempt with the server's reply. `queued`/`deferred` to `deferred` is an attempt that never
        reached a server (it could not be reached).
        """
        with self._transaction():
            return self._move(message, new, _stamp(at or utc_now()), code, reply)

    def advance(
        self,
        finished: tuple[MessageRow, State, int | None, str | None] | None,
        started: MessageRow | None,
        *,
        at: dt.datetime | None = None,
        note: str | None = None,
    ) -> MessageRow | None:
        """In one commit: record the outcome of the message `finished` (row, state, code, reply), and
        move `started` to `sending` (its attempt's time is `at`, the Date header sent).

        Either may be None (the first message of a run, or the last outcome). Returns `started` as
        moved.
        """
        self._settle()
        return self._advance(finished, started, _stamp(at or utc_now()), note)

    def start_advance(
        self,
        finished: tuple[MessageRow, State, int | None, str | None] | None,
        started: MessageRow | None,
        *,
        at: dt.datetime | None = None,
        note: str | None = None,
    ) -> Future[MessageRow | None]:
        """`advance`, committed by a worker thread: the caller talks to the server meanwhile and
        calls `result()` (which raises LedgerError if the commit failed) before the final "." of
        the data. Until then nothing is known to be on disk. Any other use of the ledger first
        waits for this commit.
        """
        self._settle()
        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="campaign-ledger")
        stamp = _stamp(at or utc_now())
        self._in_flight = self._worker.submit(self._advance, finished, started, stamp, note)
        return self._in_flight

    def _advance(
        self,
        finished: tuple[MessageRow, State, int | None, str | None] | None,
        started: MessageRow | None,
        stamp: str,
        note: str | None,
    ) -> MessageRow | None:
        with self._transaction(settle=False):
            if finished is not None:
                row, state, code, reply = finished
                self._move(row, state, stamp if started is None else _stamp(utc_now()), code, reply)
            if started is not None:
                return self._move(started, State.SENDING, stamp, None, None, note)
        return None

    def _move(
        self, message: MessageRow, new: State, stamp: str, code: int | None, reply: str | None, note: str | None = None
    ) -> MessageRow:
        row = self._db.execute("SELECT state FROM messages WHERE id = ?", (message.id,)).fetchone()
        if row is None:
            raise LedgerError(f"message {message.message_id} is not in the ledger")
        old = State(row[0])
        check_transition(old, new)
        self._db.execute("UPDATE messages SET state = ?, updated = ? WHERE id = ?", (new.value, stamp, message.id))
        if new is State.SENDING:
            self._db.execute(
                "INSERT INTO attempts (message, started, state, note) VALUES (?, ?, ?, ?)",
                (message.id, stamp, new.value, note),
            )
        elif old is State.SENDING:
            self._db.execute(
                "UPDATE attempts SET finished = ?, state = ?, code = ?, reply = ?"
                " WHERE message = ? AND state = 'sending'",
                (stamp, new.value, code, reply, message.id),
            )
        else:
            self._db.execute(
                "INSERT INTO attempts (message, started, finished, state, code, reply) VALUES (?, ?, ?, ?, ?, ?)",
                (message.id, stamp, stamp, new.value, code, reply),
            )
        return replace(message, state=new, updated=stamp)

    def recover_interrupted(self) -> list[MessageRow]:
        """Messages a dead run left in `sending` become `unknown`: the server may have them."""
        stuck = [m for m in self.messages() if m.state is State.SENDING]
        reply = "the sending run stopped during the SMTP transaction; the server may have the message"
        return [self.move(m, State.UNKNOWN, reply=reply) for m in stuck]


def retry_note(row: AttemptRow | None) -> str:
    """What the ledger keeps about a retry of a failed message: who asked, and what it had failed with."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "an unknown user"
    reason = f"{row.code or ''} {row.reply or ''}".strip() if row else ""
    return f"retry of a failed message requested by {who} (--retry-failed); it had failed with: {reason or 'no reply'}"


def _ledger_error(path: Path, exc: sqlite3.Error) -> LedgerError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return LedgerError(f"{path} is locked by another program ({text}); try again when it has finished")
    if isinstance(exc, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text):
        return LedgerError(f"{path} is not a send ledger ({text}); move it aside (never delete the audit trail)")
    return LedgerError(f"{path} cannot be used ({text})")


def _attempt_row(r: tuple[object, ...]) -> AttemptRow:
    code = r[7]
    return AttemptRow(
        str(r[0]),
        str(r[1]),
        str(r[2]),
        _attachments(r[3]),
        str(r[4]),
        None if r[5] is None else str(r[5]),
        State(str(r[6])),
        None if code is None else int(str(code)),
        None if r[8] is None else str(r[8]),
        None if r[9] is None else str(r[9]),
    )


def _message_row(row: tuple[object, ...]) -> MessageRow:
    ident, recipient, message_id, content, envelope_to, attachments, state, created, updated = row
    return MessageRow(
        int(str(ident)),
        str(recipient),
        str(message_id),
        str(content),
        str(envelope_to),
        _attachments(attachments),
        State(str(state)),
        str(created),
        str(updated),
    )


def _attachments(stored: object) -> tuple[AttachmentRecord, ...]:
    return tuple(AttachmentRecord(**a) for a in json.loads(str(stored)))
