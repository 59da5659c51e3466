"""The event reader reads exactly what the composing loader reads, or gives the file back to it.

`parse_yaml` reads a file in one pass over libyaml's events and leaves anything unusual to the
composing loader (libyaml's node graph, the slowest and most thorough path). Whatever the event
reader accepts must give the same data, and the same position for every value and key, as the
composing loader, or a message would point at a different line depending on which path read the
file; whatever the composing loader refuses, the event reader must give back. Checked on every YAML
file in the repository, on generated documents written in many styles, on YAML-ish line soup and
on a list of unusual constructs, including text libyaml rejects.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campaign.errors import InputError
from campaign.load import yaml as loader
from campaign.load.yaml import LoadedYaml, Path_, parse_yaml
from tests.campaign_support import ROOT

PROPERTY = settings(max_examples=400, deadline=None, derandomize=True, database=None)

PLAIN_FILES = sorted(
    p
    for p in [
        *ROOT.glob("*.yaml"),
        *ROOT.glob("cases/*.yaml"),
        *ROOT.glob("letters/*.yaml"),
        *ROOT.glob("tests/**/*.yaml"),
        *ROOT.glob("src/campaign/**/*.yaml"),
    ]
    if "invalid" not in p.parts
)


class GaveBackError(Exception):
    """The event reader gave the file back to the composing loader."""


def composed(text: str) -> LoadedYaml:
    """The file as the composing loader reads it (the event reader switched off)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "_parse_events", lambda *args: None)
        return parse_yaml(text, "file.yaml")


def by_events(text: str) -> LoadedYaml | None:
    """The file as `parse_yaml` gives it when the event reader reads it; None when the event
    reader gives it back. `InputError` if `parse_yaml` refuses the text before reading it."""
    original = loader._parse_events

    def events_only(text: str, display: str, lines: loader._Lines) -> LoadedYaml:
        result = original(text, display, lines)
        if result is None:
            raise GaveBackError
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "_parse_events", events_only)
        try:
            return parse_yaml(text, "file.yaml")
        except GaveBackError:
            return None


def paths(data: object, path: Path_ = ()) -> list[Path_]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*path, index))
    return found


def assert_same(fast: LoadedYaml, slow: LoadedYaml) -> None:
    assert fast.data == slow.data
    for where in paths(slow.data):
        assert fast.span(where) == slow.span(where), where
        assert fast.span(where, key=True) == slow.span(where, key=True), where
        assert fast.span((*where, "absent")) == slow.span((*where, "absent")), where


def check(text: str) -> LoadedYaml | None:
    """Same reading as the composing loader, or the file given back; given back when the
    composing loader refuses it. Returns the event reader's reading, if it read the file."""
    try:
        slow = composed(text)
    except InputError:
        with contextlib.suppress(InputError):  # refused before either reader ran: fine
            assert by_events(text) is None, f"the event reader accepted what libyaml refuses: {text!r}"
        return None
    fast = by_events(text)
    if fast is not None:
        assert_same(fast, slow)
    return fast


@pytest.mark.parametrize("path", PLAIN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_repository_files_are_read_by_the_event_reader_as_the_composing_loader_reads_them(path: Path) -> None:
    text = path.read_text("utf-8")
    fast = check(text)
    assert fast is not None, "the event reader gave a plain file back"  # so the comparison ran


@pytest.mark.parametrize(
    "text",
    [
        "a: |\n  block\n",
        "a: >-\n  folded\n",
        "a: one\n  two\n",
        "a:\nb: c\n",
        "a: b\na: c\n",
        "a: [b, [c]]\n",
        "a: [b,\n  c]\n",
        "a: [b, c,]\n",
        "a: []\n",
        "a: {}\n",
        "a: {b: c: d}\n",
        "a: [https://example.org]\n",
        "a: [b] c\n",
        "a: [b]#c\n",
        "a: b #\n  c\n",
        "a: # a comment, and no value below\nb: c\n",
        "a: b # a comment after a value\n",
        "a: # a comment before the value below\n  b: c\n",
        "a: 'b # c' # d\n",
        'a: "b" # c\n',
        "a: [b, 'c, d', \"e\"]  # f\n",
        "a: {b: c, d: 'e'}\n",
        "a:\n- [b, c]\n- d\n",
        "- {a: b}\n- c: [d]\n",
        "a: &x b\nc: *x\n",
        "a: !!str b\n",
        "'a': b\n",
        'a: "b\\tc"\n',
        'a: "b\u2028c"\nd: e\n',
        "a:\tb\n",
        "a: b\r\nc: d\r\n",
        "---\na: b\n",
        "a: b\n...\n",
        "- - a\n",
        "-\n  a: b\n",
        "a: b: c\n",
        "a: b:\n",
        "? a\n: b\n",
        "<<: {a: b}\n",
        "  a: b\n",
        "a: b\n c: d\n",
        "a:\n  - b\n  c: d\n",
        "a: \u202e\n",
        "plain scalar\n",
        "# only a comment\n",
    ],
)
def test_unusual_yaml_is_read_the_same_or_given_back(text: str) -> None:
    check(text)


KEYS = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,6}", fullmatch=True)
WORDS = st.sampled_from(["a", "bc", "Дана", "x y", "12", "é", "a.b", "-1", "ü@x.org"])
TRICKY = st.sampled_from([*" -:#'\"&*!|>%@`,[]{}?~", "\u00a0", "\\", "  ", ": ", " #", "\u202e"])
TEXT = st.lists(st.one_of(WORDS, WORDS, WORDS, TRICKY), min_size=1, max_size=6).map("".join)
"""Mostly words, sometimes a character that means something to YAML."""
PLAIN_TEXT = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
"""Words only: text any style of scalar holds as it is."""


