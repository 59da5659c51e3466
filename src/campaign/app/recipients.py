"""`campaign recipients import | export`: recipients.yaml from and to a spreadsheet.

A column is named by the field it fills, as recipients.yaml writes it: `id`, `jurisdiction`,
`institution.fr` (one column per language), `person.name`, `channel.address`, `languages`
(`en, fr`), `postal_address` (one line per line of the cell), `verification.checked`, ...;
`--map 'E-mail=channel.address'` names a column otherwise, `--map 'Notes='` leaves it out.

Import appends the rows whose id is new and updates the recipients whose id exists; an empty
cell leaves that field as it is. recipients.yaml is edited in place through ruamel.yaml's
round trip, so its comments, its order and the style of what no row changes stay as they were.
Before anything is written, the campaign with the new file is validated in memory with every
check of `campaign validate`, and each error about a row is reported at `FILE:ROW:COLUMN`; if
any row is wrong, nothing is written. Errors elsewhere in the campaign are not the sheet's and
are only counted (`campaign validate` lists them).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.util import load_yaml_guess_indent

from campaign.app.sheets import Sheet, read_sheet, sheet_format, write_sheet
from campaign.app.validate import validate
from campaign.diagnostics import Diagnostic, Severity, SourceSpan
from campaign.errors import CampaignError, InputError
from campaign.files import write_atomically
from campaign.load.campaign import RECIPIENTS_FILE
from campaign.load.structure import structure
from campaign.load.yaml import load_yaml, read_text
from campaign.model.common import LANG_PATTERN
from campaign.model.recipients import Person, Recipient, RecipientsFile, Verification

FieldPath = tuple[str, ...]
ORDER: tuple[str, ...] = tuple(Recipient.model_fields)
"""The order of a recipient's keys in a new entry (the model's, as the README documents it)."""
LOCAL = ("institution", "office")
"""One text, or one per language (`institution.fr`)."""
PER_LANG = ("salutation", "closing")
LISTS = ("languages", "documents")
LINES = ("postal_address",)
NESTED: dict[str, tuple[str, ...]] = {
    "person": tuple(Person.model_fields),
    "channel": ("kind", "address", "url"),
    "verification": tuple(Verification.model_fields),
}
SCALARS = tuple(f for f in ORDER if f not in (*LOCAL, *PER_LANG, *LISTS, *LINES, *NESTED))
_LANG = re.compile(LANG_PATTERN)
_LIST_SEPARATORS = re.compile(r"[,;\s]+")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_CHANNEL_KEYS = {"email": ("address",), "web-form": ("url",), "postal": ()}


def field_path(name: str) -> FieldPath | None:
    """The recipient field a column fills (`institution.fr` → ('institution', 'fr')), or None."""
    head, _, tail = name.strip().partition(".")
    head = head.lower()
    if not tail:
        return (head,) if head in (*SCALARS, *LOCAL, *LISTS, *LINES) else None
    if head in (*LOCAL, *PER_LANG) and _LANG.match(tail):
        return (head, tail)
    if head in NESTED and tail.lower() in NESTED[head]:
        return (head, tail.lower())
    return None


def known_columns() -> list[str]:
    """Every column name, languages written as LANG, for messages and help."""
    return [
        *SCALARS,
        *LOCAL,
        *(f"{f}.LANG" for f in (*LOCAL, *PER_LANG)),
        *LISTS,
        *LINES,
        *(f"{f}.{k}" for f, keys in NESTED.items() for k in keys),
    ]


@dataclass(frozen=True)
class Column:
    index: int
    """0-based position in the sheet."""
    header: str
    path: FieldPath

    @property
    def label(self) -> str:
        shown = ".".join(self.path)
        return self.header if self.header == shown else f"{self.header} ({shown})"


@dataclass
class ImportResult:
    """What an import did (or, with errors, would have done)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    """Warnings about rows (e.g. an unverified contact), at FILE:ROW:COLUMN."""
    other_errors: int = 0
    """Errors elsewhere in the campaign, not caused by the sheet (`campaign validate` lists them)."""
    written: bool = False


