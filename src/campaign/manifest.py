"""`OUT/manifest.json`: what `campaign build` wrote, from which inputs, and what it skipped on purpose.

The one module that reads and writes the file. The build reads it to reuse outputs whose inputs
did not change; `campaign email build` reads it to know each recipient's files and their hashes.

```json
{"campaign": "...", "date": "2021-09-06", "inputs": {"code": "<sha256>", ...},
 "entries": [{"recipient": "uk-fs", "document": "appeal", "language": "en", "format": "pdf",
              "path": "uk-fs/appeal.en.pdf", "sha256": "...", "bytes": 1234, "inputs": "<sha256>",
              "fallback_from": "en",            # only for files built with --fallback
              "as_of": "2022-06-01"}],          # only for files built with --as-of
 "skipped": {"uk-fs/sanctions-brief/en": {"reason": "...", "inputs": "<sha256>"}}}
```

A build of part of the campaign (`--recipient`, `--document`, `--lang`, `--format`) merges into the
manifest (`merge_manifest`): what it did not touch stays, so `campaign email build` still finds
every file a recipient is owed, and the next full build reuses what is unchanged.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from campaign.errors import InputError, InputMissingError
from campaign.files import write_atomically

MANIFEST_FILE = "manifest.json"


@dataclass(frozen=True)
class Entry:
    """One file written (or reused) by the build."""

    recipient: str
    document: str
    language: str
    format: str
    path: str
    """Relative to the output folder, e.g. `uk-fs/appeal.en.pdf`."""
    sha256: str
    bytes: int
    inputs: str
    """Hash of everything the file was made from; equal hashes mean the file can be reused."""
    fallback_from: str | None = None
    """The language whose messages stood in for missing ones (`build --fallback`), if any."""
    as_of: str | None = None
    """The day the file was written as of (`build --as-of`), if not the campaign date."""

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.recipient, self.document, self.language, self.format)


@dataclass(frozen=True)
class Skip:
    """A document the build did not write on purpose, and why (e.g. no sanctions ground applies)."""

    reason: str
    inputs: str
    fallback_from: str | None = None
    as_of: str | None = None


def skip_key(recipient: str, document: str, language: str) -> str:
    """How a skipped document is named in the manifest: `recipient/document/language`."""
    return f"{recipient}/{document}/{language}"


@dataclass(frozen=True)
class Manifest:
    """The whole of manifest.json."""

    campaign: str
    date: str
    inputs: dict[str, str] = field(default_factory=dict)
    entries: tuple[Entry, ...] = ()
    skipped: dict[str, Skip] = field(default_factory=dict)

    def for_recipient(self, recipient: str) -> list[Entry]:
        return [e for e in self.entries if e.recipient == recipient]

    def skipped_for(self, recipient: str) -> list[str]:
        """The reasons the build gave for skipping documents of `recipient`."""
        return [skip.reason for key, skip in self.skipped.items() if key.startswith(f"{recipient}/")]


def read_manifest(out: Path) -> Manifest:
    """The manifest in `out`; InputMissingError when `campaign build` has not run, InputError when
    the file is not one the build wrote."""
    path = out / MANIFEST_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Manifest(
            campaign=str(raw["campaign"]),
            date=str(raw["date"]),
            inputs={str(k): str(v) for k, v in dict(raw.get("inputs", {})).items()},
            entries=tuple(_entry(e) for e in raw["entries"]),
            skipped={
                str(k): Skip(
                    str(v["reason"]), str(v.get("inputs", "")), _optional(v, "fallback_from"), _optional(v, "as_of")
                )
                for k, v in raw.get("skipped", {}).items()
            },
        )
    except FileNotFoundError:
        raise InputMissingError(f"{path} does not exist; run `campaign build` first") from None
    except OSError as exc:
        raise InputError(f"{path} cannot be read ({exc.strerror}); run `campaign build` again") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"{path} is not a manifest written by `campaign build` ({exc!r})") from None


def previous_manifest(out: Path) -> Manifest | None:
    """The manifest of an earlier build, or None when there is none worth reusing from."""
    try:
        return read_manifest(out)
    except (InputError, InputMissingError):
        return None


def write_manifest(out: Path, manifest: Manifest) -> None:
    """Write the manifest atomically, entries and skips sorted so equal builds give equal files."""
    entries = [_without_none(asdict(entry)) for entry in sorted(manifest.entries, key=lambda e: e.key)]
    data: dict[str, Any] = {
        "campaign": manifest.campaign,
        "date": manifest.date,
        "inputs": manifest.inputs,
        "entries": entries,
        "skipped": {key: _without_none(asdict(skip)) for key, skip in sorted(manifest.skipped.items())},
    }
    write_atomically(out / MANIFEST_FILE, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())


def merge_manifest(previous: Manifest | None, new: Manifest, keep: set[str]) -> Manifest:
    """`new` (what a build just did) over `previous` (the manifest before it).

    A file the new build wrote replaces the earlier entry of that file; a document it skipped
    replaces the earlier files of that document and language; a document it wrote replaces an
    earlier skip. Everything else of `previous` stays, for the recipients in `keep` (those still in
    the campaign): the entries of any other recipient are dropped.
    """
    if previous is None:
        return new
    written = {entry.key for entry in new.entries}
    written_triples = {entry.key[:3] for entry in new.entries}
    skipped_triples = {tuple(key.split("/", 2)) for key in new.skipped}
    entries = [
        entry
        for entry in previous.entries
        if entry.recipient in keep and entry.key not in written and entry.key[:3] not in skipped_triples
    ]
    skipped = {
        key: skip
        for key, skip in previous.skipped.items()
        if key.split("/", 1)[0] in keep and tuple(key.split("/", 2)) not in written_triples
    }
    skipped.update(new.skipped)
    return Manifest(new.campaign, new.date, new.inputs, (*entries, *new.entries), skipped)


def _without_none(item: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in item.items() if value is not None or key not in ("fallback_from", "as_of")}


def _optional(raw: dict[str, Any], key: str) -> str | None:
    value = raw.get(key)
    return None if value is None else str(value)


def _entry(raw: dict[str, Any]) -> Entry:
    return Entry(
        recipient=str(raw["recipient"]),
        document=str(raw["document"]),
        language=str(raw["language"]),
        format=str(raw["format"]),
        path=str(raw["path"]),
        sha256=str(raw["sha256"]),
        bytes=int(raw["bytes"]),
        inputs=str(raw.get("inputs", "")),
        fallback_from=_optional(raw, "fallback_from"),
        as_of=_optional(raw, "as_of"),
    )
