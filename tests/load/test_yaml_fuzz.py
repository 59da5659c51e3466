"""Property tests: whatever bytes or YAML-ish text campaign.yaml or recipients.yaml holds,
`validate` fails only with our own error, and the CLI exits 1 naming the file and a line in it."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign.app import validate as app
from campaign.errors import CampaignError
from tests.load.validate_support import MINIMAL, copy_minimal, validate

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
"""Fast and the same on every run: a failure found once is found again."""

FRAGMENTS = [
    "name:", "recipients:", "organisation:", "languages:", "- id: uk-fcdo", "email: a@example.org",
    "date: 2021-02-30", "- ", "-", ": ", ":", "? ", "&a ", "*a", "&b [*a, *a]", "<<: *a",
    "!!python/object/apply:os.system ['id']", "!!str ", "!!int ", "!vault ", "!<tag:x> ",
    "---", "...", "%YAML 1.1", "%TAG ! tag:x,2000:", "\"", "'", "\"\\u202e\"", "\"\\x07\"", "\"\\ud800\"",
    "[", "]", "{", "}", ",", "#", "|", ">-", "\t", "  ", "    ", "\n", "\r\n", "\r", "no", "on", "01234",
    "12:30", "1.10", "~", "null", "é", "Дана", "\u202e", "\u2028", "\x85", "\x07", "\ufffe", "\ue000",
    "\ud800", "\x00", "\ufeff", "=?utf-8?q?x?=",
]  # fmt: skip
"""Pieces of YAML syntax, traps and hostile characters; examples are random sequences of them."""

yaml_ish = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)),
    min_size=1,
    max_size=40,
).map("".join)

TARGETS = ["campaign.yaml", "recipients.yaml"]


def write(folder: Path, target: str, content: bytes) -> None:
    """Put `content` in `target`, every other file back as in the minimal campaign."""
    for name in TARGETS:
        (folder / name).write_bytes((MINIMAL / name).read_bytes())
    (folder / target).write_bytes(content)


def check_library(folder: Path, target: str, content: bytes) -> None:
    """`app.validate` raises our error, with at least one diagnostic on a line of `target`."""
    write(folder, target, content)
    try:
        app.validate(folder)
    except CampaignError as exc:
        located = [d for d in exc.diagnostics if d.span and d.span.file == target and d.span.line >= 1]
        assert located, [d.format() for d in exc.diagnostics]
        # The end of the file may be reported on the line after the last; CR, LF and CRLF end a
        # line, as in every editor (NEL, U+2028 and U+2029 do not, though YAML 1.1 counts them).
        last_line = len(re.findall(rb"\r\n|\r|\n", content)) + 2
        for diagnostic in located:
            assert diagnostic.span is not None and diagnostic.span.line <= last_line, diagnostic.format()
            assert "\n" not in diagnostic.format() and "\r" not in diagnostic.format(), diagnostic.format()
    else:
        raise AssertionError(f"{target} = {content!r} was accepted")


def check_cli(folder: Path, target: str, content: bytes) -> None:
    """The CLI exits 1, prints only well-formed diagnostic lines, one of them on a line of `target`."""
    write(folder, target, content)
    outcome = validate(folder)  # also fails on a traceback or a malformed line
    assert outcome.exit_code == 1, outcome.output
    assert [d for d in outcome.lines if d.file == target and d.line >= 1], outcome.output


@FUZZ
@given(target=st.sampled_from(TARGETS), content=st.binary(max_size=300))
def test_random_bytes(tmp_path: Path, target: str, content: bytes) -> None:
    folder = tmp_path / "campaign"
    if not folder.exists():
        copy_minimal(tmp_path)
    check_library(folder, target, content)
    check_cli(folder, target, content)


@FUZZ
@given(target=st.sampled_from(TARGETS), text=yaml_ish)
def test_random_yaml_ish_text(tmp_path: Path, target: str, text: str) -> None:
    folder = tmp_path / "campaign"
    if not folder.exists():
        copy_minimal(tmp_path)
    content = text.encode("utf-8", "surrogatepass")
    check_library(folder, target, content)
    check_cli(folder, target, content)
