"""The typographic conventions of a letter's language, applied to the finished text.

Translators write plain spaces and the quotation marks of their language; some conventions are
easier kept in one place than in every message and every case text:

- French: a narrow no-break space before `:` `;` `!` `?` and inside « », and note calls before
  the punctuation they follow ("... Kazakhstan¹." rather than "... Kazakhstan.¹");
- Swiss German (`de-CH`): no ß ("verbüsst") and « » as quotation marks;
- every language: a pair of straight double quotes in a text (as a case file's author types
  them) becomes the language's own quotation marks (`QUOTES`, CLDR's `quotationStart` and
  `quotationEnd`): “…” in English, «…» in Russian, „…“ in German, 「…」 in traditional Chinese;
  a quote left open is left as it is;
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
_STRAIGHT_PAIR = re.compile(r'(?<!\w)"(?=\S)([^"\n]*?)(?<=\S)"(?!\w)')
"""A straight double quote opening before a word and one closing after it (not an inch mark)."""

QUOTES = {
    "ar": ("”", "“"),
    "be": ("«", "»"),
    "de": ("„", "“"),
    "de_CH": ("«", "»"),
    "en": ("“", "”"),
    "es": ("«", "»"),
    "fa": ("«", "»"),
    "fr": ("«", "»"),
    "kk": ("«", "»"),
    "ru": ("«", "»"),
    "uk": ("«", "»"),
    "zh": ("“", "”"),
    "zh_Hant": ("「", "」"),
}
"""A language's quotation marks (CLDR's delimiters; babel does not carry them), by language and,
where they differ, by script or region. A language missing here keeps straight quotes."""


def typeset(blocks: tuple[n.Block, ...], locale: str) -> tuple[n.Block, ...]:
    """The blocks with the conventions of `locale` (e.g. `fr_BE`, `de_CH`) applied to their text."""
    fix = _text_rule(locale)
    notes_first = locale.split("_")[0] == "fr"
    return tuple(_block(block, fix, notes_first) for block in blocks)


def quotation_marks(locale: str) -> tuple[str, str] | None:
    """The opening and closing quotation marks of `locale` (`zh_Hant_TW` -> 「 」), or None."""
    parts = locale.replace("-", "_").split("_")
    for extra in parts[:0:-1]:
        if f"{parts[0]}_{extra}" in QUOTES:
            return QUOTES[f"{parts[0]}_{extra}"]
    return QUOTES.get(parts[0])


def _text_rule(locale: str) -> Callable[[str], str]:
    parts = locale.replace("-", "_").split("_")
    marks = quotation_marks(locale)

    def quotes(text: str) -> str:
        if marks is None or '"' not in text:
            return text
        return _STRAIGHT_PAIR.sub(lambda m: f"{marks[0]}{m.group(1)}{marks[1]}", text)

    if parts[0] == "fr":
        return lambda text: _french(quotes(text))
    if parts[0] == "de" and "CH" in parts[1:]:
        return lambda text: _swiss_german(quotes(text))
    return quotes


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
        text = fix(node.text)
        return node if text == node.text else n.Text(text)
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
    if all(value is getattr(node, name) or value == getattr(node, name) for name, value in changes.items()):
        return node  # nothing to typeset here: most nodes, in most languages
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
