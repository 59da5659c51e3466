"""Positions in input files and the messages that point at them.

Every problem found in user input becomes a `Diagnostic` with a `SourceSpan`, so the user sees
`recipients.yaml:14:12: recipients[uk-fs].email: not a valid email address [recipient.email-invalid]`
and can fix every mistake in one pass. Lines and columns are 1-based here and everywhere they
are shown; loaders convert from their libraries' 0-based marks exactly once.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


class Severity(enum.Enum):
    """How bad a diagnostic is; warnings fail a command only under `--strict`."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class SourceSpan:
    """A place in a file, shown as `file:line:col`."""

    file: str
    """Path as the user should see it (relative to the campaign folder where possible)."""
    line: int = 0
    """1-based line; 0 when the whole file is meant."""
    column: int = 0
    """1-based column; 0 when unknown."""

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.file}:{self.line}:{self.column}"
        if self.line:
            return f"{self.file}:{self.line}"
        return self.file


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in the input, with where it is and what to do about it."""

    message: str
    """What is wrong and what to do, in plain words."""
    code: str
    """A stable, dotted identifier such as `recipient.email-invalid`, usable to search the docs."""
    span: SourceSpan | None = None
    """Where the problem is; None for problems that belong to no file."""
    field: str = ""
    """The field path in the data, a record named by its id where it has one: `recipients[uk-fs].email`
    (`recipients[3].email` for a record without a usable id; see `LoadedYaml.field_path`)."""
    severity: Severity = Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        span = self.span or SourceSpan("")
        return (span.file, span.line, span.column, self.field, self.message)

    def format(self) -> str:
        """The one-line form printed by the CLI."""
        where = f"{self.span}: " if self.span else "campaign: "
        level = "warning: " if self.severity is Severity.WARNING else ""
        field_part = f"{self.field}: " if self.field else ""
        return f"{where}{level}{field_part}{self.message} [{self.code}]"


@dataclass
class Report:
    """Collects diagnostics from every stage so they are all reported together."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    def error(self, message: str, code: str, span: SourceSpan | None = None, field: str = "") -> None:
        self.add(Diagnostic(message, code, span, field))

    def warning(self, message: str, code: str, span: SourceSpan | None = None, field: str = "") -> None:
        self.add(Diagnostic(message, code, span, field, Severity.WARNING))

    @property
    def errors(self) -> list[Diagnostic]:
        return sorted((d for d in self.items if d.severity is Severity.ERROR), key=Diagnostic.sort_key)

    @property
    def warnings(self) -> list[Diagnostic]:
        return sorted((d for d in self.items if d.severity is Severity.WARNING), key=Diagnostic.sort_key)


def format_all(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """Sorted, de-duplicated lines for a list of diagnostics."""
    seen: set[str] = set()
    lines = []
    for diagnostic in sorted(diagnostics, key=Diagnostic.sort_key):
        line = diagnostic.format()
        if line not in seen:
            seen.add(line)
            lines.append(line)
    return lines
