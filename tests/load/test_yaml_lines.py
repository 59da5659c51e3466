"""The line reader reads exactly what libyaml reads, or gives the file back to libyaml.

`parse_yaml` tries `read_lines` first. Whatever it accepts must give the same data, and the same
position for every value and key, as the composing loader (libyaml's node graph, the slowest and
most thorough path); anything it is not sure of it must refuse, never read differently. Checked
on every YAML file in the repository and on generated documents written in many styles, and on
YAML-ish line soup, including text libyaml rejects.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_yaml_event_reader import PLAIN_FILES, paths

from campaign.errors import InputError
from campaign.load import yaml as loader
from campaign.load.yaml import MAX_DEPTH, MAX_NODES, LoadedYaml, parse_yaml
from campaign.load.yaml_lines import read_lines
from campaign_support import ROOT

PROPERTY = settings(max_examples=400, deadline=None, derandomize=True, database=None)


def composed(text: str) -> LoadedYaml:
    """The file as the composing loader reads it (both faster readers switched off)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "read_lines", lambda *args: None)
        patch.setattr(loader, "_parse_events", lambda *args: None)
        return parse_yaml(text, "file.yaml")


def by_lines(text: str) -> LoadedYaml | None:
    """The file as `parse_yaml` gives it when the line reader accepts it, else None."""
    if read_lines(text, MAX_DEPTH, MAX_NODES) is None:
        return None
    return parse_yaml(text, "file.yaml")


def assert_same(fast: LoadedYaml, slow: LoadedYaml) -> None:
    assert fast.data == slow.data
    for where in paths(slow.data):
        assert fast.span(where) == slow.span(where), where
        assert fast.span(where, key=True) == slow.span(where, key=True), where
        assert fast.span((*where, "absent")) == slow.span((*where, "absent")), where


def check(text: str) -> None:
    """Same reading as the composing loader, or a refusal; a refusal when libyaml refuses."""
    fast = by_lines(text)
    try:
        slow = composed(text)
    except InputError:
        assert fast is None, f"the line reader accepted what libyaml refuses: {text!r}"
        return
    if fast is not None:
        assert_same(fast, slow)


@pytest.mark.parametrize("path", PLAIN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_line_reader_matches_the_composing_loader(path: Path) -> None:
    check(path.read_text("utf-8"))


@pytest.mark.parametrize("name", ["recipients.yaml", "cases/askar-kaiyrbek.yaml", "letters/regimes.yaml"])
def test_plain_campaign_files_take_the_line_reader(name: str) -> None:
    """Guard for the tests above: the bundled files really are read by the line reader."""
    text = (ROOT / name).read_text("utf-8")
    fast = by_lines(text)
    assert fast is not None and fast.entry_lines
    assert_same(fast, composed(text))


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
        "a: {b: c: d}\n",
        "a: [https://example.org]\n",
        "a: [b] c\n",
        "a: [b]#c\n",
        "a: b #\n  c\n",
        "a: # a comment, and no value below\nb: c\n",
        "a: &x b\nc: *x\n",
        "a: !!str b\n",
        "'a': b\n",
        'a: "b\\tc"\n',
        "a:\tb\n",
        "a: b\r\nc: d\r\n",
        "---\na: b\n",
        "a: b\n...\n",
        "- - a\n",
        "-\n  a: b\n",
        "a: b: c\n",
        "a: b:\n",
        "? a\n: b\n",
        "  a: b\n",
        "a: b\n c: d\n",
        "a:\n  - b\n  c: d\n",
        "a: \u202e\n",
        "# only a comment\n",
    ],
)
def test_what_the_line_reader_leaves_to_libyaml(text: str) -> None:
    """Each of these is outside the plain corner: refused, and `parse_yaml` still reads or
    reports it as libyaml does."""
    assert read_lines(text, MAX_DEPTH, MAX_NODES) is None
    check(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: b # a comment after a value\n",
        "a: # a comment before the value below\n  b: c\n",
        "a: 'b # c' # d\n",
        'a: "b" # c\n',
        "a: [b, 'c, d', \"e\"]  # f\n",
        "a: {b: c, d: 'e'}\n",
        "a:\n- [b, c]\n- d\n",
        "- {a: b}\n- c: [d]\n",
    ],
)
def test_comments_and_one_line_flow_collections_are_read(text: str) -> None:
    assert read_lines(text, MAX_DEPTH, MAX_NODES) is not None
    check(text)


def test_a_document_nested_deeper_than_the_cap_is_left_to_libyaml() -> None:
    text = "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(MAX_DEPTH + 2)) + "  " * (MAX_DEPTH + 2) + "k: v\n"
    assert read_lines(text, MAX_DEPTH, MAX_NODES) is None


KEYS = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,6}", fullmatch=True)
WORDS = st.sampled_from(["a", "bc", "Дана", "x y", "12", "é", "a.b", "-1", "ü@x.org"])
TRICKY = st.sampled_from([*" -:#'\"&*!|>%@`,[]{}?~", "\u00a0", "\\", "  ", ": ", " #", "\u202e"])
TEXT = st.lists(st.one_of(WORDS, WORDS, WORDS, TRICKY), min_size=1, max_size=6).map("".join)
"""Mostly words, sometimes a character that means something to YAML."""
DATA = st.recursive(
    TEXT,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=4),
        st.dictionaries(KEYS, inner, min_size=1, max_size=4),
    ),
    max_leaves=20,
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A mapping written out as a person might: plain or quoted values, lists indented or not,
    extra spaces, blank and comment lines."""
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

    write(draw(st.dictionaries(KEYS, DATA, min_size=1, max_size=4)), 0, "")
    return "\n".join(lines) + "\n"


@PROPERTY
@given(documents())
def test_generated_documents(text: str) -> None:
    check(text)


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
