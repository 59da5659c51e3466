"""Which scripts a document's text is written in, so writers can pick fonts and mark direction.

A letter in English may quote a Persian or Chinese name, a Russian letter a Latin URL: the scripts
come from the text itself, not from the letter's language. Script codes are ISO 15924 (`Latn`,
`Cyrl`, `Arab`, `Hebr`, `Hani`, ...), as fontTools' Unicode data (a dependency of WeasyPrint)
gives them; characters shared by all scripts (digits, punctuation) and combining marks are not
counted.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
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
        for name in _text_fields(type(node)):
            yield from texts(getattr(node, name))


CHARACTER_CACHE_SIZE = 1 << 16
"""Characters whose script a process remembers: a campaign's text has a few thousand distinct ones
at most; the bound keeps a hostile file of a million distinct characters from filling memory."""


@functools.cache
def _text_fields(node_type: type) -> tuple[str, ...]:
    """The names of the fields of a node class that may hold visible text."""
    return tuple(field.name for field in dataclasses.fields(node_type) if field.name not in _NOT_TEXT)


@functools.lru_cache(maxsize=CHARACTER_CACHE_SIZE)
def script(char: str) -> str:
    """The ISO 15924 script of one character. fontTools searches its tables on each call; a
    document's text repeats the same few hundred characters, so each is asked once per process."""
    return str(font_unicodedata.script(char))


def scripts_in(text: str) -> set[str]:
    """The ISO 15924 scripts of the characters in `text`, without the neutral ones."""
    return {script(char) for char in set(text)} - NEUTRAL


def scripts_of(*nodes: object) -> tuple[str, ...]:
    """The sorted scripts used by the text of `nodes` (blocks, inlines, strings): the characters
    of all their text gathered first, so each distinct one is looked up once."""
    characters: set[str] = set()
    for text in texts(nodes):
        characters.update(text)
    return tuple(sorted({script(char) for char in characters} - NEUTRAL))


# --- direction ------------------------------------------------------------------------------

LRI = "\u2066"
"""LEFT-TO-RIGHT ISOLATE: opens a left-to-right run inside right-to-left text."""
RLI = "\u2067"
"""RIGHT-TO-LEFT ISOLATE: opens a right-to-left run inside left-to-right text."""
PDI = "\u2069"
"""POP DIRECTIONAL ISOLATE: closes either."""
_STRONG = {"L": "ltr", "R": "rtl", "AL": "rtl"}
_ASCII_DIGITS = frozenset("0123456789")
_RIGHT_TO_LEFT_LETTERS = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
"""The blocks of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko...): left-to-right
text without any of them has nothing to isolate, which spares most texts the scan."""
_CLOSING = frozenset(".,;:!?)]}»”’\"'،؛؟")
"""Punctuation that ends the sentence or clause around a run, not the run: left outside its isolate."""


def strong_direction(char: str) -> str | None:
    """`ltr` or `rtl` for a character with a strong direction (a letter), None for the rest."""
    return _STRONG.get(unicodedata.bidirectional(char))


def _opens(char: str, direction: str) -> bool:
    """Whether `char` starts a run of the other direction in text written in `direction`."""
    strong = strong_direction(char)
    if strong is not None:
        return strong != direction
    return direction == "rtl" and char in _ASCII_DIGITS  # a number in Latin digits inside Persian or Arabic


def _anchors(char: str, direction: str) -> bool:
    """Whether `char` may end such a run (letters of the other direction, their digits and marks)."""
    if _opens(char, direction):
        return True
    return direction == "ltr" and unicodedata.bidirectional(char) in ("AN", "NSM")


def bidi_runs(text: str, direction: str) -> list[tuple[str, bool]]:
    """`text` cut into pieces, each `(piece, isolated)`: `isolated` pieces are runs of the other
    direction than `direction` (the document's), which writers isolate so they keep their own order.

    In right-to-left text a run starts at a Latin (or other left-to-right) letter or an ASCII
    digit; in left-to-right text at an Arabic or Hebrew letter. It goes on over spaces and
    punctuation as long as another letter of its direction follows before a letter of the
    document's direction or a line break, then over the rest of its last word (`https://x.org/`
    keeps its slash) but not over the punctuation that closes the sentence around it. So
    "Jimmy Lai", "https://example.org/case/" and "2021-09-10" inside Persian text, and "توماج صالحی"
    inside English text, are each one run. Pieces joined give `text` back.
    """
    if direction == "ltr" and not _RIGHT_TO_LEFT_LETTERS.search(text):
        return [(text, False)] if text else []
    pieces: list[tuple[str, bool]] = []
    start = 0  # start of the pending piece of the document's direction
    index = 0
    length = len(text)
    while index < length:
        if not _opens(text[index], direction):
            index += 1
            continue
        run_start = index
        last = index  # last character that may end the run
        probe = index + 1
        while probe < length and text[probe] != "\n" and strong_direction(text[probe]) != direction:
            if _anchors(text[probe], direction):
                last = probe
            probe += 1
        end = last + 1
        while end < length and not text[end].isspace() and text[end] not in _CLOSING:
            if strong_direction(text[end]) == direction:
                break
            end += 1
        if run_start > start:
            pieces.append((text[start:run_start], False))
        pieces.append((text[run_start:end], True))
        start = index = end
    if start < length:
        pieces.append((text[start:], False))
    return pieces


def isolate(text: str, direction: str) -> str:
    """`text` with each run of the other direction (see `bidi_runs`) between isolate controls:
    LRI ... PDI in right-to-left text, RLI ... PDI in left-to-right text.

    Renderers that lay text out with the Unicode bidi algorithm (Pango for the PDF, browsers,
    Word, LibreOffice) then keep a Latin name, URL or number in Persian text, or a Persian name in
    English text, in its own order, whatever punctuation surrounds it. The input never has these
    controls (the loader refuses them), so every one in a document comes from here.
    """
    opener = LRI if direction == "rtl" else RLI
    return "".join(f"{opener}{piece}{PDI}" if isolated else piece for piece, isolated in bidi_runs(text, direction))
