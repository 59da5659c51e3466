"""A strict YAML loader: every scalar stays a string, every node keeps its position.

Built on libyaml's `CBaseLoader` for speed (it never types scalars) and a walk over the composed
node graph that refuses what campaigners never mean and attackers love: duplicate keys, anchors
and aliases (alias bombs), tags such as `!!python/object`, complex and merge keys, several
documents in one file, and files too big, too deep or not text at all. Positions are lines as an
editor counts them (YAML 1.1 also breaks lines at NEL, U+2028 and U+2029). The schema, not YAML,
decides that `no` is a language code and `01234` a postal code.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from campaign.collector import collector_paused
from campaign.diagnostics import Diagnostic, SourceSpan
from campaign.errors import InputError
from campaign.model.common import ID_PATTERN
from campaign.text_policy import check_text, describe_char

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest accepted YAML file: room for ~100,000 recipients, not for a mistake."""
MAX_DEPTH = 40
MAX_NODES = 3_000_000

Path_ = tuple[str | int, ...]

MAX_REPORTED_CHARACTERS = 20
"""At most this many refused characters are listed per file; a file with more is not text."""

_YAML_REFUSES = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters libyaml's reader refuses anywhere in a file (YAML 1.1's printable set)."""
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""Line ends as editors count them."""
_HIDDEN_BREAK = re.compile("[\x85\u2028\u2029]")
"""Line ends for YAML 1.1 (and so libyaml), but not for editors: NEL, LINE and PARAGRAPH SEPARATOR."""

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass
class LoadedYaml:
    """The data of one file as plain str/list/dict, with the position of every node."""

    file: str
    """The file name as shown to the user."""
    data: Any
    positions: dict[Path_, tuple[int, int] | _Mark] = field(default_factory=dict)
    """1-based (line, column) of each value, keyed by its path from the document root; or the
    libyaml mark it comes from, where libyaml's lines are an editor's (see `_line_column`)."""
    key_positions: dict[Path_, tuple[int, int] | _Mark] = field(default_factory=dict)
    """1-based (line, column) of the key naming each mapping value, or its libyaml mark."""
    _record_ids: dict[int, dict[str, int]] = field(default_factory=dict, repr=False, compare=False)
    """For each list `field_path` has named items of, how often each id occurs in it (by the list's id())."""

    def field_path(self, path: Path_) -> str:
        """The field path as shown to the user, each record named by its id where it has one.

        `('recipients', 3, 'email')` → `recipients[uk-fs].email` when the fourth recipient's `id` is
        `uk-fs`; the index stays (`recipients[3].email`) when the item has no id, when its id is
        not a valid id, is all digits (it would read as an index) or is used twice in the list, and
        when the id is the field being named (`recipients[3].id`): the user finds the record by
        the id they wrote, and a broken id must not name its own record.
        """
        parts: list[str | int] = []
        node: Any = self.data
        for position, part in enumerate(path):
            if isinstance(part, int):
                item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
                naming_id = path[position + 1 : position + 2] == ("id",)
                record = None if naming_id or item is None else self._record_id(node, item)
                parts.append(part if record is None else _RecordId(record))
                node = item
            else:
                parts.append(part)
                node = node.get(part) if isinstance(node, dict) else None
        return format_path(tuple(parts))

    def _record_id(self, items: list[Any], item: Any) -> str | None:
        """`item`'s id if it names it alone in `items` (see `field_path`), else None."""
        if not isinstance(item, dict):
            return None
        ident = item.get("id")
        if not isinstance(ident, str) or not _RECORD_ID.match(ident) or ident.isdigit():
            return None
        counts = self._record_ids.get(id(items))
        if counts is None:
            counts = {}
            for other in items:
                other_id = other.get("id") if isinstance(other, dict) else None
                if isinstance(other_id, str):
                    counts[other_id] = counts.get(other_id, 0) + 1
            self._record_ids[id(items)] = counts
        return ident if counts.get(ident) == 1 else None

    def span(self, path: Path_, *, key: bool = False) -> SourceSpan:
        """The position of `path` (of its key if `key`), or of its nearest ancestor that has one."""
        probe = tuple(path)
        while True:
            if key and probe in self.key_positions:
                return SourceSpan(self.file, *_line_column(self.key_positions[probe]))
            if probe in self.positions:
                return SourceSpan(self.file, *_line_column(self.positions[probe]))
            if not probe:
                return SourceSpan(self.file, 1, 1)
            probe = probe[:-1]


