"""The typographic conventions of a letter's language, applied to the finished text.

Translators write plain spaces and the quotation marks of their language; some conventions are
easier kept in one place than in every message and every case text:

- French: a narrow no-break space before `:` `;` `!` `?` and inside « », and note calls before
  the punctuation they follow ("... Kazakhstan¹." rather than "... Kazakhstan.¹");
- Swiss German (`de-CH`): no ß ("verbüsst") and « » as quotation marks;
- every language: a no-break space between a number and the word it counts or dates
  ("2 September", "10 years") is left to the date and number formatters.

Links and their text are never changed (a URL keeps its colons).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from campaign.document import nodes as n

NNBSP = "\u202f"
_FR_BEFORE = re.compile(r"(?<=[^\s\u202f\u00a0(\[«])[ \u00a0]?([:;!?])(?=\s|$|[»)\]])")
_FR_OPEN = re.compile(r"«[ \u00a0]?")
_FR_CLOSE = re.compile(r"[ \u00a0]?»")
_DE_QUOTES = re.compile("„([^“”]*)[“”]")
_NOTE_PUNCTUATION = ".,;:"


def typeset(blocks: tuple[n.Block, ...], locale: str) -> tuple[n.Block, ...]:
    """The blocks with the conventions of `locale` (e.g. `fr_BE`, `de_CH`) applied to their text."""
    fix = _text_rule(locale)
    notes_first = locale.split("_")[0] == "fr"
    if fix is None and not notes_first:
        return blocks
    return tuple(_block(block, fix or _same, notes_first) for block in blocks)


def _same(text: str) -> str:
    return text


def _text_rule(locale: str) -> Callable[[str], str] | None:
    parts = locale.replace("-", "_").split("_")
    if parts[0] == "fr":
        return _french
    if parts[0] == "de" and "CH" in parts[1:]:
        return _swiss_german
    return None


def _french(text: str) -> str:
    text = _FR_BEFORE.sub(lambda m: NNBSP + m.group(1), text)
    text = _FR_OPEN.sub("«" + NNBSP, text)
    return _FR_CLOSE.sub(NNBSP + "»", text)


def _swiss_german(text: str) -> str:
    return _DE_QUOTES.sub(r"«\1»", text.replace("ß", "ss"))


def _block(node: Any, fix: Callable[[str], str], notes_first: bool) -> Any:
    """A copy of `node` with every text field and inline sequence typeset."""
    if isinstance(node, n.Link):
        return node
    if isinstance(node, n.Text):
        return n.Text(fix(node.text))
    if not dataclasses.is_dataclass(node) or isinstance(node, type):
        return node
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(node):
        value = getattr(node, field.name)
        if isinstance(value, str) and field.name not in ("url", "logo"):
            changes[field.name] = fix(value)
        elif isinstance(value, tuple):
            items = tuple(
                _block(item, fix, notes_first)
                if not isinstance(item, (str, tuple))
                else _nested(item, fix, notes_first)
                for item in value
            )
            changes[field.name] = _notes_before_punctuation(items) if notes_first else items
    return dataclasses.replace(node, **changes)


def _nested(value: Any, fix: Callable[[str], str], notes_first: bool) -> Any:
    """Table rows and cells are tuples of tuples; address and letterhead lines are strings."""
    if isinstance(value, str):
        return fix(value)
    items = tuple(
        _nested(item, fix, notes_first) if isinstance(item, (str, tuple)) else _block(item, fix, notes_first)
        for item in value
    )
    return _notes_before_punctuation(items) if notes_first else items


def _notes_before_punctuation(items: tuple[Any, ...]) -> tuple[Any, ...]:
    """Move the punctuation that ends a text to after the note calls that follow it."""
    out = list(items)
    index = 0
    while index < len(out) - 1:
        item = out[index]
        if isinstance(item, n.Text) and isinstance(out[index + 1], n.FootnoteRef):
            stripped = item.text.rstrip(_NOTE_PUNCTUATION)
            mark = item.text[len(stripped) :]
            if mark:
                end = index + 1
                while end < len(out) and isinstance(out[end], n.FootnoteRef):
                    end += 1
                out[index] = n.Text(stripped)
                if end < len(out) and isinstance(out[end], n.Text):
                    out[end] = n.Text(mark + out[end].text)
                else:
                    out.insert(end, n.Text(mark))
                index = end
        index += 1
    return tuple(out)