def parse_mapping(items: Sequence[str]) -> dict[str, FieldPath | None]:
    """`--map COLUMN=field` options: column header → field path (None: leave the column out)."""
    mapping: dict[str, FieldPath | None] = {}
    for item in items:
        column, equals, target = item.partition("=")
        if not equals or not column.strip():
            raise ValueError(f"'{item}' is not COLUMN=field (for example 'E-mail=channel.address')")
        path = field_path(target) if target.strip() else None
        if target.strip() and path is None:
            raise ValueError(f"'{target}' is not a recipient field; known: {', '.join(known_columns())}")
        mapping[column.strip().casefold()] = path
    return mapping


def _columns(sheet: Sheet, mapping: Mapping[str, FieldPath | None]) -> list[Column]:
    problems: list[Diagnostic] = []
    columns: list[Column] = []
    seen: dict[FieldPath, str] = {}
    for index, header in enumerate(sheet.header):
        span = SourceSpan(sheet.file, 1, index + 1)
        key = header.strip().casefold()
        if key in mapping:
            path = mapping[key]
            if path is None:
                continue
        elif not header.strip():
            problems.append(Diagnostic("this column has no name; name it in the first row", "sheet.unnamed", span))
            continue
        else:
            found = field_path(header)
            if found is None:
                message = (
                    f"unknown column '{header}'; name it after a recipient field ({', '.join(known_columns())}), "
                    f"or add --map '{header}=FIELD' (--map '{header}=' leaves it out)"
                )
                problems.append(Diagnostic(message, "sheet.unknown-column", span))
                continue
            path = found
        if path in seen:
            message = f"column '{header}' fills {'.'.join(path)}, as column '{seen[path]}' does; keep one"
            problems.append(Diagnostic(message, "sheet.duplicate-column", span))
            continue
        seen[path] = header
        columns.append(Column(index, header, path))
    if ("id",) not in seen:
        message = "no 'id' column: every row needs the recipient's id (new or existing)"
        problems.append(Diagnostic(message, "sheet.no-id", SourceSpan(sheet.file, 1)))
    if problems:
        raise InputError(f"{sheet.file}: the columns are not usable; nothing was written", problems)
    return columns


Value = str | list[str]


def _cell_value(path: FieldPath, text: str) -> Value:
    if path[0] in LISTS:
        return [part for part in _LIST_SEPARATORS.split(text) if part]
    if path[0] in LINES:
        return [line.strip() for line in text.splitlines() if line.strip()]
    return text


@dataclass(frozen=True)
class _Row:
    number: int
    id: str
    values: dict[FieldPath, Value]


def _rows(sheet: Sheet, columns: list[Column]) -> list[_Row]:
    id_column = next(c for c in columns if c.path == ("id",))
    problems: list[Diagnostic] = []
    rows: list[_Row] = []
    first_row: dict[str, int] = {}
    for number, cells in sheet.rows:
        values = {c.path: _cell_value(c.path, cells[c.index]) for c in columns if cells[c.index]}
        recipient_id = cells[id_column.index]
        span = SourceSpan(sheet.file, number, id_column.index + 1)
        if not recipient_id:
            problems.append(Diagnostic("this row has no id; give the recipient's id", "sheet.no-id", span, "id"))
            continue
        if recipient_id in first_row:
            message = f"id '{recipient_id}' is also in row {first_row[recipient_id]}; one row per recipient"
            problems.append(Diagnostic(message, "sheet.duplicate-id", span, "id"))
            continue
        first_row[recipient_id] = number
        rows.append(_Row(number, recipient_id, values))
    if problems:
        raise InputError(f"{sheet.file}: some rows are not valid; nothing was written", problems)
    return rows


# editing recipients.yaml -----------------------------------------------------------------


class _DateText(str):
    """A date kept as text, written plain (`2026-03-26`) as people write it, not quoted."""


class _BoolText(str):
    """`true` or `false` kept as text, written plain."""


