"""Shared by the validate tests: a copy of the minimal campaign to break, and the CLI's lines parsed.

The tests edit one file of the copy, remember the line they edited, run `campaign validate`
in-process and look for a diagnostic naming that file, that line and the field path. Expected
positions therefore come from the test's own edit, never from text the code under test printed.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from campaign.cli import cli

MINIMAL = Path(__file__).parents[1] / "data" / "minimal"
"""The valid campaign every test starts from."""

_LINE = re.compile(
    r"^(?P<file>[^:\s]+?)(?::(?P<line>\d+)(?::(?P<col>\d+))?)?: "
    r"(?P<warning>warning: )?(?:(?P<field>[\w.\[\]-]+): )?(?P<message>.*) \[(?P<code>[a-z0-9.-]+)\]$"
)
_COUNT = re.compile(r"^(\d+) error\(s\), (\d+) warning\(s\)$")


@dataclass(frozen=True)
class Line:
    """One `FILE:LINE:COL: field: message [code]` line of the output."""

    file: str
    line: int
    column: int
    field: str
    message: str
    code: str
    warning: bool


QUALITY_WARNINGS = frozenset({"case.src-unrecorded", "case.target-without-acts"})
"""What the minimal case leaves unrecorded on purpose (where each source says a fact; the target's
dated acts): warnings about a dossier's strength, tested on their own in tests/load/test_case_checks.py."""


@dataclass(frozen=True)
class Outcome:
    """What `campaign validate` did: exit code, raw output and the diagnostics parsed from it."""

    exit_code: int
    output: str
    lines: list[Line]
    errors: int | None
    warnings: int | None

    def located(self, file: str, line: int, field: str = "") -> list[Line]:
        """The error lines for `file` at `line` whose field path is `field` (any field if empty)."""
        return [
            d
            for d in self.lines
            if not d.warning and d.file == file and d.line == line and (not field or d.field == field)
        ]

    @property
    def shown(self) -> list[Line]:
        """The diagnostics other than the minimal case's deliberate quality warnings."""
        return [d for d in self.lines if d.code not in QUALITY_WARNINGS]

    @property
    def other_warnings(self) -> int | None:
        """The warning count without the minimal case's deliberate quality warnings."""
        quality = sum(d.code in QUALITY_WARNINGS for d in self.lines)
        return None if self.warnings is None else self.warnings - quality

    def codes(self) -> list[str]:
        return [d.code for d in self.lines]


def copy_minimal(tmp: Path) -> Path:
    """A fresh copy of the minimal campaign under `tmp`, safe to break."""
    folder = tmp / "campaign"
    shutil.copytree(MINIMAL, folder)
    return folder


def parse(output: str) -> tuple[list[Line], int | None, int | None]:
    """Diagnostic lines and the count line of stderr; any other non-empty line fails the test.

    A diagnostic about a whole file (missing, too large) has no line: it parses with line 0.
    """
    lines: list[Line] = []
    errors = warnings = None
    for raw in output.splitlines():
        if not raw.strip():
            continue
        count = _COUNT.match(raw)
        if count:
            errors, warnings = int(count.group(1)), int(count.group(2))
            continue
        match = _LINE.match(raw)
        assert match, f"output line not in FILE:LINE:COL: field: message [code] form: {raw!r}\n{output}"
        lines.append(
            Line(
                file=match["file"],
                line=int(match["line"] or 0),
                column=int(match["col"] or 0),
                field=match["field"] or "",
                message=match["message"],
                code=match["code"],
                warning=bool(match["warning"]),
            )
        )
    return lines, errors, warnings


def validate(folder: Path, *extra: str) -> Outcome:
    """Run `campaign validate --campaign FOLDER` in-process."""
    result = CliRunner().invoke(cli, ["validate", "--campaign", str(folder), *extra])
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.exit_code in (0, 1), f"exit {result.exit_code}: {output}"
    lines, errors, warnings = parse(result.stderr)
    return Outcome(result.exit_code, output, lines, errors, warnings)


def editor_lines(text: str, *, keepends: bool = False) -> list[str]:
    """The lines of `text` as an editor numbers them: ended by LF, CR or CRLF only.

    `str.splitlines` also ends a line at VT, FF, U+001C-U+001E, NEL, U+2028 and U+2029, so a
    test that pastes one of those would expect a line number no editor shows.
    """
    lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z", text)
    return lines if keepends else [line.rstrip("\r\n") for line in lines]


def line_of(path: Path, needle: str, nth: int = 0) -> int:
    """1-based number of the line of `path` containing `needle`: the only one, or the `nth` (1-based)."""
    numbers = [i for i, text in enumerate(editor_lines(path.read_text(encoding="utf-8")), 1) if needle in text]
    if nth:
        assert len(numbers) >= nth, f"{needle!r} is on lines {numbers} of {path}"
        return numbers[nth - 1]
    assert len(numbers) == 1, f"{needle!r} is on lines {numbers} of {path}"
    return numbers[0]


def _edit(path: Path, number: int, new: str, *, insert: bool) -> None:
    lines = editor_lines(path.read_text(encoding="utf-8"), keepends=True)
    old = lines[number - 1]
    indent = old[: len(old) - len(old.lstrip())]
    if insert:
        lines.insert(number - 1, indent + new + "\n")
    else:
        lines[number - 1] = indent + new + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def replace_line(path: Path, needle: str, new: str, nth: int = 0) -> int:
    """Replace the line containing `needle` with `new`, keeping its indentation; return its number."""
    number = line_of(path, needle, nth)
    _edit(path, number, new, insert=False)
    return number


def insert_before(path: Path, needle: str, new: str, nth: int = 0) -> int:
    """Insert `new` as a sibling just above the line containing `needle`; return the new line's number."""
    number = line_of(path, needle, nth)
    _edit(path, number, new, insert=True)
    return number


def append(path: Path, text: str) -> int:
    """Append `text` (one or more lines) to `path`; return the number of its first line."""
    old = path.read_text(encoding="utf-8")
    path.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 1


def column_of(path: Path, line: int, needle: str) -> int:
    """1-based column where `needle` starts on `line` of `path`."""
    text = editor_lines(path.read_text(encoding="utf-8"))[line - 1]
    assert needle in text, f"{needle!r} not on line {line}: {text!r}"
    return text.index(needle) + 1


def insert_block(path: Path, needle: str, block: str, nth: int = 0) -> int:
    """Insert the lines of `block` just above the line containing `needle`, each indented like it
    (the block's own indentation is kept below that); return the number of the block's first line."""
    number = line_of(path, needle, nth)
    lines = editor_lines(path.read_text(encoding="utf-8"), keepends=True)
    old = lines[number - 1]
    indent = old[: len(old) - len(old.lstrip())]
    lines[number - 1 : number - 1] = [indent + text + "\n" for text in block.splitlines()]
    path.write_text("".join(lines), encoding="utf-8")
    return number


def delete_line(path: Path, needle: str, nth: int = 0) -> int:
    """Remove the line containing `needle`; return the number it had."""
    number = line_of(path, needle, nth)
    lines = editor_lines(path.read_text(encoding="utf-8"), keepends=True)
    del lines[number - 1]
    path.write_text("".join(lines), encoding="utf-8")
    return number
