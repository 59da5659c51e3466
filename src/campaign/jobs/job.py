"""The values a build passes around: what it was asked, one job, what became of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from campaign.manifest import Entry
from campaign.writers import built_formats

SECONDS_PER_DOCUMENT = 60


@dataclass(frozen=True)
class BuildOptions:
    """What the user asked `campaign build` to do."""

    out: Path
    recipients: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    formats: tuple[str, ...] = field(default_factory=built_formats)
    """Formats to write (`--format`); by default every format the writers' registry builds."""
    jobs: int = 0
    """Worker processes; 0 means one per core."""
    fallback: str | None = None
    as_of: dt.date | None = None
    """Write as of this day instead of the campaign date, e.g. to rebuild letters as of a later day."""
    seconds_per_document: int = SECONDS_PER_DOCUMENT
    """Time budget of one document; a document over it fails alone."""
    in_process: bool = False
    """Render in this process, without worker processes or their memory limit: for profiling and
    debugging (a hostile document is then not kept from the rest of the build)."""


@dataclass(frozen=True)
class Job:
    """One document for one recipient in one language, in one or more formats."""

    recipient: str
    document: str
    language: str
    formats: tuple[str, ...]
    fallback: str | None = None
    inputs_hash: str = ""


@dataclass(frozen=True)
class Outcome:
    """What became of one job: its files, or why it was skipped, or why it failed."""

    job: Job
    outputs: tuple[Entry, ...] = ()
    skipped: str | None = None
    error: str | None = None
    reused: bool = False


@dataclass
class BuildResult:
    """Every job's outcome, in plan order."""

    outcomes: list[Outcome] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    """What was removed from the output folder: the files of recipients no longer in the campaign."""
    held_back: dict[str, str] = field(default_factory=dict)
    """Languages not built because their catalog is incomplete (and no fallback was given), with why."""

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error]

    @property
    def skipped(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.skipped]

    @property
    def written(self) -> list[Entry]:
        return [out for o in self.outcomes if not o.reused for out in o.outputs]

    @property
    def reused(self) -> list[Entry]:
        return [out for o in self.outcomes if o.reused for out in o.outputs]
