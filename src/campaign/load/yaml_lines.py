"""The quickest way through a plain YAML file: nested `key: value` lines and `- item` lists.

Campaign files, and above all a recipients list of thousands of entries, are written in a small
corner of YAML: block mappings and lists nested by indentation, each value a plain or quoted
scalar, or a short flow list or mapping such as `[en, fr]`, on its key's line, and comments.
For that corner, matching one regular expression per line is twice as fast as pulling libyaml's
events through Python objects (20,000 recipients: ~0.8 s of CPU instead of ~1.5 s).

Everything outside that corner makes `read_lines` give up and return None, and libyaml reads the
file as before: a block or multi-line scalar, a flow collection over several lines or nested, an
empty value or collection, a quoted key, an escape in double quotes, a tab, a carriage return,
an anchor, tag or alias, a duplicate key, a document marker, nesting past the cap, text the
character policy refuses. So the subtle parts of YAML, and every error message, stay with
libyaml; what this reader accepts, it reads exactly as libyaml does, positions included
(tests/load/test_yaml_lines.py holds it to that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from campaign.text_policy import check_text

_KEY = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"
_LINE = re.compile(rf"^( *)(- +)?(?:({_KEY})(: +|:$))?(.*)$", re.MULTILINE)
"""One line: its indentation, an optional list dash, an optional simple key and its colon, and
the rest."""
_PLAIN = re.compile(r"(?:[^\s\-?:,\[\]{}#&*!|>'\"%@`]|-(?=\S))(?:(?!: | #)[^\t])*(?<!:)")
"""A plain scalar libyaml reads as written: no indicator first, no `: ` or ` #` inside, no `:` last."""
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: +#.*)?")
_DOUBLE = re.compile(r'"([^"\\]*)"(?: +#.*)?')
"""Quoted scalars without escapes, and a comment after them."""
_FLOW_ITEM = re.compile(
    r" *(?:'((?:[^']|'')*)'|\"([^\"\\]*)\""
    r"|((?:[^\s\-?:,\[\]{}#&*!|>'\"%@`]|-(?=[^\s,\[\]{}]))[^:,\[\]{}#]*?)) *([,\]}])"
)
"""One entry of a one-line flow list: a quoted scalar, or a plain one with no flow indicator,
colon or `#`, then the comma or closing bracket after it."""
_FLOW_KEY = re.compile(rf" *({_KEY}): +")
_END = re.compile(r"(?: +#.*| *)")
"""What may follow a flow collection on its line: spaces, and a comment after one."""
_REFUSED = re.compile("[\t\r\ufeff\x85\u2028\u2029]")
"""Characters that send the whole file to libyaml: they change how lines or values are read."""


class _NotPlainError(Exception):
    """The file leaves the corner of YAML this reader handles."""


Path_ = tuple[str | int, ...]
Lines = dict[str, int] | list[int]
"""The line of each entry of one mapping (by key) or list (by index)."""


@dataclass
class PlainYaml:
    """What the line reader found: the data and where each part of it starts."""

    data: Any
    positions: dict[Path_, tuple[int, int]]
    """1-based (line, column) of what sits inside a one-line flow list or mapping."""
    key_positions: dict[Path_, tuple[int, int]]
    """1-based (line, column) of the keys of one-line flow mappings."""
    lines: dict[Path_, Lines]
    """For each mapping and list, the line of each of its entries. A position is found from these
    only when one is reported (see `columns`): cheaper than keeping 800,000 that are never shown.
    A mapping or list starts where its first entry does (this reader gives up on empty ones)."""


def read_lines(text: str, max_depth: int, max_nodes: int) -> PlainYaml | None:
    """The data of `text` and where it comes from; None if it is not plain enough."""
    if _REFUSED.search(text):
        return None
    try:
        return _Reader(max_depth, max_nodes).read(text)
    except _NotPlainError:
        return None


def columns(line: str) -> tuple[int, int, int]:
    """1-based columns on one line of a plain file: of its list dash or key (the line's first
    character), of its key or list item, and of its value."""
    match = _LINE.match(line)
    assert match is not None
    spaces, dash = match.group(1, 2)
    return len(spaces) + 1, len(spaces) + len(dash or "") + 1, match.start(5) + 1


class _Frame:
    """A mapping or list open at one indentation."""

    __slots__ = ("indent", "value", "path", "lines")

    def __init__(self, indent: int, value: Any, path: Path_, lines: Lines) -> None:
        self.indent = indent
        self.value = value
        self.path = path
        self.lines: Any = lines
        """The line of each entry: a dict by key for a mapping, a list for a list (as `value`)."""


class _Reader:
    """One pass over the lines with a stack of open collections.

    This runs once per line of a file of 100,000 recipients, so the common line (a key and its
    value in the mapping already open) takes the shortest way through the loop.
    """

    def __init__(self, max_depth: int, max_nodes: int) -> None:
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.texts: dict[str, str] = {}
        """Each distinct scalar's checked form: the same values recur in every recipient."""
        self.out = PlainYaml(None, {}, {}, {})

    def scalar(self, rest: str) -> str:
        """The value of a one-line scalar as libyaml reads it, checked by the text policy."""
        known = self.texts.get(rest)
        if known is not None:
            return known
        first = rest[:1]
        if first == "'" and (single := _SINGLE.fullmatch(rest.rstrip(" "))) is not None:
            value = single.group(1).replace("''", "'")
        elif first == '"' and (double := _DOUBLE.fullmatch(rest.rstrip(" "))) is not None:
            value = double.group(1)
        else:
            value = rest.split(" #", 1)[0].rstrip(" ")  # a comment ends a plain scalar
            if not _PLAIN.fullmatch(value):
                raise _NotPlainError
        self.texts[rest] = checked = self.checked(value)
        return checked

    @staticmethod
    def checked(value: str) -> str:
        """`value` as the text policy accepts it; `_NotPlainError` if it has a problem to report."""
        checked, problem = check_text(value)
        if problem:
            raise _NotPlainError
        return checked

    def value(self, rest: str, number: int, column: int, path: Path_) -> Any:
        """A scalar, or a one-line flow list or mapping of scalars starting at `column`."""
        if rest[:1] not in ("[", "{"):
            return self.scalar(rest)
        self.out.positions[path] = (number, column)
        closing = "]" if rest[0] == "[" else "}"
        result: Any = [] if closing == "]" else {}
        at = 1
        while True:
            key = None
            if closing == "}":
                named = _FLOW_KEY.match(rest, at)
                if named is None or named.group(1) in result:
                    raise _NotPlainError
                key = named.group(1)
                self.out.key_positions[(*path, key)] = (number, column + named.start(1))
                at = named.end()
            item = _FLOW_ITEM.match(rest, at)
            if item is None:
                raise _NotPlainError
            single, double, plain, after = item.groups()
            text = single.replace("''", "'") if single is not None else double if double is not None else plain
            where = (*path, key if key is not None else len(result))
            start = item.start(3) if plain is not None else item.start(1 if single is not None else 2) - 1
            self.out.positions[where] = (number, column + start)
            if key is None:
                result.append(self.checked(text))
            else:
                result[key] = self.checked(text)
            at = item.end()
            if after == closing:
                break
            if after != ",":
                raise _NotPlainError
        if not _END.fullmatch(rest, at):
            raise _NotPlainError
        return result

    def read(self, text: str) -> PlainYaml:
        """Read every line; `_NotPlainError` at the first one that is not plain."""
        texts_get = self.texts.get
        all_lines = self.out.lines
        stack: list[_Frame] = []
        pending = ""
        """The key of the open mapping whose value starts on a later line."""
        count = 0
        # The open collection, unpacked: this loop runs once per line of a 100,000-recipient file.
        top = _Frame(-1, None, (), [])
        value_: Any = None
        lines_: Any = top.lines
        indent_, is_list = -1, False
        for number, (spaces, dash, key, colon, rest) in enumerate(_LINE.findall(text), 1):
            indent = len(spaces)
            if indent == indent_ and not pending:
                if key and not dash and not is_list:
                    # The common line: `key: value` (or `key:` and the value below) in the open mapping.
                    if key in value_:
                        raise _NotPlainError  # libyaml's reader reports the duplicate
                    lines_[key] = number
                    if rest and rest[0] != "#":
                        count += 1
                        value = texts_get(rest)
                        if value is None:
                            value = self.value(rest, number, indent + len(key) + len(colon) + 1, (*top.path, key))
                        value_[key] = value
                    else:
                        pending = key  # the value is on the lines below (a comment may end this one)
                    continue
                if dash and rest and not key and is_list:
                    # The common list line: `- value` in the open list.
                    count += 1
                    value = texts_get(rest)
                    if value is None:
                        value = self.value(rest, number, indent + len(dash) + 1, (*top.path, len(value_)))
                    value_.append(value)
                    lines_.append(number)
                    continue
            if not (key or dash or rest) or (not dash and not key and rest[0] == "#"):
                continue  # a blank or comment line
            if pending:
                # The line starts the value of the pending key: a nested mapping or list.
                if not (indent > indent_ or (indent == indent_ and dash)):
                    raise _NotPlainError  # an empty value
                opened: Any = [] if dash else {}
                value_[pending] = opened
                top = _Frame(indent, opened, (*top.path, pending), [] if dash else {})
                stack.append(top)
                all_lines[top.path] = top.lines
                pending = ""
            elif stack:
                while indent < stack[-1].indent:
                    stack.pop()
                while not dash and stack[-1].indent == indent and type(stack[-1].value) is list and len(stack) > 1:
                    stack.pop()  # a list at its mapping's indentation ends at the next key
                top = stack[-1]
                if top.indent != indent or bool(dash) != (type(top.value) is list):
                    raise _NotPlainError  # a continued value, or indentation or a dash libyaml would refuse
            elif indent:
                raise _NotPlainError
            else:
                top = _Frame(0, [] if dash else {}, (), [] if dash else {})
                stack.append(top)
                self.out.data = top.value
                all_lines[()] = top.lines
            if len(stack) > self.max_depth:
                raise _NotPlainError
            if type(top.value) is list:
                count += 1
                top.lines.append(number)
                if not key:
                    value = texts_get(rest)
                    if value is None:
                        value = self.value(rest, number, indent + len(dash) + 1, (*top.path, len(top.value)))
                    top.value.append(value)
                    indent_, value_, lines_, is_list = top.indent, top.value, top.lines, True
                    continue
                # `- key: ...` opens a mapping at the key's column.
                opened = {}
                top.value.append(opened)
                top = _Frame(indent + len(dash), opened, (*top.path, len(top.value) - 1), {})
                stack.append(top)
                all_lines[top.path] = top.lines
            indent_, value_, lines_, is_list = top.indent, top.value, top.lines, False
            if not key or key in value_:
                raise _NotPlainError  # not a key, or a duplicate (libyaml's reader reports it)
            lines_[key] = number
            if rest and rest[0] != "#":
                count += 1
                value = texts_get(rest)
                if value is None:
                    column = indent + len(dash) + len(key) + len(colon) + 1
                    value = self.value(rest, number, column, (*top.path, key))
                value_[key] = value
            else:
                pending = key
        if pending or not stack or count > self.max_nodes:
            raise _NotPlainError
        return self.out
