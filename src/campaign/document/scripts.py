"""Which scripts a document's text is written in, so writers can pick fonts and mark direction.

A letter in English may quote a Persian or Chinese name, a Russian letter a Latin URL: the scripts
come from the text itself, not from the letter's language. Script codes are ISO 15924 (`Latn`,
`Cyrl`, `Arab`, `Hebr`, `Hani`, ...), as fontTools' Unicode data (a dependency of WeasyPrint)
gives them; characters shared by all scripts (digits, punctuation) and combining marks are not
counted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from fontTools import unicodedata as font_unicodedata

NEUTRAL = frozenset({"Zyyy", "Zinh", "Zzzz"})
"""Common, inherited and unknown: characters every script uses, which choose no font."""
_NOT_TEXT = frozenset({"url", "logo"})
"""Node fields that hold addresses, not text a reader sees in a font."""


def texts(node: object) -> Iterator[str]:
    """Every piece of visible text in a node tree (dataclass fields, tuples), in document order."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, tuple):
        for item in node:
            yield from texts(item)
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for field in dataclasses.fields(node):
            if field.name not in _NOT_TEXT:
                yield from texts(getattr(node, field.name))


def scripts_in(text: str) -> set[str]:
    """The ISO 15924 scripts of the characters in `text`, without the neutral ones."""
    return {font_unicodedata.script(char) for char in set(text)} - NEUTRAL


def scripts_of(*nodes: object) -> tuple[str, ...]:
    """The sorted scripts used by the text of `nodes` (blocks, inlines, strings)."""
    found: set[str] = set()
    for text in texts(nodes):
        found |= scripts_in(text)
    return tuple(sorted(found))