def _line_column(position: tuple[int, int] | _Mark) -> tuple[int, int]:
    """1-based line and column of a stored position.

    The event reader stores libyaml's own mark when its lines are an editor's, and a tuple is made
    only for the few positions ever reported (bench/README.md gives what that saves).
    """
    if isinstance(position, tuple):
        return position
    return position.line + 1, position.column + 1


class _RecordId(str):
    """A list item named by its id in a field path (`recipients[uk-fs]`)."""


_RECORD_ID = re.compile(ID_PATTERN)


def format_path(path: tuple[str | int, ...]) -> str:
    """`('recipients', 3, 'email')` → `recipients[3].email`; see `LoadedYaml.field_path` for ids."""
    out = ""
    for part in path:
        if isinstance(part, (int, _RecordId)):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def read_text(path: Path, display: str) -> str:
    """Read a UTF-8 text file, turning every way it can be wrong into one located error."""

    def fail(message: str, code: str, line: int = 0, column: int = 0) -> InputError:
        return InputError(message, [Diagnostic(message, code, SourceSpan(display, line, column))])

    if not path.exists():
        raise fail("file not found; create it or check the --campaign folder", "file.missing")
    if path.is_dir():
        raise fail("is a folder, but a YAML file is expected here", "file.is-directory")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise fail(
                f"file is {size:,} bytes, more than the limit of {MAX_FILE_BYTES:,}; split it",
                "file.too-large",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise fail(f"cannot be read: {exc.strerror}", "file.unreadable") from None
    if not raw.strip():
        raise fail("file is empty; it must contain a YAML mapping", "file.empty", 1, 1)
    encoding = _wide_encoding(raw)
    if encoding:
        raise fail(f"the file is {encoding}; save it as UTF-8", "file.encoding", 1, 1)
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise fail("is a binary file, not YAML text (it contains NUL bytes)", "file.binary", line, 1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        raise fail(
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            "file.encoding",
            line,
            column,
        ) from None


_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
"""Byte-order marks of encodings Windows editors offer as "Unicode"; UTF-32 first, as its
little-endian mark starts with UTF-16's."""


def _wide_encoding(raw: bytes) -> str | None:
    """The name of a UTF-16 or UTF-32 encoding `raw` declares with its byte-order mark.

    Checked before the NUL-byte test: such text is full of NUL bytes but is not binary, and the
    fix (save as UTF-8) is different.
    """
    for bom, name in _WIDE_BOMS:
        if raw.startswith(bom):
            return name
    return None


def load_yaml(path: Path, display: str | None = None) -> LoadedYaml:
    """Load one YAML file strictly; raise `InputError` listing every problem found."""
    shown = display or path.name
    text = read_text(path, shown)
    with collector_paused():
        return parse_yaml(text, shown)


class _Mark(Protocol):
    """A libyaml position (0-based), as PyYAML's C and Python marks both give it."""

    line: int
    column: int
    index: int


class _Lines:
    """Editor positions (1-based line and column) of character offsets in one text.

    libyaml also ends a line at NEL, U+2028 and U+2029, so after one of them its line numbers
    point below the line an editor shows; positions are then recomputed from the offset.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.exact = _HIDDEN_BREAK.search(text) is None
        """True when libyaml's own line and column agree with an editor's."""
        self._starts: list[int] | None = None

    def mark(self, mark: _Mark | None) -> tuple[int, int]:
        """The line and column of a libyaml mark; (0, 0), the whole file, when there is none."""
        if mark is None:
            return 0, 0
        if self.exact:
            return mark.line + 1, mark.column + 1
        return self.at(mark.index)

    def at(self, index: int) -> tuple[int, int]:
        """The line and column of the character at `index`."""
        if self._starts is None:
            self._starts = [0] + [match.end() for match in _LINE_BREAK.finditer(self.text)]
        line = bisect_right(self._starts, index)
        return line, index - self._starts[line - 1] + 1


def _refused_characters(text: str, display: str, lines: _Lines) -> list[Diagnostic]:
    """Characters YAML refuses before parsing, each on its own line and column.

    libyaml stops at the first one with a byte offset and no line, so the text is searched here
    instead: the user gets every such character, where an editor shows it.
    """
    diagnostics: list[Diagnostic] = []
    for match in _YAML_REFUSES.finditer(text):
        if len(diagnostics) == MAX_REPORTED_CHARACTERS:
            break
        message = f"{describe_char(match.group())} is not allowed; delete it (retype the text if you pasted it)"
        span = SourceSpan(display, *lines.at(match.start()))
        diagnostics.append(Diagnostic(message, "text.forbidden-character", span))
    return diagnostics


def _hidden_breaks(text: str, display: str, lines: _Lines) -> list[Diagnostic]:
    """NEL, U+2028 and U+2029 outside quoted text, each on the line where an editor shows it.

    YAML starts a new line at them where the user sees none, so a pasted one can end a comment
    or a value and turn the rest of the line into keys. Inside quotes they are harmless.
    """
    if lines.exact:
        return []
    quoted, scanned_to = _quoted_spans(text)
    starts = [start for start, _ in quoted]
    diagnostics: list[Diagnostic] = []
    for match in _HIDDEN_BREAK.finditer(text):
        index = match.start()
        if index >= scanned_to or len(diagnostics) == MAX_REPORTED_CHARACTERS:
            break
        slot = bisect_right(starts, index) - 1
        if slot >= 0 and index < quoted[slot][1]:
            continue
        message = (
            f"{describe_char(match.group())} is read by YAML as a line break that editors do not show; "
            "replace it with a space or a real line break"
        )
        span = SourceSpan(display, *lines.at(index))
        diagnostics.append(Diagnostic(message, "text.hidden-line-break", span))
    return diagnostics


def _quoted_spans(text: str) -> tuple[list[tuple[int, int]], int]:
    """Offsets (start, end) of the quoted scalars, and how far the text could be scanned."""
    spans: list[tuple[int, int]] = []
    try:
        for token in yaml.scan(text, Loader=yaml.CBaseLoader):
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                spans.append((token.start_mark.index, token.end_mark.index))
    except yaml.MarkedYAMLError as exc:
        # Past a syntax error nothing is known; the parser reports the error itself.
        mark = exc.problem_mark or exc.context_mark
        return spans, mark.index if mark else len(text)
    except yaml.YAMLError:
        return spans, len(text)
    return spans, len(text)


def _reader_error(exc: yaml.reader.ReaderError, text: str, display: str, lines: _Lines) -> InputError:
    """A character libyaml refused that `_refused_characters` did not foresee, on its line."""
    # libyaml counts the offset in bytes of the UTF-8 text it was given.
    index = len(text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "replace"))
    char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)[:1]
    message = f"{describe_char(char)} is not allowed; delete it (retype the text if you pasted it)"
    span = SourceSpan(display, *lines.at(index))
    return InputError(message, [Diagnostic(message, "text.forbidden-character", span)])


def parse_yaml(text: str, display: str) -> LoadedYaml:
    """Parse YAML text strictly (see the module docstring)."""
    lines = _Lines(text)
    refused = _refused_characters(text, display, lines)
    if refused:
        raise InputError(f"{display} is not valid", refused)
    hidden = _hidden_breaks(text, display, lines)
    if hidden:
        raise InputError(f"{display} is not valid", hidden)
    fast = _parse_events(text, display, lines)
    if fast is not None:
        return fast
    loader = yaml.CBaseLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = lines.mark(mark)
        problem = (exc.problem or exc.context or "invalid YAML").rstrip(".")
        if "but found another document" in str(exc) or "expected a single document" in str(exc):
            problem = "found a second YAML document ('---'); keep one document per file"
        message = f"YAML syntax error: {problem}; check indentation and quoting on this line"
        raise InputError(message, [Diagnostic(message, "yaml.syntax", SourceSpan(display, line, col))]) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, display, lines) from None
    except yaml.YAMLError as exc:
        message = f"YAML could not be read: {' '.join(str(exc).split())}"  # one line, as every diagnostic
        raise InputError(message, [Diagnostic(message, "yaml.syntax", SourceSpan(display, 1, 1))]) from None
    finally:
        loader.dispose()
    if root is None:
        message = "file has no content; it must contain a YAML mapping"
        raise InputError(message, [Diagnostic(message, "file.empty", SourceSpan(display, 1, 1))])
    walker = _Walker(display, lines)
    if "&" in text or "*" in text:
        walker.find_anchors(text)
    result = LoadedYaml(display, None)
    if not walker.problems:
        result.data = walker.walk(root, (), result, 0)
    else:  # anchors: read the data once more (each node once) only to name records by id
        result.data = _Walker(display, lines).walk(root, (), LoadedYaml(display, None), 0)
    if walker.problems:
        raise InputError(f"{display} is not valid", walker.diagnostics(result))
    return result


class _UnusualError(Exception):
    """The event stream holds something `_parse_events` leaves to the composing loader."""


def _parse_events(text: str, display: str, lines: _Lines) -> LoadedYaml | None:
    """The file's data and positions in one pass over libyaml's events; None if unusual.

    Composing libyaml's node tree and then walking it costs far more than reading its events
    (bench/README.md has the figures), and almost every file is plain: no anchor, tag, complex,
    merge or duplicate key, refused text, second document, nesting past the cap or syntax error.
    For such a file this gives exactly what `_Walker` gives. At the first sign of anything else
    it gives up, and the composing loader reads the file again to report the problem as it
    always has.
    """
    parser = yaml.CBaseLoader(text)  # libyaml's parser; only its events are read
    try:
        return _EventReader(display, lines).read(parser)
    except (_UnusualError, yaml.YAMLError):
        return None
    finally:
        parser.dispose()


class _EventReader:
    """Builds plain data and positions from the event stream of a file `_Walker` would accept."""

    def __init__(self, display: str, lines: _Lines) -> None:
        self.lines = lines
        self.out = LoadedYaml(display, None)
        self.texts: dict[str, str] = {}
        """Each distinct scalar's checked form: the same values recur in every recipient."""

    def text(self, value: str) -> str:
        """`value` as `check_text` accepts it; `_UnusualError` if it has a problem."""
        checked, problem = check_text(value)
        if problem:
            raise _UnusualError
        self.texts[value] = checked
        return checked

    def read(self, parser: Any) -> LoadedYaml:
        """Read the whole stream: one document holding one node."""
        get_event = parser.get_event
        if type(get_event()) is not yaml.StreamStartEvent or type(get_event()) is not yaml.DocumentStartEvent:
            raise _UnusualError  # empty file: the loader reports it
        root = get_event()
        kind = type(root)
        if kind is yaml.ScalarEvent and root.tag is None and root.anchor is None:
            self.out.positions[()] = self.lines.mark(root.start_mark)
            self.out.data = self.text(root.value)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self.out.data = self.collection(root, get_event)
        else:
            raise _UnusualError
        if type(get_event()) is not yaml.DocumentEndEvent or type(get_event()) is not yaml.StreamEndEvent:
            raise _UnusualError  # a second document
        return self.out

    def collection(self, root: Any, get_event: Any) -> Any:
        """The mapping or sequence whose start event is `root`, built without recursion.

        One loop over the events with the open collection in local variables: this runs once
        per value of the file, and a large recipients list has hundreds of thousands of them.
        """
        if root.tag is not None or root.anchor is not None:
            raise _UnusualError
        positions = self.out.positions
        key_positions = self.out.key_positions
        exact = self.lines.exact
        at = self.lines.at
        texts = self.texts
        texts_get = texts.get
        text = self.text
        scalar_event, mapping_event = yaml.ScalarEvent, yaml.MappingStartEvent
        sequence_event = yaml.SequenceStartEvent
        sequence_end, mapping_end = yaml.SequenceEndEvent, yaml.MappingEndEvent
        # The open collection: its path, its value and, for a mapping, the keys seen so far (None for
        # a sequence) and the key whose value comes next (None while a key is expected).
        path: Path_ = ()
        current: Any = {} if type(root) is mapping_event else []
        lines: set[str] | None = set() if type(root) is mapping_event else None
        key: str | None = None
        mark = root.start_mark
        positions[()] = mark if exact else at(mark.index)
        stack: list[tuple[Path_, Any, set[str] | None]] = []
        result = current
        count = 1
        key_path: Path_ = ()
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event:
                if event.tag is not None or event.anchor is not None:
                    raise _UnusualError
                mark = event.start_mark
                if lines is None:
                    child = (*path, len(current))
                elif key is None:
                    # A key: never '<<' or seen before in this mapping.
                    key = event.value
                    if key == "<<" or key in lines:
                        raise _UnusualError
                    lines.add(key)
                    key_path = (*path, key)
                    key_positions[key_path] = mark if exact else at(mark.index)
                    continue
                else:
                    child = key_path
                count += 1
                if count > MAX_NODES or len(stack) >= MAX_DEPTH:
                    raise _UnusualError
                positions[child] = mark if exact else at(mark.index)
                raw = event.value
                value = texts_get(raw)
                if value is None:
                    value = text(raw)
                if lines is None:
                    current.append(value)
                else:
                    current[key] = value
                    key = None
                continue
            if kind is mapping_event or kind is sequence_event:
                if event.tag is not None or event.anchor is not None:
                    raise _UnusualError
                if lines is None:
                    child = (*path, len(current))
                elif key is None:
                    raise _UnusualError  # a list or mapping as a key
                else:
                    child = key_path
                count += 1
                if count > MAX_NODES or len(stack) >= MAX_DEPTH:
                    raise _UnusualError
                mark = event.start_mark
                positions[child] = mark if exact else at(mark.index)
                opened: Any = {} if kind is mapping_event else []
                if lines is None:
                    current.append(opened)
                else:
                    current[key] = opened
                stack.append((path, current, lines))
                path, current, lines, key = child, opened, set() if kind is mapping_event else None, None
                continue
            if kind is not sequence_end and kind is not mapping_end:
                raise _UnusualError  # an alias
            if not stack:
                return result
            path, current, lines = stack.pop()


@dataclass
class _Container:
    """A mapping or sequence open in the event stream, to give each event inside it its path."""

    path: Path_
    is_mapping: bool
    index: int = 0
    """Next item's index (sequences)."""
    key: str | None = None
    """The key whose value comes next (mappings); None while a key is expected."""
    awaiting_value: bool = False

    def place(self, event: yaml.NodeEvent) -> Path_:
        """The path of the node `event` starts; a key is placed at its mapping."""
        if len(self.path) > MAX_DEPTH:
            return self.path  # deeper paths are refused anyway; do not build them
        if not self.is_mapping:
            self.index += 1
            return (*self.path, self.index - 1)
        if not self.awaiting_value:
            self.awaiting_value = True
            self.key = event.value if isinstance(event, yaml.ScalarEvent) else None
            return self.path
        self.awaiting_value = False
        return self.path if self.key is None else (*self.path, self.key)


class _Walker:
    """Turns libyaml nodes into plain data, refusing everything the module docstring lists."""

    def __init__(self, display: str, lines: _Lines) -> None:
        self.display = display
        self.lines = lines
        self.problems: list[tuple[str, str, SourceSpan, Path_]] = []
        """(message, code, span, path) of each problem; made diagnostics once the data is known."""
        self.seen: set[int] = set()
        self.count = 0

    def error(self, node: yaml.Node, path: Path_, message: str, code: str) -> None:
        span = SourceSpan(self.display, *self.lines.mark(node.start_mark))
        self.problems.append((message, code, span, path))

    def diagnostics(self, result: LoadedYaml) -> list[Diagnostic]:
        """The problems found, their fields named with the records' ids `result` holds (if any)."""
        return [Diagnostic(message, code, span, result.field_path(path)) for message, code, span, path in self.problems]

    def find_anchors(self, text: str) -> None:
        """Report each anchor and alias where it stands, with the field it is given for.

        The composed graph shares one node for an anchor and its aliases, so neither the
        position nor the path of an alias survives composition; the event stream keeps both.
        """
        stack: list[_Container] = []
        try:
            for event in yaml.parse(text, Loader=yaml.CBaseLoader):
                if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    stack.pop()
                    continue
                if not isinstance(event, yaml.NodeEvent):
                    continue
                path = stack[-1].place(event) if stack else ()
                if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
                    kind = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
                    message = (
                        f"YAML {kind} '{event.anchor}' is not allowed; write the value out in full "
                        "(anchors and aliases can hide huge or looping data)"
                    )
                    span = SourceSpan(self.display, *self.lines.mark(event.start_mark))
                    self.problems.append((message, "yaml.alias", span, path))
                if isinstance(event, yaml.CollectionStartEvent):
                    stack.append(_Container(path, isinstance(event, yaml.MappingStartEvent)))
        except yaml.YAMLError:
            pass  # syntax errors were reported by the composer already

    def walk(self, node: yaml.Node, path: Path_, out: LoadedYaml, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            if self.count == MAX_NODES + 1:
                self.error(node, path, f"file has more than {MAX_NODES:,} values; split it", "yaml.too-many-nodes")
            return None
        if depth > MAX_DEPTH:
            self.error(node, path, f"nesting deeper than {MAX_DEPTH} levels; flatten the data", "yaml.too-deep")
            return None
        if id(node) in self.seen:
            self.error(node, path, "YAML alias is not allowed; write the value out in full", "yaml.alias")
            return None
        self.seen.add(id(node))
        out.positions[path] = self.lines.mark(node.start_mark)
        if node.tag not in _PLAIN_TAGS:
            self.error(
                node,
                path,
                f"YAML tag '{node.tag}' is not allowed; remove it (values are typed by the schema)",
                "yaml.tag",
            )
            return None
        if isinstance(node, yaml.ScalarNode):
            value, problem = check_text(node.value)
            if problem:
                self.error(
                    node,
                    path,
                    f"text {problem}",
                    "text.forbidden-character" if "character" in problem else "text.too-long",
                )
            return value
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, index), out, depth + 1) for index, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        return self.walk_mapping(node, path, out, depth)

    def walk_mapping(self, node: yaml.MappingNode, path: Path_, out: LoadedYaml, depth: int) -> Any:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                self.error(
                    key_node,
                    path,
                    "a key must be a plain name, not a list, mapping or tagged value",
                    "yaml.complex-key",
                )
                continue
            key = key_node.value
            if key == "<<":
                self.error(
                    key_node, path, "YAML merge keys ('<<') are not allowed; write the keys out", "yaml.merge-key"
                )
                continue
            if key in result or key in first_line:
                self.error(
                    key_node,
                    (*path, key),
                    f"duplicate key '{key}' (first given on line {first_line[key]}); keep only one",
                    "yaml.duplicate-key",
                )
                continue
            key_position = self.lines.mark(key_node.start_mark)
            first_line[key] = key_position[0]
            out.key_positions[(*path, key)] = key_position
            result[key] = self.walk(value_node, (*path, key), out, depth + 1)
        return result