def _yaml(text: str) -> YAML:
    """A round-trip YAML with the file's own indentation and no line wrapping."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    _, sequence, offset = load_yaml_guess_indent(text) if text.strip() else (None, 4, 2)
    sequence = sequence or 4
    offset = offset or 0
    yaml.indent(mapping=max(sequence - offset, 2), sequence=sequence, offset=offset)
    representer = yaml.representer
    assert isinstance(representer, RoundTripRepresenter)
    representer.add_representer(_DateText, lambda r, v: r.represent_scalar("tag:yaml.org,2002:timestamp", str(v)))
    representer.add_representer(_BoolText, lambda r, v: r.represent_scalar("tag:yaml.org,2002:bool", str(v)))
    return yaml


def _scalar(text: str) -> str:
    if _DATE.match(text):
        return _DateText(text)
    if text in ("true", "false"):
        return _BoolText(text)
    return text


def _yaml_value(path: FieldPath, value: Value) -> Any:
    if isinstance(value, str):
        return _scalar(value)
    seq = CommentedSeq(value)
    if path[0] in LISTS:
        seq.fa.set_flow_style()
    return seq


def _put(node: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Set `key`, keeping its place if it exists; a new key goes where the model's order puts it."""
    if key in node or key not in order:
        node[key] = value  # in place, or (a language) after the others
        return
    rank = order.index(key) if key in order else len(order)
    keys = list(node)
    position = 0
    for index, existing in enumerate(keys):
        if (order.index(existing) if existing in order else len(order)) < rank:
            position = index + 1
    node.insert(position, key, value)


def _apply(node: CommentedMap, current: Mapping[str, Any], values: Mapping[FieldPath, Value]) -> bool:
    """Write the row's non-empty cells into the recipient's node; `current` is what the file says now.
    True if anything changed."""
    before = repr(node)
    languages = values.get(("languages",)) or current.get("languages") or []
    first = languages[0] if isinstance(languages, list) and languages else "en"
    for path, value in values.items():
        head = path[0]
        if head == "channel":
            continue
        now = current.get(head)
        if len(path) == 1:
            if head in LOCAL and isinstance(now, dict) and isinstance(value, str):
                path = (head, first)  # one text for a recipient written per language: the first one's
            elif now != value:
                _put(node, head, _yaml_value(path, value), ORDER)
                continue
            else:
                continue
        sub = path[1]
        if isinstance(node.get(head), CommentedMap):  # as the file has it, or as an earlier column made it
            if not isinstance(now, dict) or now.get(sub) != value:
                _put(node[head], sub, _yaml_value(path, value), NESTED.get(head, ()))
        elif isinstance(now, str):  # one text becomes one per language: it was the first language's
            if not (sub == first and now == value):
                pairs = [(first, now), (sub, _scalar(str(value)))] if sub != first else [(sub, _scalar(str(value)))]
                node[head] = CommentedMap(pairs)
        else:
            _put(node, head, CommentedMap([(sub, _yaml_value(path, value))]), ORDER)
    _apply_channel(node, current.get("channel"), values)
    return repr(node) != before


def _apply_channel(node: CommentedMap, now: Any, values: Mapping[FieldPath, Value]) -> None:
    given = {path[1]: value for path, value in values.items() if path[0] == "channel"}
    if not given:
        return
    now = now if isinstance(now, dict) else {}
    kind = given.get("kind") or now.get("kind")
    if not kind:
        kind = "email" if "address" in given else "web-form" if "url" in given else "postal"
    if now and kind == now.get("kind"):
        for key, value in given.items():
            if now.get(key) != value:
                _put(node["channel"], key, _scalar(str(value)), NESTED["channel"])
        return
    channel = CommentedMap([("kind", kind)])
    for key in _CHANNEL_KEYS.get(str(kind), ()):
        kept = given.get(key) or now.get(key)
        if kept:
            channel[key] = _scalar(str(kept))
    for key, value in given.items():  # a key the kind does not take: validate says so, at its column
        if key not in channel:
            channel[key] = _scalar(str(value))
    _put(node, "channel", channel, ORDER)


def _recipient_lines(yaml: YAML, text: str) -> list[int]:
    """The 1-based first line of each recipient in `text`."""
    data = yaml.load(text)
    items = data.get("recipients") if isinstance(data, dict) else None
    return [item.lc.line + 1 for item in items or [] if isinstance(item, CommentedMap)]


