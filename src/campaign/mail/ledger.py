"""The send ledger: who was sent what, when, and what their server answered. SQLite, in the campaign folder.

It lives beside campaign.yaml (`.campaign-ledger.sqlite`, ignored by git), not in `out/`, which is
disposable. Two tables, schema version in `PRAGMA user_version`:

```
messages  id, recipient, message_id (unique), content_sha256, envelope_to, attachments (JSON:
          filename, sha256, bytes), state, created, updated
attempts  id, message -> messages.id, started (= the Date header sent), finished, state,
          code (the server's reply code, if any), reply (its text, or what went wrong)
```

Message states and the only moves between them are in `campaign.mail.state`. Every move goes
through `Ledger.move`, which checks it against `TRANSITIONS` and commits before it returns, so
the state on disk is right before and after each SMTP transaction. A row still in `sending` when
a run starts belongs to a run that died mid-transaction: it becomes `unknown`.
WAL journal with `synchronous=FULL`: a committed `sending` survives a crash or a power cut.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from campaign.errors import CampaignError
from campaign.mail.message import AttachmentRecord, BuiltMessage
from campaign.mail.state import TRANSITIONS, State

LEDGER_FILE = ".campaign-ledger.sqlite"
SCHEMA_VERSION = 1


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
    reply TEXT
);
CREATE INDEX attempts_message ON attempts (message);
"""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _stamp(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).isoformat(timespec="seconds")


class Ledger:
    """The ledger of one campaign folder; use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, timeout=10)
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = FULL")
        self._db.execute("PRAGMA foreign_keys = ON")
        self._migrate()

    @classmethod
    def for_campaign(cls, folder: Path) -> Ledger:
        return cls(folder / LEDGER_FILE)

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def _migrate(self) -> None:
        with self._transaction():  # IMMEDIATE: two first runs cannot both create the tables
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise LedgerError(f"{self.path} was written by a newer version of campaign (schema {version})")
            if version == 0:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

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

    def messages(self, recipient: str | None = None) -> list[MessageRow]:
        """Messages in the order they were queued, optionally for one recipient."""
        sql = "SELECT * FROM messages" + (" WHERE recipient = ?" if recipient else "") + " ORDER BY id"
        return [_message_row(row) for row in self._db.execute(sql, (recipient,) if recipient else ())]

    def message(self, message_id: str) -> MessageRow | None:
        row = self._db.execute("SELECT * FROM messages WHERE message_id = ?", (message_id,)).fetchone()
        return _message_row(row) if row else None

    def attempts(self) -> list[AttemptRow]:
        """Every attempt, oldest first: the audit trail."""
        sql = """SELECT m.recipient, m.message_id, m.content_sha256, m.attachments,
                        a.started, a.finished, a.state, a.code, a.reply
                 FROM attempts a JOIN messages m ON m.id = a.message ORDER BY a.id"""
        return [
            AttemptRow(r[0], r[1], r[2], _attachments(r[3]), r[4], r[5], State(r[6]), r[7], r[8])
            for r in self._db.execute(sql).fetchall()
        ]

    def last_attempt(self, message: MessageRow) -> AttemptRow | None:
        attempts = [a for a in self.attempts() if a.message_id == message.message_id]
        return attempts[-1] if attempts else None

    # --- writing -------------------------------------------------------------------------------

    def queue(self, built: BuiltMessage, at: dt.datetime | None = None) -> MessageRow:
        """The ledger row for a message about to be sent: the existing one, or a new `queued` one."""
        existing = self.message(built.message_id)
        if existing:
            return existing
        stamp = _stamp(at or utc_now())
        attachments = json.dumps([a.__dict__ for a in built.attachments], ensure_ascii=False)
        with self._transaction():
            self._db.execute(
                "INSERT INTO messages (recipient, message_id, content_sha256, envelope_to, attachments, state,"
                " created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
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
        queued = self.message(built.message_id)
        assert queued is not None
        return queued

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
        stamp = _stamp(at or utc_now())
        with self._transaction():
            row = self._db.execute("SELECT state FROM messages WHERE id = ?", (message.id,)).fetchone()
            if row is None:
                raise LedgerError(f"message {message.message_id} is not in the ledger")
            old = State(row[0])
            check_transition(old, new)
            self._db.execute("UPDATE messages SET state = ?, updated = ? WHERE id = ?", (new.value, stamp, message.id))
            if new is State.SENDING:
                self._db.execute(
                    "INSERT INTO attempts (message, started, state) VALUES (?, ?, ?)", (message.id, stamp, new.value)
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
        moved = self.message(message.message_id)
        assert moved is not None
        return moved

    def recover_interrupted(self) -> list[MessageRow]:
        """Messages a dead run left in `sending` become `unknown`: the server may have them."""
        stuck = [m for m in self.messages() if m.state is State.SENDING]
        reply = "the sending run stopped during the SMTP transaction; the server may have the message"
        return [self.move(m, State.UNKNOWN, reply=reply) for m in stuck]


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