def data(text: st.SearchStrategy[str]) -> st.SearchStrategy[object]:
    return st.recursive(
        text,
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=4),
            st.dictionaries(KEYS, inner, min_size=1, max_size=4),
        ),
        max_leaves=20,
    )


@st.composite
def documents(draw: st.DrawFn, text: st.SearchStrategy[str] = TEXT) -> str:
    """A mapping written out as a person might: plain or quoted values, lists indented or not,
    one-line flow lists, extra spaces, blank and comment lines."""
    width = draw(st.sampled_from([2, 3, 4]))
    lines: list[str] = []

    def scalar(value: str) -> str:
        style = draw(st.sampled_from(["plain", "single", "double"]))
        if style == "single":
            return "'" + value.replace("'", "''") + "'"
        if style == "double":
            return '"' + value + '"'
        return value

    def write(value: object, indent: int, lead: str) -> None:
        """`value` as the entries of a block collection; `lead` starts the first line."""
        if isinstance(value, dict):
            for key, item in value.items():
                gap = " " * draw(st.integers(1, 2))
                if isinstance(item, list) and all(isinstance(x, str) for x in item) and draw(st.booleans()):
                    lines.append(f"{lead}{key}:{gap}[{', '.join(scalar(x) for x in item)}]")
                elif isinstance(item, (dict, list)):
                    lines.append(f"{lead}{key}:")
                    compact = isinstance(item, list) and draw(st.booleans())
                    write(item, indent if compact else indent + width, " " * (indent if compact else indent + width))
                else:
                    lines.append(f"{lead}{key}:{gap}{scalar(item)}{' ' * draw(st.integers(0, 1))}")
                lead = " " * indent
                if draw(st.integers(0, 9)) == 0:
                    lines.append(draw(st.sampled_from(["", " " * indent + "# note", "#"])))
        elif isinstance(value, list):
            for item in value:
                dash = "-" + " " * draw(st.integers(1, 2))
                if isinstance(item, dict):
                    write(item, indent + len(dash), lead + dash)
                elif isinstance(item, list):
                    lines.append(lead + "-")
                    write(item, indent + width, " " * (indent + width))
                else:
                    lines.append(f"{lead}{dash}{scalar(item)}")
                lead = " " * indent

    write(draw(st.dictionaries(KEYS, data(text), min_size=1, max_size=4)), 0, "")
    return "\n".join(lines) + "\n"


@PROPERTY
@given(documents())
def test_generated_documents(text: str) -> None:
    check(text)


@settings(PROPERTY, max_examples=200)
@given(documents(PLAIN_TEXT))
def test_generated_plain_documents_are_read_by_the_event_reader(text: str) -> None:
    """Guard for the test above: documents of plain words are read by the event reader, so the
    comparison really runs on the nesting, quoting and spacing styles the generator writes."""
    assert check(text) is not None


LINE_SOUP = st.lists(
    st.tuples(
        st.sampled_from(["", "  ", "    ", " "]),
        st.sampled_from(["", "", "- ", "-  ", "-"]),
        st.sampled_from(["a: ", "a:", "b: ", "c:  ", "ab:", ""]),
        st.one_of(WORDS, TEXT, st.just(""), st.just("[a, 'b']"), st.just("{a: b}")),
    ).map("".join),
    min_size=1,
    max_size=8,
).map(lambda lines: "\n".join(lines) + "\n")


@PROPERTY
@given(LINE_SOUP)
def test_line_soup(text: str) -> None:
    check(text)