def import_recipients(folder: Path, sheet_path: Path, mapping: Mapping[str, FieldPath | None] = {}) -> ImportResult:  # noqa: B006
    """Merge the rows of `sheet_path` into `folder`/recipients.yaml; see the module docstring.

    Raises InputError with a diagnostic per bad row (FILE:ROW:COLUMN) and writes nothing then.
    """
    sheet = read_sheet(sheet_path, str(sheet_path))
    columns = _columns(sheet, mapping)
    rows = _rows(sheet, columns)
    target = folder / RECIPIENTS_FILE
    original = read_text(target, RECIPIENTS_FILE) if target.exists() else ""
    current: list[Any] = []
    if original.strip():
        data = load_yaml(target, RECIPIENTS_FILE).data  # strict first: what validate refuses, import refuses
        raw = data.get("recipients") if isinstance(data, dict) else None
        current = raw if isinstance(raw, list) else []
    yaml = _yaml(original)
    document = yaml.load(original) if original.strip() else None
    if not isinstance(document, CommentedMap):
        document = CommentedMap()
    if not isinstance(document.get("recipients"), CommentedSeq):
        document["recipients"] = CommentedSeq()
    items: CommentedSeq = document["recipients"]
    index_of = {str(r.get("id")): i for i, r in enumerate(current) if isinstance(r, dict)}
    result = ImportResult()
    row_of_index: dict[int, tuple[_Row, dict[FieldPath, Column]]] = {}
    by_path = {c.path: c for c in columns}
    for row in rows:
        if row.id in index_of:
            index = index_of[row.id]
            changed = _apply(items[index], current[index], row.values)
            (result.updated if changed else result.unchanged).append(row.id)
        else:
            index = len(items)
            node = CommentedMap()
            _apply(node, {}, row.values)
            items.append(node)
            index_of[row.id] = index
            result.added.append(row.id)
        row_of_index[index] = (row, by_path)
    text = yaml_text(yaml, document, original) if (result.added or result.updated) else original
    problems = _check(folder, text, sheet.file, row_of_index, {r.id: index_of[r.id] for r in rows}, yaml, result)
    if problems:
        raise InputError(f"{sheet.file}: some rows are not valid; nothing was written", problems + result.warnings)
    if text != original:
        write_atomically(target, text.encode("utf-8"))
        result.written = True
    return result


def yaml_text(yaml: YAML, document: Any, original: str = "") -> str:
    """The document as YAML; comments that `original` writes right after a `- ` stay there."""
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return _dash_comments(original, buffer.getvalue())


_DASH_COMMENT = re.compile(r"^( *)- (#[^\n]*)\n( *)([^ #\n][^\n]*)$", re.MULTILINE)


def _dash_comments(original: str, text: str) -> str:
    """ruamel.yaml writes `- # comment` + `  key: ...` as `  # comment` + `- key: ...`; put them back."""
    for match in _DASH_COMMENT.finditer(original):
        dash, comment, indent, line = match.groups()
        moved = f"{indent}{comment}\n{dash}- {line}\n"
        if text.count(moved) == 1:
            text = text.replace(moved, f"{dash}- {comment}\n{indent}{line}\n")
    return text


_RECORD = re.compile(r"^recipients\[([^\]]+)\]\.?(.*)$")


def _check(
    folder: Path,
    text: str,
    file: str,
    rows: Mapping[int, tuple[_Row, dict[FieldPath, Column]]],
    index_by_id: Mapping[str, int],
    yaml: YAML,
    result: ImportResult,
) -> list[Diagnostic]:
    """Validate the campaign with `text` as recipients.yaml; return the errors about rows."""
    try:
        diagnostics = list(validate(folder, texts={RECIPIENTS_FILE: text}).report.items)
    except CampaignError as exc:
        diagnostics = list(exc.diagnostics)
        result.other_errors += 0 if diagnostics else 1  # the campaign could not be checked at all
    starts = _recipient_lines(yaml, text)
    errors: list[Diagnostic] = []
    for diagnostic in diagnostics:
        index, rest = _record(diagnostic, index_by_id, starts)
        if index is None or index not in rows:
            if diagnostic.severity is Severity.ERROR:
                result.other_errors += 1
            continue
        row, by_path = rows[index]
        column = _column_for(rest, by_path)
        span = SourceSpan(file, row.number, column.index + 1 if column else 0)
        label = column.label if column else (".".join(rest) or "")
        mapped = Diagnostic(diagnostic.message, diagnostic.code, span, label, diagnostic.severity)
        (errors if diagnostic.severity is Severity.ERROR else result.warnings).append(mapped)
    return errors


def _record(diagnostic: Diagnostic, index_by_id: Mapping[str, int], starts: list[int]) -> tuple[int | None, FieldPath]:
    """Which recipient (by index in the new file) a diagnostic is about, and the path inside it."""
    match = _RECORD.match(diagnostic.field)
    if match:
        key, rest = match.groups()
        index = int(key) if key.isdigit() else index_by_id.get(key)
        parts = tuple(p for p in re.split(r"[.\[\]]+", rest) if p)
        return index, parts
    span = diagnostic.span
    if span is not None and span.file == RECIPIENTS_FILE and span.line and starts:
        before = [i for i, start in enumerate(starts) if start <= span.line]
        return (before[-1] if before else None), ()
    return None, ()


def _column_for(rest: FieldPath, by_path: Mapping[FieldPath, Column]) -> Column | None:
    probe = tuple(rest)
    while probe:
        if probe in by_path:
            return by_path[probe]
        under = [c for path, c in by_path.items() if path[: len(probe)] == probe]
        if under:
            return min(under, key=lambda c: c.index)
        probe = probe[:-1]
    return None


# export -----------------------------------------------------------------------------------


def export_columns(recipients: Sequence[Mapping[str, Any]]) -> list[FieldPath]:
    """The columns that hold every value of `recipients`, in the model's order."""
    columns: list[FieldPath] = []
    for name in ORDER:
        values = [r[name] for r in recipients if r.get(name) not in (None, "", [], {})]
        if name == "id" or (values and name in (*SCALARS, *LISTS, *LINES)):
            columns.append((name,))
        elif name in (*LOCAL, *PER_LANG):
            if any(isinstance(v, str) for v in values):
                columns.append((name,))
            langs: list[str] = []
            for value in values:
                if isinstance(value, dict):
                    langs.extend(lang for lang in value if lang not in langs)
            columns.extend((name, lang) for lang in langs)
        elif name in NESTED:
            present = {key for v in values if isinstance(v, dict) for key in v}
            columns.extend((name, key) for key in NESTED[name] if key in present)
    return columns


def _export_cell(recipient: Mapping[str, Any], path: FieldPath) -> str:
    value = recipient.get(path[0])
    if len(path) == 2:
        value = value.get(path[1]) if isinstance(value, dict) else None
    elif isinstance(value, dict):
        return ""  # a per-language value: in its .LANG columns
    if isinstance(value, list):
        return ("\n" if path[0] in LINES else ", ").join(str(v) for v in value)
    return "" if value is None else str(value)


def export_recipients(folder: Path, out: Path | None = None) -> tuple[list[str], list[list[str]]]:
    """The sheet of `folder`/recipients.yaml (header, rows); written to `out` (.csv or .xlsx) if given.

    Raises InputError if recipients.yaml does not match the schema: a sheet would lose what it
    cannot hold.
    """
    if out is not None:
        sheet_format(out)
    loaded = load_yaml(folder / RECIPIENTS_FILE, RECIPIENTS_FILE)
    _, problems = structure(RecipientsFile, loaded)
    if problems:
        raise InputError(f"{RECIPIENTS_FILE} is not valid; fix it before exporting", problems)
    recipients = loaded.data["recipients"]
    paths = export_columns(recipients)
    header = [".".join(path) for path in paths]
    rows = [[_export_cell(r, path) for path in paths] for r in recipients]
    if out is not None:
        write_sheet(out, header, rows)
    return header, rows


__all__ = [
    "ImportResult",
    "export_recipients",
    "field_path",
    "import_recipients",
    "known_columns",
    "parse_mapping",
]
